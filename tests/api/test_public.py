"""Public routes: no token, nothing stored, the rule book's answers unchanged."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from functions.api.models_rules import RulesExport
from functions.rulebook import compute_event_credits, rules_export
from functions.rulebook.models import EventInput
from tests.api.conftest import ApiClient, idempotency_items, table_items

EVENT = {"type": "res_course", "date": "2026-03-10", "hours": 8, "participants": 30}


def test_event_credits_match_the_rule_book(api: ApiClient) -> None:
    reply = api.post("/v1/event-credits", EVENT, sub=None)
    assert reply.status == 200, reply.text
    expected = compute_event_credits(EventInput.model_validate(EVENT)).model_dump(mode="json")
    assert reply.json == expected
    assert table_items() == []


def test_event_credits_accept_an_idempotency_key_and_store_nothing(api: ApiClient) -> None:
    first = api.post("/v1/event-credits", EVENT, sub=None, headers={"Idempotency-Key": "k"})
    second = api.post("/v1/event-credits", EVENT, sub=None, headers={"Idempotency-Key": "k"})
    assert first.json == second.json
    assert table_items() == [] and idempotency_items() == []


def test_stateless_evaluation(api: ApiClient) -> None:
    body = {
        "triennium": "2026-2028",
        "profile": {"first_registration": "2010-01-01"},
        "credits": [
            {"id": f"c{i}", "type": "res_course", "date": "2026-03-10", "credits": 50} for i in range(3)
        ],
    }
    reply = api.post("/v1/compliance/evaluate", body, sub=None)
    assert reply.status == 200, reply.text
    assert reply.json["recorded"] == 150.0
    assert table_items() == []


def test_rule_book_refusals_in_stateless_evaluation_name_the_field(api: ApiClient) -> None:
    credit = {"type": "res_course", "date": "2026-03-10", "credits": 5}
    body = {"triennium": "2026-2028", "credits": [{"id": "same", **credit}, {"id": "same", **credit}]}
    reply = api.post("/v1/compliance/evaluate", body, sub=None)
    assert reply.status == 422
    assert reply.error["field"] == "credits.1.id"


def test_rules_export(api: ApiClient) -> None:
    reply = api.get("/v1/rules", sub=None)
    assert reply.status == 200
    assert reply.json == rules_export()


def test_the_rules_export_has_the_documented_shape_with_notes_in_both_languages(api: ApiClient) -> None:
    """openapi.json describes GET /v1/rules with functions.api.models_rules (extra fields forbidden):
    the real answer validates, and every note it carries is in Italian and English."""
    body = api.get("/v1/rules", sub=None).json
    RulesExport.model_validate(body)
    notes = [v["note"] for p in body["parameters"].values() for v in p["values"] if v["note"] is not None]
    assert notes and all(set(n) == {"it", "en"} and n["it"] and n["en"] for n in notes)
    # ecm-rules.md §11.8: L. 27/2026 alone moved the 2023-2025 deadline to 31 Dec 2028.
    deadline = body["parameters"]["deadline.2023-2025"]["values"]
    assert [(v["value"], v["single_source"]) for v in deadline][-1] == ("2028-12-31", True)
    with pytest.raises(ValidationError):
        RulesExport.model_validate({**body, "unexpected": 1})
