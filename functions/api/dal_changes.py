"""The change feed's records: built here, written by ``dal`` in the same transaction as the item they record.

Sort keys::

    CHANGE#<sequence, 12 digits>   one record per write of a professional's credit, exemption, profile,
                                   contact note or attestato: what changed, its new version, the item
                                   as written (a deletion has none: a tombstone)

The sequence is the ``seq`` attribute of the professional's COUNTERS item. Each write's transaction sets
it one higher on condition that it still holds the value read just before, and puts the record under
that number, so the records of one professional are numbered 1, 2, 3, ... with no gap and no two writes
sharing a number: a reader that went up to N and later finds N+1 has missed nothing. A gap can only be
left by expiry (the records' ``expires_at`` is the table's TTL attribute) or erasure, and a reader that
sees one is told to read everything again.

A page of the feed is one query over ``CHANGE#<position + 1>`` .. ``CHANGE#<LAST_SEQ>``. It cannot run on
to ``COUNTERS`` to read the sequence number in the same query: the contact notes (``CONTACT#``) sort
between the two. An empty page reads the sequence number with one GetItem.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

Item = dict[str, Any]

CHANGE_PREFIX = "CHANGE#"
SEQ = "seq"
# How long change records (tombstones included) are kept: a device offline longer reads everything again.
RETENTION_DAYS = 30
TTL_ATTRIBUTE = "expires_at"
# What the feed carries. A contact note and an attestato belong to a credit (``credit_id``); a credit's
# tombstone also removes its notes and its attestato, which get no tombstones of their own.
KINDS = ("credit", "exemption", "profile", "contact", "certificate")


# The largest sequence number a 12-digit key holds: the end of the feed's key range.
LAST_SEQ = 10**12 - 1


def change_sk(seq: int) -> str:
    """``CHANGE#000000000042`` for sequence 42: zero-padded so that text order is number order."""
    return f"{CHANGE_PREFIX}{seq:012d}"


def seq_of(sk: str) -> int:
    return int(sk.removeprefix(CHANGE_PREFIX))


@dataclass(frozen=True)
class Change:
    """One write to record: ``kind`` (one of ``KINDS``), the item's id, ``op`` (``put`` or ``delete``),
    the item's version after the write, when, the item as written (None for a delete) and, for a
    contact note or an attestato, the id of the credit it belongs to."""

    kind: str
    item_id: str
    op: str
    version: int
    at: dt.datetime
    item: Item | None
    credit_id: str | None = None

    def record(self, seq: int) -> Item:
        """The change record's attributes (the DAL adds the keys)."""
        expires = self.at + dt.timedelta(days=RETENTION_DAYS)
        return {
            SEQ: seq,
            "kind": self.kind,
            "item_id": self.item_id,
            "op": self.op,
            "version": self.version,
            "changed_at": self.at,
            TTL_ATTRIBUTE: int(expires.timestamp()),
            "item": self.item,
            "credit_id": self.credit_id,
        }


def version_condition(old: Item) -> tuple[str, dict[str, Any]]:
    """A condition that the item still has the version it had when read (items written before versions
    existed have none: version 1)."""
    if "version" in old:
        return "attribute_exists(pk) AND version = :was", {":was": {"N": str(int(old["version"]))}}
    return "attribute_exists(pk) AND attribute_not_exists(version)", {}
