"""The change feed: every write of the caller since a cursor, in order, for a device to catch up.

A cursor is the position (sequence number) of the last change the device has applied, tagged with its
owner; it never holds the partition key (the DAL builds that from the token), so a cursor of someone
else only ever reads the caller's own partition, and is refused as not found. Records are kept
``RETENTION_DAYS`` days; a device whose position has expired (or whose history was erased) is told
with 410 to read everything again and start from a fresh cursor.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from http import HTTPStatus
from typing import Any

from .. import dal
from ..dal_changes import RETENTION_DAYS
from ..errors import ApiError, not_found, refused
from ..models_files import ContactOut
from ..models_sync import ChangeOut, ChangePage
from . import certificates, clock, exemptions, profile
from .credits import to_out
from .versions import etag


def _owner_tag(sub: str) -> str:
    return hashlib.sha256(f"ecm-changes:{sub}".encode()).hexdigest()[:20]


def encode_cursor(sub: str, seq: int) -> str:
    raw = json.dumps({"o": _owner_tag(sub), "s": seq}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(sub: str, cursor: str) -> int:
    """The sequence number in a cursor: 422 if it is not one of ours, 404 if it is someone else's."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
        owner, seq = data["o"], data["s"]
    except (binascii.Error, ValueError, KeyError, TypeError, UnicodeDecodeError) as error:
        raise refused(422, "invalid_input", "api.cursor_foreign", "query.since") from error
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 0:
        raise refused(422, "invalid_input", "api.cursor_foreign", "query.since")
    if owner != _owner_tag(sub):
        raise not_found("cursor")
    return seq


def resync() -> ApiError:
    """410: the changes after the cursor are no longer all kept; read everything again."""
    return refused(
        HTTPStatus.GONE, "resync_required", "api.resync_required", "query.since", days=RETENTION_DAYS
    )


def _change(record: dict[str, Any]) -> ChangeOut:
    kind, item = str(record["kind"]), record.get("item")
    version = int(record["version"])
    body: dict[str, Any] = dict.fromkeys(("credit", "exemption", "profile", "contact", "certificate"))
    if item is not None:
        if kind == "credit":
            body["credit"] = to_out(item, clock.today())
        elif kind == "exemption":
            body["exemption"] = exemptions.out(item)
        elif kind == "contact":
            body["contact"] = ContactOut.model_validate(item)
        elif kind == "certificate":
            body["certificate"] = certificates.record_out(item)
        else:
            body["profile"] = profile.out(item)
    return ChangeOut(
        seq=int(record["seq"]),
        kind=kind,
        id=str(record["item_id"]),
        op=str(record["op"]),
        version=version,
        etag=etag(version),
        changed_at=record["changed_at"],
        credit_id=record.get("credit_id"),
        **body,
    )


def list_changes(sub: str, since: str | None, limit: int) -> ChangePage:
    """The changes after ``since`` (a ``next_cursor``), oldest first, ``limit`` at most.

    Without ``since``: no changes, and a cursor at the present position, to keep after reading every
    item (changes made during that read come again; they are applied by version, so twice is harmless).
    One DynamoDB request per page with changes; an empty page reads the sequence number too (two).
    """
    if since is None:
        return ChangePage(items=[], next_cursor=encode_cursor(sub, dal.current_seq(sub)), has_more=False)
    after = decode_cursor(sub, since)
    records, more = dal.changes_page(sub, after, limit)
    if records and int(records[0]["seq"]) != after + 1:
        raise resync()  # the next change after the cursor has expired
    if not records and dal.current_seq(sub) != after:
        # Later changes all expired, or the history was erased (no counter: 0, or a new shorter one).
        raise resync()
    last = int(records[-1]["seq"]) if records else after
    return ChangePage(
        items=[_change(record) for record in records], next_cursor=encode_cursor(sub, last), has_more=more
    )
