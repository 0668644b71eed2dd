"""Public routes: no token, nothing stored, the rule book's answers unchanged."""

from __future__ import annotations

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
