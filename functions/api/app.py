"""The resolver every function shares: Powertools' HTTP API resolver with OpenAPI validation, the error
mapping, and the caller's identity for the routes.

Loaded with a function's first request that reaches a route (``entry.Routers``), not at its cold start:
it brings Powertools' event handler and pydantic.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.api_gateway import BaseRouter
from aws_lambda_powertools.event_handler.openapi.exceptions import (
    RequestUnsupportedContentType,
    RequestValidationError,
    ResponseValidationError,
)

from functions.rulebook.errors import RuleInputError

from .entry import JSON
from .error_models import error_body, refusal_body, validation_details
from .errors import ApiError, limit_of, refused
from .observability import count_error, logger


def _respond(
    status: int, body: dict[str, Any], headers: dict[str, str] | None = None
) -> Response[dict[str, Any]]:
    """An error body as the response, counted in the error metrics."""
    count_error(status)
    return Response(status_code=status, content_type=JSON, body=body, headers=headers)


def _answer(error: ApiError) -> Response[dict[str, Any]]:
    """An ApiError as the one error shape, its sentence in the request's language."""
    return _respond(error.status, refusal_body(error), error.headers)


def make_resolver(storage: bool = True, idempotent: bool = False) -> APIGatewayHttpResolver:
    """A resolver with the API's error mapping. ``storage``: also map DynamoDB's faults (503 when
    transient); the public function, which stores nothing, passes False and so never imports boto3.
    ``idempotent``: also map the idempotency utility's (409 for a replay in progress, 422 for a key
    reused): only the records function has idempotent routes, so only it imports the utility."""
    app = APIGatewayHttpResolver(
        enable_validation=True, response_validation_error_http_code=HTTPStatus.INTERNAL_SERVER_ERROR
    )

    def _invalid(error: RequestValidationError) -> Response[dict[str, Any]]:
        details = validation_details(list(error.errors()))
        if not details:
            return _answer(refused(422, "invalid_input", "error.invalid", "body"))
        first = details[0]
        message = f"{first.field}: {first.message}"
        limit = limit_of(first.params)
        body = error_body(422, "invalid_input", message, first.field, details, first.msg, first.params, limit)
        return _respond(422, body)

    def _api_error(error: ApiError) -> Response[dict[str, Any]]:
        return _answer(error)

    def _rule_error(error: RuleInputError) -> Response[dict[str, Any]]:
        return _answer(refused(422, "invalid_input", error.msg, error.field, **error.params))

    def _bad_response(_: ResponseValidationError) -> Response[dict[str, Any]]:
        logger.exception("response failed its own schema")
        return _answer(refused(500, "internal_error", "api.bad_response"))

    def _fault(_: Exception) -> Response[dict[str, Any]]:
        logger.exception("unhandled error")
        return _answer(refused(500, "internal_error", "api.fault"))

    def _media_type(_: RequestUnsupportedContentType) -> Response[dict[str, Any]]:
        return _answer(refused(415, "unsupported_media_type", "api.media_type", "header.content-type"))

    def _no_route(_: Exception) -> Response[dict[str, Any]]:
        return _answer(refused(404, "not_found", "api.no_route"))

    # Registered by call rather than decorator: the decorators are untyped and would erase the signatures.
    for exc_class, handler in (
        (RequestUnsupportedContentType, _media_type),
        (RequestValidationError, _invalid),
        (ApiError, _api_error),
        (RuleInputError, _rule_error),
        (ResponseValidationError, _bad_response),
        (Exception, _fault),
    ):
        app.exception_handler(exc_class)(handler)
    if storage:
        from .storage_errors import storage_handlers

        for exc_class, handler in storage_handlers(_answer, _fault, idempotent):
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
        raise refused(HTTPStatus.UNAUTHORIZED, "unauthorized", "api.token_required")
    return sub


def username(router: BaseRouter) -> str:
    """The sign-in user's name in the pool (Cognito access tokens carry it as ``username``; else the sub)."""
    raw = router.current_event.raw_event
    claims = ((raw.get("requestContext") or {}).get("authorizer") or {}).get("jwt", {}).get("claims") or {}
    name = claims.get("username")
    return name if isinstance(name, str) and 0 < len(name) <= 128 else caller(router)
