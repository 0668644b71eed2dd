"""One error shape for every failure, and the translation of library exceptions into it.

Clients (mobile apps, the local stack, the guide's widgets) branch on ``error.code`` and show
``error.message``; ``field`` names the input at fault so a form can highlight it.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from pydantic import BaseModel, Field


class ErrorDetail(BaseModel):
    field: str | None = Field(
        default=None, description="Input at fault, dotted, e.g. 'hours' or 'query.limit'"
    )
    message: str


class ErrorInfo(BaseModel):
    status: int
    code: str = Field(
        description="Stable identifier: invalid_input, not_found, conflict, payload_too_large, ..."
    )
    message: str = Field(description="A sentence a person can read")
    field: str | None = None
    limit: float | None = Field(default=None, description="The limit broken, when a count or size was")
    details: list[ErrorDetail] = []


class ErrorBody(BaseModel):
    error: ErrorInfo


class GatewayMessage(BaseModel):
    """What API Gateway itself answers (e.g. 401 from the JWT authorizer): not the API's shape."""

    message: str = Field(examples=["Unauthorized"])


class ApiError(Exception):
    """An error the API answers on purpose, already phrased for the caller."""

    def __init__(
        self,
        status: HTTPStatus,
        code: str,
        message: str,
        field: str | None = None,
        headers: dict[str, str] | None = None,
        limit: float | None = None,
    ) -> None:
        super().__init__(message)
        self.limit = limit
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.headers = headers or {}


def not_found(what: str) -> ApiError:
    # Someone else's item and a missing item must be indistinguishable, so one message serves both.
    return ApiError(HTTPStatus.NOT_FOUND, "not_found", f"{what} not found")


def invalid(field: str, message: str) -> ApiError:
    return ApiError(HTTPStatus.UNPROCESSABLE_ENTITY, "invalid_input", f"{field}: {message}", field)


def limit_reached(field: str, message: str, limit: float) -> ApiError:
    """A per-professional limit (see ``limits``): nothing was stored."""
    status = HTTPStatus.UNPROCESSABLE_ENTITY
    return ApiError(status, "limit_reached", f"{field}: {message}", field, limit=limit)


def error_body(
    status: int,
    code: str,
    message: str,
    field: str | None = None,
    details: list[ErrorDetail] | None = None,
    limit: float | None = None,
) -> dict[str, Any]:
    info = ErrorInfo(
        status=status, code=code, message=message, field=field, limit=limit, details=details or []
    )
    return ErrorBody(error=info).model_dump(mode="json")


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
    details = []
    for err in errors:
        kind = err.get("type", "")
        field = "body" if kind == "json_invalid" else field_of(err.get("loc", ()))
        if kind == "json_invalid":
            message = "is not valid JSON"
        elif kind == "missing":
            message = "is required"
        elif kind == "extra_forbidden":
            message = "is not an accepted field"
        else:
            message = str(err.get("msg", "is invalid")).removeprefix("Value error, ")
        details.append(ErrorDetail(field=field, message=message))
    return details


# Documented on every route so the OpenAPI document shows the one error shape everywhere.
def error_responses(*statuses: int) -> dict[int, Any]:
    descriptions = {
        401: 'No valid token: API Gateway answers {"message": "Unauthorized"}; an ID token instead of an '
        "access token gets the API's error body",
        404: "Not found (also for another professional's item)",
        409: "Conflict: a request with this Idempotency-Key is still running (see Retry-After)",
        410: "Replay of an Idempotency-Key whose item has since been deleted",
        413: "Body larger than the accepted limit",
        415: "Body not sent as application/json",
        422: "Invalid input: the field at fault and the limit it broke",
        500: "Server fault (no internals are disclosed)",
        503: "Storage temporarily unavailable: retry after the Retry-After header's seconds",
    }
    return {
        status: {
            "description": descriptions[status],
            "content": {
                "application/json": {"model": ErrorBody | GatewayMessage if status == 401 else ErrorBody}
            },
        }
        for status in statuses
    }
