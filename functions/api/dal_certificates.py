"""DynamoDB access for what the change feed knows of a credit's attestato. The file itself is in S3
(``files``); S3 tells nobody when a presigned upload completes, so the API records an attestato when
the app confirms its upload (``POST /v1/me/credits/{id}/certificate/confirm``) and when it is deleted.

Sort key::

    CERTIFICATE#<credit id>   the attestato as last confirmed: media type, size, upload time and the
                              S3 object's version (so a second confirmation of one upload writes nothing)

``CERTIFICATE#`` sorts before ``CHANGE#``, outside every range the other reads query. The record is
written together with its change record, on condition that the credit still exists, and deleted with
the credit (``dal_credits.delete_credit``).
"""

from __future__ import annotations

from typing import Any

from . import dal
from .dal_changes import Change, version_condition
from .settings import settings

PREFIX = "CERTIFICATE#"


def certificate_sk(credit_id: str) -> str:
    return f"{PREFIX}{credit_id}"


def get_certificate(sub: str, credit_id: str) -> dal.Item | None:
    return dal._get(sub, certificate_sk(credit_id))


class CreditGone(Exception):
    """The credit was deleted between reading it and recording its attestato."""


def put_certificate(sub: str, credit_id: str, data: dal.Item, old: dal.Item | None, change: Change) -> bool:
    """Record the attestato if its record still is ``old`` (None: there was none) and the credit exists,
    with its change record, in one transaction.

    False when the record changed since it was read; raises CreditGone when the credit is gone. After a
    botocore retry, a failed condition with the record now ``data`` is success.
    """
    table = settings().table_name
    sk = certificate_sk(credit_id)
    condition, values = version_condition(old) if old is not None else ("attribute_not_exists(pk)", {})
    put: dict[str, Any] = {
        "TableName": table,
        "Item": dal._encode(sub, sk, data),
        "ConditionExpression": condition,
    }
    if values:
        put["ExpressionAttributeValues"] = values
    credit_exists = {
        "ConditionCheck": {
            "TableName": table,
            "Key": dal._key(sub, f"CREDITID#{credit_id}"),
            "ConditionExpression": "attribute_exists(pk)",
        }
    }
    try:
        dal._write(sub, [credit_exists, {"Put": put}], {}, change)
    except Exception as error:
        if not dal._cancelled(error):
            raise
        if dal._retried(error) and get_certificate(sub, credit_id) == dal._normal(sub, sk, data):
            return True
        if dal._failed(error, 0):
            raise CreditGone(credit_id) from error
        return False
    return True


def delete_certificate(sub: str, credit_id: str, old: dal.Item, change: Change) -> bool:
    """Delete the record if it still is ``old``, leaving its tombstone. False when it changed or went
    away since (after a botocore retry, gone means an earlier attempt deleted it: True)."""
    condition, values = version_condition(old)
    delete: dict[str, Any] = {
        "TableName": settings().table_name,
        "Key": dal._key(sub, certificate_sk(credit_id)),
        "ConditionExpression": condition,
    }
    if values:
        delete["ExpressionAttributeValues"] = values
    try:
        dal._write(sub, [{"Delete": delete}], {}, change)
    except Exception as error:
        if dal._cancelled(error):
            return dal._retried(error) and get_certificate(sub, credit_id) is None
        raise
    return True
