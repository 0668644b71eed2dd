"""How storage faults are answered: DynamoDB unavailable (503), an idempotent replay in progress (409).

Only the functions that store something register these handlers (``app.make_resolver(storage=True)``),
so the public function never imports boto3; only the one with idempotent routes (records,
``idempotent=True``) imports Powertools' idempotency utility, which no other function's cold start needs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.event_handler import Response
from botocore.exceptions import BotoCoreError, ClientError, HTTPClientError
from botocore.exceptions import ConnectionError as BotoConnectionError

from .errors import ApiError, refused
from .observability import logger

# A replay waits for the first request, which finishes within the function's timeout.
RETRY_AFTER_SECONDS = "2"
# DynamoDB throttled, cancelled a transaction for a transient reason, or did not answer in time, and
# botocore's retries (dal.client_config) ran out: the client may retry the same request after this.
UNAVAILABLE_RETRY_AFTER_SECONDS = "3"
TRANSIENT_ERROR_CODES = frozenset(
    {
        "ProvisionedThroughputExceededException",
        "ThrottlingException",
        "RequestLimitExceeded",
        "TransactionCanceledException",  # condition failures are handled in dal; the rest are transient
        "TransactionInProgressException",
        "TransactionConflictException",
        "InternalServerError",
        "ServiceUnavailable",
    }
)

Answer = Callable[[ApiError], Response[dict[str, Any]]]
Fault = Callable[[Exception], Response[dict[str, Any]]]


def transient(error: BaseException | None) -> bool:
    """A storage fault worth retrying later: throttling, a transient cancellation, a timeout."""
    if isinstance(error, ClientError):
        status = int(error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0)
        return error.response.get("Error", {}).get("Code") in TRANSIENT_ERROR_CODES or status >= 500
    return isinstance(error, BotoConnectionError | HTTPClientError)


def storage_handlers(
    answer: Answer, fault: Fault, idempotent: bool = False
) -> list[tuple[type[Exception], Callable[..., Any]]]:
    """(exception class, handler) pairs for the resolver; ``answer`` renders an ApiError, ``fault`` a 500.
    ``idempotent``: also the idempotency utility's faults (replay in progress, key reused, its storage)."""

    def storage(error: Exception) -> Response[dict[str, Any]]:
        if not transient(error):
            return fault(error)
        # The fault's class only: the request and the items stay out of the logs.
        logger.warning("storage unavailable, answering 503", extra={"fault": type(error).__name__})
        unavailable = refused(503, "unavailable", "api.unavailable")
        unavailable.headers = {"Retry-After": UNAVAILABLE_RETRY_AFTER_SECONDS}
        return answer(unavailable)

    handlers: list[tuple[type[Exception], Callable[..., Any]]] = [
        (ClientError, storage),
        (BotoCoreError, storage),
    ]
    if idempotent:
        handlers += _idempotency_handlers(answer, storage)
    return handlers


def _idempotency_handlers(
    answer: Answer, storage: Callable[[Exception], Response[dict[str, Any]]]
) -> list[tuple[type[Exception], Callable[..., Any]]]:
    from aws_lambda_powertools.utilities.idempotency.exceptions import (
        IdempotencyAlreadyInProgressError,
        IdempotencyPersistenceLayerError,
        IdempotencyValidationError,
    )

    def in_progress(_: IdempotencyAlreadyInProgressError) -> Response[dict[str, Any]]:
        error = refused(409, "request_in_progress", "api.in_progress", "header.idempotency-key")
        error.headers = {"Retry-After": RETRY_AFTER_SECONDS}
        return answer(error)

    def key_reused(_: IdempotencyValidationError) -> Response[dict[str, Any]]:
        return answer(refused(422, "idempotency_key_reused", "api.key_reused", "header.idempotency-key"))

    def persistence(error: IdempotencyPersistenceLayerError) -> Response[dict[str, Any]]:
        # The utility wraps DynamoDB's fault: answered as that fault would be.
        cause = error.__cause__
        return storage(cause if isinstance(cause, Exception) else error)

    return [
        (IdempotencyAlreadyInProgressError, in_progress),
        (IdempotencyValidationError, key_reused),
        (IdempotencyPersistenceLayerError, persistence),
    ]
