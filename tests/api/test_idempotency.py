"""Retries from flaky networks: replays, key reuse with another body, concurrent replays, per-user scope."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import ALICE, BOB, EXEMPTION, ApiClient, credit_body, idempotency_items, table_items

KEY = {"Idempotency-Key": "2b4c7a4e-retry-1"}


def _credit_items() -> list[dict[str, Any]]:
    return [item for item in table_items() if item["sk"]["S"].startswith("CREDIT#")]


def test_a_replay_returns_the_first_response_and_creates_nothing(api: ApiClient) -> None:
    first = api.post("/v1/me/credits", credit_body(), headers=KEY)
    second = api.post("/v1/me/credits", credit_body(), headers=KEY)
    assert first.status == second.status == 201
    assert first.json == second.json
    assert len(_credit_items()) == 1
    assert len(idempotency_items()) == 1


def test_without_a_key_each_post_creates(api: ApiClient) -> None:
    api.post("/v1/me/credits", credit_body())
    api.post("/v1/me/credits", credit_body())
    assert len(_credit_items()) == 2
    assert idempotency_items() == []


def test_the_same_key_with_another_body_is_refused(api: ApiClient) -> None:
    api.post("/v1/me/credits", credit_body(), headers=KEY)
    reused = api.post("/v1/me/credits", credit_body(credits=9.0), headers=KEY)
    assert reused.status == 422
    assert reused.error["code"] == "idempotency_key_reused"
    assert reused.error["field"] == "header.idempotency-key"
    assert len(_credit_items()) == 1


def test_keys_are_scoped_to_the_user(api: ApiClient) -> None:
    alice = api.post("/v1/me/credits", credit_body(), headers=KEY, sub=ALICE)
    bob = api.post("/v1/me/credits", credit_body(), headers=KEY, sub=BOB)
    assert bob.status == 201
    assert bob.json["id"] != alice.json["id"]
    assert len(_credit_items()) == 2
    bob_list = api.get("/v1/me/credits", sub=BOB, query={"triennium": "2026-2028"}).json["items"]
    assert [c["id"] for c in bob_list] == [bob.json["id"]]


def test_a_replay_during_the_first_request_gets_409_with_retry_after(
    api: ApiClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from functions.api import dal_credits

    replies = []
    real_insert = dal_credits.insert_credit

    def insert_while_retried(*args: Any) -> None:
        # The phone gives up waiting and retries while the first request is still writing.
        replies.append(api.post("/v1/me/credits", credit_body(), headers=KEY))
        real_insert(*args)

    monkeypatch.setattr(dal_credits, "insert_credit", insert_while_retried)
    first = api.post("/v1/me/credits", credit_body(), headers=KEY)
    assert first.status == 201
    (concurrent,) = replies
    assert concurrent.status == 409
    assert concurrent.headers["retry-after"].isdigit()
    assert concurrent.error["code"] == "request_in_progress"
    assert len(_credit_items()) == 1


def test_a_failed_request_can_be_retried_with_the_same_key(api: ApiClient) -> None:
    bad = api.post("/v1/me/credits", credit_body(role="teacher", sponsored=True), headers=KEY)
    assert bad.status == 422
    good = api.post("/v1/me/credits", credit_body(role="teacher", sponsored=True), headers=KEY)
    assert good.status == 422  # still refused by the rules, not replayed as a success
    ok = api.post("/v1/me/credits", credit_body(), headers={"Idempotency-Key": "another"})
    assert ok.status == 201


def test_exemption_creation_is_idempotent_too(api: ApiClient) -> None:
    first = api.post("/v1/me/exemptions", EXEMPTION, headers=KEY)
    second = api.post("/v1/me/exemptions", EXEMPTION, headers=KEY)
    assert first.json == second.json
    assert len(api.get("/v1/me/exemptions").json["items"]) == 1


def test_an_overlong_key_is_refused(api: ApiClient) -> None:
    reply = api.post("/v1/me/credits", credit_body(), headers={"Idempotency-Key": "k" * 129})
    assert reply.status == 422
    assert "idempotency" in (reply.error["field"] or "")
    assert table_items() == []
