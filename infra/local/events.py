"""Translate between HTTP and API Gateway HTTP API payload format 2.0, and match routes.

Shapes follow the API Gateway developer guide ("Working with AWS Lambda proxy integrations for
HTTP APIs"): lowercased headers with repeated values joined by commas, cookies split out,
query parameters joined by commas, absent keys rather than empty ones, JWT claims as strings.
"""

from __future__ import annotations

import base64
import json
import re
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

from infra.local.template import LOCAL_ACCOUNT, Route

TEXT_TYPES = re.compile(r"^(text/|application/([\w.+-]*\+)?(json|xml|javascript|x-www-form-urlencoded)\b)")


@dataclass(frozen=True)
class Match:
    route: Route
    path_parameters: dict[str, str]


def _pattern(path: str) -> re.Pattern[str]:
    parts = []
    for segment in path.strip("/").split("/"):
        greedy = re.fullmatch(r"\{(\w+)\+\}", segment)
        param = re.fullmatch(r"\{(\w+)\}", segment)
        if greedy:
            parts.append(f"(?P<{greedy[1]}>.+)")
        elif param:
            parts.append(f"(?P<{param[1]}>[^/]+)")
        else:
            parts.append(re.escape(segment))
    return re.compile("/" + "/".join(parts))


def _specificity(route: Route) -> tuple[int, int, tuple[int, ...], int]:
    """API Gateway prefers literal segments over variables, variables over greedy, exact methods over ANY."""
    if route.path == "$default":
        return (1, 0, (), 0)
    segments = route.path.strip("/").split("/")
    ranks = tuple(2 if s.endswith("+}") else 1 if s.startswith("{") else 0 for s in segments)
    return (0, int(2 in ranks), ranks, int(route.method == "ANY"))


class Router:
    def __init__(self, routes: list[Route]) -> None:
        self.routes = sorted(routes, key=_specificity)
        self._patterns = {r: _pattern(r.path) for r in routes if r.path != "$default"}

    def match(self, method: str, path: str) -> Match | None:
        for route in self.routes:
            if route.method not in (method, "ANY"):
                continue
            if route.path == "$default":
                return Match(route, {})
            found = self._patterns[route].fullmatch(path)
            if found:
                return Match(route, found.groupdict())
        return None


def _claim_text(value: Any) -> str:
    # API Gateway flattens claims to strings; arrays appear as "[a b]".
    if isinstance(value, list):
        return "[" + " ".join(str(v) for v in value) + "]"
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def build_event(
    *,
    method: str,
    raw_path: str,
    raw_query: str,
    headers: list[tuple[str, str]],
    body: bytes,
    match: Match,
    source_ip: str,
    claims: dict[str, Any] | None,
    scopes: tuple[str, ...] = (),
    domain: str = "localhost",
    scheme: str = "http",
) -> dict[str, Any]:
    joined: dict[str, str] = {}
    cookies: list[str] = []
    for name, value in headers:
        name = name.lower()
        if name == "cookie":
            cookies.extend(c.strip() for c in value.split(";") if c.strip())
            continue
        joined[name] = f"{joined[name]},{value}" if name in joined else value
    # API Gateway sets X-Forwarded-Proto itself (over any value the client sent): the scheme the client
    # used. The local server speaks plain HTTP, so an address the API builds from it (the calendar
    # feed's) must say http, as the deployed one says https.
    joined["x-forwarded-proto"] = scheme
    query: dict[str, str] = {}
    for name, value in parse_qsl(raw_query, keep_blank_values=True):
        query[name] = f"{query[name]},{value}" if name in query else value

    now = datetime.now(UTC)
    context: dict[str, Any] = {
        "accountId": LOCAL_ACCOUNT,
        "apiId": "local",
        "domainName": domain,
        "domainPrefix": domain.split(".")[0],
        "http": {
            "method": method,
            "path": raw_path,
            "protocol": "HTTP/1.1",
            "sourceIp": source_ip,
            "userAgent": joined.get("user-agent", ""),
        },
        "requestId": str(uuid.uuid4()),
        "routeKey": match.route.route_key,
        "stage": "$default",
        "time": now.strftime("%d/%b/%Y:%H:%M:%S +0000"),
        "timeEpoch": int(now.timestamp() * 1000),
    }
    if claims is not None:
        granted = [s for s in str(claims.get("scope", "")).split() if s in scopes]
        context["authorizer"] = {
            "jwt": {"claims": {k: _claim_text(v) for k, v in claims.items()}, "scopes": granted or None}
        }
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": match.route.route_key,
        "rawPath": raw_path,
        "rawQueryString": raw_query,
        "headers": joined,
        "requestContext": context,
        "isBase64Encoded": False,
    }
    if cookies:
        event["cookies"] = cookies
    if query:
        event["queryStringParameters"] = query
    if match.path_parameters:
        event["pathParameters"] = match.path_parameters
    if body:
        content_type = joined.get("content-type", "")
        textual = TEXT_TYPES.match(content_type.lower()) is not None or not content_type
        try:
            event["body"] = body.decode("utf-8") if textual else None
        except UnicodeDecodeError:
            event["body"] = None
        if event["body"] is None:
            event["body"] = base64.b64encode(body).decode("ascii")
            event["isBase64Encoded"] = True
    return event


@dataclass(frozen=True)
class HttpResponse:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


def parse_result(result: Any) -> HttpResponse:
    """Interpret a handler's return value as API Gateway does for payload 2.0."""
    if not (isinstance(result, dict) and "statusCode" in result):
        # Without statusCode the gateway assumes 200 and serialises the value as JSON.
        text = result if isinstance(result, str) else json.dumps(result)
        return HttpResponse(200, [("content-type", "application/json")], text.encode())
    headers = [(str(k).lower(), str(v)) for k, v in (result.get("headers") or {}).items()]
    for name, values in (result.get("multiValueHeaders") or {}).items():
        headers.extend((str(name).lower(), str(v)) for v in values)
    headers.extend(("set-cookie", str(c)) for c in result.get("cookies") or [])
    body = result.get("body") or ""
    data = base64.b64decode(body) if result.get("isBase64Encoded") else str(body).encode("utf-8")
    return HttpResponse(int(result["statusCode"]), headers, data)


class FakeLambdaContext:
    """The attributes Powertools and handlers read from the Lambda context object."""

    def __init__(self, function_name: str, memory_mb: int, timeout_s: int, region: str) -> None:
        self.function_name = function_name
        self.function_version = "$LATEST"
        self.invoked_function_arn = f"arn:aws:lambda:{region}:{LOCAL_ACCOUNT}:function:{function_name}"
        self.memory_limit_in_mb = memory_mb
        self.aws_request_id = str(uuid.uuid4())
        self.log_group_name = f"/aws/lambda/{function_name}"
        self.log_stream_name = "local"
        self.tenant_id = None
        self.identity = None  # Cognito identity and client context only exist for mobile SDK invocations
        self.client_context = None
        self._deadline = time.monotonic() + timeout_s

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))
