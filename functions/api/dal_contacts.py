"""DynamoDB access for the log of contacts with a credit's provider (the missing-credit claim's proof).

Contacts are child items of the credit, in the professional's partition, not attributes of the credit
item: a credit is replaced whole by PUT (and its sort key moves when its date does), and a log that
only grows should not make every read of the credit heavier. Sort key::

    CONTACT#<credit id>#<day of the contact>#<recorded at, ISO UTC>#<contact id>   one dated note

so a credit's notes read back in the order of their dates (and of recording, on one day).

``CONTACT#`` sorts before ``COUNTERS`` and ``CREDIT#``, outside every range the other reads query.
The number of notes per credit is counted on the credit's id pointer (``CREDITID#<id>``, attribute
``contacts``) in the same transaction that writes the note, so the limit holds under concurrent
writes and a note can only be added to a credit that exists.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from . import dal, dal_credits
from .settings import settings

CONTACTS_ATTRIBUTE = "contacts"
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
    sub: str, credit_id: str, sort_suffix: str, data: dal.Item, limit: int, total: int
) -> None:
    """Write one note and count it on the credit's pointer and on the professional's counters, or raise
    ContactRefused (nothing written)."""
    table = settings().table_name
    try:
        dal.client().transact_write_items(
            TransactItems=[
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
                        "Item": dal._encode(sub, contact_prefix(credit_id) + sort_suffix, data),
                        "ConditionExpression": "attribute_not_exists(pk)",
                    }
                },
                dal._count(sub, {TOTAL_COUNTER: (Decimal(1), Decimal(total))}),
            ]
        )
    except Exception as error:
        if not dal._cancelled(error):
            raise
        if dal._failed(error, 0):
            raise ContactRefused(
                "missing" if dal_credits.get_credit(sub, credit_id) is None else "full"
            ) from error
        if dal._failed(error, 2):
            raise ContactRefused("account_full") from error
        raise


def list_contacts(sub: str, credit_id: str) -> list[dal.Item]:
    """The credit's notes by the day of the contact, then in the order recorded."""
    condition = "begins_with(sk, :prefix)"
    values = {":prefix": {"S": contact_prefix(credit_id)}}
    return [dal._decode(raw) for raw in dal._query(sub, condition, values)]


def delete_contacts(sub: str, credit_id: str) -> int:
    """Delete every note of a (deleted) credit; returns how many."""
    condition = "begins_with(sk, :prefix)"
    values: dict[str, Any] = {":prefix": {"S": contact_prefix(credit_id)}}
    keys = [str(raw["sk"]["S"]) for raw in dal._query(sub, condition, values, ProjectionExpression="pk, sk")]
    for sk in keys:
        dal.client().delete_item(TableName=settings().table_name, Key=dal._key(sub, sk))
    if keys:
        update = dal._count(sub, {TOTAL_COUNTER: (Decimal(-len(keys)), None)})["Update"]
        dal.client().update_item(**update)
    return len(keys)
