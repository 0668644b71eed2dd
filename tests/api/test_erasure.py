"""Erasure is complete: every table, the user pool (moto's Cognito), and replays after it.

After ``DELETE /v1/me`` nothing of the professional is left in the credits table, the idempotency
table holds no personal field (replay records keep ids only), a replay of an earlier create answers 410
and creates nothing, the Cognito user is gone, and a write landing during the erasure is deleted too.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from tests.api.conftest import ALICE, BOB, PROFILE, ApiClient, credit_body, idempotency_items, table_items

SECRET_TITLE = "Corso riservato 9c1d"
SECRET_REASON = "terapia oncologica 9c1d"
CONFIRM = {"confirm": "delete-all-my-data"}


@pytest.fixture
def pool(api: ApiClient, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    from functions.api import identity

    cognito = boto3.client("cognito-idp")
    pool_id = cognito.create_user_pool(PoolName="ecm-test-users")["UserPool"]["Id"]
    for sub in (ALICE, BOB):
        cognito.admin_create_user(UserPoolId=pool_id, Username=sub)
    monkeypatch.setenv("USER_POOL_ID", pool_id)
    identity.reset()
    yield pool_id
    identity.reset()
    cognito.delete_user_pool(UserPoolId=pool_id)


def users(pool_id: str) -> set[str]:
    listed = boto3.client("cognito-idp").list_users(UserPoolId=pool_id)["Users"]
    return {u["Username"] for u in listed}


def mine(sub: str = ALICE) -> list[dict[str, Any]]:
    return [i for i in table_items() if i["pk"]["S"] == f"USER#{sub}"]


def test_erasure_leaves_nothing_in_any_table_nor_the_user_pool(api: ApiClient, pool: str) -> None:
    key_credit = {"Idempotency-Key": "erase-credit-1"}
    key_exemption = {"Idempotency-Key": "erase-exemption-1"}
    exemption = {"kind": "esenzione", "start": "2026-01-01", "end": "2026-06-30", "reason": SECRET_REASON}
    assert api.put("/v1/me/profile", PROFILE).status == 200
    created = api.post("/v1/me/credits", credit_body(title=SECRET_TITLE), headers=key_credit)
    assert created.status == 201
    assert api.post("/v1/me/exemptions", exemption, headers=key_exemption).status == 201
    assert api.post("/v1/me/credits", credit_body(), sub=BOB).status == 201
    # Replay records hold ids, never the title or the exemption's reason (health data).
    replays = json.dumps(idempotency_items())
    assert created.json["id"] in replays
    assert SECRET_TITLE not in replays and SECRET_REASON not in replays
    # A replay before erasure answers as the first time did.
    again = api.post("/v1/me/credits", credit_body(title=SECRET_TITLE), headers=key_credit)
    assert again.status == 201 and again.json == created.json

    done = api.delete("/v1/me", query=CONFIRM)
    assert done.status == 200, done.text
    # Profile, credit, pointer, exemption, counters and the three writes' change records.
    assert done.json == {"deleted_items": 5 + 3, "user_deleted": True}
    assert mine() == []
    assert users(pool) == {BOB}, "Alice's sign-in account is gone, Bob's stays"
    assert len(mine(BOB)) == 4  # his credit, its pointer, his counters and its change record

    # A replay after erasure claims nothing and creates nothing.
    replay = api.post("/v1/me/credits", credit_body(title=SECRET_TITLE), headers=key_credit)
    assert replay.status == 410, replay.text
    assert replay.error["code"] == "replay_gone" and SECRET_TITLE not in replay.text
    replay = api.post("/v1/me/exemptions", exemption, headers=key_exemption)
    assert replay.status == 410 and SECRET_REASON not in replay.text
    assert mine() == []
    assert SECRET_TITLE not in json.dumps(idempotency_items())

    # Erasing again (a retry after a lost answer) finds nothing and still answers 200.
    assert api.delete("/v1/me", query=CONFIRM).json == {"deleted_items": 0, "user_deleted": False}


def test_a_replay_after_the_item_was_deleted_answers_410(api: ApiClient) -> None:
    key = {"Idempotency-Key": "deleted-then-replayed"}
    credit_id = api.post("/v1/me/credits", credit_body(), headers=key).json["id"]
    assert api.delete(f"/v1/me/credits/{credit_id}").status == 204
    replay = api.post("/v1/me/credits", credit_body(), headers=key)
    assert replay.status == 410 and replay.error["field"] == "header.idempotency-key"
    assert [i for i in mine() if i["sk"]["S"].startswith("CREDIT")] == []


def test_a_write_landing_during_erasure_is_deleted_too(
    api: ApiClient, pool: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from functions.api import dal

    api.post("/v1/me/credits", credit_body())
    real_query = dal._query
    rounds: list[int] = []

    def query_then_a_late_write(sub: str, condition: str, values: dict[str, Any], **extra: Any) -> Any:
        listed = list(real_query(sub, condition, values, **extra))
        if not rounds:
            # Another device's create passed its checks before the erasure began and lands now.
            late = api.post("/v1/me/credits", credit_body(title="late"), sub=ALICE)
            assert late.status == 201
        rounds.append(len(listed))
        return iter(listed)

    monkeypatch.setattr(dal, "_query", query_then_a_late_write)
    done = api.delete("/v1/me", query=CONFIRM)
    assert done.status == 200, done.text
    monkeypatch.setattr(dal, "_query", real_query)
    assert mine() == [], "the late credit was found by the second round and deleted"
    assert rounds[-1] == 0 and len(rounds) >= 3
    # First round: the first credit, its pointer, the counters, its change record; second: the late
    # credit, its pointer and its change record.
    assert done.json["deleted_items"] == 4 + 3


def test_erasure_without_a_pool_touches_no_identity_service(api: ApiClient) -> None:
    assert os.environ.get("USER_POOL_ID", "") == ""
    api.post("/v1/me/credits", credit_body())
    assert api.delete("/v1/me", query=CONFIRM).json == {"deleted_items": 4, "user_deleted": False}
