"""DynamoDB access for the calendar feed's secret (issue 14): kept apart from ``dal`` (the credits).

A calendar app cannot send a bearer token, so a feed is reached by a secret URL. Only the secret's
SHA-256 is stored (the secret is 256 random bits, so a plain hash is enough: nothing to guess, nothing
to brute-force), in two items written by one transaction:

    pk USER#<sub>           sk CALENDAR   the professional's feed: secret_hash, lang, created_at
    pk CALENDAR#<hash>      sk CALENDAR   the lookup from a secret to its owner: sub

The public route hashes the secret it is given, reads the lookup, then checks that the owner's own item
still names that hash: a rotated or revoked secret, or one whose owner erased the account, finds nothing.
The ``CALENDAR#`` partitions never collide with ``USER#`` ones, so no secret can name a professional's
partition.
"""

from __future__ import annotations

import hashlib
from typing import Any

from botocore.exceptions import ClientError

from . import dal
from .settings import settings

SK = "CALENDAR"
LOOKUP_PREFIX = "CALENDAR#"


def secret_hash(secret: str) -> str:
    """The SHA-256 of ``secret`` as 64 lowercase hex digits (what is stored, never the secret)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def _lookup_key(digest: str) -> dict[str, Any]:
    return {"pk": {"S": f"{LOOKUP_PREFIX}{digest}"}, "sk": {"S": SK}}


def _own_key(sub: str) -> dict[str, Any]:
    return {"pk": {"S": dal.partition(sub)}, "sk": {"S": SK}}


def _condition_failed(error: ClientError) -> bool:
    """The transaction was cancelled by one of its conditions (a concurrent rotation), not a fault."""
    if error.response.get("Error", {}).get("Code") != "TransactionCanceledException":
        return False
    reasons = error.response.get("CancellationReasons") or []
    return any(reason.get("Code") == "ConditionalCheckFailed" for reason in reasons)


def get_feed(sub: str) -> dict[str, Any] | None:
    """The caller's feed item (secret_hash, lang, created_at) or None."""
    raw = dal.client().get_item(TableName=settings().table_name, Key=_own_key(sub), ConsistentRead=True)
    item = raw.get("Item")
    if item is None:
        return None
    return {k: v["S"] for k, v in item.items() if k not in ("pk", "sk") and "S" in v}


def put_feed(sub: str, digest: str, lang: str, created_at: str) -> None:
    """Store a new feed for ``sub`` and drop the old one's lookup, in one transaction.

    The old hash is read first and the write is conditioned on it, so two rotations at once cannot leave
    a lookup behind: the loser's transaction fails on the condition and is retried with the new state.
    """
    table = settings().table_name
    for _ in range(3):
        old = get_feed(sub)
        own: dict[str, Any] = {
            "TableName": table,
            "Item": {
                **_own_key(sub),
                "secret_hash": {"S": digest},
                "lang": {"S": lang},
                "created_at": {"S": created_at},
            },
        }
        actions: list[Any] = []
        if old is None:
            own["ConditionExpression"] = "attribute_not_exists(pk)"
        else:
            own["ConditionExpression"] = "secret_hash = :old"
            own["ExpressionAttributeValues"] = {":old": {"S": old["secret_hash"]}}
            actions.append({"Delete": {"TableName": table, "Key": _lookup_key(old["secret_hash"])}})
        lookup = {**_lookup_key(digest), "sub": {"S": sub}}
        actions += [{"Put": own}, {"Put": {"TableName": table, "Item": lookup}}]
        try:
            dal.client().transact_write_items(TransactItems=actions)
            return
        except ClientError as error:
            if not _condition_failed(error):
                raise
    raise RuntimeError("calendar feed kept changing during rotation")


def delete_feed(sub: str) -> bool:
    """Revoke the caller's feed (both items); False when there was none.

    The lookup goes first: a failure in between leaves the owner's item, which a retry finds and
    finishes, never a lookup naming the sub that nothing points to. Read with Query, which the erasure
    function is granted (it has no GetItem).
    """
    table = settings().table_name
    page = dal.client().query(
        TableName=table,
        KeyConditionExpression="pk = :pk AND sk = :sk",
        ExpressionAttributeValues={":pk": {"S": dal.partition(sub)}, ":sk": {"S": SK}},
        ConsistentRead=True,
    )
    items = page.get("Items") or []
    if not items:
        return False
    dal.client().delete_item(TableName=table, Key=_lookup_key(items[0]["secret_hash"]["S"]))
    dal.client().delete_item(TableName=table, Key=_own_key(sub))
    return True


def owner(secret: str) -> tuple[str, dict[str, Any]] | None:
    """(sub, feed item) of the feed this secret opens, or None (unknown, rotated or revoked)."""
    digest = secret_hash(secret)
    raw = dal.client().get_item(TableName=settings().table_name, Key=_lookup_key(digest), ConsistentRead=True)
    item = raw.get("Item")
    if item is None:
        return None
    sub = item["sub"]["S"]
    feed = get_feed(sub)
    if feed is None or feed.get("secret_hash") != digest:
        return None
    return sub, feed
