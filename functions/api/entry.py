"""What every request passes before the resolver: the language, the body's size, media type and JSON
checks, and the lazy loading of the resolver and of the one router the request needs (``Routers``).

This module is loaded at a function's cold start, so it imports neither Powertools' event handler nor
pydantic: the resolver (``app.make_resolver``) and the routers come with the first request that needs
them, and a request refused here (an oversize or unparseable body) needs neither.
"""

from __future__ import annotations

import base64
import binascii
import gc
import importlib
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from functions.attestati.limits import MAX_PDF_BYTES
from functions.rulebook.messages import language, negotiate

from .errors import ApiError, refused
from .observability import count_error

if TYPE_CHECKING:
    from aws_lambda_powertools.event_handler import APIGatewayHttpResolver
    from aws_lambda_powertools.utilities.typing import LambdaContext

# Large enough for a stateless evaluation of a few thousand credits, far below Lambda's 6 MB.
MAX_BODY_BYTES = 256 * 1024
JSON = "application/json"
# JSON Merge Patch bodies (RFC 7396) are JSON too: the PATCH routes read them (routes.versions).
MERGE_PATCH = "application/merge-patch+json"
# No request of this API nests more than a handful of levels; far deeper JSON only probes the parser.
MAX_JSON_DEPTH = 32
# The one route whose body is a file, not JSON: (method, path) -> (media type, byte limit of the file).
FILE_ROUTES = {("POST", "/v1/certificates/read"): ("application/pdf", MAX_PDF_BYTES)}


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
    # The error shape's models load here, on a refusal, like the resolver on an accepted request.
    from .error_models import refusal_body

    count_error(error.status)
    body = refusal_body(error)
    headers = {"Content-Type": JSON, "Cache-Control": "no-store"}
    return {"statusCode": int(error.status), "headers": headers, "body": json.dumps(body)}


def _header(event: dict[str, Any], name: str) -> str:
    return next((v for k, v in (event.get("headers") or {}).items() if k.lower() == name), "")


def run(routers: Routers, event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """Answer ``event`` (an HTTP API payload 2.0 event) with the function's resolver, in the language
    Accept-Language asks for (it or en; Italian by default), said in Content-Language. Oversize and
    unparseable bodies are refused before the resolver or any router is loaded."""
    lang = negotiate(_header(event, "accept-language"))
    with language(lang):
        response = _route(routers, event, context)
    headers = response.setdefault("headers", {}) or {}
    response["headers"] = headers
    headers["Content-Language"] = lang
    # Caches must keep one answer per language.
    vary = headers.get("Vary")
    headers["Vary"] = f"{vary}, Accept-Language" if vary else "Accept-Language"
    return response


def _route(routers: Routers, event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    http = (event.get("requestContext") or {}).get("http") or {}
    file_route = FILE_ROUTES.get((str(http.get("method", "")).upper(), str(event.get("rawPath", ""))))
    if file_route is not None:
        return _file_route(routers, event, context, *file_route)
    if _body_size(event) > MAX_BODY_BYTES:
        return _refuse(refused(413, "payload_too_large", "api.body_too_large", "body", limit=MAX_BODY_BYTES))
    content_type = _header(event, "content-type")
    if event.get("body") and content_type and not json_media_type(content_type):
        # Powertools would parse form and multipart bodies (and crash on a multipart without boundary).
        return _refuse(refused(415, "unsupported_media_type", "api.media_type", "header.content-type"))
    problem = _unparseable(event) or _repeated_query(event)
    if problem is not None:
        return _refuse(problem)
    return _not_stored(routers.load(event).resolve(event, context))


def _repeated_query(event: dict[str, Any]) -> ApiError | None:
    """A query parameter given twice, which API Gateway joins with a comma (``?limit=5&limit=6`` arrives
    as ``5,6``), or with a comma in it: no parameter of the API takes a list, and the resolver's own
    answer ("deve essere un testo") named the wrong fault."""
    for name, value in (event.get("queryStringParameters") or {}).items():
        if isinstance(value, str) and "," in value:
            return refused(422, "invalid_input", "api.query_repeated", f"query.{name}")
    return None


def _file_route(
    routers: Routers, event: dict[str, Any], context: LambdaContext, media_type: str, limit: int
) -> dict[str, Any]:
    """A file upload: its own media type and size limit instead of JSON's (the route reads the bytes)."""
    kind = _header(event, "content-type").partition(";")[0].strip().lower()
    if kind != media_type:
        return _refuse(refused(415, "unsupported_media_type", "attestato.media_type", "header.content-type"))
    if _body_size(event) > limit:
        return _refuse(refused(413, "payload_too_large", "attestato.too_large", "body", limit=limit))
    return _not_stored(routers.load(event).resolve(event, context))


def _not_stored(response: dict[str, Any]) -> dict[str, Any]:
    """Every answer may carry personal data (or a calculation on it): no cache may keep a copy."""
    headers = response.setdefault("headers", {})
    headers.setdefault("Cache-Control", "no-store")
    return response


class Routers:
    """A function's resolver and routers, each built or imported the first time a request needs it.

    ``modules`` maps a routes module (``functions.api.routes.<name>``) to the route keys it serves, as
    API Gateway writes them in the event's ``routeKey`` (``"GET /v1/me/credits/{credit_id}"``). The
    resolver (Powertools' event handler with OpenAPI validation, and so pydantic) is made by the first
    request that passes this module's checks, and a request loads only its own router, so only the
    models, logic and libraries that router imports: the rule book's compliance engine is not loaded to
    answer GET /v1/me/profile. A cold start pays for neither. An event whose route key is not listed
    (none, or ``$default``) loads every router, so the resolver answers as it would with all of them
    (404 for a path none serves). tests/infra/test_template.py checks each table against the router it
    names and against template.yaml.
    """

    def __init__(
        self,
        modules: dict[str, tuple[str, ...]],
        *,
        storage: bool = True,
        idempotent: bool = False,
        setup: Callable[[APIGatewayHttpResolver], None] | None = None,
    ) -> None:
        """``storage`` and ``idempotent``: the resolver's error mappings (see ``app.make_resolver``);
        ``setup``, when given, runs once on the resolver before the first router is included (exception
        handlers that need the routers' own modules)."""
        self.modules = modules
        self.storage = storage
        self.idempotent = idempotent
        self.setup = setup
        self.by_key = {key: module for module, keys in modules.items() for key in keys}
        self.loaded: set[str] = set()
        self._app: APIGatewayHttpResolver | None = None

    @property
    def app(self) -> APIGatewayHttpResolver:
        """The function's resolver, made on first use (without routers until ``load`` includes them)."""
        if self._app is None:
            with _loading():
                from .app import make_resolver

                self._app = make_resolver(storage=self.storage, idempotent=self.idempotent)
                if self.setup is not None:
                    self.setup(self._app)
        return self._app

    def load(self, event: dict[str, Any]) -> APIGatewayHttpResolver:
        """The resolver, with the router that serves this event included (all of them when its route key
        is not listed)."""
        app = self.app
        module = self.by_key.get(str(event.get("routeKey") or ""))
        pending = [name for name in ([module] if module else self.modules) if name not in self.loaded]
        if pending:
            with _loading():
                for name in pending:
                    app.include_router(importlib.import_module(name).router)
                    self.loaded.add(name)
        return app

    def load_all(self) -> APIGatewayHttpResolver:
        """Every router included (the OpenAPI checks and tests that inspect the whole resolver)."""
        return self.load({})


class _loading:
    """As while a handler module loads (handlers/__init__): no collection walks the modules being loaded,
    which are all long-lived, and they join the permanent generation once loaded. This happens once per
    router (and once for the resolver) in a function's life."""

    def __enter__(self) -> None:
        self.collecting = gc.isenabled()
        gc.disable()

    def __exit__(self, *_: object) -> None:
        if self.collecting:
            gc.freeze()
            gc.enable()
