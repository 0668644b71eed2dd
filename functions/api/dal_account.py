"""DynamoDB access for the whole partition of a professional: the export's read and the erasure."""

from __future__ import annotations

from . import dal
from .settings import settings


def all_items(sub: str) -> list[tuple[str, dal.Item]]:
    """Every item of the caller, with its sort key (for export)."""
    return [(str(raw["sk"]["S"]), dal._decode(raw)) for raw in dal._query(sub, "", {})]


# A write already past its checks when the erasure starts can land after the erasure's query; reading the
# partition again until it is empty deletes it too. More rounds than this means writes keep coming.
ERASURE_ROUNDS = 5


class ErasureIncomplete(Exception):
    """The partition was still not empty after ``ERASURE_ROUNDS`` rounds (writes kept arriving)."""


def delete_partition(sub: str) -> int:
    """Delete every item of the caller, reading the partition again until it is empty; returns the count."""
    table = settings().table_name
    deleted = 0
    for _ in range(ERASURE_ROUNDS):
        keys = [
            dal._key(sub, str(raw["sk"]["S"]))
            for raw in dal._query(sub, "", {}, ProjectionExpression="pk, sk")
        ]
        if not keys:
            return deleted
        for start in range(0, len(keys), dal._TRANSACTION_LIMIT):
            chunk = keys[start : start + dal._TRANSACTION_LIMIT]
            dal.client().transact_write_items(
                TransactItems=[{"Delete": {"TableName": table, "Key": k}} for k in chunk]
            )
        deleted += len(keys)
    raise ErasureIncomplete(sub)
