"""Two professionals: every private route answers 404 (or an empty result) for the other one's items."""

from __future__ import annotations

import datetime as dt
import os

import boto3
import pytest

from functions.api import files
from tests.api.conftest import (
    ALICE,
    BOB,
    EXEMPTION,
    PROFILE,
    ApiClient,
    Clock,
    bucket_versions,
    credit_body,
    table_items,
)


@pytest.fixture
def alice_items(api: ApiClient) -> dict[str, str]:
    api.put("/v1/me/profile", PROFILE, sub=ALICE)
    credit = api.post("/v1/me/credits", credit_body(credits=30), sub=ALICE).json["id"]
    api.post("/v1/me/credits", credit_body(start_date="2026-04-01", end_date=None), sub=ALICE)
    exemption = api.post("/v1/me/exemptions", EXEMPTION, sub=ALICE).json["id"]
    return {"credit": credit, "exemption": exemption}


def test_bob_cannot_read_change_or_delete_alices_items(api: ApiClient, alice_items: dict[str, str]) -> None:
    credit, exemption = alice_items["credit"], alice_items["exemption"]
    before = table_items()

    assert api.get("/v1/me/profile", sub=BOB).status == 404
    assert api.get(f"/v1/me/credits/{credit}", sub=BOB).status == 404
    assert api.put(f"/v1/me/credits/{credit}", credit_body(credits=1), sub=BOB).status == 404
    assert api.delete(f"/v1/me/credits/{credit}", sub=BOB).status == 404
    assert api.delete(f"/v1/me/exemptions/{exemption}", sub=BOB).status == 404
    # Issue 13's routes: Alice's ETag, her item ids and her change cursor give Bob nothing.
    merge = {"content-type": "application/merge-patch+json"}
    alices_etag = {"If-Match": '"v1"'}
    assert api.get(f"/v1/me/exemptions/{exemption}", sub=BOB).status == 404
    for path in (f"/v1/me/credits/{credit}", f"/v1/me/exemptions/{exemption}"):
        patched = api.request("PATCH", path, sub=BOB, body={"title": "x"}, headers={**merge, **alices_etag})
        assert patched.status == 404, patched.text
        assert api.delete(path, sub=BOB, headers=alices_etag).status == 404
    assert (
        api.request("PATCH", "/v1/me/profile", sub=BOB, body={"discipline": "x"}, headers=merge).status == 404
    )
    alices_cursor = api.get("/v1/me/changes", sub=ALICE).json["next_cursor"]
    assert api.get("/v1/me/changes", sub=BOB, query={"since": alices_cursor}).status == 404
    bobs_feed = api.get("/v1/me/changes", sub=BOB, query={"since": "eyJvIjoiMCIsInMiOjB9"})
    assert bobs_feed.status in (404, 422) and "items" not in bobs_feed.json
    assert api.get("/v1/me/credits", sub=BOB, query={"order": "desc"}).json["items"] == []
    what_if = api.get("/v1/me/what-if/move", sub=BOB, query={"credit_id": credit, "target": "2023-2025"})
    assert what_if.status == 404

    assert api.get("/v1/me/credits", sub=BOB, query={"triennium": "2026-2028"}).json["items"] == []
    assert api.get("/v1/me/exemptions", sub=BOB).json["items"] == []
    assert api.get("/v1/me/compliance/2026-2028", sub=BOB).json["result"]["recorded"] == 0.0
    assert api.get("/v1/me/compensation", sub=BOB).json["trienni"][0]["counted"] == 0.0
    export = api.get("/v1/me/export", sub=BOB).json
    assert export["profile"] is None and export["credits"] == [] and export["exemptions"] == []
    assert api.get("/v1/me/export/credits.csv", sub=BOB).text.count("\n") == 1  # header only

    assert table_items() == before, "nothing of Alice's changed"


def test_bob_deleting_his_data_leaves_alices(api: ApiClient, alice_items: dict[str, str]) -> None:
    api.post("/v1/me/credits", credit_body(), sub=BOB)
    before = len(table_items())
    reply = api.delete("/v1/me", sub=BOB, query={"confirm": "delete-all-my-data"})
    assert reply.status == 200
    assert reply.json["deleted_items"] == 4  # his credit, its pointer, his counters, its change record
    assert len(table_items()) == before - 4
    assert api.get(f"/v1/me/credits/{alice_items['credit']}", sub=ALICE).status == 200


def test_the_same_id_in_two_partitions_stays_apart(api: ApiClient, alice_items: dict[str, str]) -> None:
    # Ids are random, but even a collision could not cross partitions: the DAL keys on the token's sub.
    from functions.api import dal_credits

    assert dal_credits.get_credit(BOB, alice_items["credit"]) is None
    assert dal_credits.get_credit(ALICE, alice_items["credit"]) is not None


def test_routes_without_a_token_are_refused(api: ApiClient) -> None:
    assert api.get("/v1/me/profile", sub=None).status == 401
    assert api.post("/v1/me/credits", credit_body(), sub=None).status == 401


def _pdf_text(reply_raw: dict[str, object]) -> str:
    import base64
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(base64.b64decode(str(reply_raw["body"]))))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_statements_and_calendars_stay_in_their_partition(
    api: ApiClient, alice_items: dict[str, str]
) -> None:
    alice_feed = api.post("/v1/me/calendar", sub=ALICE).json["path"]
    before = table_items()
    # Alice recorded 30 + 8 credits in 2026-2028; Bob nothing.
    assert "Registrati 38 crediti" in _pdf_text(api.get("/v1/me/statement/2026-2028.pdf", sub=ALICE).raw)
    assert "Registrati 0 crediti" in _pdf_text(api.get("/v1/me/statement/2026-2028.pdf", sub=BOB).raw)
    assert "Registrati 0 crediti" in _pdf_text(
        api.get("/v1/me/statement/insurance.pdf", sub=BOB, query={"as_of": "2026-11-29"}).raw
    )
    # Bob has no feed to revoke, and revoking his does not touch Alice's.
    assert api.delete("/v1/me/calendar", sub=BOB).status == 404
    assert table_items() == before
    bob_feed = api.post("/v1/me/calendar", sub=BOB).json["path"]
    assert api.delete("/v1/me/calendar", sub=BOB).status == 204
    assert api.get(bob_feed, sub=None).status == 404
    assert api.get(alice_feed, sub=None).status == 200
    assert api.get("/v1/me/statement/insurance.pdf", sub=None).status == 401
    assert api.post("/v1/me/calendar", sub=None).status == 401


def test_bob_cannot_reach_alices_attestato_contacts_or_claim(api: ApiClient, today: Clock) -> None:
    """The routes of issue 14: the kept attestato, its fields, the contacts and the claim pack."""
    today.set(dt.date(2026, 11, 29))
    credit = api.post(
        "/v1/me/credits", credit_body(start_date="2025-03-10", end_date="2025-03-11"), sub=ALICE
    )
    credit_id = credit.json["id"]
    boto3.client("s3").put_object(
        Bucket=os.environ["CERTIFICATES_BUCKET"],
        Key=files.certificate_key(ALICE, credit_id),
        Body=b"%PDF-1.4 Alice's",
        ContentType="application/pdf",
    )
    note = {"date": "2025-08-01", "note": "PEC al provider"}
    assert api.post(f"/v1/me/credits/{credit_id}/contacts", note, sub=ALICE).status == 201
    before_items, before_files = table_items(), bucket_versions()
    base = f"/v1/me/credits/{credit_id}"
    for method, path, body in (
        ("POST", f"{base}/certificate", {"content_type": "application/pdf"}),
        ("GET", f"{base}/certificate", None),
        ("DELETE", f"{base}/certificate", None),
        ("GET", f"{base}/certificate/fields", None),
        ("POST", f"{base}/contacts", note),
        ("GET", f"{base}/contacts", None),
        ("GET", f"{base}/claim.pdf", None),
    ):
        reply = api.request(method, path, sub=BOB, body=body)
        assert (reply.status, reply.error["code"]) == (404, "not_found"), (method, path)
    export = api.get("/v1/me/export", sub=BOB).json
    assert export["files"] == [] and export["contacts"] == []
    assert api.delete("/v1/me", sub=BOB, query={"confirm": "delete-all-my-data"}).status == 200
    assert table_items() == before_items and bucket_versions() == before_files, "nothing of Alice's changed"
    assert api.get(f"{base}/certificate", sub=ALICE).status == 200
