"""DynamoDB access for the log of contacts with a credit's provider (the missing-credit claim's proof).

Contacts are child items of the credit, in the professional's partition, not attributes of the credit
item: a credit is replaced whole by PUT (and its sort key moves when its date does), and a log that
only grows should not make every read of the credit heavier. Sort key::

    CONTACT#<credit id>#<day of the contact>#<recorded at, ISO UTC>#<contact id>   one dated note

so a credit's notes read back in the order of their dates (and of recording, on one day).

``CONTACT#`` sorts between ``CHANGE#`` and ``COUNTERS`` (so the change feed's query stops at the last
``CHANGE#`` key, see ``dal.changes_page``), before ``CREDIT#``, outside the ranges the other reads query.
The number of notes per credit is counted on the credit's id pointer (``CREDITID#<id>``, attribute
``contacts``) in the same transaction that writes the note, so the limit holds under concurrent
writes and a note can only be added to a credit that exists. That transaction also puts the note's
change record (``dal._write``), as a deletion puts its tombstone: a note is never written without its
record. Notes are not edited (a dated log: a wrong one is deleted and written again). A credit's
notes are deleted in the transaction that deletes the credit (``dal_credits.delete_credit``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from . import dal, dal_credits
from .dal_changes import Change
from .settings import settings

CONTACTS_ATTRIBUTE = dal_credits.CONTACTS_ATTRIBUTE
# The professional's total, on the counters item (dal.COUNTERS_SK), checked in the same transaction.
TOTAL_COUNTER = "contacts"


class ContactRefused(Exception):
    """The credit does not exist (``reason == "missing"``), already has its ``limit`` of notes
    (``"full"``), or the professional has their ``total`` (``"account_full"``)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def contact_prefix(credit_id: str) -> str:
    return f"CONTACT#{credit_id}#"


def insert_contact(
    sub: str, credit_id: str, sort_suffix: str, data: dal.Item, limit: int, total: int, change: Change
) -> None:
    """Write one note, count it on the credit's pointer and on the professional's counters, and record
    it in the change feed, in one transaction; or raise ContactRefused (nothing written).

    The note's id is new, so a failed ``attribute_not_exists`` on it after botocore retried means an
    earlier attempt committed and its answer was lost: success, when the stored note is ``data``.
    """
    table = settings().table_name
    sk = contact_prefix(credit_id) + sort_suffix
    try:
        dal._write(
            sub,
            [
                {
                    "Update": {
                        "TableName": table,
                        "Key": dal._key(sub, f"CREDITID#{credit_id}"),
                        "UpdateExpression": "ADD #n :one",
                        "ConditionExpression": "attribute_exists(pk) AND "
                        "(attribute_not_exists(#n) OR #n < :limit)",
                        "ExpressionAttributeNames": {"#n": CONTACTS_ATTRIBUTE},
                        "ExpressionAttributeValues": {":one": {"N": "1"}, ":limit": {"N": str(limit)}},
                    }
                },
                {
                    "Put": {
                        "TableName": table,
                        "Item": dal._encode(sub, sk, data),
                        "ConditionExpression": "attribute_not_exists(pk)",
                    }
                },
            ],
            {TOTAL_COUNTER: (Decimal(1), Decimal(total))},
            change,
        )
    except Exception as error:
        if not dal._cancelled(error):
            raise
        if dal._retried(error) and dal._get(sub, sk) == dal._normal(sub, sk, data):
            return
        if dal._failed(error, 0):
            missing = dal_credits.get_credit(sub, credit_id) is None
            raise ContactRefused("missing" if missing else "full") from error
        if dal._failed(error, 2):
            raise ContactRefused("account_full") from error
        raise


def list_contacts(sub: str, credit_id: str) -> list[dal.Item]:
    """The credit's notes by the day of the contact, then in the order recorded."""
    return [dal._decode(raw) for raw in _raw_contacts(sub, credit_id)]


def _raw_contacts(sub: str, credit_id: str, **extra: Any) -> list[dict[str, Any]]:
    condition = "begins_with(sk, :prefix)"
    values: dict[str, Any] = {":prefix": {"S": contact_prefix(credit_id)}}
    return list(dal._query(sub, condition, values, **extra))


def contact_keys(sub: str, credit_id: str) -> list[str]:
    """The sort keys of a credit's notes (one query, keys only): deleted with the credit."""
    return [str(raw["sk"]["S"]) for raw in _raw_contacts(sub, credit_id, ProjectionExpression="pk, sk")]


def find_contact(sub: str, credit_id: str, contact_id: str) -> tuple[str, dal.Item] | None:
    """The note ``contact_id`` of the credit, with its sort key, or None (one query: at most
    ``MAX_CONTACTS`` notes per credit)."""
    for raw in _raw_contacts(sub, credit_id):
        item = dal._decode(raw)
        if item.get("id") == contact_id:
            return str(raw["sk"]["S"]), item
    return None


def delete_contact(sub: str, credit_id: str, sk: str, change: Change) -> bool:
    """Delete one note, uncount it on the credit's pointer and the counters, and leave its tombstone, in
    one transaction. False when the note is gone already (after a botocore retry: True, it was us)."""
    table = settings().table_name
    try:
        dal._write(
            sub,
            [
                {
                    "Delete": {
                        "TableName": table,
                        "Key": dal._key(sub, sk),
                        "ConditionExpression": "attribute_exists(pk)",
                    }
                },
                {
                    "Update": {
                        "TableName": table,
                        "Key": dal._key(sub, f"CREDITID#{credit_id}"),
                        "UpdateExpression": "ADD #n :minus",
                        "ConditionExpression": "attribute_exists(pk)",
                        "ExpressionAttributeNames": {"#n": CONTACTS_ATTRIBUTE},
                        "ExpressionAttributeValues": {":minus": {"N": "-1"}},
                    }
                },
            ],
            {TOTAL_COUNTER: (Decimal(-1), None)},
            change,
        )
    except Exception as error:
        if dal._cancelled(error):
            return dal._retried(error) and dal._get(sub, sk) is None
        raise
    return True
