"""Unit tests of the HTTP <-> payload 2.0 translation and of route matching."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from infra.local import events
from infra.local.events import FakeLambdaContext, Match, Router, build_event, parse_result
from infra.local.template import Route

CREDIT = Route("GET", "/v1/me/credits/{credit_id}", "Credits", "m.h", "Cognito")
LIST = Route("GET", "/v1/me/credits", "Credits", "m.h", "Cognito")
EXPORT = Route("GET", "/v1/me/credits/export", "Export", "m.h", "Cognito")
GREEDY = Route("ANY", "/v1/files/{path+}", "Files", "m.h", None)
DEFAULT = Route("ANY", "$default", "Fallback", "m.h", None)


def event(**overrides: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        "method": "GET",
        "raw_path": "/v1/me/credits/abc",
        "raw_query": "",
        "headers": [("Host", "127.0.0.1:3000"), ("User-Agent", "curl/8")],
        "body": b"",
        "match": Match(CREDIT, {"credit_id": "abc"}),
        "source_ip": "127.0.0.1",
        "claims": None,
    }
    args.update(overrides)
    return build_event(**args)


def test_event_has_the_payload_2_shape() -> None:
    e = event()
    assert e["version"] == "2.0"
    assert e["routeKey"] == e["requestContext"]["routeKey"] == "GET /v1/me/credits/{credit_id}"
    assert e["rawPath"] == "/v1/me/credits/abc"
    assert e["pathParameters"] == {"credit_id": "abc"}
    assert e["requestContext"]["http"] == {
        "method": "GET",
        "path": "/v1/me/credits/abc",
        "protocol": "HTTP/1.1",
        "sourceIp": "127.0.0.1",
        "userAgent": "curl/8",
    }
    assert e["requestContext"]["stage"] == "$default"
    assert e["isBase64Encoded"] is False
    # API Gateway leaves out what the request does not have.
    for absent in ("body", "queryStringParameters", "cookies"):
        assert absent not in e
    assert "authorizer" not in e["requestContext"]


def test_headers_are_lowercased_and_repeated_values_joined() -> None:
    e = event(headers=[("X-Thing", "a"), ("x-thing", "b"), ("Cookie", "s=1; t=2"), ("Accept", "*/*")])
    assert e["headers"] == {"x-thing": "a,b", "accept": "*/*", "x-forwarded-proto": "http"}
    assert e["cookies"] == ["s=1", "t=2"]


def test_the_forwarded_scheme_is_the_local_servers_not_the_clients() -> None:
    # API Gateway writes X-Forwarded-Proto itself (https when deployed); the local server is plain HTTP,
    # whatever a client claims.
    assert event()["headers"]["x-forwarded-proto"] == "http"
    assert event(headers=[("X-Forwarded-Proto", "https")])["headers"]["x-forwarded-proto"] == "http"


def test_query_parameters_join_repeated_values() -> None:
    e = event(raw_query="triennium=2026-2028&tag=a&tag=b&empty=")
    assert e["rawQueryString"] == "triennium=2026-2028&tag=a&tag=b&empty="
    assert e["queryStringParameters"] == {"triennium": "2026-2028", "tag": "a,b", "empty": ""}


def test_json_body_is_text_and_binary_body_is_base64() -> None:
    text = event(method="POST", body=b'{"a": 1}', headers=[("Content-Type", "application/json")])
    assert text["body"] == '{"a": 1}' and text["isBase64Encoded"] is False
    blob = bytes(range(256))
    binary = event(method="POST", body=blob, headers=[("Content-Type", "application/octet-stream")])
    assert binary["isBase64Encoded"] is True
    assert base64.b64decode(binary["body"]) == blob


def test_jwt_claims_are_strings_and_scopes_only_those_the_route_requires() -> None:
    claims = {"sub": "u1", "exp": 1700000000, "groups": ["a", "b"], "scope": "read write", "flag": True}
    e = event(claims=claims, scopes=("write",))
    jwt = e["requestContext"]["authorizer"]["jwt"]
    assert jwt["claims"] == {
        "sub": "u1",
        "exp": "1700000000",
        "groups": "[a b]",
        "scope": "read write",
        "flag": "true",
    }
    assert jwt["scopes"] == ["write"]
    assert event(claims=claims)["requestContext"]["authorizer"]["jwt"]["scopes"] is None


def test_router_prefers_literal_segments_then_variables_then_greedy_then_default() -> None:
    router = Router([DEFAULT, GREEDY, CREDIT, EXPORT, LIST])
    assert router.match("GET", "/v1/me/credits/export") == Match(EXPORT, {})
    assert router.match("GET", "/v1/me/credits/xyz") == Match(CREDIT, {"credit_id": "xyz"})
    assert router.match("GET", "/v1/me/credits") == Match(LIST, {})
    assert router.match("PUT", "/v1/files/a/b.txt") == Match(GREEDY, {"path": "a/b.txt"})
    assert router.match("DELETE", "/v1/me/credits/xyz") == Match(DEFAULT, {})


def test_router_without_default_finds_nothing_for_unknown_paths_and_methods() -> None:
    router = Router([CREDIT, LIST])
    assert router.match("GET", "/v1/nowhere") is None
    assert router.match("POST", "/v1/me/credits/xyz") is None
    assert router.match("GET", "/v1/me/credits/a/b") is None  # a variable never spans segments


def test_parse_result_reads_headers_cookies_and_base64() -> None:
    r = parse_result(
        {
            "statusCode": 201,
            "headers": {"Content-Type": "application/json"},
            "cookies": ["a=1", "b=2"],
            "body": base64.b64encode(b"\x00\x01").decode(),
            "isBase64Encoded": True,
        }
    )
    assert r.status == 201
    assert r.headers == [("content-type", "application/json"), ("set-cookie", "a=1"), ("set-cookie", "b=2")]
    assert r.body == b"\x00\x01"


def test_parse_result_without_status_code_is_a_200_json_answer() -> None:
    r = parse_result({"hello": "world"})
    assert (r.status, json.loads(r.body)) == (200, {"hello": "world"})


class _Clock:
    """A monotonic clock the test moves by hand: no timing window to miss on a loaded machine."""

    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


def test_fake_context_counts_down(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = _Clock()
    monkeypatch.setattr(events, "time", clock)
    ctx = FakeLambdaContext("Fn", 256, 10, "eu-south-1")
    assert ctx.get_remaining_time_in_millis() == 10000
    clock.now += 2.5
    assert ctx.get_remaining_time_in_millis() == 7500
    clock.now += 60
    assert ctx.get_remaining_time_in_millis() == 0
    assert ctx.invoked_function_arn == "arn:aws:lambda:eu-south-1:123456789012:function:Fn"


def test_free_ports_are_not_handed_out_twice_across_processes() -> None:
    """Two processes asking at once (as two xdist workers do) never get the same port."""
    import subprocess
    import sys

    from tests.local.harness import ROOT, free_port

    mine = {free_port() for _ in range(5)}
    code = "from tests.local.harness import free_port; print(*[free_port() for _ in range(5)])"
    other = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    theirs = {int(p) for p in other.stdout.split()}
    assert len(mine) == 5 and len(theirs) == 5
    # The other process has exited, so its ports may be reused later, but never while it held them:
    # they cannot be any of the ports this process still holds.
    assert not mine & theirs
