"""Profile, exemptions and my-data routes."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

from functions.api.dal_changes import Change
from functions.api.logic.account import _words
from functions.rulebook import language
from functions.rulebook.models import EventType, Role
from tests.api.conftest import EXEMPTION, PROFILE, ApiClient, credit_body, table_items


def test_profile_round_trip_and_replace(api: ApiClient) -> None:
    assert api.get("/v1/me/profile").status == 404
    saved = api.put(
        "/v1/me/profile",
        {
            **PROFILE,
            "dossiers": [{"kind": "individual", "triennium": "2023-2025", "objectives_met": True}],
            "previous_triennium_credits": 150,
            "certified_trienni_at_2025_07_03": ["2020-2022"],
        },
    )
    assert saved.status == 200, saved.text
    read = api.get("/v1/me/profile").json
    assert read["dossiers"][0]["kind"] == "individual"
    assert read["previous_triennium_credits"] == 150.0
    api.put("/v1/me/profile", {"profession": "infermiere"})
    read = api.get("/v1/me/profile").json
    assert read["profession"] == "infermiere"
    assert read["dossiers"] == []


def test_registration_gap_must_end_after_it_starts(api: ApiClient) -> None:
    reply = api.put(
        "/v1/me/profile",
        {**PROFILE, "registration_gaps": [{"cancelled_on": "2024-05-01", "reregistered_on": "2024-01-01"}]},
    )
    assert reply.status == 422
    assert reply.error["field"] == "registration_gaps.0.reregistered_on"


def test_exemptions_create_list_delete(api: ApiClient) -> None:
    created = api.post("/v1/me/exemptions", EXEMPTION)
    assert created.status == 201, created.text
    exemption_id = created.json["id"]
    items = api.get("/v1/me/exemptions").json["items"]
    assert [item["id"] for item in items] == [exemption_id]
    assert items[0]["exemption"]["kind"] == "esenzione"
    assert api.delete(f"/v1/me/exemptions/{exemption_id}").status == 204
    assert api.get("/v1/me/exemptions").json["items"] == []
    assert api.delete(f"/v1/me/exemptions/{exemption_id}").status == 404


def test_export_has_everything_and_csv_has_the_credits(api: ApiClient) -> None:
    api.put("/v1/me/profile", PROFILE)
    api.post("/v1/me/credits", credit_body(title='Corso "BLS", Roma'))
    api.post("/v1/me/exemptions", EXEMPTION)
    export = api.get("/v1/me/export").json
    assert export["profile"]["profession"] == PROFILE["profession"]
    assert len(export["credits"]) == 1 and len(export["exemptions"]) == 1

    reply = api.get("/v1/me/export/credits.csv", query={"dialect": "rfc4180"})
    assert reply.status == 200
    assert reply.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(reply.text)))
    assert rows[0]["title"] == 'Corso "BLS", Roma'
    assert rows[0]["credits"] == "8.0"


def test_delete_me_needs_confirmation_then_removes_everything(api: ApiClient) -> None:
    api.put("/v1/me/profile", PROFILE)
    for month in range(1, 10):
        api.post("/v1/me/credits", credit_body(start_date=f"2026-0{month}-01", end_date=None))
    api.post("/v1/me/exemptions", EXEMPTION)
    refused = api.delete("/v1/me")
    assert refused.status == 422
    assert "delete-all-my-data" in refused.error["message"]
    # Profile, credits and pointers, exemption, counters, and one change record per write (1 + 9 + 1).
    assert len(table_items()) == 1 + 9 * 2 + 1 + 1 + 11

    done = api.delete("/v1/me", query={"confirm": "delete-all-my-data"})
    assert done.status == 200
    assert done.json == {"deleted_items": 32, "user_deleted": False}  # no user pool in these tests
    assert table_items() == []
    assert api.delete("/v1/me", query={"confirm": "delete-all-my-data"}).json == {
        "deleted_items": 0,
        "user_deleted": False,
    }


def test_delete_me_handles_more_items_than_one_transaction(api: ApiClient) -> None:
    from functions.api import dal, dal_exemptions

    uncapped: dal.Changes = {"test counter": (Decimal(1), None)}
    for index in range(101):  # with the counters, two more than a transaction holds
        change = Change("exemption", f"e{index}", "put", 1, dt.datetime(2026, 3, 1, tzinfo=dt.UTC), None)
        dal_exemptions.insert_exemption("many", f"e{index}", {"exemption": EXEMPTION}, uncapped, change)
    # 101 exemptions, their 101 change records and the counters.
    assert (
        api.delete("/v1/me", sub="many", query={"confirm": "delete-all-my-data"}).json["deleted_items"] == 203
    )


def test_csv_cells_cannot_run_as_spreadsheet_formulas(api: ApiClient) -> None:
    api.post("/v1/me/credits", credit_body(title='=HYPERLINK("http://evil.example","x")'))
    rows = list(
        csv.DictReader(io.StringIO(api.get("/v1/me/export/credits.csv", query={"dialect": "rfc4180"}).text))
    )
    assert rows[0]["title"].startswith("'=")
    # The same guard in the Italian-Excel dialect.
    italian = api.get("/v1/me/export/credits.csv").text.removeprefix("\ufeff")
    assert next(csv.DictReader(io.StringIO(italian), delimiter=";"))["Titolo"].startswith("'=")


def test_csv_is_written_for_italian_excel_in_italian(api: ApiClient) -> None:
    """Italian Excel splits on ';', reads '8,5' as eight and a half, and needs the BOM for 'à'."""
    api.post("/v1/me/credits", credit_body(title="Attività; sicurezza", credits=8.5, hours=7.25, abroad=True))
    reply = api.get("/v1/me/export/credits.csv")
    assert reply.headers["content-language"] == "it"
    # For a person: the columns and the coded values in Italian words (a new user opened the file and
    # found "id;triennium;title" and "res_course").
    assert reply.text.startswith(
        "\ufeffIdentificativo;Triennio;Titolo;Codice evento;Provider;Tipologia;Ruolo;"
    )
    (row,) = csv.DictReader(io.StringIO(reply.text.removeprefix("\ufeff")), delimiter=";")
    assert row["Titolo"] == "Attività; sicurezza"
    assert (row["Crediti"], row["Ore"], row["Partecipanti"]) == ("8,5", "7,25", "30")
    assert (row["All'estero"], row["Sponsorizzato"]) == ("sì", "no")
    assert row["Data di inizio"] == "2026-03-10"
    assert (row["Tipologia"], row["Ruolo"]) == ("Corso di aggiornamento", "Discente (partecipante)")
    assert "res_course" not in reply.text and "participant" not in reply.text
    assert (row["Origine dei crediti"], row["Stato nel Co.Ge.A.P.S."]) == (
        "dall'attestato",
        "non ancora nel Co.Ge.A.P.S.",
    )


def test_csv_in_english_or_asked_for_is_rfc4180(api: ApiClient) -> None:
    api.post("/v1/me/credits", credit_body(credits=8.5, abroad=True))
    for reply in (
        api.get("/v1/me/export/credits.csv", headers={"Accept-Language": "en"}),
        api.get("/v1/me/export/credits.csv", query={"dialect": "rfc4180"}),
    ):
        assert reply.text.startswith("id,triennium,title,")
        (row,) = csv.DictReader(io.StringIO(reply.text))
        assert (row["credits"], row["abroad"]) == ("8.5", "true")
    english_asks_italian = api.get(
        "/v1/me/export/credits.csv", headers={"Accept-Language": "en"}, query={"dialect": "excel-it"}
    )
    # Excel's Italian settings with the words in English, as asked.
    assert english_asks_italian.text.startswith("\ufeffId;Triennium;Title;")
    assert "Refresher course;Participant (learner)" in english_asks_italian.text
    wrong = api.get("/v1/me/export/credits.csv", query={"dialect": "excel"})
    assert wrong.status == 422 and wrong.error["field"] == "query.dialect"


def test_the_italian_csv_names_every_tipologia_and_role_in_words() -> None:
    """Every code a credit can hold has words in the cell, none fails (a congress answered 500: its form
    label holds a rule number the CSV cannot fill)."""
    for code in [*EventType, *Role]:
        column = "type" if isinstance(code, EventType) else "role"
        with language("it"):
            words = _words(column, code.value)
        assert isinstance(words, str) and words != code.value, (code, words)
        assert words[:1].isupper() or column == "role", (code, words)
        assert "{" not in words


def test_a_congress_credit_exports_to_the_italian_csv(api: ApiClient) -> None:
    api.post("/v1/me/credits", credit_body(type="res_congress", credits=3, hours=None, participants=None))
    reply = api.get("/v1/me/export/credits.csv")
    assert reply.status == 200, reply.text
    (row,) = csv.DictReader(io.StringIO(reply.text.removeprefix("\ufeff")), delimiter=";")
    assert row["Tipologia"] == "Convegno, congresso, simposio o conferenza"
