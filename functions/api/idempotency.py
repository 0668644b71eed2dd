"""Replays of POST requests from flaky mobile networks, scoped to the caller.

The idempotency key is the caller's ``sub`` plus the ``Idempotency-Key`` header plus the operation, so
two professionals who pick the same header value never see each other's responses. The body is the
payload checked on replay: the same key with another body is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, cast

from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)
from aws_lambda_powertools.utilities.idempotency.exceptions import IdempotencyPersistenceLayerError

from . import dal
from .errors import ApiError, refused
from .observability import logger
from .settings import settings

if TYPE_CHECKING:
    from pydantic import BaseModel

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
        raise refused(
            422, "invalid_input", "api.idempotency_key", "header.idempotency-key", limit=MAX_KEY_LENGTH
        )
    return key


Reread = Callable[[dict[str, Any]], dict[str, Any]]


def once(
    op: str, sub: str, key: str | None, body: BaseModel, action: Action, keep: list[str], reread: Reread
) -> dict[str, Any]:
    """Run ``action`` once per (sub, key, op); without a key, just run it.

    The replay record keeps only the ``keep`` fields of the answer (ids, never a title, a provider or a
    reason, which may be health data): a replay answers ``reread(record)``, built from what is stored
    now, so that after the item's deletion or the account's erasure a replay claims nothing.
    """
    if check_key(key) is None:
        return action()
    request = {"op": op, "sub": sub, "key": key, "body": body.model_dump(mode="json")}
    done: list[dict[str, Any]] = []

    def run_and_keep() -> dict[str, Any]:
        done.append(action())
        return {name: done[0].get(name) for name in keep}

    try:
        record = _runner()(request=request, action=run_and_keep)
    except IdempotencyPersistenceLayerError:
        if not done:
            raise
        # The change is stored but its replay record could not be completed: answering an error would
        # make the client retry and record it twice, so answer with what was stored. The record stays
        # "in progress" until it expires, and replays meanwhile get 409.
        logger.warning("idempotency record not completed after a successful write")
        return done[0]
    return done[0] if done else reread(record)


def gone(what: str) -> ApiError:
    """A replay whose item has since been deleted (by the professional or by erasure)."""
    return ApiError(
        HTTPStatus.GONE,
        "replay_gone",
        f"header.idempotency-key: the {what} this key created has since been deleted",
        "header.idempotency-key",
    )
