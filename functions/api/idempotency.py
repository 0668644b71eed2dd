"""Replays of POST requests from flaky mobile networks, scoped to the caller.

The idempotency key is the caller's ``sub`` plus the ``Idempotency-Key`` header plus the operation, so
two professionals who pick the same header value never see each other's responses. The body is the
payload checked on replay: the same key with another body is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from http import HTTPStatus
from typing import Any, cast

from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)
from aws_lambda_powertools.utilities.idempotency.exceptions import IdempotencyPersistenceLayerError
from pydantic import BaseModel

from . import dal
from .errors import ApiError
from .observability import logger
from .settings import settings

HEADER = "idempotency-key"
MAX_KEY_LENGTH = 128

# No boto3 here: the config only describes how to build the key, so it can exist at import time and
# receive the Lambda context (for the in-progress expiry) before the persistence layer exists.
config = IdempotencyConfig(
    event_key_jmespath="[sub, key, op]",
    payload_validation_jmespath="body",
    raise_on_no_idempotency_key=True,
)

Action = Callable[[], dict[str, Any]]


@cache
def _runner() -> Callable[..., dict[str, Any]]:
    config.expires_after_seconds = settings().idempotency_ttl_seconds
    persistence = DynamoDBPersistenceLayer(
        table_name=settings().idempotency_table_name, boto3_client=dal.client()
    )

    def run(request: dict[str, Any], action: Action) -> dict[str, Any]:
        return action()

    decorate = idempotent_function(
        data_keyword_argument="request", persistence_store=persistence, config=config
    )
    return cast(Callable[..., dict[str, Any]], decorate(run))


def reset() -> None:
    _runner.cache_clear()


def check_key(key: str | None) -> str | None:
    if key is None:
        return None
    if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise ApiError(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            "invalid_input",
            f"header.idempotency-key: must be 1 to {MAX_KEY_LENGTH} printable characters",
            "header.idempotency-key",
        )
    return key


def once(op: str, sub: str, key: str | None, body: BaseModel, action: Action) -> dict[str, Any]:
    """Run ``action`` once per (sub, key, op); without a key, just run it."""
    if check_key(key) is None:
        return action()
    request = {"op": op, "sub": sub, "key": key, "body": body.model_dump(mode="json")}
    done: list[dict[str, Any]] = []

    def run_and_keep() -> dict[str, Any]:
        done.append(action())
        return done[0]

    try:
        return _runner()(request=request, action=run_and_keep)
    except IdempotencyPersistenceLayerError:
        if not done:
            raise
        # The change is stored but its replay record could not be completed: answering an error would
        # make the client retry and record it twice, so answer with what was stored. The record stays
        # "in progress" until it expires, and replays meanwhile get 409.
        logger.warning("idempotency record not completed after a successful write")
        return done[0]
