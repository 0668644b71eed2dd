"""The one error shape (``ErrorBody``) as pydantic models, the translation of pydantic's validation errors
into it, and the error responses every route documents.

Loaded with the resolver and the routes (the first request of a function), not at its cold start: the
errors raised on purpose (``errors.ApiError``) need no pydantic.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from functions.rulebook import render, validation_message

if TYPE_CHECKING:
    from .errors import ApiError

MSG_DESCRIPTION = (
    "Message id in the rules export's catalogue (GET /v1/rules, 'messages'), e.g. 'error.less_than_equal'"
)
PARAMS_DESCRIPTION = "The message's values: the limit broken and the value given (numbers, ISO dates, ids)"


class ErrorDetail(BaseModel):
    model_config = ConfigDict(defer_build=True)  # built on first use: a shorter cold start

    field: str | None = Field(
        default=None, description="Input at fault, dotted, e.g. 'hours' or 'query.limit'"
    )
    message: str = Field(description="What is wrong with the field, in the response's Content-Language")
    msg: str | None = Field(default=None, description=MSG_DESCRIPTION)
    params: dict[str, JsonValue] = Field(default={}, description=PARAMS_DESCRIPTION)


class ErrorInfo(BaseModel):
    model_config = ConfigDict(defer_build=True)  # built on first use: a shorter cold start

    status: int
    code: str = Field(
        description="Stable identifier: invalid_input, not_found, conflict, payload_too_large, ..."
    )
    message: str = Field(description="A sentence a person can read, in the response's Content-Language")
    field: str | None = None
    msg: str | None = Field(default=None, description=MSG_DESCRIPTION)
    params: dict[str, JsonValue] = Field(default={}, description=PARAMS_DESCRIPTION)
    limit: float | None = Field(default=None, description="The limit broken, when a count or size was")
    details: list[ErrorDetail] = Field(
        default=[],
        description="Every input at fault, the one `field` names first; a 422 with a `field` always has it "
        "here too, whichever check refused it",
    )


class ErrorBody(BaseModel):
    model_config = ConfigDict(defer_build=True)  # built on first use: a shorter cold start

    error: ErrorInfo


class GatewayMessage(BaseModel):
    """What API Gateway itself answers before the function runs: 401 from the JWT authorizer
    ("Unauthorized"), 413 above the gateway's own body limit ("Request Entity Too Large"), 429 when
    the stage's throttling rejects the request ("Too Many Requests"). Not the API's error shape."""

    model_config = ConfigDict(defer_build=True)  # built on first use: a shorter cold start

    message: str = Field(examples=["Unauthorized", "Request Entity Too Large", "Too Many Requests"])


def error_body(
    status: int,
    code: str,
    message: str,
    field: str | None = None,
    details: list[ErrorDetail] | None = None,
    msg: str | None = None,
    params: dict[str, Any] | None = None,
    limit: float | None = None,
) -> dict[str, Any]:
    info = ErrorInfo(
        status=status,
        code=code,
        message=message,
        field=field,
        msg=msg,
        params=params or {},
        limit=limit,
        details=details or [],
    )
    return ErrorBody(error=info).model_dump(mode="json")


def refusal_body(error: ApiError) -> dict[str, Any]:
    """The body of an error answered on purpose. A refused input (422) is also its own one detail, so a
    client reads ``details`` the same way whichever check refused it (pydantic's, the rule book's or
    the API's own)."""
    details = None
    if error.status == HTTPStatus.UNPROCESSABLE_ENTITY and error.field and error.msg:
        text = render(error.msg, error.params)
        details = [ErrorDetail(field=error.field, message=text, msg=error.msg, params=error.params)]
    return error_body(
        error.status, error.code, error.message, error.field, details, error.msg, error.params, error.limit
    )


_LOCATIONS = {"body", "query", "path", "header", "headers"}


def field_of(loc: tuple[Any, ...] | list[Any]) -> str:
    """('body', 'credits', 3, 'date') -> 'credits.3.date'; parameters keep their location as prefix."""
    parts = [str(p) for p in loc]
    if parts and parts[0] == "body":
        parts = parts[1:]
    elif parts and parts[0] in _LOCATIONS:
        parts[0] = "header" if parts[0] == "headers" else parts[0]
    return ".".join(parts) or "body"


def validation_details(errors: list[dict[str, Any]]) -> list[ErrorDetail]:
    """Pydantic's errors as details in the current language, with the catalogue's id and the limit."""
    details = []
    for err in errors:
        kind = err.get("type", "")
        field = "body" if kind == "json_invalid" else field_of(err.get("loc", ()))
        msg, params = validation_message(err)
        details.append(ErrorDetail(field=field, message=render(msg, params), msg=msg, params=params))
    return details


# Statuses API Gateway answers itself, with its own body, before the function runs (as well as the API).
GATEWAY_STATUSES = (401, 413)


# Documented on every route so the OpenAPI document shows the one error shape everywhere.
def error_responses(*statuses: int) -> dict[int, Any]:
    descriptions = {
        401: 'No valid token: API Gateway answers {"message": "Unauthorized"}; an ID token instead of an '
        "access token gets the API's error body",
        404: "Not found (also for another professional's item)",
        409: "Conflict: a request with this Idempotency-Key is still running (see Retry-After)",
        410: "Replay of an Idempotency-Key whose item has since been deleted",
        413: "Body larger than the accepted limit: the API's error body, or API Gateway's own "
        '{"message": "Request Entity Too Large"} above the gateway\'s limit',
        415: "Body not sent as application/json",
        422: "Invalid input: the field at fault and the limit it broke",
        429: 'Too many requests: API Gateway\'s throttling answers {"message": "Too Many Requests"}; '
        "retry later with exponential backoff",
        500: "Server fault (no internals are disclosed)",
        503: "Storage temporarily unavailable: retry after the Retry-After header's seconds",
    }
    return {
        status: {
            "description": descriptions[status],
            "content": {
                "application/json": {
                    "model": GatewayMessage
                    if status == 429
                    else ErrorBody | GatewayMessage
                    if status in GATEWAY_STATUSES
                    else ErrorBody
                }
            },
        }
        for status in statuses
    }
