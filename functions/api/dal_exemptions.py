"""DynamoDB access for the esoneri and esenzioni (sort key ``EXEMPTION#<id>``) and their change records."""

from __future__ import annotations

from typing import Any

from . import dal
from .dal_changes import Change, version_condition
from .settings import settings


def insert_exemption(
    sub: str, exemption_id: str, data: dal.Item, changes: dal.Changes, change: Change
) -> None:
    """The exemption, its counter and its change record together; a lost answer to a committed write is
    success (``dal._insert``). Raises ``dal.LimitReached`` when the counter is full."""
    dal._insert(sub, [(f"EXEMPTION#{exemption_id}", data)], changes, change)


def replace_exemption(sub: str, exemption_id: str, data: dal.Item, old: dal.Item, change: Change) -> bool:
    """Write the exemption if it still has the version read (``old``), with its change record.

    False when it is gone or changed since; after a botocore retry, success if it now is ``data``.
    """
    sk = f"EXEMPTION#{exemption_id}"
    return dal._put_if_unchanged(sub, sk, data, old, change, lambda: get_exemption(sub, exemption_id))


def get_exemption(sub: str, exemption_id: str) -> dal.Item | None:
    return dal._get(sub, f"EXEMPTION#{exemption_id}")


def list_exemptions(sub: str) -> list[dal.Item]:
    return [
        dal._decode(raw)
        for raw in dal._query(sub, "begins_with(sk, :prefix)", {":prefix": {"S": "EXEMPTION#"}})
    ]


def delete_exemption(
    sub: str, exemption_id: str, old: dal.Item, changes: dal.Changes, change: Change
) -> bool:
    """Delete the exemption if it still has the version read, leaving a tombstone. False when it is gone
    or changed since; after a retry, a failed condition with the exemption gone means it was deleted."""
    condition, values = version_condition(old)
    delete: dict[str, Any] = {
        "TableName": settings().table_name,
        "Key": dal._key(sub, f"EXEMPTION#{exemption_id}"),
        "ConditionExpression": condition,
    }
    if values:
        delete["ExpressionAttributeValues"] = values
    try:
        dal._write(sub, [{"Delete": delete}], changes, change)
    except Exception as error:
        if dal._cancelled(error):
            return dal._retried(error) and get_exemption(sub, exemption_id) is None
        raise
    return True
