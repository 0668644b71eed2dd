"""Writes whose answer is lost after they committed: nothing is stored twice, and the client learns the truth.

For every write the API makes, the fault lets the request reach DynamoDB and be applied, then raises a
read timeout; botocore retries, as it would over a flaky network, and the retry meets the state the first
attempt left. The client then retries the whole request, with and without its Idempotency-Key. In every
case exactly one item is stored and the answers say what happened (201/200/204, never 503 or 404).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import EXEMPTION, PROFILE, ApiClient, credit_body
from tests.reliability import figures
from tests.reliability.conftest import Injector, lost_answer, scan


def kinds() -> dict[str, int]:
    counted: dict[str, int] = {}
    for item in scan():
        kind = item["sk"]["S"].split("#", 1)[0]
        counted[kind] = counted.get(kind, 0) + 1
    return counted


def counters() -> dict[str, str]:
    for item in scan():
        if item["sk"]["S"] == "COUNTERS":
            return {k: v["N"] for k, v in item.items() if k not in ("pk", "sk")}
    return {}


def _record(name: str, duplicated: int) -> None:
    figures.record("lost_answers", tried=1, failed=duplicated, detail=name)


@pytest.mark.parametrize("key", [None, "lost-answer-1"])
def test_create_credit_whose_answer_is_lost_is_stored_once(
    live_api: ApiClient, faults: Injector, key: str | None
) -> None:
    headers = {"Idempotency-Key": key} if key else {}
    faults.add("TransactWriteItems", lost_answer(), times=1)
    first = live_api.post("/v1/me/credits", credit_body(), headers=headers)
    assert faults.injected == 1 and faults.attempts["TransactWriteItems"] == 2, "botocore retried"
    assert first.status == 201, first.text
    assert live_api.get(f"/v1/me/credits/{first.json['id']}").json["title"] == credit_body()["title"]
    if key:
        # The client never saw the answer and retries with its key: the replay, not a second credit.
        again = live_api.post("/v1/me/credits", credit_body(), headers=headers)
        assert again.status == 201 and again.json["id"] == first.json["id"]
    duplicated = kinds().get("CREDIT", 0) - 1
    _record(f"create credit, key={'yes' if key else 'no'}", duplicated)
    # One change record too: the retried transaction did not write a second one (nor move the sequence).
    assert kinds() == {"CREDIT": 1, "CREDITID": 1, "COUNTERS": 1, "CHANGE": 1}
    assert counters() == {"credits": "1", "credits 2026-2028": "1", "sum 2026-2028": "8.0", "seq": "1"}


@pytest.mark.parametrize("key", [None, "lost-answer-2"])
def test_create_exemption_whose_answer_is_lost_is_stored_once(
    live_api: ApiClient, faults: Injector, key: str | None
) -> None:
    headers = {"Idempotency-Key": key} if key else {}
    faults.add("TransactWriteItems", lost_answer(), times=1)
    first = live_api.post("/v1/me/exemptions", EXEMPTION, headers=headers)
    assert faults.injected == 1
    assert first.status == 201, first.text
    if key:
        again = live_api.post("/v1/me/exemptions", EXEMPTION, headers=headers)
        assert again.status == 201 and again.json["id"] == first.json["id"]
    listed = live_api.get("/v1/me/exemptions").json["items"]
    _record(f"create exemption, key={'yes' if key else 'no'}", len(listed) - 1)
    assert [e["id"] for e in listed] == [first.json["id"]]
    assert counters() == {"exemptions": "1", "seq": "1"}
    assert kinds()["CHANGE"] == 1


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"registry_status": "registered"}, id="in place"),
        pytest.param({"start_date": "2025-11-03", "end_date": "2025-11-04"}, id="moved to another triennium"),
    ],
)
def test_update_whose_answer_is_lost_answers_200_and_keeps_one_copy(
    live_api: ApiClient, faults: Injector, change: dict[str, Any]
) -> None:
    credit_id = live_api.post("/v1/me/credits", credit_body()).json["id"]
    faults.add("TransactWriteItems", lost_answer(), times=1)
    reply = live_api.put(f"/v1/me/credits/{credit_id}", credit_body(**change))
    assert faults.injected == 1
    assert reply.status == 200, reply.text
    stored = live_api.get(f"/v1/me/credits/{credit_id}").json
    assert all(stored[name] == value for name, value in change.items())
    _record(f"update credit ({next(iter(change))})", kinds().get("CREDIT", 0) - 1)
    assert kinds() == {"CREDIT": 1, "CREDITID": 1, "COUNTERS": 1, "CHANGE": 2}  # create, update
    assert stored["version"] == 2 and counters()["seq"] == "2"
    triennium = stored["triennium"]
    assert counters()["credits"] == "1" and counters()[f"credits {triennium}"] == "1"


def test_delete_credit_whose_answer_is_lost_answers_204(live_api: ApiClient, faults: Injector) -> None:
    credit_id = live_api.post("/v1/me/credits", credit_body()).json["id"]
    faults.add("TransactWriteItems", lost_answer(), times=1)
    reply = live_api.delete(f"/v1/me/credits/{credit_id}")
    assert faults.injected == 1
    assert reply.status == 204, "a 404 would tell the app its delete failed: " + reply.text
    assert kinds() == {"COUNTERS": 1, "CHANGE": 2}  # the create and one tombstone
    assert counters() == {"credits": "0", "credits 2026-2028": "0", "sum 2026-2028": "0.0", "seq": "2"}
    # A real second delete, later, is told the credit is gone.
    assert live_api.delete(f"/v1/me/credits/{credit_id}").status == 404
    _record("delete credit", 0)


def test_delete_exemption_whose_answer_is_lost_answers_204(live_api: ApiClient, faults: Injector) -> None:
    exemption_id = live_api.post("/v1/me/exemptions", EXEMPTION).json["id"]
    faults.add("TransactWriteItems", lost_answer(), times=1)
    reply = live_api.delete(f"/v1/me/exemptions/{exemption_id}")
    assert faults.injected == 1
    assert reply.status == 204, reply.text
    assert live_api.get("/v1/me/exemptions").json["items"] == []
    assert counters() == {"exemptions": "0", "seq": "2"}
    assert kinds() == {"COUNTERS": 1, "CHANGE": 2}
    assert live_api.delete(f"/v1/me/exemptions/{exemption_id}").status == 404
    _record("delete exemption", 0)


def test_profile_whose_answer_is_lost_answers_200(live_api: ApiClient, faults: Injector) -> None:
    faults.add("TransactWriteItems", lost_answer(), times=1)
    reply = live_api.put("/v1/me/profile", PROFILE)
    assert faults.injected == 1
    assert reply.status == 200, reply.text
    assert kinds() == {"PROFILE": 1, "COUNTERS": 1, "CHANGE": 1}
    assert reply.json["version"] == 1 and counters() == {"seq": "1"}
    _record("put profile", 0)


def test_erasure_whose_answer_is_lost_deletes_everything(live_api: ApiClient, faults: Injector) -> None:
    live_api.put("/v1/me/profile", PROFILE)
    live_api.post("/v1/me/credits", credit_body())
    faults.add("TransactWriteItems", lost_answer(), times=1)
    reply = live_api.delete("/v1/me", query={"confirm": "delete-all-my-data"})
    assert faults.injected == 1
    assert reply.status == 200, reply.text
    assert scan() == []
    _record("erasure", 0)
