"""Isolation matrix: every private operation of the OpenAPI document, called by Bob against Alice's items.

The operations come from the committed document, so a new private route is in the matrix the day it is
added. For each, Bob uses Alice's real ids wherever the operation takes an id (path or query), Alice's
own pagination cursor and a forged one, and a valid body for writes. Bob must never see anything of
Alice's (her unique markers never appear in a reply), never change it (her partition is byte-for-byte
the same afterwards), and an operation that names her item answers 404, as for a missing one.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

import pytest

from tests.api.conftest import ALICE, BOB, EXEMPTION, PROFILE, ApiClient, credit_body
from tests.api.test_sync_children import put_file
from tests.reliability import figures
from tests.reliability.conftest import scan
from tests.reliability.examples import VALID_BODIES, operations, private

# The discipline must come from the official list: a rare one stands in for a marker.
MARKERS = (
    "ALICE-TITLE-7f3a",
    "ALICE-PROVIDER-7f3a",
    "Medicina termale",
    "ALICE-REASON-7f3a",
    "ALICE-NOTE-7f3a",
)
PRIVATE_OPERATIONS = [(m, p) for m, p, op in operations() if private(op)]
OPERATION_IDS = [f"{m} {p}" for m, p in PRIVATE_OPERATIONS]


def test_the_matrix_covers_every_private_operation_and_only_those() -> None:
    assert len(PRIVATE_OPERATIONS) >= 16
    assert ("GET", "/v1/rules") not in PRIVATE_OPERATIONS
    assert all(path.startswith("/v1/me") for _, path in PRIVATE_OPERATIONS)


@pytest.fixture
def alice(live_api: ApiClient) -> dict[str, str]:
    api = live_api
    assert api.put("/v1/me/profile", {**PROFILE, "discipline": MARKERS[2]}, sub=ALICE).status == 200
    ids = []
    for day in range(1, 4):
        body = credit_body(title=MARKERS[0], provider=MARKERS[1], start_date=f"2026-03-0{day}", end_date=None)
        reply = api.post("/v1/me/credits", body, sub=ALICE)
        assert reply.status == 201
        ids.append(reply.json["id"])
    exemption = api.post("/v1/me/exemptions", {**EXEMPTION, "reason": MARKERS[3]}, sub=ALICE)
    assert exemption.status == 201
    # A contact note and a confirmed attestato: children of a credit, in the change feed too.
    contact = api.post(
        f"/v1/me/credits/{ids[0]}/contacts", {"date": "2026-03-05", "note": MARKERS[4]}, sub=ALICE
    )
    assert contact.status == 201, contact.text
    put_file(ALICE, ids[0], b"%PDF-1.4 ALICE-FILE")
    assert api.post(f"/v1/me/credits/{ids[0]}/certificate/confirm", sub=ALICE).status == 200
    page = api.get("/v1/me/credits", sub=ALICE, query={"triennium": "2026-2028", "limit": "1"})
    assert page.json["next_cursor"], "Alice needs a second page for the cursor cases"
    changes = api.get("/v1/me/changes", sub=ALICE).json["next_cursor"]
    return {
        "credit": ids[0],
        "exemption": exemption.json["id"],
        "cursor": page.json["next_cursor"],
        "changes": changes,
        "contact": contact.json["id"],
    }


def alice_partition() -> list[str]:
    return sorted(json.dumps(i, sort_keys=True) for i in scan() if i["pk"]["S"] == f"USER#{ALICE}")


def forged_cursor(owner: str, credit_sk: str) -> str:
    """A cursor that carries Bob's owner tag but points at Alice's sort key."""
    tag = hashlib.sha256(f"ecm-cursor:{owner}".encode()).hexdigest()[:20]
    raw = json.dumps({"o": tag, "t": "2026-2028", "k": credit_sk}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def variants(method: str, path: str, ids: dict[str, str]) -> list[tuple[str, dict[str, str], bool]]:
    """(concrete path, query, names one of Alice's items) for each way Bob can aim at Alice's data."""
    concrete = path.replace("{credit_id}", ids["credit"]).replace("{exemption_id}", ids["exemption"])
    concrete = concrete.replace("{triennium}", "2026-2028").replace("{document}", "2026-2028.pdf")
    concrete = concrete.replace("{contact_id}", ids["contact"])
    names_item = "{credit_id}" in path or "{exemption_id}" in path
    if path == "/v1/me/credits" and method == "GET":
        alice_sk = next(i["sk"]["S"] for i in scan() if i["sk"]["S"].startswith("CREDIT#2026-2028#"))
        return [
            (concrete, {"triennium": "2026-2028"}, False),
            (concrete, {"triennium": "2026-2028", "cursor": ids["cursor"]}, True),
            (concrete, {"triennium": "2026-2028", "cursor": forged_cursor(BOB, alice_sk)}, False),
            (concrete, {"triennium": "2026-2028", "cursor": forged_cursor(ALICE, alice_sk)}, True),
        ]
    if path == "/v1/me/changes":
        # Alice's feed cursor names her history: 404. Bob's own cursor at position 0 only reads his.
        return [(concrete, {"since": ids["changes"]}, True), (concrete, {}, False)]
    if path == "/v1/me/what-if/move":
        return [(concrete, {"credit_id": ids["credit"], "target": "2023-2025"}, True)]
    if path == "/v1/me/statement/insurance.pdf":
        return [(concrete, {}, False), (concrete, {"as_of": "2026-03-02"}, False)]
    if path == "/v1/me" and method == "DELETE":
        return [(concrete, {"confirm": "delete-all-my-data"}, False)]
    return [(concrete, {}, names_item)]


@pytest.mark.parametrize(
    ("method", "path"), PRIVATE_OPERATIONS, ids=[f"{m} {p}" for m, p in PRIVATE_OPERATIONS]
)
def test_bob_cannot_reach_alices_data(
    live_api: ApiClient, alice: dict[str, str], method: str, path: str
) -> None:
    before = alice_partition()
    body: Any = VALID_BODIES.get(f"{method} {path}")
    for target, query, names_item in variants(method, path, alice):
        reply = live_api.request(method, target, sub=BOB, body=body, query=query or None)
        leaked = [m for m in MARKERS if m in reply.text] + [v for v in alice.values() if v in reply.text]
        failed = int(bool(leaked) or reply.status >= 500 or (names_item and reply.status != 404))
        figures.record("isolation", tried=1, failed=failed, detail=f"{method} {target} {query}")
        assert not leaked, f"{method} {target} {query}: Alice's data in Bob's reply: {leaked}"
        assert reply.status < 500, reply.text
        if names_item:
            assert reply.status == 404, f"{method} {target} {query}: {reply.status} {reply.text[:200]}"
        assert alice_partition() == before, f"{method} {target} {query} changed Alice's data"
    # Alice still sees all of hers.
    assert live_api.get(f"/v1/me/credits/{alice['credit']}", sub=ALICE).status == 200
