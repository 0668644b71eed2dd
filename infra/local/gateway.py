"""A local stand-in for the HTTP API: routes, JWT authorizer, CORS, limits, then the real handler."""

from __future__ import annotations

import importlib
import json
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable
from fnmatch import fnmatchcase
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from infra.local.auth import Forbidden, SigningKey, Unauthorized, verify_token
from infra.local.events import FakeLambdaContext, HttpResponse, Router, build_event, parse_result
from infra.local.template import Cors, LocalTemplate

MAX_PAYLOAD = 10 * 1024 * 1024  # API Gateway HTTP API's request payload quota
READ_ONLY = ("GET", "HEAD", "OPTIONS")


def _json(status: int, message: str, headers: list[tuple[str, str]] | None = None) -> HttpResponse:
    body = json.dumps({"message": message}).encode()
    return HttpResponse(status, [("content-type", "application/json"), *(headers or [])], body)


# Lambda's synchronous invocation limit, for the request event and for the response, measured on the
# JSON the runtime exchanges (6 MB = 6,291,456 bytes).
LAMBDA_PAYLOAD_LIMIT = 6 * 1024 * 1024


def lambda_payload_size(payload: Any) -> int:
    """Bytes of ``payload`` as the Lambda runtime serialises it (ASCII-escaped JSON)."""
    text = payload if isinstance(payload, str) else json.dumps(payload, separators=(",", ":"))
    return len(text.encode())


def load_handler(spec: str, code_uri: str, root: Path) -> Callable[[dict[str, Any], Any], Any]:
    module_name, _, attr = spec.rpartition(".")
    code_dir = str((root / code_uri).resolve())
    if code_dir not in sys.path:  # Lambda puts CodeUri's content at the top of the import path
        sys.path.insert(0, code_dir)
    handler: Callable[[dict[str, Any], Any], Any] = getattr(importlib.import_module(module_name), attr)
    return handler


class Gateway:
    """Everything the HTTP layer needs to answer one request, independent of the socket."""

    def __init__(
        self,
        template: LocalTemplate,
        key: SigningKey,
        root: Path,
        region: str,
        on_write: Callable[[], None] = lambda: None,
        invoke_lock: threading.Lock | None = None,
    ) -> None:
        self.template = template
        self.key = key
        self.region = region
        self.router = Router(template.routes)
        self.on_write = on_write
        self.handlers: dict[str, Callable[[dict[str, Any], Any], Any]] = {}
        self.load_errors: dict[str, str] = {}
        for route in template.routes:
            if route.function in self.handlers or route.function in self.load_errors:
                continue
            settings = template.function_settings[route.function]
            try:
                # Its environment is in place before the import, as in Lambda, for code that reads it then.
                os.environ.update(template.environment[route.function])
                self.handlers[route.function] = load_handler(route.handler, settings["code_uri"], root)
            except Exception:
                # Like a Lambda whose init fails: its routes answer 500, the rest keep working.
                self.load_errors[route.function] = traceback.format_exc()
        # One invocation at a time: in Lambda each environment runs one event at a time, and
        # Powertools resolvers keep the current event in module-level state.
        self.invoke_lock = invoke_lock or threading.Lock()

    def handle(
        self, method: str, target: str, headers: list[tuple[str, str]], body: bytes, source_ip: str
    ) -> HttpResponse:
        lower = {k.lower(): v for k, v in headers}
        cors = self.template.cors
        # With CORS configured, API Gateway answers preflight requests itself, whatever the routes.
        if cors and method == "OPTIONS" and "origin" in lower and "access-control-request-method" in lower:
            return self._preflight(cors, lower["origin"])
        response = self._route(method, target, headers, body, source_ip)
        return self._with_cors(response, lower.get("origin"))

    def _route(
        self, method: str, target: str, headers: list[tuple[str, str]], body: bytes, source_ip: str
    ) -> HttpResponse:
        lower = {k.lower(): v for k, v in headers}
        url = urlsplit(target)
        # HTTP APIs hand the function the path percent-decoded (rawPath and path parameters alike).
        path = unquote(url.path)
        match = self.router.match(method, path)
        if match is None:
            return _json(404, "Not Found")
        route = match.route
        claims = None
        if route.authorizer:
            authorizer = self.template.authorizers[route.authorizer]
            try:
                claims = verify_token(
                    lower.get(authorizer.identity_header), authorizer, self.key, route.scopes
                )
            except Unauthorized:
                return _json(401, "Unauthorized", [("www-authenticate", 'Bearer error="invalid_token"')])
            except Forbidden:
                return _json(403, "Forbidden")
        handler = self.handlers.get(route.function)
        if handler is None:
            print(
                f"{route.function} failed to initialise:\n{self.load_errors[route.function]}", file=sys.stderr
            )
            return _json(500, "Internal Server Error")
        event = build_event(
            method=method,
            raw_path=path,
            raw_query=url.query,
            headers=headers,
            body=body,
            match=match,
            source_ip=source_ip,
            claims=claims,
            scopes=route.scopes,
            domain=lower.get("host", "localhost").split(":")[0],
        )
        settings = self.template.function_settings[route.function]
        context = FakeLambdaContext(route.function, settings["memory"], settings["timeout"], self.region)
        if lambda_payload_size(event) > LAMBDA_PAYLOAD_LIMIT:
            # Lambda refuses the invocation and API Gateway answers 413 without calling the function.
            return _json(413, "Request Entity Too Large")
        try:
            with self.invoke_lock:
                # All functions share this process, so each invocation gets its function's variables
                # (and its name, which Powertools puts in idempotency records) under the lock.
                os.environ.update(self.template.environment[route.function])
                os.environ["AWS_LAMBDA_FUNCTION_NAME"] = route.function
                result = handler(event, context)
            size = lambda_payload_size(result)
            if size > LAMBDA_PAYLOAD_LIMIT:
                # In AWS the invocation fails ("Response payload size exceeded maximum allowed payload
                # size") and API Gateway answers 500: the caller gets nothing. Tests must see that here.
                print(
                    f"{route.function}: response payload of {size} bytes exceeds Lambda's limit",
                    file=sys.stderr,
                )
                return _json(500, "Internal Server Error")
            response = parse_result(result)
        except Exception:
            traceback.print_exc()
            return _json(500, "Internal Server Error")
        if method not in READ_ONLY:
            self.on_write()
        return response

    @staticmethod
    def _origin_allowed(cors: Cors, origin: str) -> bool:
        return any(fnmatchcase(origin, allowed) for allowed in cors.allow_origins)

    def _preflight(self, cors: Cors, origin: str) -> HttpResponse:
        if not self._origin_allowed(cors, origin):
            return HttpResponse(204, [], b"")  # the gateway answers, without granting anything
        headers = [
            ("access-control-allow-origin", self._allowed_origin_value(cors, origin)),
            ("access-control-allow-methods", ",".join(cors.allow_methods)),
            ("access-control-allow-headers", ",".join(cors.allow_headers)),
        ]
        if cors.allow_credentials:
            headers.append(("access-control-allow-credentials", "true"))
        if cors.max_age is not None:
            headers.append(("access-control-max-age", str(cors.max_age)))
        return HttpResponse(204, headers, b"")

    @staticmethod
    def _allowed_origin_value(cors: Cors, origin: str) -> str:
        return "*" if "*" in cors.allow_origins and not cors.allow_credentials else origin

    def _with_cors(self, response: HttpResponse, origin: str | None) -> HttpResponse:
        cors = self.template.cors
        if cors is None:
            return response
        # With CORS configured on the API, the gateway ignores CORS headers sent by the function.
        headers = [(k, v) for k, v in response.headers if not k.startswith("access-control-")]
        if origin and self._origin_allowed(cors, origin):
            headers.append(("access-control-allow-origin", self._allowed_origin_value(cors, origin)))
            if cors.allow_credentials:
                headers.append(("access-control-allow-credentials", "true"))
            if cors.expose_headers:
                headers.append(("access-control-expose-headers", ",".join(cors.expose_headers)))
            headers.append(("vary", "origin"))
        return HttpResponse(response.status, headers, response.body)


def make_server(gateway: Gateway, port: int, quiet: bool = False) -> ThreadingHTTPServer:
    class RequestHandler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as clients of the real API get

        def _read_body(self) -> bytes | HttpResponse:
            if "chunked" in self.headers.get("transfer-encoding", "").lower():
                body = b""
                while size := int(self.rfile.readline().split(b";")[0], 16):
                    if len(body) + size > MAX_PAYLOAD:
                        return _json(413, "Request Entity Too Large")
                    body += self.rfile.read(size)
                    self.rfile.readline()
                while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                return body
            length = int(self.headers.get("content-length") or 0)
            if length < 0:
                raise ValueError(length)
            if length > MAX_PAYLOAD:
                return _json(413, "Request Entity Too Large")
            return self.rfile.read(length) if length else b""

        def _serve(self) -> None:
            started = time.perf_counter()
            try:
                body = self._read_body()
            except ValueError:
                body = _json(400, "Bad Request")
            if isinstance(body, HttpResponse):
                # Refused before the body was read, so the connection cannot be reused.
                self.close_connection = True
                response = body
            else:
                response = gateway.handle(
                    self.command, self.path, list(self.headers.items()), body, self.client_address[0]
                )
            self.send_response(response.status)
            for name, value in response.headers:
                if name not in ("content-length", "connection", "transfer-encoding"):
                    self.send_header(name, value)
            self.send_header("content-length", str(len(response.body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(response.body)
            if not quiet:
                ms = (time.perf_counter() - started) * 1000
                sys.stdout.write(f"  api  {self.command} {self.path} -> {response.status} ({ms:.0f} ms)\n")

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _serve

        def log_message(self, format: str, *args: Any) -> None:
            pass  # one line per request is written by _serve instead

    server = ThreadingHTTPServer(("127.0.0.1", port), RequestHandler)
    server.daemon_threads = True
    return server
