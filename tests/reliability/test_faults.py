"""DynamoDB faults injected under the data access layer: throttling, cancelled transactions, timeouts.

Each fault is answered by botocore's ``before-send`` hook instead of the moto server, so botocore's own
retries run. The API must retry where it is safe (botocore does, within a budget that fits the Lambda
timeout), answer 503 with Retry-After when it gives up, and never leave a half-written change: the
tables are compared before and after every fault.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import PROFILE, ApiClient, Reply, credit_body
from tests.reliability import figures
from tests.reliability.conftest import Injector, cancelled, error_response, scan, snapshot, throttled, timeout

# The functions' timeout in template.yaml is 10 s (30 s for the account function); giving up must
# leave time to answer, so botocore's back-off across all retries of one call stays well under it.
LAMBDA_TIMEOUT_S = 10.0


def assert_unavailable(reply: Reply) -> None:
    assert reply.status == 503, reply.text
    error = reply.error
    assert error["code"] == "unavailable"
    retry_after = reply.headers.get("retry-after", "")
    assert retry_after.isdigit() and int(retry_after) >= 1, reply.headers
    assert "Traceback" not in reply.text and "botocore" not in reply.text


def credits_and_pointers() -> tuple[list[str], list[str]]:
    keys = [item["sk"]["S"] for item in scan()]
    return [k for k in keys if k.startswith("CREDIT#")], [k for k in keys if k.startswith("CREDITID#")]


def _record(name: str, injector: Injector, partial: int) -> None:
    figures.record("faults", tried=1, failed=partial, detail=f"{name}: {injector.injected} injected")


@pytest.mark.parametrize("code", ["ProvisionedThroughputExceededException", "ThrottlingException"])
def test_transient_throttling_is_retried_and_the_credit_stored_once(
    live_api: ApiClient, faults: Injector, code: str
) -> None:
    faults.add("TransactWriteItems", throttled(code), times=2)
    reply = live_api.post("/v1/me/credits", credit_body())
    assert reply.status == 201, reply.text
    assert faults.injected == 2 and faults.attempts["TransactWriteItems"] == 3
    assert len(faults.sleeps) == 2, "botocore backs off between attempts"
    credits, pointers = credits_and_pointers()
    assert len(credits) == 1 and len(pointers) == 1
    _record(f"transient {code}", faults, 0)


@pytest.mark.parametrize("code", ["ProvisionedThroughputExceededException", "ThrottlingException"])
def test_persistent_throttling_answers_503_and_stores_nothing(
    live_api: ApiClient, faults: Injector, code: str
) -> None:
    before = snapshot()
    faults.add("TransactWriteItems", throttled(code))
    reply = live_api.post("/v1/me/credits", credit_body())
    assert_unavailable(reply)
    assert sum(faults.sleeps) < LAMBDA_TIMEOUT_S / 2, f"back-off {sum(faults.sleeps):.1f} s"
    partial = int(snapshot() != before)
    _record(f"persistent {code} on create", faults, partial)
    assert partial == 0


def test_throttled_read_answers_503(live_api: ApiClient, faults: Injector) -> None:
    assert live_api.post("/v1/me/credits", credit_body()).status == 201
    faults.add("Query", throttled("ThrottlingException"))
    assert_unavailable(live_api.get("/v1/me/compliance/2026-2028"))
    assert_unavailable(live_api.get("/v1/me/credits", query={"triennium": "2026-2028"}))
    _record("persistent throttling on reads", faults, 0)


def test_throttled_create_with_idempotency_key_can_be_retried_with_the_same_key(
    live_api: ApiClient, faults: Injector
) -> None:
    headers = {"Idempotency-Key": "phone-retry-1"}
    faults.add("TransactWriteItems", throttled())
    assert_unavailable(live_api.post("/v1/me/credits", credit_body(), headers=headers))
    assert credits_and_pointers() == ([], [])
    faults.add("TransactWriteItems", throttled(), times=0)  # the fault clears
    faults._rules.clear()
    first = live_api.post("/v1/me/credits", credit_body(), headers=headers)
    assert first.status == 201, "the key was not left 'in progress' by the failed attempt: " + first.text
    again = live_api.post("/v1/me/credits", credit_body(), headers=headers)
    assert again.status == 201 and again.json["id"] == first.json["id"]
    credits, pointers = credits_and_pointers()
    assert len(credits) == 1 and len(pointers) == 1
    _record("throttled create, retried with its Idempotency-Key", faults, 0)


def test_throttled_idempotency_table_answers_503_and_stores_nothing(
    live_api: ApiClient, faults: Injector
) -> None:
    before = snapshot()
    faults.add("PutItem", throttled())  # the in-progress record goes first, to the idempotency table
    assert_unavailable(live_api.post("/v1/me/credits", credit_body(), headers={"Idempotency-Key": "k-1"}))
    partial = int(snapshot() != before)
    _record("throttled idempotency store", faults, partial)
    assert partial == 0


@pytest.mark.parametrize("reasons", [("ThrottlingError", "None"), ("None", "TransactionConflict")])
def test_cancelled_create_transaction_answers_503_and_stores_nothing(
    live_api: ApiClient, faults: Injector, reasons: tuple[str, ...]
) -> None:
    before = snapshot()
    faults.add("TransactWriteItems", cancelled(*reasons))
    assert_unavailable(live_api.post("/v1/me/credits", credit_body()))
    partial = int(snapshot() != before)
    _record(f"cancelled create {reasons}", faults, partial)
    assert partial == 0


def test_cancelled_delete_is_not_reported_as_not_found(live_api: ApiClient, faults: Injector) -> None:
    credit_id = live_api.post("/v1/me/credits", credit_body()).json["id"]
    before = snapshot()
    faults.add("TransactWriteItems", cancelled("TransactionConflict", "None"))
    reply = live_api.delete(f"/v1/me/credits/{credit_id}")
    # 404 would tell the app the credit is gone while it is still stored.
    assert_unavailable(reply)
    partial = int(snapshot() != before)
    _record("cancelled delete (conflict)", faults, partial)
    assert partial == 0
    assert live_api.get(f"/v1/me/credits/{credit_id}").status == 200


def test_cancelled_update_keeps_the_old_credit_whole(live_api: ApiClient, faults: Injector) -> None:
    credit_id = live_api.post("/v1/me/credits", credit_body()).json["id"]
    before = snapshot()
    faults.add("TransactWriteItems", cancelled("None", "TransactionConflict", "None"))
    moved = credit_body(start_date="2025-11-03", end_date="2025-11-04")
    assert_unavailable(live_api.put(f"/v1/me/credits/{credit_id}", moved))
    partial = int(snapshot() != before)
    _record("cancelled update that moves triennium", faults, partial)
    assert partial == 0
    assert live_api.get(f"/v1/me/credits/{credit_id}").json["triennium"] == "2026-2028"


def test_update_of_a_missing_credit_is_still_404(live_api: ApiClient, faults: Injector) -> None:
    """A cancellation because a condition failed (someone deleted it meanwhile) is a real 404."""
    credit_id = live_api.post("/v1/me/credits", credit_body()).json["id"]
    faults.add("TransactWriteItems", cancelled("ConditionalCheckFailed", "None"))
    assert live_api.delete(f"/v1/me/credits/{credit_id}").status == 404


@pytest.mark.parametrize("kind", ["connect", "read"])
def test_a_timeout_that_persists_answers_503_and_changes_nothing(
    live_api: ApiClient, faults: Injector, kind: str
) -> None:
    assert live_api.put("/v1/me/profile", PROFILE).status == 200
    before = snapshot()
    faults.add("TransactWriteItems", timeout(kind))
    changed = {**PROFILE, "discipline": "Neurologia"}
    assert_unavailable(live_api.put("/v1/me/profile", changed))
    assert faults.attempts["TransactWriteItems"] >= 2, (
        "a request that never reached DynamoDB is safe to retry"
    )
    partial = int(snapshot() != before)
    _record(f"{kind} timeout on profile write", faults, partial)
    assert partial == 0
    assert live_api.get("/v1/me/profile").json["discipline"] == PROFILE["discipline"]


def test_a_transient_read_timeout_is_retried(live_api: ApiClient, faults: Injector) -> None:
    credit_id = live_api.post("/v1/me/credits", credit_body()).json["id"]
    faults.add("GetItem", timeout("read"), times=1)
    reply = live_api.get(f"/v1/me/credits/{credit_id}")
    assert reply.status == 200, reply.text
    assert faults.injected == 1
    _record("transient read timeout", faults, 0)


def test_erasure_interrupted_by_throttling_can_be_resumed(live_api: ApiClient, faults: Injector) -> None:
    """DELETE /v1/me deletes in transactions of 100 items: a fault between them must be resumable."""
    assert live_api.put("/v1/me/profile", PROFILE).status == 200
    for day in range(1, 56):  # 55 credits -> 110 items + profile: two transactions
        body = credit_body(start_date=f"2026-0{1 + day % 9}-{1 + day % 28:02d}", end_date=None)
        assert live_api.post("/v1/me/credits", body).status == 201
    before = len(scan())

    def second_fails(request: Any) -> Any:
        # The first transaction deletes 100 items, the second the other 11: only the second is throttled.
        return throttled()(request) if request.body.count(b'"Delete"') < 100 else None

    faults.add("TransactWriteItems", second_fails)
    assert_unavailable(live_api.delete("/v1/me", query={"confirm": "delete-all-my-data"}))
    assert 0 < len(scan()) < before, f"the first transaction went through, the second did not: {faults}"
    faults._rules.clear()
    done = live_api.delete("/v1/me", query={"confirm": "delete-all-my-data"})
    assert done.status == 200, done.text
    assert scan() == []
    _record("erasure interrupted then resumed", faults, 0)


def test_a_stored_credit_is_acknowledged_even_when_its_replay_record_cannot_be_completed(
    live_api: ApiClient, faults: Injector
) -> None:
    """The credit is written, then marking the Idempotency-Key 'completed' is throttled.

    Answering 503 would tell the phone that nothing happened while the credit is stored, and its retry
    would record it twice once the key's in-progress window ends. The API answers with the stored
    credit instead; a replay meanwhile finds the key still in progress (409), never a second credit.
    """
    headers = {"Idempotency-Key": "phone-retry-2"}
    faults.add("UpdateItem", throttled())  # only the idempotency store updates items on this path
    reply = live_api.post("/v1/me/credits", credit_body(), headers=headers)
    assert reply.status == 201, reply.text
    credits, pointers = credits_and_pointers()
    assert len(credits) == 1 and len(pointers) == 1
    faults._rules.clear()
    replay = live_api.post("/v1/me/credits", credit_body(), headers=headers)
    assert replay.status in (201, 409), replay.text
    if replay.status == 409:
        assert replay.headers.get("retry-after")
    else:
        assert replay.json["id"] == reply.json["id"]
    assert len(credits_and_pointers()[0]) == 1
    _record("replay record not completed after the write", faults, 0)


@pytest.mark.parametrize("code", ["InternalServerError", "ServiceUnavailable", "UnparsedHtml"])
def test_a_dynamodb_server_error_that_persists_answers_503(
    live_api: ApiClient, faults: Injector, code: str
) -> None:
    before = snapshot()
    faults.add("TransactWriteItems", lambda request: error_response(request, code, status=500))
    assert_unavailable(live_api.post("/v1/me/credits", credit_body()))
    assert faults.attempts["TransactWriteItems"] == 3, "server errors are retried"
    partial = int(snapshot() != before)
    _record(f"DynamoDB HTTP 500 {code}", faults, partial)
    assert partial == 0
