"""Contact notes and attestati in the change feed: two devices that replay it reach the server's state.

Expected sequences, versions and kinds are written by hand from each scenario: one change per write,
a note is version 1 and its tombstone version 2, an attestato's record counts its confirmations and
its deletion, a credit's tombstone stands for its notes and its attestato (no records of their own).
"""

from __future__ import annotations

import os
from typing import Any

import boto3
import pytest

from functions.api import files
from functions.api.logic.changes import encode_cursor
from tests.api.conftest import ALICE, BOB, ApiClient, RequestCounter, credit_body, table_items


def put_file(sub: str, credit_id: str, data: bytes, media_type: str = "application/pdf") -> None:
    """What S3 holds after the presigned POST (the policy itself is exercised over HTTP in tests/local)."""
    boto3.client("s3").put_object(
        Bucket=os.environ["CERTIFICATES_BUCKET"],
        Key=files.certificate_key(sub, credit_id),
        Body=data,
        ContentType=media_type,
    )


def note(day: str, text: str) -> dict[str, str]:
    return {"date": day, "channel": "pec", "note": text}


class Device:
    """A phone's copy, kept only through the change feed; a credit's tombstone drops its children."""

    def __init__(self, api: ApiClient, cursor: str, sub: str = ALICE) -> None:
        self.api, self.cursor, self.sub = api, cursor, sub
        self.items: dict[tuple[str, str], dict[str, Any]] = {}
        self.parents: dict[tuple[str, str], str] = {}

    def sync(self, limit: int = 2) -> None:
        for _ in range(50):  # a feed of a few changes: more pages than this is a loop
            reply = self.api.get(
                "/v1/me/changes", query={"since": self.cursor, "limit": str(limit)}, sub=self.sub
            )
            assert reply.status == 200, reply.text
            for change in reply.json["items"]:
                key = (change["kind"], change["id"])
                if change["op"] == "delete":
                    self.items.pop(key, None)
                    if change["kind"] == "credit":
                        for child in [k for k, parent in self.parents.items() if parent == change["id"]]:
                            self.items.pop(child, None)
                else:
                    self.items[key] = change[change["kind"]]
                    if change["credit_id"] is not None:
                        self.parents[key] = change["credit_id"]
            self.cursor = reply.json["next_cursor"]
            if not reply.json["has_more"]:
                return
        raise AssertionError(f"the feed did not end: {reply.json}")

    def children(self) -> dict[tuple[str, str], dict[str, Any]]:
        return {k: v for k, v in self.items.items() if k[0] in ("contact", "certificate")}


def server_children(api: ApiClient, sub: str = ALICE) -> dict[tuple[str, str], dict[str, Any]]:
    """The notes and attestati as the ordinary reads give them (the certificate without its link)."""
    state: dict[tuple[str, str], dict[str, Any]] = {}
    for credit in api.get("/v1/me/credits", query={"limit": "100"}, sub=sub).json["items"]:
        for item in api.get(f"/v1/me/credits/{credit['id']}/contacts", sub=sub).json["items"]:
            state[("contact", item["id"])] = item
        kept = api.get(f"/v1/me/credits/{credit['id']}/certificate", sub=sub)
        if kept.status == 200:
            fields = ("credit_id", "content_type", "size", "uploaded_at")
            state[("certificate", credit["id"])] = {name: kept.json[name] for name in fields}
    return state


def test_notes_and_attestati_replay_to_the_same_state_on_two_devices(api: ApiClient) -> None:
    start = api.get("/v1/me/changes").json["next_cursor"]
    phone, tablet = Device(api, start), Device(api, start)
    first = api.post("/v1/me/credits", credit_body()).json["id"]  # 1
    second = api.post("/v1/me/credits", credit_body(start_date="2026-04-01", end_date=None)).json["id"]  # 2
    kept = api.post(f"/v1/me/credits/{first}/contacts", note("2026-05-02", "PEC al provider"))  # 3
    wrong = api.post(f"/v1/me/credits/{first}/contacts", note("2026-05-03", "nota sbagliata"))  # 4
    api.post(f"/v1/me/credits/{second}/contacts", note("2026-05-04", "telefonata"))  # 5
    assert kept.status == wrong.status == 201, kept.text
    put_file(ALICE, first, b"%PDF-1.4 first upload")
    confirmed = api.post(f"/v1/me/credits/{first}/certificate/confirm")  # 6
    assert confirmed.status == 200, confirmed.text
    assert (
        confirmed.json["size"] == len(b"%PDF-1.4 first upload")
        and "X-Amz-Expires=300" in confirmed.json["url"]
    )
    assert api.post(f"/v1/me/credits/{first}/certificate/confirm").status == 200  # the same upload: no change
    phone.sync()
    assert api.delete(f"/v1/me/credits/{first}/contacts/{wrong.json['id']}").status == 204  # 7
    put_file(ALICE, first, b"%PDF-1.4 second upload, longer")
    assert api.post(f"/v1/me/credits/{first}/certificate/confirm").json["size"] == 30  # 8
    put_file(ALICE, second, b"\x89PNG photo", "image/png")
    assert api.post(f"/v1/me/credits/{second}/certificate/confirm").status == 200  # 9
    assert api.delete(f"/v1/me/credits/{second}").status == 204  # 10: its note and its attestato go with it
    phone.sync()
    tablet.sync(limit=3)

    expected = server_children(api)
    assert set(expected) == {("contact", kept.json["id"]), ("certificate", first)}
    assert expected[("certificate", first)]["size"] == 30
    assert phone.children() == expected and tablet.children() == expected
    assert {k for k in phone.items if k[0] == "credit"} == {("credit", first)}

    feed = api.get("/v1/me/changes", query={"since": start, "limit": "100"}).json["items"]
    assert [(c["seq"], c["kind"], c["op"], c["version"], c["credit_id"]) for c in feed] == [
        (1, "credit", "put", 1, None),
        (2, "credit", "put", 1, None),
        (3, "contact", "put", 1, first),
        (4, "contact", "put", 1, first),
        (5, "contact", "put", 1, second),
        (6, "certificate", "put", 1, first),
        (7, "contact", "delete", 2, first),
        (8, "certificate", "put", 2, first),
        (9, "certificate", "put", 1, second),
        (10, "credit", "delete", 2, None),
    ]
    assert feed[2]["contact"] == kept.json and feed[6]["contact"] is None
    assert feed[5]["certificate"]["content_type"] == "application/pdf" and "url" not in feed[5]["certificate"]
    # Nothing of the deleted credit is left in the table: no note, no attestato's record, no file.
    keys = [item["sk"]["S"] for item in table_items()]
    assert not [k for k in keys if second in k and not k.startswith("CHANGE#")]
    assert [k for k in keys if k.startswith(("CONTACT#", "CERTIFICATE#"))] == [
        f"CERTIFICATE#{first}",
        next(k for k in keys if k.startswith(f"CONTACT#{first}#")),
    ]
    counters = next(item for item in table_items() if item["sk"]["S"] == "COUNTERS")
    assert counters["contacts"]["N"] == "1", "three notes written, one deleted, one gone with its credit"


def test_deleting_an_attestato_leaves_a_tombstone_and_twice_is_404(api: ApiClient) -> None:
    credit = api.post("/v1/me/credits", credit_body()).json["id"]
    assert api.post(f"/v1/me/credits/{credit}/certificate/confirm").status == 404, "nothing uploaded yet"
    put_file(ALICE, credit, b"%PDF-1.4 x")
    assert api.post(f"/v1/me/credits/{credit}/certificate/confirm").status == 200
    assert api.delete(f"/v1/me/credits/{credit}/certificate").status == 204
    assert api.delete(f"/v1/me/credits/{credit}/certificate").status == 404
    assert api.delete(f"/v1/me/credits/{credit}/contacts/{'0' * 32}").status == 404
    feed = api.get("/v1/me/changes", query={"since": encode_cursor(ALICE, 0)}).json["items"]
    assert [(c["kind"], c["op"], c["version"], c["id"]) for c in feed] == [
        ("credit", "put", 1, credit),
        ("certificate", "put", 1, credit),
        ("certificate", "delete", 2, credit),
    ]
    # An upload never confirmed is served (S3 is the file's truth) and its deletion is a plain 204:
    # there is no record to leave a tombstone for.
    put_file(ALICE, credit, b"%PDF-1.4 y")
    assert api.get(f"/v1/me/credits/{credit}/certificate").status == 200
    assert api.delete(f"/v1/me/credits/{credit}/certificate").status == 204
    assert len(api.get("/v1/me/changes", query={"since": encode_cursor(ALICE, 0)}).json["items"]) == 3


def test_a_note_added_while_its_credit_is_deleted_goes_with_it(
    api: ApiClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from functions.api import dal_contacts

    credit = api.post("/v1/me/credits", credit_body()).json["id"]
    api.post(f"/v1/me/credits/{credit}/contacts", note("2026-05-02", "prima"))
    real = dal_contacts.contact_keys
    rounds: list[int] = []

    def listed_then_a_new_note(sub: str, credit_id: str) -> list[str]:
        keys = real(sub, credit_id)
        if not rounds:  # another device adds a note after the deletion listed the notes
            assert api.post(f"/v1/me/credits/{credit}/contacts", note("2026-05-03", "seconda")).status == 201
        rounds.append(len(keys))
        return keys

    monkeypatch.setattr(dal_contacts, "contact_keys", listed_then_a_new_note)
    assert api.delete(f"/v1/me/credits/{credit}").status == 204
    assert rounds == [1, 2], "the first transaction failed on the pointer's count; the second took both"
    assert not [i for i in table_items() if i["sk"]["S"].startswith("CONTACT#")]


def test_another_users_ids_and_cursor_never_show_notes_or_attestati(api: ApiClient) -> None:
    credit = api.post("/v1/me/credits", credit_body()).json["id"]
    contact = api.post(f"/v1/me/credits/{credit}/contacts", note("2026-05-02", "PEC")).json["id"]
    put_file(ALICE, credit, b"%PDF-1.4 x")
    assert api.post(f"/v1/me/credits/{credit}/certificate/confirm").status == 200
    alices_cursor = encode_cursor(ALICE, 0)
    bobs_start = api.get("/v1/me/changes", sub=BOB).json["next_cursor"]
    before = table_items()

    assert api.delete(f"/v1/me/credits/{credit}/contacts/{contact}", sub=BOB).status == 404
    assert api.post(f"/v1/me/credits/{credit}/certificate/confirm", sub=BOB).status == 404
    assert api.delete(f"/v1/me/credits/{credit}/certificate", sub=BOB).status == 404
    assert api.get("/v1/me/changes", query={"since": alices_cursor}, sub=BOB).status == 404
    # Bob's own feed, from his own start, shows nothing of Alice's.
    bobs = api.get("/v1/me/changes", query={"since": bobs_start}, sub=BOB)
    assert bobs.status == 200 and bobs.json["items"] == []
    assert table_items() == before, "nothing of Alice's changed"
    assert len(api.get("/v1/me/changes", query={"since": alices_cursor}).json["items"]) == 3


def test_dynamodb_requests_per_note_and_per_attestato(api: ApiClient, dynamodb_calls: RequestCounter) -> None:
    credit = api.post("/v1/me/credits", credit_body()).json["id"]
    figures: dict[str, list[str]] = {}
    dynamodb_calls.reset()
    contact = api.post(f"/v1/me/credits/{credit}/contacts", note("2026-05-02", "PEC")).json["id"]
    figures["add note"] = list(dynamodb_calls.calls)
    dynamodb_calls.reset()
    assert api.delete(f"/v1/me/credits/{credit}/contacts/{contact}").status == 204
    figures["delete note"] = list(dynamodb_calls.calls)
    put_file(ALICE, credit, b"%PDF-1.4 x")
    dynamodb_calls.reset()
    assert api.post(f"/v1/me/credits/{credit}/certificate/confirm").status == 200
    figures["confirm attestato"] = list(dynamodb_calls.calls)
    dynamodb_calls.reset()
    assert api.delete(f"/v1/me/credits/{credit}/certificate").status == 204
    figures["delete attestato"] = list(dynamodb_calls.calls)
    dynamodb_calls.reset()
    page = api.get("/v1/me/changes", query={"since": encode_cursor(ALICE, 0), "limit": "100"}).json
    figures["changes page"] = list(dynamodb_calls.calls)
    dynamodb_calls.reset()
    assert api.get("/v1/me/changes", query={"since": page["next_cursor"]}).json["items"] == []
    figures["changes, nothing new"] = list(dynamodb_calls.calls)
    print("\nDynamoDB requests:", {k: f"{len(v)} {v}" for k, v in figures.items()})
    # A note: the sequence number, then one transaction (pointer count, note, counters, change record).
    assert figures["add note"] == ["GetItem", "TransactWriteItems"]
    # Deleting one: the credit's pointer and the credit (is it the caller's), the notes (one query), the
    # sequence number, one transaction (note, pointer count, counters, tombstone).
    assert figures["delete note"] == ["GetItem", "GetItem", "Query", "GetItem", "TransactWriteItems"]
    # An attestato: the credit (pointer, item), its record, the sequence number, one transaction.
    assert figures["confirm attestato"] == ["GetItem", "GetItem", "GetItem", "GetItem", "TransactWriteItems"]
    assert figures["delete attestato"] == ["GetItem", "GetItem", "GetItem", "GetItem", "TransactWriteItems"]
    # A page of changes: one query. Nothing new: the query, then the sequence number (is it expired?).
    assert figures["changes page"] == ["Query"]
    assert figures["changes, nothing new"] == ["Query", "GetItem"]


def test_more_notes_than_a_page_never_stall_the_feed(api: ApiClient) -> None:
    # Notes (CONTACT#) sort between the change records and COUNTERS: a page's range must not cross them.
    credit = api.post("/v1/me/credits", credit_body()).json["id"]
    start = api.get("/v1/me/changes").json["next_cursor"]
    for day in ("2026-05-02", "2026-05-03", "2026-05-04"):
        api.post(f"/v1/me/credits/{credit}/contacts", note(day, "sollecito"))
    first = api.get("/v1/me/changes", query={"since": start, "limit": "1"}).json
    assert [c["kind"] for c in first["items"]] == ["contact"] and first["has_more"] is True
    rest = api.get("/v1/me/changes", query={"since": first["next_cursor"], "limit": "2"}).json
    assert [c["seq"] for c in rest["items"]] == [3, 4] and rest["has_more"] is False
    done = api.get("/v1/me/changes", query={"since": rest["next_cursor"], "limit": "1"}).json
    assert done == {"items": [], "next_cursor": rest["next_cursor"], "has_more": False}


def test_an_attestato_confirmed_while_its_credit_is_deleted_is_not_recorded(
    api: ApiClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    credit = api.post("/v1/me/credits", credit_body()).json["id"]
    put_file(ALICE, credit, b"%PDF-1.4 x")
    real = files.head

    def head_after_the_credit_went(key: str) -> dict[str, Any] | None:
        found = real(key)  # the confirmation read the upload; another device deletes the credit now
        assert api.delete(f"/v1/me/credits/{credit}").status == 204
        return found

    monkeypatch.setattr(files, "head", head_after_the_credit_went)
    reply = api.post(f"/v1/me/credits/{credit}/certificate/confirm")
    assert reply.status == 404 and reply.error["params"]["what"] == "what.item.credit", reply.text
    assert not [i for i in table_items() if i["sk"]["S"].startswith("CERTIFICATE#")]
    feed = api.get("/v1/me/changes", query={"since": encode_cursor(ALICE, 0)}).json["items"]
    assert [(c["kind"], c["op"]) for c in feed] == [("credit", "put"), ("credit", "delete")]
