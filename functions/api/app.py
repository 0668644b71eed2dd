"""What every handler shares: the resolver setup, the error mapping, the caller's identity, the body limit."""

from __future__ import annotations

import base64
import binascii
import json
import sys
from http import HTTPStatus
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.api_gateway import BaseRouter
from aws_lambda_powertools.event_handler.openapi.exceptions import (
    RequestUnsupportedContentType,
    RequestValidationError,
    ResponseValidationError,
)
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyAlreadyInProgressError,
    IdempotencyPersistenceLayerError,
    IdempotencyValidationError,
)
from aws_lambda_powertools.utilities.typing import LambdaContext
from botocore.exceptions import BotoCoreError, ClientError, HTTPClientError
from botocore.exceptions import ConnectionError as BotoConnectionError

from functions.rulebook import RuleInputError

from . import idempotency
from .errors import ApiError, ErrorDetail, error_body, validation_details
from .observability import logger, metrics

# Large enough for a stateless evaluation of a few thousand credits, far below Lambda's 6 MB.
MAX_BODY_BYTES = 256 * 1024
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
JSON = "application/json"
# No request of this API nests more than a handful of levels; far deeper JSON only probes the parser.
MAX_JSON_DEPTH = 32


def _error(
    status: int,
    code: str,
    message: str,
    field: str | None = None,
    details: list[ErrorDetail] | None = None,
    headers: dict[str, str] | None = None,
    limit: float | None = None,
) -> Response[dict[str, Any]]:
    _count_error(status)
    return Response(
        status_code=status,
        content_type=JSON,
        body=error_body(status, code, message, field, details, limit),
        headers=headers,
    )


def _count_error(status: int) -> None:
    # Failed requests add no business metric; counting them by class keeps the dashboards honest.
    metrics.add_metric(name=f"Http{status // 100}xx", unit=MetricUnit.Count, value=1)


def transient(error: BaseException | None) -> bool:
    """A storage fault worth retrying later: throttling, a transient cancellation, a timeout."""
    if isinstance(error, ClientError):
        status = int(error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0)
        return error.response.get("Error", {}).get("Code") in TRANSIENT_ERROR_CODES or status >= 500
    return isinstance(error, BotoConnectionError | HTTPClientError)


def make_resolver() -> APIGatewayHttpResolver:
    app = APIGatewayHttpResolver(
        enable_validation=True, response_validation_error_http_code=HTTPStatus.INTERNAL_SERVER_ERROR
    )

    def _invalid(error: RequestValidationError) -> Response[dict[str, Any]]:
        details = validation_details(list(error.errors()))
        first = details[0] if details else ErrorDetail(field="body", message="is invalid")
        message = f"{first.field}: {first.message}"
        return _error(422, "invalid_input", message, first.field, details)

    def _api_error(error: ApiError) -> Response[dict[str, Any]]:
        return _error(
            error.status, error.code, error.message, error.field, headers=error.headers, limit=error.limit
        )

    def _rule_error(error: RuleInputError) -> Response[dict[str, Any]]:
        return _error(422, "invalid_input", f"{error.field}: {error.message}", error.field)

    def _in_progress(_: IdempotencyAlreadyInProgressError) -> Response[dict[str, Any]]:
        return _error(
            409,
            "request_in_progress",
            "A request with this Idempotency-Key is still being processed; retry later",
            "header.idempotency-key",
            headers={"Retry-After": RETRY_AFTER_SECONDS},
        )

    def _key_reused(_: IdempotencyValidationError) -> Response[dict[str, Any]]:
        return _error(
            422,
            "idempotency_key_reused",
            "header.idempotency-key: already used with a different body; use a new key for a new request",
            "header.idempotency-key",
        )

    def _bad_response(_: ResponseValidationError) -> Response[dict[str, Any]]:
        logger.exception("response failed its own schema")
        return _error(500, "internal_error", "The server could not produce a valid answer")

    def _fault(_: Exception) -> Response[dict[str, Any]]:
        logger.exception("unhandled error")
        return _error(500, "internal_error", "The server could not answer; the fault has been logged")

    def _media_type(_: RequestUnsupportedContentType) -> Response[dict[str, Any]]:
        return _error(
            415,
            "unsupported_media_type",
            "header.content-type: send the body as application/json",
            "header.content-type",
        )

    def _storage(error: Exception) -> Response[dict[str, Any]]:
        cause = error.__cause__ if isinstance(error, IdempotencyPersistenceLayerError) else error
        if not transient(cause):
            return _fault(error)
        # The fault's class only: the request and the items stay out of the logs.
        logger.warning("storage unavailable, answering 503", extra={"fault": type(cause).__name__})
        return _error(
            503,
            "unavailable",
            "The service is busy and could not complete the request; retry it after the time in Retry-After",
            headers={"Retry-After": UNAVAILABLE_RETRY_AFTER_SECONDS},
        )

    def _no_route(_: Exception) -> Response[dict[str, Any]]:
        return _error(404, "not_found", "No such route")

    # Registered by call rather than decorator: the decorators are untyped and would erase the signatures.
    for exc_class, handler in (
        (RequestUnsupportedContentType, _media_type),
        (RequestValidationError, _invalid),
        (ApiError, _api_error),
        (RuleInputError, _rule_error),
        (IdempotencyAlreadyInProgressError, _in_progress),
        (IdempotencyValidationError, _key_reused),
        (ResponseValidationError, _bad_response),
        (ClientError, _storage),
        (BotoCoreError, _storage),
        (IdempotencyPersistenceLayerError, _storage),
        (Exception, _fault),
    ):
        app.exception_handler(exc_class)(handler)
    app.not_found(_no_route)
    return app


def caller(router: BaseRouter) -> str:
    """The professional is the token's ``sub``; the authorizer already checked the signature."""
    raw = router.current_event.raw_event
    claims = ((raw.get("requestContext") or {}).get("authorizer") or {}).get("jwt", {}).get("claims") or {}
    sub = claims.get("sub")
    token_use = claims.get("token_use")
    if (
        not isinstance(sub, str)
        or not 0 < len(sub) <= 128
        or (token_use is not None and token_use != "access")
    ):
        raise ApiError(HTTPStatus.UNAUTHORIZED, "unauthorized", "An access token is required")
    return sub


def username(router: BaseRouter) -> str:
    """The sign-in user's name in the pool (Cognito access tokens carry it as ``username``; else the sub)."""
    raw = router.current_event.raw_event
    claims = ((raw.get("requestContext") or {}).get("authorizer") or {}).get("jwt", {}).get("claims") or {}
    name = claims.get("username")
    return name if isinstance(name, str) and 0 < len(name) <= 128 else caller(router)


def _body_size(event: dict[str, Any]) -> int:
    body = event.get("body") or ""
    if event.get("isBase64Encoded"):
        return len(body) * 3 // 4
    return len(body.encode())


def _unparseable(event: dict[str, Any]) -> str | None:
    """Why a body that is valid JSON text still cannot be parsed, or None.

    Python's parser raises RecursionError on JSON nested about a thousand deep and ValueError on an
    integer of more than 4,300 digits, both inside the size limit; unhandled, either is a 500.
    Malformed JSON is left to the resolver, which answers its usual 422.
    """
    body = event.get("body")
    if not body:
        return None
    try:
        text = base64.b64decode(body).decode() if event.get("isBase64Encoded") else body
        parsed = json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except DuplicateKeyError as error:
        # Parsers disagree on which copy wins; a client sending two must be told, not guessed at.
        return f"body: the key {error.key[:40]!r} appears more than once"
    except RecursionError:
        return f"body: JSON may nest at most {MAX_JSON_DEPTH} levels deep"
    except (UnicodeDecodeError, binascii.Error):
        return "body: is not UTF-8 text"
    except json.JSONDecodeError:
        return None
    except ValueError:
        return f"body: a number has more than {sys.get_int_max_str_digits()} digits"
    # The resolver parses again deeper in the stack, where a little less nesting already overflows.
    if _depth(parsed) > MAX_JSON_DEPTH:
        return f"body: JSON may nest at most {MAX_JSON_DEPTH} levels deep"
    if not isinstance(parsed, dict):
        # Every body of this API is one object; an array's first element must not stand in for it.
        return "body: must be a JSON object"
    return None


def _depth(value: Any) -> int:
    deepest, todo = 0, [(value, 1)]
    while todo:
        node, level = todo.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, level)
            todo.extend((child, level + 1) for child in (node.values() if isinstance(node, dict) else node))
    return deepest


def json_media_type(value: str) -> bool:
    """``application/json``, optionally with a UTF-8 charset: not ``application/jsonx``, not latin-1."""
    kind, _, rest = value.partition(";")
    if kind.strip().lower() != JSON:
        return False
    for parameter in filter(None, (p.strip() for p in rest.split(";"))):
        name, _, param_value = parameter.partition("=")
        charset = param_value.strip().strip('"').lower()
        if name.strip().lower() != "charset" or charset not in ("utf-8", "utf8"):
            return False
    return True


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise DuplicateKeyError(key)
        seen[key] = value
    return seen


class DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _refuse(status: int, code: str, message: str) -> dict[str, Any]:
    _count_error(status)
    body = error_body(status, code, message, message.split(":", 1)[0])
    headers = {"Content-Type": JSON, "Cache-Control": "no-store"}
    return {"statusCode": status, "headers": headers, "body": json.dumps(body)}


def run(app: APIGatewayHttpResolver, event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """Refuse oversize and unparseable bodies before the resolver parses them, then let it route."""
    if _body_size(event) > MAX_BODY_BYTES:
        return _refuse(413, "payload_too_large", f"body: at most {MAX_BODY_BYTES} bytes are accepted")
    content_type = next(
        (v for k, v in (event.get("headers") or {}).items() if k.lower() == "content-type"), ""
    )
    if event.get("body") and content_type and not json_media_type(content_type):
        # Powertools would parse form and multipart bodies (and crash on a multipart without boundary).
        return _refuse(
            415, "unsupported_media_type", "header.content-type: send the body as application/json"
        )
    problem = _unparseable(event)
    if problem is not None:
        return _refuse(422, "invalid_input", problem)
    idempotency.config.register_lambda_context(context)
    return _not_stored(app.resolve(event, context))


def _not_stored(response: dict[str, Any]) -> dict[str, Any]:
    """Every answer may carry personal data (or a calculation on it): no cache may keep a copy."""
    headers = response.setdefault("headers", {})
    headers.setdefault("Cache-Control", "no-store")
    return response
