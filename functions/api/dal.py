"""DynamoDB access: the only module of the API that touches boto3.

One table, one partition per professional. Every function takes the caller's ``sub`` first and builds
the partition key itself, so no caller-supplied value can name another partition.

Sort keys::

    CREDIT#<triennium>#<end date>#<id>   a credit, ordered by date inside its triennium
    CREDITID#<id>                        pointer from a credit's id to its sort key
    EXEMPTION#<id>                       an esonero or esenzione
    PROFILE                              the profile

Because ``EXEMPTION#`` and ``PROFILE`` are adjacent in sort order, a compliance call needs two
key-range queries whatever the number of credits: the triennium's credits, then profile+exemptions.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import TYPE_CHECKING, Any

import boto3
from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.config import Config

from .settings import settings

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.client import DynamoDBClient

Item = dict[str, Any]

PROFILE_SK = "PROFILE"
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


def credit_prefix(triennium: str) -> str:
    return f"CREDIT#{triennium}#"


def credit_sk(triennium: str, end_date: dt.date, credit_id: str) -> str:
    return f"{credit_prefix(triennium)}{end_date.isoformat()}#{credit_id}"


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


# --- profile -------------------------------------------------------------------------------------


def get_profile(sub: str) -> Item | None:
    raw = client().get_item(TableName=settings().table_name, Key=_key(sub, PROFILE_SK), ConsistentRead=True)
    return _decode(raw["Item"]) if "Item" in raw else None


def put_profile(sub: str, data: Item) -> None:
    client().put_item(TableName=settings().table_name, Item=_encode(sub, PROFILE_SK, data))


# --- credits -------------------------------------------------------------------------------------


def insert_credit(sub: str, credit_id: str, sk: str, data: Item) -> None:
    """The credit and its id pointer are written together or not at all."""
    table = settings().table_name
    client().transact_write_items(
        TransactItems=[
            {
                "Put": {
                    "TableName": table,
                    "Item": _encode(sub, sk, data),
                    "ConditionExpression": "attribute_not_exists(pk)",
                }
            },
            {
                "Put": {
                    "TableName": table,
                    "Item": _encode(sub, f"CREDITID#{credit_id}", {"ref": sk}),
                    "ConditionExpression": "attribute_not_exists(pk)",
                }
            },
        ]
    )


def _credit_ref(sub: str, credit_id: str) -> str | None:
    raw = client().get_item(
        TableName=settings().table_name, Key=_key(sub, f"CREDITID#{credit_id}"), ConsistentRead=True
    )
    return str(raw["Item"]["ref"]["S"]) if "Item" in raw else None


def get_credit(sub: str, credit_id: str) -> Item | None:
    ref = _credit_ref(sub, credit_id)
    if ref is None:
        return None
    raw = client().get_item(TableName=settings().table_name, Key=_key(sub, ref), ConsistentRead=True)
    return _decode(raw["Item"]) if "Item" in raw else None


def replace_credit(sub: str, credit_id: str, new_sk: str, data: Item) -> bool:
    """Replace a credit, moving it to a new sort key when its date or triennium changed.

    Returns False when the credit does not exist (in this partition). The pointer's current value is a
    condition of the transaction, so a concurrent update cannot leave two copies behind.
    """
    ref = _credit_ref(sub, credit_id)
    if ref is None:
        return False
    table = settings().table_name
    pointer_key = _key(sub, f"CREDITID#{credit_id}")
    actions: list[Any] = [
        {
            "Put": {
                "TableName": table,
                "Item": _encode(sub, new_sk, data),
                **(
                    {"ConditionExpression": "attribute_exists(pk)"}
                    if new_sk == ref
                    else {"ConditionExpression": "attribute_not_exists(pk)"}
                ),
            }
        },
        {
            "Update": {
                "TableName": table,
                "Key": pointer_key,
                "UpdateExpression": "SET #ref = :new",
                "ConditionExpression": "#ref = :old",
                "ExpressionAttributeNames": {"#ref": "ref"},
                "ExpressionAttributeValues": {":new": {"S": new_sk}, ":old": {"S": ref}},
            }
        },
    ]
    if new_sk != ref:
        actions.append({"Delete": {"TableName": table, "Key": _key(sub, ref)}})
    try:
        client().transact_write_items(TransactItems=actions)
    except Exception as error:
        if _cancelled(error):
            return False
        raise
    return True


def delete_credit(sub: str, credit_id: str) -> bool:
    ref = _credit_ref(sub, credit_id)
    if ref is None:
        return False
    table = settings().table_name
    try:
        client().transact_write_items(
            TransactItems=[
                {
                    "Delete": {
                        "TableName": table,
                        "Key": _key(sub, f"CREDITID#{credit_id}"),
                        "ConditionExpression": "#ref = :ref",
                        "ExpressionAttributeNames": {"#ref": "ref"},
                        "ExpressionAttributeValues": {":ref": {"S": ref}},
                    }
                },
                {"Delete": {"TableName": table, "Key": _key(sub, ref)}},
            ]
        )
    except Exception as error:
        if _cancelled(error):
            return False
        raise
    return True


def list_credits_page(
    sub: str, triennium: str, limit: int, after_sk: str | None
) -> tuple[list[Item], str | None]:
    """One page of a triennium's credits; the second value is the sort key to continue after."""
    kwargs: dict[str, Any] = {
        "TableName": settings().table_name,
        "KeyConditionExpression": "pk = :pk AND begins_with(sk, :prefix)",
        "ExpressionAttributeValues": {
            ":pk": {"S": partition(sub)},
            ":prefix": {"S": credit_prefix(triennium)},
        },
        "Limit": limit,
        "ConsistentRead": True,
    }
    if after_sk is not None:
        kwargs["ExclusiveStartKey"] = _key(sub, after_sk)
    page = client().query(**kwargs)
    items = [_decode(raw) for raw in page.get("Items", [])]
    last = page.get("LastEvaluatedKey")
    return items, (str(last["sk"]["S"]) if last else None)


def credits_of_triennium(sub: str, triennium: str) -> list[Item]:
    return [
        _decode(raw)
        for raw in _query(sub, "begins_with(sk, :prefix)", {":prefix": {"S": credit_prefix(triennium)}})
    ]


def all_credits(sub: str) -> list[Item]:
    return [_decode(raw) for raw in _query(sub, "begins_with(sk, :prefix)", {":prefix": {"S": "CREDIT#"}})]


# --- exemptions and profile together ----------------------------------------------------------------


def profile_and_exemptions(sub: str) -> tuple[Item | None, list[Item]]:
    """One query: EXEMPTION#... and PROFILE are neighbours in sort order."""
    profile: Item | None = None
    exemptions: list[Item] = []
    for raw in _query(
        sub, "sk BETWEEN :low AND :high", {":low": {"S": "EXEMPTION#"}, ":high": {"S": PROFILE_SK}}
    ):
        if raw["sk"]["S"] == PROFILE_SK:
            profile = _decode(raw)
        else:
            exemptions.append(_decode(raw))
    return profile, exemptions


def insert_exemption(sub: str, exemption_id: str, data: Item) -> None:
    client().put_item(
        TableName=settings().table_name,
        Item=_encode(sub, f"EXEMPTION#{exemption_id}", data),
        ConditionExpression="attribute_not_exists(pk)",
    )


def list_exemptions(sub: str) -> list[Item]:
    return [_decode(raw) for raw in _query(sub, "begins_with(sk, :prefix)", {":prefix": {"S": "EXEMPTION#"}})]


def delete_exemption(sub: str, exemption_id: str) -> bool:
    try:
        client().delete_item(
            TableName=settings().table_name,
            Key=_key(sub, f"EXEMPTION#{exemption_id}"),
            ConditionExpression="attribute_exists(pk)",
        )
    except client().exceptions.ConditionalCheckFailedException:
        return False
    return True


# --- the whole partition ------------------------------------------------------------------------------


def all_items(sub: str) -> list[tuple[str, Item]]:
    """Every item of the caller, with its sort key (for export)."""
    return [(str(raw["sk"]["S"]), _decode(raw)) for raw in _query(sub, "", {})]


def delete_partition(sub: str) -> int:
    keys = [_key(sub, str(raw["sk"]["S"])) for raw in _query(sub, "", {}, ProjectionExpression="pk, sk")]
    table = settings().table_name
    for start in range(0, len(keys), _TRANSACTION_LIMIT):
        chunk = keys[start : start + _TRANSACTION_LIMIT]
        client().transact_write_items(
            TransactItems=[{"Delete": {"TableName": table, "Key": k}} for k in chunk]
        )
    return len(keys)
