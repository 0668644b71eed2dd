"""DynamoDB access, the core: the client, keys and encoding, queries, and the one write path.

The only modules of the API that touch DynamoDB are this one and its siblings by concern, which build
their requests with the helpers here:

    dal_profile      the profile (and the profile with the exemptions, in one query)
    dal_credits      credits and their id pointers
    dal_exemptions   esoneri and esenzioni
    dal_contacts     the contact notes of a credit (the missing-credit claim's proof)
    dal_certificates what the change feed knows of a credit's attestato (the file itself is in S3)
    dal_account      the whole partition: export and erasure
    dal_changes      the change records' shape (the feed is read here, ``changes_page``)

One table, one partition per professional. Every function takes the caller's ``sub`` first and builds
the partition key itself, so no caller-supplied value can name another partition.

Sort keys::

    CERTIFICATE#<credit id>              the attestato kept with a credit, as last confirmed
    CHANGE#<sequence>                    one record per write, for the change feed (see ``dal_changes``)
    CONTACT#<credit id>#...              a contact note of a credit (see ``dal_contacts``)
    COUNTERS                             caps' counters and the change feed's sequence number
    CREDIT#<triennium>#<end date>#<id>   a credit, ordered by date inside its triennium
    CREDITID#<id>                        pointer from a credit's id to its sort key
    EXEMPTION#<id>                       an esonero or esenzione
    PROFILE                              the profile

Every write of a professional's records goes through ``_write``: the item's actions, the counters'
update and the change record in one TransactWriteItems.

Because ``EXEMPTION#`` and ``PROFILE`` are adjacent in sort order, a compliance call needs two
key-range queries whatever the number of credits: the triennium's credits, then profile+exemptions.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import time
from collections.abc import Callable, Iterator
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import TYPE_CHECKING, Any

import boto3
from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.config import Config
from botocore.exceptions import ClientError

from .dal_changes import LAST_SEQ, SEQ, Change, change_sk, version_condition
from .settings import settings

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.client import DynamoDBClient

Item = dict[str, Any]

PROFILE_SK = "PROFILE"
# Sorts before CREDIT#, outside the EXEMPTION#..PROFILE range that compliance reads.
COUNTERS_SK = "COUNTERS"
_SERIALIZER = TypeSerializer()
_DESERIALIZER = TypeDeserializer()
# TransactWriteItems accepts at most 100 actions; BatchWriteItem is deliberately not granted.
_TRANSACTION_LIMIT = 100


# Throttling, transient errors and timeouts are retried with jittered exponential back-off, three
# attempts in all (at most about 3 s of back-off), so that giving up and answering 503 fits well inside
# the functions' 10 s timeout even when every attempt times out. DynamoDB answers in milliseconds; an
# emulator on a loaded laptop or CI machine may not, so local runs and tests can lengthen the read timeout.
def client_config() -> Config:
    return Config(
        retries={"mode": "standard", "total_max_attempts": 3},
        connect_timeout=1,
        read_timeout=float(os.environ.get("ECM_DYNAMODB_READ_TIMEOUT_S", "2")),
    )


@cache
def client() -> DynamoDBClient:
    """Created on first use, never at import: moto must be active first, and cold starts stay short."""
    return boto3.client("dynamodb", config=client_config())


def reset() -> None:
    client.cache_clear()


def partition(sub: str) -> str:
    return f"USER#{sub}"


def _storable(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, dict):
        return {k: _storable(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_storable(v) for v in value]
    return value


def _encode(sub: str, sk: str, data: Item) -> dict[str, Any]:
    item = {k: _SERIALIZER.serialize(v) for k, v in _storable(data).items()}
    item["pk"] = {"S": partition(sub)}
    item["sk"] = {"S": sk}
    return item


def _decode(raw: dict[str, Any]) -> Item:
    return {k: _DESERIALIZER.deserialize(v) for k, v in raw.items() if k not in ("pk", "sk")}


def _key(sub: str, sk: str) -> dict[str, Any]:
    return {"pk": {"S": partition(sub)}, "sk": {"S": sk}}


def _get(sub: str, sk: str) -> Item | None:
    """The caller's item at ``sk`` (a consistent read, so a write just made is seen), or None."""
    raw = client().get_item(TableName=settings().table_name, Key=_key(sub, sk), ConsistentRead=True)
    return _decode(raw["Item"]) if "Item" in raw else None


def _query(sub: str, condition: str, values: dict[str, Any], **extra: Any) -> Iterator[dict[str, Any]]:
    """Every page of a key-range query inside the caller's partition."""
    values = {":pk": {"S": partition(sub)}, **values}
    kwargs: dict[str, Any] = {
        "TableName": settings().table_name,
        "KeyConditionExpression": f"pk = :pk AND {condition}" if condition else "pk = :pk",
        "ExpressionAttributeValues": values,
        "ConsistentRead": True,
        **extra,
    }
    while True:
        page = client().query(**kwargs)
        yield from page.get("Items", [])
        if "LastEvaluatedKey" not in page:
            return
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def _cancelled(error: Exception) -> bool:
    """A transaction cancelled because one of its conditions failed: the item changed or went away.

    A cancellation for throttling or a conflicting concurrent transaction is transient: it is not this,
    it propagates, and the API answers 503 with Retry-After rather than a false 404.
    """
    if type(error).__name__ != "TransactionCanceledException":
        return False
    reasons = getattr(error, "response", {}).get("CancellationReasons") or []
    return not reasons or any(reason.get("Code") == "ConditionalCheckFailed" for reason in reasons)


def _put_if_unchanged(
    sub: str, sk: str, data: Item, old: Item | None, change: Change, read_back: Callable[[], Item | None]
) -> bool:
    """Put ``data`` at ``sk`` with its change record if the item still has the version of ``old`` (None:
    it must not exist yet). False when it changed since; after a botocore retry whose first attempt
    committed, True when ``read_back()`` now gives ``data``."""
    condition, values = version_condition(old) if old is not None else ("attribute_not_exists(pk)", {})
    put: dict[str, Any] = {
        "TableName": settings().table_name,
        "Item": _encode(sub, sk, data),
        "ConditionExpression": condition,
    }
    if values:
        put["ExpressionAttributeValues"] = values
    try:
        _write(sub, [{"Put": put}], {}, change)
    except Exception as error:
        if not _cancelled(error):
            raise
        return _retried(error) and read_back() == _normal(sub, sk, data)
    return True


# --- counters ------------------------------------------------------------------------------------
# Caps are kept on one counter item per professional and checked by the same transaction that adds the
# item they count, so parallel writes cannot overshoot them (a read-then-write check could).


class LimitReached(Exception):
    """A write would take a counter past its limit; ``counter`` names it (see ``limits``)."""

    def __init__(self, counter: str) -> None:
        super().__init__(counter)
        self.counter = counter


def credit_count(triennium: str) -> str:
    return f"credits {triennium}"


def credit_sum(triennium: str) -> str:
    return f"sum {triennium}"


# Counter -> (delta, ceiling or None). A positive delta with a ceiling must leave the counter at or
# under it; DynamoDB has no arithmetic in conditions, so the ceiling minus the delta is compared.
Changes = dict[str, tuple[Decimal, Decimal | None]]


def _count(sub: str, changes: Changes, seq: int | None = None) -> Any:
    """The counters' update; with ``seq``, it also moves the change feed's sequence from seq-1 to seq
    on condition that nobody moved it since it was read."""
    names: dict[str, str] = {}
    values: dict[str, Any] = {}
    adds: list[str] = []
    conditions: list[str] = []
    sets = ""
    if seq is not None:
        names["#seq"] = SEQ
        values[":seq"] = {"N": str(seq)}
        sets = "SET #seq = :seq "
        if seq == 1:
            conditions.append("attribute_not_exists(#seq)")
        else:
            values[":prev"] = {"N": str(seq - 1)}
            conditions.append("#seq = :prev")
    for index, (counter, (delta, ceiling)) in enumerate(sorted(changes.items())):
        names[f"#c{index}"] = counter
        values[f":d{index}"] = {"N": str(delta)}
        adds.append(f"#c{index} :d{index}")
        if ceiling is not None and delta > 0:
            values[f":r{index}"] = {"N": str(ceiling - delta)}
            conditions.append(f"(attribute_not_exists(#c{index}) OR #c{index} <= :r{index})")
    update: dict[str, Any] = {
        "TableName": settings().table_name,
        "Key": _key(sub, COUNTERS_SK),
        "UpdateExpression": (sets + ("ADD " + ", ".join(adds) if adds else "")).strip(),
        "ExpressionAttributeNames": names,
        "ExpressionAttributeValues": values,
    }
    if conditions:
        update["ConditionExpression"] = " AND ".join(conditions)
    return {"Update": update}


def counters(sub: str) -> dict[str, Decimal]:
    raw = client().get_item(TableName=settings().table_name, Key=_key(sub, COUNTERS_SK), ConsistentRead=True)
    return {k: Decimal(v) for k, v in _decode(raw["Item"]).items()} if "Item" in raw else {}


def current_seq(sub: str) -> int:
    """The number of the professional's last change record (0 before the first write)."""
    raw = client().get_item(
        TableName=settings().table_name,
        Key=_key(sub, COUNTERS_SK),
        ConsistentRead=True,
        ProjectionExpression="#seq",
        ExpressionAttributeNames={"#seq": SEQ},
    )
    return int(raw.get("Item", {}).get(SEQ, {}).get("N", "0"))


# Two writes of one professional at the same moment (two devices) both read sequence N; one commits, the
# other's transaction is cancelled by the sequence's condition and tries again with N+2, after a short
# random pause, for at most SEQ_BUDGET_S seconds (well inside the functions' 10 s timeout). Giving up is
# a transient conflict: the API answers 503 with Retry-After.
SEQ_BUDGET_S = 4.0
_SEQ_PAUSE_S = 0.05


def _write(sub: str, actions: list[Any], changes: Changes, change: Change) -> None:
    """Run the item's ``actions``, the counters' update and the change record in one transaction.

    The counters' update is at index ``len(actions)``, the change record after it, so the callers'
    indexes of their own actions are unchanged. Raises the transaction's error when a condition of
    ``actions`` or a cap failed (the caller tells which), or a transient ``TransactionConflictException``
    when other writes of the same professional kept taking the sequence number for ``SEQ_BUDGET_S``.
    """
    table = settings().table_name
    own = len(actions)
    deadline = time.monotonic() + SEQ_BUDGET_S
    attempt = 0
    while True:
        seq = current_seq(sub) + 1
        record: Any = {"Put": {"TableName": table, "Item": _encode(sub, change_sk(seq), change.record(seq))}}
        try:
            client().transact_write_items(TransactItems=[*actions, _count(sub, changes, seq), record])
            return
        except Exception as error:
            if not _cancelled(error) or any(_failed(error, i) for i in range(own)):
                raise
            if not _failed(error, own) or current_seq(sub) + 1 == seq:
                raise  # a cap refused the write, not the sequence
            if time.monotonic() > deadline:
                raise ClientError(
                    {"Error": {"Code": "TransactionConflictException", "Message": "change sequence busy"}},
                    "TransactWriteItems",
                ) from error
        attempt += 1
        time.sleep(random.uniform(0, _SEQ_PAUSE_S * min(attempt, 4)))  # nosec B311: backoff jitter, not a secret


def _insert(sub: str, items: list[tuple[str, Item]], changes: Changes, change: Change) -> None:
    """Write new ``items`` (sort key, data; none may exist yet), the counters and the change record in
    one transaction, or nothing.

    The items are new, so a failed ``attribute_not_exists`` can only mean that an earlier attempt of this
    very call committed and its answer was lost (botocore retried): that is success when the first item
    is stored as ``data``, and the caller never gets a 503 that would make a client write it twice.
    Raises ``LimitReached`` when a counter is full.
    """
    table = settings().table_name
    puts = [
        {
            "Put": {
                "TableName": table,
                "Item": _encode(sub, sk, data),
                "ConditionExpression": "attribute_not_exists(pk)",
            }
        }
        for sk, data in items
    ]
    try:
        _write(sub, puts, changes, change)
    except Exception as error:
        if not _cancelled(error):
            raise
        if any(_failed(error, i) for i in range(len(items))):
            sk, data = items[0]
            if _get(sub, sk) == _normal(sub, sk, data):
                return
            raise
        if _failed(error, len(items)):
            raise _limit_reached(sub, changes) from error
        raise


def _limit_reached(sub: str, changes: Changes) -> LimitReached:
    """Which counter refused the change (read after the cancellation, only to name it)."""
    now = counters(sub)
    for counter, (delta, ceiling) in sorted(changes.items()):
        if ceiling is not None and delta > 0 and now.get(counter, Decimal(0)) + delta > ceiling:
            return LimitReached(counter)
    return LimitReached(sorted(changes)[0])


def _reasons(error: Exception) -> list[str]:
    listed = getattr(error, "response", {}).get("CancellationReasons") or []
    return [str(reason.get("Code") or "None") for reason in listed]


def _retried(error: Exception) -> bool:
    """botocore sent the request more than once: an earlier attempt may have been applied."""
    meta = getattr(error, "response", {}).get("ResponseMetadata") or {}
    return int(meta.get("RetryAttempts") or 0) > 0


def _failed(error: Exception, index: int) -> bool:
    reasons = _reasons(error)
    return index < len(reasons) and reasons[index] == "ConditionalCheckFailed"


def _normal(sub: str, sk: str, data: Item) -> Item:
    return _decode(_encode(sub, sk, data))


# --- the change feed ----------------------------------------------------------------------------------


def changes_page(sub: str, after: int, limit: int) -> tuple[list[Item], bool]:
    """Up to ``limit`` change records after sequence ``after``, oldest first, in one query; and whether
    more follow.

    The query's range ends at the last possible ``CHANGE#`` key, not at ``COUNTERS``: the contact notes
    (``CONTACT#``) sort between the two, and a range that crossed them would spend the page's Limit
    on notes (a page of nothing, "more follow", forever). When the page is empty the caller reads the
    sequence number (``current_seq``) to tell "nothing new" from "expired".
    """
    kwargs: dict[str, Any] = {
        "TableName": settings().table_name,
        "KeyConditionExpression": "pk = :pk AND sk BETWEEN :low AND :high",
        "ExpressionAttributeValues": {
            ":pk": {"S": partition(sub)},
            ":low": {"S": change_sk(after + 1)},
            ":high": {"S": change_sk(LAST_SEQ)},
        },
        "Limit": limit + 1,
        "ConsistentRead": True,
    }
    page = client().query(**kwargs)
    records = [_decode(raw) for raw in page.get("Items", [])]
    # More: past the Limit, or DynamoDB stopped at its 1 MB page size.
    more = len(records) > limit or "LastEvaluatedKey" in page
    return records[:limit], more
