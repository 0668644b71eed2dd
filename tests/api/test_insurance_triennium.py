"""The insurer's triennium through the API: 70 % of the INDIVIDUAL obligation there, and, for the triennium
in progress, from when its own 70 % counts (ecm-rules.md §11.5; review of issues 12 and 16)."""

from __future__ import annotations

import datetime as dt

from tests.api.conftest import ApiClient, Clock, credit_body


def test_a_professional_registered_after_2023_2025_is_told_the_insurance_threshold_does_not_apply(
    api: ApiClient, today: Clock
) -> None:
    today.set(dt.date(2026, 11, 29))
    api.put("/v1/me/profile", {"profession": "fisioterapista", "first_registration": "2026-03-15"})
    api.post("/v1/me/credits", credit_body(start_date="2026-10-01", end_date=None, credits=3))
    body = api.get("/v1/me/status").json
    # Registered in 2026: he owes from 1 Jan 2027, nothing in 2023-2025 (§2), so no 70 % there (§11.5).
    assert body["insurance"]["triennium"] == "2023-2025"
    assert body["insurance"]["state"] == "no_obligation"
    assert body["insurance"]["threshold"] is None and body["insurance"]["missing"] is None
    sentence = body["sentences"][1]
    assert sentence["msg"] == "status.insurance.no_obligation_registered"
    assert "non avevi obbligo ECM" in sentence["text"] and "1° gennaio 2027" in sentence["text"]
    assert "mancano" not in sentence["text"]
    english = api.get("/v1/me/status", headers={"Accept-Language": "en"}).json["sentences"][1]["text"]
    assert "does not apply to you" in english


def test_registered_in_2023_the_insurer_looks_for_70_percent_of_100(api: ApiClient, today: Clock) -> None:
    today.set(dt.date(2026, 11, 29))
    api.put("/v1/me/profile", {"profession": "infermiere", "first_registration": "2023-06-01"})
    insurance = api.get("/v1/me/status").json["insurance"]
    # Owes 2024 and 2025: 150 × 2/3 = 100; 70 % of 100 = 70. No 2023-2025 credit entered: the threshold
    # is given, nothing is called missing (not entered is not known to be missing).
    assert (insurance["threshold"], insurance["state"], insurance["missing"]) == (
        70,
        "no_credits_recorded",
        None,
    )
    api.post("/v1/me/credits", credit_body(start_date="2024-05-10", end_date=None, credits=3))
    body = api.get("/v1/me/status").json
    # One credit of 3 recorded in 2024: 70 - 3 = 67 missing, said as before.
    assert (body["insurance"]["state"], body["insurance"]["missing"]) == ("in_force", 67)
    assert body["sentences"][1]["msg"].startswith("status.insurance.missing")


def test_an_insurers_triennium_with_no_credit_entered_asks_for_them_in_both_languages(
    api: ApiClient, today: Clock
) -> None:
    today.set(dt.date(2026, 11, 29))
    api.post("/v1/me/credits", credit_body(start_date="2026-10-01", end_date=None, credits=40))
    body = api.get("/v1/me/status").json
    sentence = body["sentences"][1]
    assert (body["insurance"]["state"], body["insurance"]["threshold"]) == ("no_credits_recorded", 105)
    assert sentence["msg"] == "status.insurance.no_credits_recorded"
    # 70 % of 150 = 105, stated as the threshold, never as "non raggiunta, mancano 105".
    assert "105 crediti" in sentence["text"] and "Co.Ge.A.P.S." in sentence["text"]
    assert "mancano" not in sentence["text"] and "non raggiunta" not in sentence["text"]
    english = api.get("/v1/me/status", headers={"Accept-Language": "en"}).json["sentences"][1]["text"]
    assert "105 credits" in english and "missing" not in english and "not met" not in english


def test_the_current_triennium_says_from_when_its_70_percent_counts(api: ApiClient) -> None:
    api.post("/v1/me/credits", credit_body(start_date="2026-10-01", end_date=None, credits=3))
    result = api.get("/v1/me/compliance/2026-2028").json["result"]
    # 2026-2028 ends on 31 Dec 2028: an insurer looks at it for policies from 1 Jan 2029, not before.
    assert result["insurance_applies_from"] == "2029-01-01"
    assert result["insurance_notice"]["msg"] == "compliance.insurance.applies_from"
    assert "dal 1° gennaio 2029" in result["insurance_notice"]["text"]
    older = api.get("/v1/me/compliance/2020-2022").json["result"]
    assert older["insurance_threshold"] is None and older["insurance_applies_from"] is None


def _source_titles(value: object) -> list[tuple[str, str]]:
    if isinstance(value, dict):
        own = [(value["id"], value["title"])] if set(value) == {"id", "title", "url"} else []
        return own + [t for item in value.values() for t in _source_titles(item)]
    if isinstance(value, list):
        return [t for item in value for t in _source_titles(item)]
    return []


def test_italian_answers_cite_sources_and_claims_in_italian(api: ApiClient, today: Clock) -> None:
    from functions.rulebook.parameters import load_rulebook

    sources = load_rulebook().sources
    today.set(dt.date(2026, 11, 22))
    api.put("/v1/me/profile", {"profession": "infermiere", "first_registration": "2010-06-01"})
    api.post("/v1/me/credits", credit_body(start_date="2026-02-01", end_date=None))
    for path in ("/v1/me/compliance/2026-2028", "/v1/me/status"):
        italian = api.get(path, headers={"Accept-Language": "it"}).json
        english = api.get(path, headers={"Accept-Language": "en"}).json
        cited = _source_titles(italian)
        assert cited, path
        assert [(i, t) for i, t in cited if t != sources[i].title_in("it")] == [], path
        assert [(i, t) for i, t in _source_titles(english) if t != sources[i].title_in("en")] == [], path
    body = api.get("/v1/me/compliance/2026-2028", headers={"Accept-Language": "it"}).json
    # What Co.Ge.A.P.S. asks for a missing credit (ecm-rules.md §11.9), in the reader's language.
    needs = body["missing_suspected"][0]["claim"]["needs"]
    assert needs[0] == "l'attestato di partecipazione rilasciato dal provider"
    assert not any("certificate" in need or "proof" in need for need in needs)
    english = api.get("/v1/me/compliance/2026-2028", headers={"Accept-Language": "en"}).json
    assert english["missing_suspected"][0]["claim"]["needs"][0].startswith("the certificate of attendance")


def test_the_statement_of_the_current_triennium_says_from_when_its_70_percent_counts(
    api: ApiClient, today: Clock
) -> None:
    from tests.api.test_documents import _pdf_text

    today.set(dt.date(2026, 11, 29))
    api.post("/v1/me/credits", credit_body(start_date="2026-10-01", end_date=None, credits=3))
    text = " ".join(_pdf_text(api.get("/v1/me/statement/2026-2028.pdf").raw).split())
    # 2026-2028 decides policies only from 1 Jan 2029 (ecm-rules.md §11.5).
    assert "conta per le polizze dal 1° gennaio 2029" in text
