"""An item and its change record are written together or not at all, whatever fails in between.

Every write of a credit, exemption, profile, contact note or attestato's record is one TransactWriteItems
with the item, the counters' sequence number and the change record (functions/api/dal_changes). Faults
are injected under the data access layer as the rest of this suite does (botocore's ``before-send``
hook): the transaction throttled for good, timed out for good, its answer lost after it committed, the
sequence read failing before it.
After each, the table must satisfy the feed's invariant (``assert_feed_consistent``):

- the sequence number equals the number of change records, numbered 1..n without a gap;
- every stored item's last change record is a ``put`` of that very item (same version, same content);
- every item whose last change record is a ``delete`` is gone;
- a contact note or attestato record whose credit's last record is a ``delete`` is gone too (the
  credit's tombstone stands for them).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from boto3.dynamodb.types import TypeDeserializer

from tests.api.conftest import ALICE, EXEMPTION, PROFILE, ApiClient, Reply, credit_body
from tests.api.test_sync_children import put_file
from tests.reliability import figures
from tests.reliability.conftest import Fault, Injector, lost_answer, scan, snapshot, throttled, timeout

MERGE = {"content-type": "application/merge-patch+json"}
_DESERIALIZE = TypeDeserializer()


def _plain(raw: dict[str, Any]) -> dict[str, Any]:
    return {k: _DESERIALIZE.deserialize(v) for k, v in raw.items() if k not in ("pk", "sk")}


def assert_feed_consistent() -> None:
    items = {raw["sk"]["S"]: _plain(raw) for raw in scan()}
    changes = sorted((k, v) for k, v in items.items() if k.startswith("CHANGE#"))
    seq = int(items.get("COUNTERS", {}).get("seq", 0))
    assert [int(k.removeprefix("CHANGE#")) for k, _ in changes] == list(range(1, seq + 1))
    last: dict[tuple[str, str], dict[str, Any]] = {}
    for _, record in changes:
        last[(str(record["kind"]), str(record["item_id"]))] = record
    stored: dict[tuple[str, str], dict[str, Any]] = {}
    parent: dict[tuple[str, str], str] = {}
    for sk, item in items.items():
        if sk.startswith("CREDIT#"):
            stored[("credit", str(item["id"]))] = item
        elif sk.startswith("EXEMPTION#"):
            stored[("exemption", str(item["id"]))] = item
        elif sk == "PROFILE":
            stored[("profile", "profile")] = item
        elif sk.startswith("CONTACT#"):
            stored[("contact", str(item["id"]))] = item
            parent[("contact", str(item["id"]))] = sk.split("#")[1]
        elif sk.startswith("CERTIFICATE#"):
            stored[("certificate", str(item["credit_id"]))] = item
    for _, record in changes:
        if record.get("credit_id"):
            parent[(str(record["kind"]), str(record["item_id"]))] = str(record["credit_id"])
    for key, item in stored.items():
        found = last.get(key)
        assert found is not None and found["op"] == "put", (key, "stored without its change record")
        # A contact note is never edited: version 1, not stored on the note itself.
        assert found["version"] == item.get("version", 1) and found["item"] == item, key
    for key, record in last.items():
        credit_gone = key in parent and last.get(("credit", parent[key]), {}).get("op") == "delete"
        if record["op"] == "delete" or credit_gone:
            assert key not in stored, (key, "a tombstone for an item still stored")
        else:
            assert key in stored, (key, "a change record for an item that was never stored")


Write = Callable[[ApiClient, dict[str, str]], Reply]


# The setup's writes, each with its change record.
SETUP_CHANGES = 5


def _setup(api: ApiClient) -> dict[str, str]:
    credit = api.post("/v1/me/credits", credit_body())
    exemption = api.post("/v1/me/exemptions", EXEMPTION)
    profile = api.put("/v1/me/profile", PROFILE)
    assert (credit.status, exemption.status, profile.status) == (201, 201, 200)
    contact = api.post(f"/v1/me/credits/{credit.json['id']}/contacts", {"date": "2026-05-02", "note": "PEC"})
    put_file(ALICE, credit.json["id"], b"%PDF-1.4 first upload")
    confirmed = api.post(f"/v1/me/credits/{credit.json['id']}/certificate/confirm")
    assert (contact.status, confirmed.status) == (201, 200), confirmed.text
    return {"credit": credit.json["id"], "exemption": exemption.json["id"], "contact": contact.json["id"]}


def _new_upload(api: ApiClient, ids: dict[str, str]) -> Reply:
    put_file(ALICE, ids["credit"], b"%PDF-1.4 second upload")
    return api.post(f"/v1/me/credits/{ids['credit']}/certificate/confirm")


WRITES: dict[str, Write] = {
    "create credit": lambda api, ids: api.post("/v1/me/credits", credit_body(title="another")),
    "put credit": lambda api, ids: api.put(f"/v1/me/credits/{ids['credit']}", credit_body(hours=6)),
    "patch credit (moves triennium)": lambda api, ids: api.request(
        "PATCH", f"/v1/me/credits/{ids['credit']}", body={"start_date": "2025-11-03"}, headers=MERGE
    ),
    "delete credit": lambda api, ids: api.delete(f"/v1/me/credits/{ids['credit']}"),
    "create exemption": lambda api, ids: api.post("/v1/me/exemptions", {**EXEMPTION, "start": "2026-02-01"}),
    "patch exemption": lambda api, ids: api.request(
        "PATCH", f"/v1/me/exemptions/{ids['exemption']}", body={"end": "2026-05-31"}, headers=MERGE
    ),
    "delete exemption": lambda api, ids: api.delete(f"/v1/me/exemptions/{ids['exemption']}"),
    "put profile": lambda api, ids: api.put("/v1/me/profile", {**PROFILE, "discipline": "Neurologia"}),
    "patch profile": lambda api, ids: api.request(
        "PATCH", "/v1/me/profile", body={"discipline": "Pediatria"}, headers=MERGE
    ),
    "add contact": lambda api, ids: api.post(
        f"/v1/me/credits/{ids['credit']}/contacts", {"date": "2026-05-03", "note": "telefonata"}
    ),
    "delete contact": lambda api, ids: api.delete(
        f"/v1/me/credits/{ids['credit']}/contacts/{ids['contact']}"
    ),
    "confirm a new upload": _new_upload,
    "delete certificate": lambda api, ids: api.delete(f"/v1/me/credits/{ids['credit']}/certificate"),
}

FAULTS: dict[str, tuple[str, Callable[[], Fault], int | None]] = {
    "transaction throttled for good": ("TransactWriteItems", lambda: throttled("ThrottlingException"), None),
    "transaction timed out for good": ("TransactWriteItems", lambda: timeout("read"), None),
    "transaction committed, answer lost": ("TransactWriteItems", lost_answer, 1),
    "sequence read failing before the write": ("GetItem", lambda: throttled("ThrottlingException"), None),
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
@pytest.mark.parametrize("write", sorted(WRITES))
def test_no_fault_leaves_an_item_without_its_change_record(
    live_api: ApiClient, faults: Injector, write: str, fault: str
) -> None:
    ids = _setup(live_api)
    assert_feed_consistent()
    before = snapshot()
    operation, make, times = FAULTS[fault]
    faults.add(operation, make(), times=times)
    reply = WRITES[write](live_api, ids)
    faults._rules.clear()  # the checks below read the table without faults
    if times is None:
        # Every attempt failed: the client is told to retry, and nothing at all was written.
        assert reply.status == 503, reply.text
        assert snapshot() == before
    else:
        # Committed once; botocore's retry met the committed state: success, one change record.
        assert reply.status in (200, 201, 204), reply.text
        changes = [raw for raw in scan() if raw["sk"]["S"].startswith("CHANGE#")]
        assert len(changes) == SETUP_CHANGES + 1, "the setup's writes and this one, not twice"
    partial = 0
    try:
        assert_feed_consistent()
    except AssertionError:
        partial = 1
        raise
    finally:
        figures.record("faults", tried=1, failed=partial, detail=f"change record, {write}: {fault}")


def test_the_invariant_check_would_catch_an_item_without_its_record(live_api: ApiClient) -> None:
    import os

    import boto3

    _setup(live_api)
    raw = next(item for item in scan() if item["sk"]["S"] == f"CHANGE#{SETUP_CHANGES:012d}")
    boto3.client("dynamodb").delete_item(
        TableName=os.environ["TABLE_NAME"], Key={"pk": raw["pk"], "sk": raw["sk"]}
    )
    with pytest.raises(AssertionError):
        assert_feed_consistent()
