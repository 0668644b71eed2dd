"""The local stack over real HTTP with the fixture template: gateway behaviour, persistence, shutdown."""

from __future__ import annotations

import http.client
import json
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import boto3
import pytest

from infra.local.gateway import MAX_PAYLOAD
from tests.local.harness import ROOT, StackProcess, alive

pytestmark = pytest.mark.e2e
SITE = "http://127.0.0.1:8000"


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StackProcess]:
    # The fixture's CORS origin is a parameter: the stack sets it to the local site's origin.
    running = StackProcess(tmp_path_factory.mktemp("adapter"), site_port=8000).start()
    yield running
    if running.process and running.process.poll() is None:
        running.stop()


def raw(stack: StackProcess, method: str, path: str, headers: dict[str, str]) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", stack.api_port, timeout=30)
    conn.request(method, path, headers=headers)
    return conn.getresponse()


def test_private_route_with_a_token(stack: StackProcess) -> None:
    token = stack.token("alice")
    assert stack.call("POST", "/v1/me/items", token, {"id": "i1", "name": "first"}) == (201, {"id": "i1"})
    assert stack.call("GET", "/v1/me/items/i1", token) == (200, {"id": "i1", "name": "first"})


@pytest.mark.parametrize(
    "token",
    [
        pytest.param(lambda s: None, id="no token"),
        pytest.param(lambda s: s.token("alice", lifetime_s=-5), id="expired"),
        pytest.param(lambda s: s.token("alice", client_id="another-app"), id="wrong audience"),
        pytest.param(lambda s: s.token("alice")[:-6] + "AAAAAA", id="tampered signature"),
    ],
)
def test_private_route_refuses_bad_tokens_with_401(
    stack: StackProcess, token: Callable[[StackProcess], str | None]
) -> None:
    assert stack.call("GET", "/v1/me/items", token(stack)) == (401, {"message": "Unauthorized"})


def test_users_see_only_their_own_items(stack: StackProcess) -> None:
    alice, bob = stack.token("alice-2"), stack.token("bob-2")
    stack.call("POST", "/v1/me/items", alice, {"id": "secret", "name": "alice's"})
    assert stack.call("GET", "/v1/me/items", bob) == (200, {"items": []})
    assert stack.call("GET", "/v1/me/items/secret", bob)[0] == 404


def test_public_route_needs_no_token_and_gets_no_authorizer(stack: StackProcess) -> None:
    assert stack.call("GET", "/v1/hello") == (200, {"hello": "world", "claims": None})


def test_unknown_route_and_wrong_method_are_404(stack: StackProcess) -> None:
    assert stack.call("GET", "/v1/nowhere") == (404, {"message": "Not Found"})
    assert stack.call("DELETE", "/v1/hello") == (404, {"message": "Not Found"})


def test_cors_preflight_is_answered_by_the_gateway(stack: StackProcess) -> None:
    response = raw(
        stack,
        "OPTIONS",
        "/v1/me/items",
        {
            "Origin": SITE,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization",
        },
    )
    assert response.status == 204
    assert response.getheader("access-control-allow-methods") == "GET,POST,PUT,DELETE,OPTIONS"
    assert response.getheader("access-control-allow-headers") == "authorization,content-type,idempotency-key"
    assert response.getheader("access-control-max-age") == "600"


def test_cors_headers_on_answers_only_for_the_allowed_origin(stack: StackProcess) -> None:
    allowed = raw(stack, "GET", "/v1/hello", {"Origin": SITE})
    assert allowed.getheader("access-control-allow-origin") == SITE
    assert allowed.getheader("access-control-expose-headers") == "x-request-id"
    other = raw(stack, "GET", "/v1/hello", {"Origin": "https://evil.example"})
    assert other.getheader("access-control-allow-origin") is None
    preflight = raw(
        stack,
        "OPTIONS",
        "/v1/hello",
        {"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status == 204 and preflight.getheader("access-control-allow-origin") is None


def test_a_401_still_carries_cors_headers_so_the_browser_can_read_it(stack: StackProcess) -> None:
    response = raw(stack, "GET", "/v1/me/items", {"Origin": SITE})
    assert response.status == 401 and response.getheader("access-control-allow-origin") == SITE


def test_handler_crash_is_a_bare_500(stack: StackProcess) -> None:
    assert stack.call("GET", "/v1/me/crash", stack.token("alice")) == (
        500,
        {"message": "Internal Server Error"},
    )


def test_body_and_query_reach_the_handler(stack: StackProcess) -> None:
    status, answer = stack.call("POST", "/v1/echo?a=1&a=2", None, {"x": "é" * 1000})
    assert status == 200
    assert json.loads(answer["body"]) == {"x": "é" * 1000}
    assert answer["base64"] is False and answer["query"] == {"a": "1,2"}


def test_payload_over_10_mb_is_413_without_reaching_the_function(stack: StackProcess) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", stack.api_port, timeout=30)
    conn.putrequest("POST", "/v1/echo")
    conn.putheader("content-type", "application/json")
    conn.putheader("content-length", str(MAX_PAYLOAD + 1))
    conn.endheaders()
    response = conn.getresponse()
    assert (response.status, json.loads(response.read())) == (413, {"message": "Request Entity Too Large"})


def test_a_busy_port_is_named_in_the_error(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        other = StackProcess(tmp_path, api_port=port)
        with pytest.raises(RuntimeError) as failure:
            other.start(timeout_s=30)
    assert f"Port {port} (local API) is already in use" in str(failure.value)
    assert "ECM_API_PORT" in str(failure.value)


def test_data_survives_a_restart_and_nothing_outlives_the_stack(tmp_path: Path) -> None:
    first = StackProcess(tmp_path).start()
    token = first.token("carol")
    item = str(uuid.uuid4())
    assert first.call("POST", "/v1/me/items", token, {"id": item, "name": "kept"})[0] == 201
    children = first.descendants()
    assert first.stop() == 0
    assert not [pid for pid in children if alive(pid)]
    saved = json.loads((tmp_path / "dynamodb.json").read_text())
    assert any(i["sk"] == {"S": item} for i in saved["tables"]["ecm-local-items"])

    second = StackProcess(tmp_path).start()
    try:
        assert second.call("GET", f"/v1/me/items/{item}", token) == (200, {"id": item, "name": "kept"})
    finally:
        assert second.stop() == 0


def test_an_external_endpoint_starts_nothing_embedded(tmp_path: Path, stack: StackProcess) -> None:
    # The first stack's moto server plays "DynamoDB Local"; a second stack points at it.
    other = StackProcess(tmp_path, extra_env={"ECM_DYNAMODB_ENDPOINT": stack.dynamodb_url}).start()
    try:
        assert "external: ECM_DYNAMODB_ENDPOINT" in other.log.read_text()
        assert not (tmp_path / "dynamodb.json").exists()
        ddb = boto3.client(
            "dynamodb",
            endpoint_url=stack.dynamodb_url,
            region_name="eu-south-1",
            aws_access_key_id="local",
            aws_secret_access_key="local",
        )
        assert "ecm-local-items" in ddb.list_tables()["TableNames"]
        # Data written through the second stack lands in the first stack's store.
        token = other.token("dave")
        assert other.call("POST", "/v1/me/items", token, {"id": "x", "name": "shared"})[0] == 201
        assert stack.call("GET", "/v1/me/items/x", stack.token("dave"))[1] == {"id": "x", "name": "shared"}
        with socket.socket() as probe:
            assert probe.connect_ex(("127.0.0.1", other.dynamodb_port)) != 0
    finally:
        other.stop()


def test_token_command_prints_a_token_the_stack_accepts(stack: StackProcess) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "infra.local", "token", "--user", "second"],
        cwd=ROOT,
        env={"ECM_DATA_DIR": str(stack.data_dir), "PATH": ""},
        capture_output=True,
        text=True,
        check=True,
    )
    assert stack.call("GET", "/v1/me/items", out.stdout.strip())[0] == 200


def test_chunked_body_reaches_the_handler(stack: StackProcess) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", stack.api_port, timeout=30)
    conn.request(
        "POST",
        "/v1/echo",
        body=iter([b'{"a":', b' "chunked"}']),
        headers={"content-type": "application/json"},
        encode_chunked=True,
    )
    response = conn.getresponse()
    assert response.status == 200
    assert json.loads(json.loads(response.read())["body"]) == {"a": "chunked"}
    # The connection is still usable afterwards: the chunked body was consumed whole.
    conn.request("GET", "/v1/hello")
    assert conn.getresponse().status == 200


def test_malformed_content_length_is_400(stack: StackProcess) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", stack.api_port, timeout=30)
    conn.putrequest("POST", "/v1/echo")
    conn.putheader("content-length", "many")
    conn.endheaders()
    assert conn.getresponse().status == 400


def test_a_snapshot_that_no_longer_fits_is_set_aside(tmp_path: Path) -> None:
    (tmp_path / "dynamodb.json").write_text(
        json.dumps({"tables": {"ecm-local-items": [{"wrong": {"S": "key"}}]}})
    )
    other = StackProcess(tmp_path).start()
    try:
        assert "could not load" in other.log.read_text()
        assert len(list(tmp_path.glob("dynamodb-*.json"))) == 1
    finally:
        other.stop()


@pytest.mark.skipif(not (ROOT / "mkdocs.yml").exists(), reason="no guide to serve yet")
def test_killing_the_stack_outright_takes_the_guide_down_too(tmp_path: Path) -> None:
    killed = StackProcess(tmp_path, site=True).start()
    children = killed.descendants()
    assert children
    killed.stop(signal.SIGKILL)
    deadline = time.monotonic() + 15
    while [pid for pid in children if alive(pid)] and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in children if alive(pid)]


def test_path_parameters_arrive_percent_decoded(stack: StackProcess) -> None:
    token = stack.token("erin")
    assert stack.call("POST", "/v1/me/items", token, {"id": "a b", "name": "spaced"})[0] == 201
    assert stack.call("GET", "/v1/me/items/a%20b", token) == (200, {"id": "a b", "name": "spaced"})


def test_each_function_runs_with_its_own_environment(stack: StackProcess) -> None:
    public = raw(stack, "GET", "/v1/hello", {})
    private = raw(stack, "GET", "/v1/me/items", {"Authorization": f"Bearer {stack.token('frank')}"})
    assert (public.getheader("x-service"), private.getheader("x-service")) == ("fixture-public", "fixture")
