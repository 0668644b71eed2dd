"""The profile's profession and discipline come from the rule book's official lists (issue 13).

Expected values are from the sources, not from the code: the 31 health professions subject to ECM
(L. 3/2018, ecm-rules.md section 8: physicians, dentists, pharmacists, veterinarians, psychologists,
biologists, chemists, physicists and the 22 professions of the ordini TSRM-PSTRP, nurses, midwives,
plus osteopaths), the physicians' disciplines (Cardiologia among them), and the catalogue's sentences.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from functions.api import dal_profile
from functions.api.dal_changes import Change
from tests.api.conftest import ALICE, PROFILE, ROOT, ApiClient

OPENAPI = ROOT / "openapi" / "openapi.json"


@pytest.mark.parametrize(
    "profession", ["medico_chirurgo", "infermiere", "ostetrica", "osteopata", "farmacista"]
)
def test_a_profession_of_the_official_list_is_stored(api: ApiClient, profession: str) -> None:
    reply = api.put("/v1/me/profile", {"profession": profession})
    assert reply.status == 200, reply.text
    assert api.get("/v1/me/profile").json["profession"] == profession


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        (
            "it",
            "profession: non è una professione dell'elenco ufficiale (rules.json, parametro profession.list)",
        ),
        (
            "en",
            "profession: is not a profession of the official list (rules.json, parameter profession.list)",
        ),
    ],
)
def test_a_profession_outside_the_list_is_refused_naming_the_field_and_the_list(
    api: ApiClient, lang: str, message: str
) -> None:
    api.put("/v1/me/profile", PROFILE)
    # The Italian label is not the id; nor is a free-text profession.
    for profession in ("medico chirurgo", "Infermiere", "naturopata"):
        reply = api.put("/v1/me/profile", {"profession": profession}, headers={"Accept-Language": lang})
        assert reply.status == 422, reply.text
        error = reply.error
        assert error["field"] == "profession"
        assert error["msg"] == "error.profession_unknown"
        assert error["params"] == {"where": "profession.list"}
        assert error["message"] == message
    # Nothing stored was lost or half-written.
    assert api.get("/v1/me/profile").json["profession"] == PROFILE["profession"]


def test_a_discipline_must_be_in_the_physicians_list(api: ApiClient) -> None:
    ok = api.put("/v1/me/profile", {"profession": "medico_chirurgo", "discipline": "Cardiologia"})
    assert ok.status == 200, ok.text
    reply = api.put("/v1/me/profile", {"profession": "medico_chirurgo", "discipline": "cardiologia generale"})
    assert reply.status == 422, reply.text
    assert reply.error["field"] == "discipline"
    assert reply.error["msg"] == "error.discipline_unknown"
    assert reply.error["params"] == {"where": "profession.disciplines.medico_chirurgo"}


def test_a_discipline_is_for_physicians_only(api: ApiClient) -> None:
    reply = api.put(
        "/v1/me/profile",
        {"profession": "infermiere", "discipline": "Cardiologia"},
        headers={"Accept-Language": "en"},
    )
    assert reply.status == 422, reply.text
    assert reply.error["msg"] == "error.discipline_physicians_only"
    # The profession in words, not as its code (review: codes in sentences); the id says which rule.
    assert "physician (medico chirurgo)" in reply.error["message"]


def test_a_profile_saved_before_the_list_was_enforced_is_still_readable(api: ApiClient) -> None:
    # Stored by an earlier version, which took free text: readable as it is, checked when next saved.
    stored = {
        "profession": "medico chirurgo",
        "discipline": "cardiologia",
        "updated_at": "2026-01-01T00:00:00+00:00",
    }
    at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    assert dal_profile.put_profile(ALICE, stored, None, Change("profile", "profile", "put", 1, at, stored))
    reply = api.get("/v1/me/profile")
    assert reply.status == 200, reply.text
    assert (reply.json["profession"], reply.json["discipline"]) == ("medico chirurgo", "cardiologia")


def test_the_document_lists_the_professions_and_disciplines_as_enums() -> None:
    schemas = json.loads(OPENAPI.read_text())["components"]["schemas"]
    profession = schemas["ProfileIn"]["properties"]["profession"]
    assert len(profession["enum"]) == 31
    assert {"medico_chirurgo", "odontoiatra", "infermiere", "ostetrica", "osteopata"} <= set(
        profession["enum"]
    )
    assert "profession.list" in profession["description"]
    discipline = next(s for s in schemas["ProfileIn"]["properties"]["discipline"]["anyOf"] if "enum" in s)
    assert "Cardiologia" in discipline["enum"]
    # Answers are plain text: under the enum policy a client keeps a value it does not know.
    assert "enum" not in schemas["ProfileOut"]["properties"]["profession"]
