"""DynamoDB access for the credits: the item, its id pointer, the counters and the change record.

Sort keys (see ``dal``)::

    CREDIT#<triennium>#<end date>#<id>   a credit, ordered by date inside its triennium
    CREDITID#<id>                        pointer from a credit's id to its sort key
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from . import dal
from .dal_changes import Change, version_condition
from .settings import settings

# The pointer's count of the credit's contact notes (written by ``dal_contacts``).
CONTACTS_ATTRIBUTE = "contacts"


def credit_prefix(triennium: str) -> str:
    return f"CREDIT#{triennium}#"


def credit_sk(triennium: str, end_date: dt.date, credit_id: str) -> str:
    return f"{credit_prefix(triennium)}{end_date.isoformat()}#{credit_id}"


def insert_credit(
    sub: str, credit_id: str, sk: str, data: dal.Item, changes: dal.Changes, change: Change
) -> None:
    """The credit, its id pointer, the counters and the change record, written together or not at all; a
    lost answer to a committed write is success (``dal._insert``). Raises ``dal.LimitReached`` when a
    counter is full."""
    dal._insert(sub, [(sk, data), (f"CREDITID#{credit_id}", {"ref": sk})], changes, change)


def _credit_ref(sub: str, credit_id: str) -> str | None:
    raw = dal.client().get_item(
        TableName=settings().table_name, Key=dal._key(sub, f"CREDITID#{credit_id}"), ConsistentRead=True
    )
    return str(raw["Item"]["ref"]["S"]) if "Item" in raw else None


def _sk_of(credit: dal.Item) -> str:
    """The sort key a stored credit was read from (its triennium, last day and id)."""
    return credit_sk(
        str(credit["triennium"]), dt.date.fromisoformat(str(credit["end_date"])), str(credit["id"])
    )


def get_credit(sub: str, credit_id: str) -> dal.Item | None:
    ref = _credit_ref(sub, credit_id)
    if ref is None:
        return None
    return dal._get(sub, ref)


def replace_credit(
    sub: str, credit_id: str, new_sk: str, data: dal.Item, old: dal.Item, changes: dal.Changes, change: Change
) -> bool:
    """Replace the credit ``old`` (as read), moving it to a new sort key when its date or triennium changed.

    Returns False when the credit is gone or no longer has the version read (a concurrent write won):
    the pointer's value and the old item's ``version`` are conditions of the transaction, so a concurrent
    update cannot leave two copies behind nor make the counters drift, and nothing is written. A condition
    failure after botocore retried is resolved by reading: if the credit now is ``data``, the earlier
    attempt committed. Raises ``dal.LimitReached``.
    """
    # Where ``old`` was read from; the pointer's condition below fails if it has moved since.
    ref = _sk_of(old)
    table = settings().table_name
    condition, values = version_condition(old)
    unchanged: dict[str, Any] = {"ConditionExpression": condition}
    if values:
        unchanged["ExpressionAttributeValues"] = values
    actions: list[Any] = [
        {
            "Put": {
                "TableName": table,
                "Item": dal._encode(sub, new_sk, data),
                **(unchanged if new_sk == ref else {"ConditionExpression": "attribute_not_exists(pk)"}),
            }
        },
        {
            "Update": {
                "TableName": table,
                "Key": dal._key(sub, f"CREDITID#{credit_id}"),
                "UpdateExpression": "SET #ref = :new",
                "ConditionExpression": "#ref = :old",
                "ExpressionAttributeNames": {"#ref": "ref"},
                "ExpressionAttributeValues": {":new": {"S": new_sk}, ":old": {"S": ref}},
            }
        },
    ]
    if new_sk != ref:
        actions.append({"Delete": {"TableName": table, "Key": dal._key(sub, ref), **unchanged}})
    try:
        dal._write(sub, actions, changes, change)
    except Exception as error:
        if not dal._cancelled(error):
            raise
        if dal._retried(error) and get_credit(sub, credit_id) == dal._normal(sub, new_sk, data):
            return True
        own = len(actions)
        if dal._failed(error, own) and not any(dal._failed(error, i) for i in range(own)):
            raise dal._limit_reached(sub, changes) from error
        return False
    return True


def delete_credit(
    sub: str,
    credit_id: str,
    old: dal.Item,
    changes: dal.Changes,
    change: Change,
    children: Sequence[str] = (),
    notes: int = 0,
) -> bool:
    """Delete the credit ``old`` (as read), its pointer and its share of the counters, leaving a tombstone.

    ``children``: sort keys deleted in the same transaction, the credit's contact notes (``notes`` of
    them, as counted on the pointer when read) and its attestato's record; the tombstone of the credit
    stands for them in the change feed. A note added since they were listed fails the pointer's
    condition, so no note outlives its credit. False when it is gone or changed since it was read. A
    condition failure after botocore retried means an earlier attempt deleted it: that is success.
    """
    ref = _sk_of(old)
    table = settings().table_name
    condition, values = version_condition(old)
    item_delete: dict[str, Any] = {
        "TableName": table,
        "Key": dal._key(sub, ref),
        "ConditionExpression": condition,
    }
    if values:
        item_delete["ExpressionAttributeValues"] = values
    try:
        dal._write(
            sub,
            [
                {
                    "Delete": {
                        "TableName": table,
                        "Key": dal._key(sub, f"CREDITID#{credit_id}"),
                        "ConditionExpression": "#ref = :ref AND (attribute_not_exists(#n) OR #n = :n)",
                        "ExpressionAttributeNames": {"#ref": "ref", "#n": CONTACTS_ATTRIBUTE},
                        "ExpressionAttributeValues": {":ref": {"S": ref}, ":n": {"N": str(notes)}},
                    }
                },
                {"Delete": item_delete},
                *({"Delete": {"TableName": table, "Key": dal._key(sub, sk)}} for sk in children),
            ],
            changes,
            change,
        )
    except Exception as error:
        if dal._cancelled(error):
            return dal._retried(error) and _credit_ref(sub, credit_id) is None
        raise
    return True


CREDIT_PREFIX = "CREDIT#"


def list_credits_page(
    sub: str, prefix: str, limit: int, after_sk: str | None, descending: bool = False
) -> tuple[list[dal.Item], str | None]:
    """One page of the credits whose sort key starts with ``prefix`` (``credit_prefix(triennium)``, or
    ``CREDIT_PREFIX`` for all), in sort-key order or (``descending``) the reverse; the second value is
    the sort key to continue after, or None on the last page.

    One item more than the page is read: DynamoDB returns a LastEvaluatedKey whenever it stopped at
    the Limit, even with nothing left, which would send the client to an empty page. The query has no
    filter, so every item read is returned and the extra one only says that more exist.
    """
    kwargs: dict[str, Any] = {
        "TableName": settings().table_name,
        "KeyConditionExpression": "pk = :pk AND begins_with(sk, :prefix)",
        "ExpressionAttributeValues": {
            ":pk": {"S": dal.partition(sub)},
            ":prefix": {"S": prefix},
        },
        "Limit": limit + 1,
        "ConsistentRead": True,
        "ScanIndexForward": not descending,
    }
    if after_sk is not None:
        kwargs["ExclusiveStartKey"] = dal._key(sub, after_sk)
    page = dal.client().query(**kwargs)
    raw_items = page.get("Items", [])
    items = [dal._decode(raw) for raw in raw_items[:limit]]
    if len(raw_items) > limit:
        return items, str(raw_items[limit - 1]["sk"]["S"])
    # Fewer than asked but a LastEvaluatedKey: DynamoDB stopped at its 1 MB page size; go on from there.
    last = page.get("LastEvaluatedKey")
    return items, (str(last["sk"]["S"]) if last and raw_items else None)


def credits_of_triennium(sub: str, triennium: str) -> list[dal.Item]:
    return [
        dal._decode(raw)
        for raw in dal._query(sub, "begins_with(sk, :prefix)", {":prefix": {"S": credit_prefix(triennium)}})
    ]


def all_credits(sub: str) -> list[dal.Item]:
    return [
        dal._decode(raw) for raw in dal._query(sub, "begins_with(sk, :prefix)", {":prefix": {"S": "CREDIT#"}})
    ]
