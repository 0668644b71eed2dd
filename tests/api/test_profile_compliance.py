"""The stored profile's profession reaches every computation of the API (compliance, status, balances).

Expected values are hand-computed from ecm-rules.md: the obligation of 2026-2028 is 150 credits (no
reduction applies to a professional registered in 2010); §11.11 (D.Lgs 101/2020 art. 162 c. 4): with
medical exposure, 10 % for tecnici sanitari di radiologia medica (15 of 150) and 15 % for
specialists in fisica medica (22.5 of 150); §11.3: a pharmacist's internship tutoring counts up to
50 % of the net obligation (75 of 150), where the general cap of individual training is 60 % (90).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from functions.api import dal_profile
from functions.api.dal_changes import Change
from tests.api.conftest import ALICE, ApiClient, Clock, credit_body

REGISTERED = {"first_registration": "2010-06-01"}


def _radioprotection_case(api: ApiClient, profession: str) -> dict[str, Any]:
    """140 credits and 10 on radioprotection of the patient in 2026: 150 counted."""
    reply = api.put("/v1/me/profile", {"profession": profession, **REGISTERED, "medical_exposure": True})
    assert reply.status == 200, reply.text
    assert (
        api.post("/v1/me/credits", credit_body(start_date="2026-02-15", end_date=None, credits=140)).status
        == 201
    )
    flagged = credit_body(start_date="2026-03-15", end_date=None, credits=10, radioprotection=True)
    assert api.post("/v1/me/credits", flagged).status == 201
    result: dict[str, Any] = api.get("/v1/me/compliance/2026-2028").json["result"]
    return result


def test_a_radiographer_with_medical_exposure_owes_10_percent(api: ApiClient) -> None:
    result = _radioprotection_case(api, "tecnico_radiologia")
    # 10 % of 150 = 15; 10 earned, so 5 missing although 150 are counted.
    assert (result["counted"], result["radioprotection"], result["radioprotection_minimum"]) == (150, 10, 15)
    assert (result["certifiable"], result["missing"]) == (False, 5)
    minimum = result["radioprotection_lines"][0]
    assert minimum["params"]["who"] == "what.radioprotection.base" and minimum["params"]["percent"] == 10


def test_a_medical_physicist_with_medical_exposure_owes_15_percent(api: ApiClient) -> None:
    result = _radioprotection_case(api, "fisico")
    # 15 % of 150 = 22.5; 10 earned, so 12.5 missing. Without the profession this would be 15 and 5.
    assert (result["radioprotection"], result["radioprotection_minimum"]) == (10, 22.5)
    assert (result["certifiable"], result["missing"]) == (False, 12.5)
    minimum = result["radioprotection_lines"][0]
    assert minimum["params"]["who"] == "what.radioprotection.higher" and minimum["params"]["percent"] == 15


def test_the_status_answer_uses_the_stored_profession_too(api: ApiClient, today: Clock) -> None:
    today.set(dt.date(2026, 6, 1))
    _radioprotection_case(api, "fisico")
    current = api.get("/v1/me/status").json["current"]
    assert current["triennium"] == "2026-2028"
    assert (current["radioprotection_minimum"], current["missing"]) == (22.5, 12.5)


def test_a_pharmacists_internship_tutoring_counts_up_to_half_the_obligation(api: ApiClient) -> None:
    assert api.put("/v1/me/profile", {"profession": "farmacista", **REGISTERED}).status == 200
    tutoring = credit_body(
        title="Tutor di tirocinio",
        type="individual_tutoring",
        start_date="2026-03-01",
        end_date=None,
        credits=120,
    )
    reply = api.post("/v1/me/credits", tutoring)
    assert reply.status == 201, reply.text
    fad = credit_body(
        title="Corso FAD", type="fad_elearning", start_date="2026-04-01", end_date=None, credits=60
    )
    assert api.post("/v1/me/credits", fad).status == 201
    result = api.get("/v1/me/compliance/2026-2028").json["result"]
    # Tutoring: 120 capped at 50 % of 150 = 75 (not the general 60 % = 90); FAD 60: 135 counted, 15 missing.
    assert (result["counted"], result["missing"]) == (135, 15)
    assert "line.compliance.profession_cap" in [line["msg"] for line in result["credit_lines"]]
    balances = api.get("/v1/me/compensation").json["trienni"]
    assert {"triennium": "2026-2028", "obligation": 150, "counted": 135, "balance": -15} in balances


def test_a_profession_the_law_does_not_name_cannot_declare_medical_exposure(api: ApiClient) -> None:
    reply = api.put("/v1/me/profile", {"profession": "farmacista", **REGISTERED, "medical_exposure": True})
    assert reply.status == 422, reply.text
    assert reply.error["field"] == "medical_exposure"
    assert reply.error["msg"] == "error.radioprotection_profession"
    # A dentist is named only with complementary radiological activity: asked, not guessed.
    reply = api.put("/v1/me/profile", {"profession": "odontoiatra", **REGISTERED, "medical_exposure": True})
    assert reply.status == 422, reply.text
    assert reply.error["field"] == "radiology_complementary"
    dentist = {"profession": "odontoiatra", **REGISTERED, "radiology_complementary": True}
    assert api.put("/v1/me/profile", dentist).status == 200


def test_a_stored_free_text_profession_is_named_not_ignored(api: ApiClient) -> None:
    # Stored by a version that took free text: compliance says which field to correct instead of
    # computing as if the professional had no profession.
    stored = {
        "profession": "fisico sanitario",
        "medical_exposure": True,
        "updated_at": "2026-01-01T00:00:00+00:00",
    }
    at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    assert dal_profile.put_profile(ALICE, stored, None, Change("profile", "profile", "put", 1, at, stored))
    reply = api.get("/v1/me/compliance/2026-2028")
    assert reply.status == 422, reply.text
    assert reply.error["field"] == "profile.profession"
    assert api.get("/v1/me/profile").status == 200, "the profile itself stays readable"
