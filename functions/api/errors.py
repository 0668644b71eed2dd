"""The errors the API answers on purpose (``ApiError``): loaded with every function, so without pydantic.

Clients (mobile apps, the local stack, the guide's widgets) branch on ``error.code`` and show
``error.message`` (in the language the request's Accept-Language chose); ``field`` names the input at
fault so a form can highlight it; ``msg`` and ``params`` are the message id in the rule book's
catalogue and its values (the limit, the value given), for an app that writes its own sentence.

The shape's models (``error_models``) come with the resolver, at a function's first request: this module
is loaded with every function, at its cold start, and so needs no pydantic.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from functions.rulebook import render
from functions.rulebook.messages import catalogue


class ApiError(Exception):
    """An error the API answers on purpose: a catalogue message (``msg``, ``params``) rendered in the
    request's language when answered, or (from older callers) a sentence already phrased."""

    def __init__(
        self,
        status: HTTPStatus,
        code: str,
        message: str | None = None,
        field: str | None = None,
        headers: dict[str, str] | None = None,
        *,
        msg: str | None = None,
        params: dict[str, Any] | None = None,
        limit: float | None = None,
    ) -> None:
        super().__init__(message or msg)
        self.status = status
        self.code = code
        self.msg = msg
        self.params = params or {}
        self.limit = limit if limit is not None else limit_of(self.params)
        self._message = message
        self.field = field
        self.headers = headers or {}

    @property
    def message(self) -> str:
        """The sentence in the current language ("field: ..." when the message concerns a field)."""
        if self.msg is None:
            return self._message or ""
        text = render(self.msg, self.params)
        return f"{self.field}: {text}" if self.field else text[:1].upper() + text[1:]


def limit_of(params: dict[str, Any]) -> float | None:
    """The limit a message's values name (``params["limit"]``) when it is a number, else None: the error's
    top-level ``limit`` then always agrees with the sentence (a date limit stays in ``params`` only)."""
    value = params.get("limit")
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def not_found(what: str) -> ApiError:
    # Someone else's item and a missing item must be indistinguishable, so one message serves both.
    label = f"what.item.{what}" if f"what.item.{what}" in catalogue() else "what.item.other"
    return ApiError(HTTPStatus.NOT_FOUND, "not_found", msg="api.not_found", params={"what": label})


def invalid(field: str, message: str) -> ApiError:
    return ApiError(HTTPStatus.UNPROCESSABLE_ENTITY, "invalid_input", f"{field}: {message}", field)


def refused(status: int, code: str, msg: str, field: str | None = None, **params: Any) -> ApiError:
    """An error from a catalogue message, e.g. ``refused(413, "payload_too_large", "api.body_too_large",
    "body", limit=262144)``."""
    return ApiError(HTTPStatus(status), code, field=field, msg=msg, params=params)


def limit_reached(field: str, msg: str, limit: float, **params: Any) -> ApiError:
    """A per-professional limit (see ``limits``) from a catalogue message: nothing was stored."""
    return ApiError(
        HTTPStatus.UNPROCESSABLE_ENTITY,
        "limit_reached",
        field=field,
        msg=msg,
        params={"limit": limit, **params},
        limit=limit,
    )
