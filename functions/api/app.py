"""What every handler shares: the resolver setup, the error mapping, the caller's identity, the body limit."""

from __future__ import annotations

import base64
import binascii
import gc
import importlib
import json
import sys
from collections.abc import Callable
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
from aws_lambda_powertools.utilities.typing import LambdaContext

from functions.attestati.limits import MAX_PDF_BYTES
from functions.rulebook.errors import RuleInputError
from functions.rulebook.messages import language, negotiate

from .errors import ApiError, ErrorDetail, error_body, refused, validation_details
from .observability import logger, metrics

# Large enough for a stateless evaluation of a few thousand credits, far below Lambda's 6 MB.
MAX_BODY_BYTES = 256 * 1024
JSON = "application/json"
# JSON Merge Patch bodies (RFC 7396) are JSON too: the PATCH routes read them (routes.versions).
MERGE_PATCH = "application/merge-patch+json"
# No request of this API nests more than a handful of levels; far deeper JSON only probes the parser.
MAX_JSON_DEPTH = 32
# The one route whose body is a file, not JSON: (method, path) -> (media type, byte limit of the file).
FILE_ROUTES = {("POST", "/v1/certificates/read"): ("application/pdf", MAX_PDF_BYTES)}


def _error(
    status: int,
    code: str,
    message: str,
    field: str | None = None,
    details: list[ErrorDetail] | None = None,
    headers: dict[str, str] | None = None,
    msg: str | None = None,
    params: dict[str, Any] | None = None,
    limit: float | None = None,
) -> Response[dict[str, Any]]:
    _count_error(status)
    return Response(
        status_code=status,
        content_type=JSON,
        body=error_body(status, code, message, field, details, msg, params, limit),
        headers=headers,
    )


def _answer(error: ApiError) -> Response[dict[str, Any]]:
    """An ApiError as the one error shape, its sentence in the request's language."""
    return _error(
        error.status,
        error.code,
        error.message,
        error.field,
        None,
        error.headers,
        error.msg,
        error.params,
        error.limit,
    )


def _count_error(status: int) -> None:
    # Failed requests add no business metric; counting them by class keeps the dashboards honest.
    metrics.add_metric(name=f"Http{status // 100}xx", unit=MetricUnit.Count, value=1)


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
        return _error(422, "invalid_input", message, first.field, details, None, first.msg, first.params)

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


def _body_size(event: dict[str, Any]) -> int:
    body = event.get("body") or ""
    if event.get("isBase64Encoded"):
        # Exact for padded base64: a body of exactly the limit is not refused as two bytes over.
        return len(body) * 3 // 4 - body[-2:].count("=")
    return len(body.encode())


def _unparseable(event: dict[str, Any]) -> ApiError | None:
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
        return refused(422, "invalid_input", "api.duplicate_key", "body", key=error.key[:40])
    except RecursionError:
        return refused(422, "invalid_input", "api.json_depth", "body", limit=MAX_JSON_DEPTH)
    except (UnicodeDecodeError, binascii.Error):
        return refused(422, "invalid_input", "api.not_utf8", "body")
    except json.JSONDecodeError:
        return None
    except ValueError:
        return refused(422, "invalid_input", "api.number_digits", "body", limit=sys.get_int_max_str_digits())
    # The resolver parses again deeper in the stack, where a little less nesting already overflows.
    if _depth(parsed) > MAX_JSON_DEPTH:
        return refused(422, "invalid_input", "api.json_depth", "body", limit=MAX_JSON_DEPTH)
    if not isinstance(parsed, dict):
        # Every body of this API is one object; an array's first element must not stand in for it.
        return refused(422, "invalid_input", "error.object", "body")
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
    """``application/json`` (or ``application/merge-patch+json``), optionally with a UTF-8 charset: not
    ``application/jsonx``, not latin-1."""
    kind, _, rest = value.partition(";")
    if kind.strip().lower() not in (JSON, MERGE_PATCH):
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


def _refuse(error: ApiError) -> dict[str, Any]:
    _count_error(error.status)
    body = error_body(
        error.status, error.code, error.message, error.field, None, error.msg, error.params, error.limit
    )
    headers = {"Content-Type": JSON, "Cache-Control": "no-store"}
    return {"statusCode": int(error.status), "headers": headers, "body": json.dumps(body)}


def _header(event: dict[str, Any], name: str) -> str:
    return next((v for k, v in (event.get("headers") or {}).items() if k.lower() == name), "")


def run(app: APIGatewayHttpResolver, event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """Answer in the language Accept-Language asks for (it or en; Italian by default), said in
    Content-Language. Oversize and unparseable bodies are refused before the resolver parses them."""
    lang = negotiate(_header(event, "accept-language"))
    with language(lang):
        response = _route(app, event, context)
    headers = response.setdefault("headers", {}) or {}
    response["headers"] = headers
    headers["Content-Language"] = lang
    # Caches must keep one answer per language.
    vary = headers.get("Vary")
    headers["Vary"] = f"{vary}, Accept-Language" if vary else "Accept-Language"
    return response


def _route(app: APIGatewayHttpResolver, event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    http = (event.get("requestContext") or {}).get("http") or {}
    file_route = FILE_ROUTES.get((str(http.get("method", "")).upper(), str(event.get("rawPath", ""))))
    if file_route is not None:
        return _file_route(app, event, context, *file_route)
    if _body_size(event) > MAX_BODY_BYTES:
        return _refuse(refused(413, "payload_too_large", "api.body_too_large", "body", limit=MAX_BODY_BYTES))
    content_type = _header(event, "content-type")
    if event.get("body") and content_type and not json_media_type(content_type):
        # Powertools would parse form and multipart bodies (and crash on a multipart without boundary).
        return _refuse(refused(415, "unsupported_media_type", "api.media_type", "header.content-type"))
    problem = _unparseable(event)
    if problem is not None:
        return _refuse(problem)
    return _not_stored(app.resolve(event, context))


def _file_route(
    app: APIGatewayHttpResolver, event: dict[str, Any], context: LambdaContext, media_type: str, limit: int
) -> dict[str, Any]:
    """A file upload: its own media type and size limit instead of JSON's (the route reads the bytes)."""
    kind = _header(event, "content-type").partition(";")[0].strip().lower()
    if kind != media_type:
        return _refuse(refused(415, "unsupported_media_type", "attestato.media_type", "header.content-type"))
    if _body_size(event) > limit:
        return _refuse(refused(413, "payload_too_large", "attestato.too_large", "body", limit=limit))
    return _not_stored(app.resolve(event, context))


def _not_stored(response: dict[str, Any]) -> dict[str, Any]:
    """Every answer may carry personal data (or a calculation on it): no cache may keep a copy."""
    headers = response.setdefault("headers", {})
    headers.setdefault("Cache-Control", "no-store")
    return response


class Routers:
    """A function's routers, each imported and included the first time a request needs it.

    ``modules`` maps a routes module (``functions.api.routes.<name>``) to the route keys it serves, as
    API Gateway writes them in the event's ``routeKey`` (``"GET /v1/me/credits/{credit_id}"``). A request
    loads only its own router, and so only the models, logic and libraries that router imports: a cold
    start pays for the resolver and the error mapping, the first request of a route for that route alone
    (the rule book's compliance engine is not loaded to answer GET /v1/me/profile). An event whose route
    key is not listed (none, or ``$default``) loads every router, so the resolver answers as it would
    with all of them (404 for a path none serves). tests/infra/test_template.py checks each table
    against the router it names and against template.yaml.
    """

    def __init__(
        self,
        app: APIGatewayHttpResolver,
        modules: dict[str, tuple[str, ...]],
        setup: Callable[[APIGatewayHttpResolver], None] | None = None,
    ) -> None:
        """``setup``, when given, runs once before the first router is included (exception handlers
        that need the routers' own modules)."""
        self.app = app
        self.modules = modules
        self.setup = setup
        self.by_key = {key: module for module, keys in modules.items() for key in keys}
        self.loaded: set[str] = set()

    def load(self, event: dict[str, Any]) -> None:
        """Include the router that serves this event (all of them when its route key is not listed)."""
        module = self.by_key.get(str(event.get("routeKey") or ""))
        pending = [name for name in ([module] if module else self.modules) if name not in self.loaded]
        if not pending:
            return
        # As while the handler loads (handlers/__init__): no collection walks the modules being loaded,
        # which are all long-lived, and they join the permanent generation once loaded. This happens once
        # per router in the function's life.
        collecting = gc.isenabled()
        gc.disable()
        try:
            if self.setup is not None:
                self.setup(self.app)
                self.setup = None
            for name in pending:
                self.app.include_router(importlib.import_module(name).router)
                self.loaded.add(name)
        finally:
            if collecting:
                gc.freeze()
                gc.enable()

    def load_all(self) -> APIGatewayHttpResolver:
        """Every router included (the OpenAPI checks and tests that inspect the whole resolver)."""
        self.load({})
        return self.app
