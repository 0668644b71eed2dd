"""API test fixtures: moto tables built from template.yaml, and a client that routes like API Gateway."""

from __future__ import annotations

import base64
import datetime as dt
import importlib
import json
import os
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws
from samtranslator.yaml_helper import yaml_parse

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "template.yaml"

os.environ.update(
    {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": "eu-south-1",
        "TABLE_NAME": "credits-test",
        "IDEMPOTENCY_TABLE_NAME": "idempotency-test",
        "CERTIFICATES_BUCKET": "certificates-test",
        "POWERTOOLS_TRACE_DISABLED": "true",
        "POWERTOOLS_METRICS_NAMESPACE": "EcmTrackerTest",
        "POWERTOOLS_SERVICE_NAME": "ecm-credits-api",
        "POWERTOOLS_LOG_LEVEL": "WARNING",
    }
)
os.environ.pop("AWS_ENDPOINT_URL_DYNAMODB", None)
os.environ.pop("AWS_ENDPOINT_URL", None)
os.environ.pop("AWS_ENDPOINT_URL_S3", None)

ALICE = "11111111-aaaa-4aaa-8aaa-111111111111"
BOB = "22222222-bbbb-4bbb-8bbb-222222222222"


@cache
def load_template() -> dict[str, Any]:
    return dict(yaml_parse(TEMPLATE.read_text()))


def create_tables_from_template() -> None:
    """Create both tables with the key schema and settings template.yaml declares, not a copy of them."""
    resources = load_template()["Resources"]
    client = boto3.client("dynamodb")
    for logical_id, env_name in (
        ("CreditsTable", "TABLE_NAME"),
        ("IdempotencyTable", "IDEMPOTENCY_TABLE_NAME"),
    ):
        props = resources[logical_id]["Properties"]
        name = os.environ[env_name]
        client.create_table(
            TableName=name,
            KeySchema=props["KeySchema"],
            AttributeDefinitions=props["AttributeDefinitions"],
            BillingMode=props["BillingMode"],
        )
        ttl = props.get("TimeToLiveSpecification")
        if ttl:
            client.update_time_to_live(TableName=name, TimeToLiveSpecification=ttl)


def http_api_event(route: str, path: str, body: dict[str, Any] | None, sub: str) -> dict[str, Any]:
    """An HTTP API (payload 2.0) event as API Gateway sends it after the JWT authorizer, for a function
    called directly: ``route`` is the template's route key ("GET /v1/me/credits/{credit_id}"), as the
    handlers' router tables list it; ``sub`` is the access token's subject; Accept-Language: it."""
    method = route.split()[0]
    context: dict[str, Any] = {
        "accountId": "123456789012",
        "apiId": "api",
        "domainName": "api.example.org",
        "domainPrefix": "api",
        "http": {"method": method, "path": path, "protocol": "HTTP/1.1", "sourceIp": "203.0.113.1"},
        "requestId": "direct",
        "routeKey": route,
        "stage": "$default",
        "time": "22/Nov/2026:10:00:00 +0000",
        "timeEpoch": 0,
        "authorizer": {"jwt": {"claims": {"sub": sub, "token_use": "access"}, "scopes": None}},
    }
    return {
        "version": "2.0",
        "routeKey": route,
        "rawPath": path,
        "rawQueryString": "",
        "headers": {"content-type": "application/json", "accept-language": "it"},
        "requestContext": context,
        "body": json.dumps(body) if body is not None else None,
        "isBase64Encoded": False,
    }


@contextmanager
def moto_server_stack(env: dict[str, str]) -> Iterator[dict[str, str]]:
    """moto's server in this process, holding the template's tables and the attestati bucket, named as
    ``env`` names them (TABLE_NAME, IDEMPOTENCY_TABLE_NAME, CERTIFICATES_BUCKET, AWS_DEFAULT_REGION and
    credentials). Yields the endpoint variables (``AWS_ENDPOINT_URL_DYNAMODB`` and ``_S3``) for the
    processes that talk to it; this process's environment is left as it was."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = {
        "AWS_ENDPOINT_URL_DYNAMODB": f"http://{host}:{port}",
        "AWS_ENDPOINT_URL_S3": f"http://{host}:{port}",
    }
    saved = dict(os.environ)
    try:
        os.environ.update(env | endpoint)
        create_tables_from_template()
        boto3.client("s3").create_bucket(
            Bucket=os.environ["CERTIFICATES_BUCKET"],
            CreateBucketConfiguration={"LocationConstraint": os.environ["AWS_DEFAULT_REGION"]},
        )
        os.environ.clear()
        os.environ.update(saved)
        yield endpoint
    finally:
        os.environ.clear()
        os.environ.update(saved)
        server.stop()


@dataclass
class Route:
    method: str
    path: str
    pattern: re.Pattern[str]
    handler: str
    public: bool


def template_routes() -> list[Route]:
    routes = []
    for resource in load_template()["Resources"].values():
        if resource["Type"] != "AWS::Serverless::Function":
            continue
        handler = resource["Properties"]["Handler"]
        for event in resource["Properties"].get("Events", {}).values():
            if event["Type"] != "HttpApi":
                continue
            props = event["Properties"]
            path = props["Path"]
            pattern = re.compile(
                "^"
                + re.sub(r"\{[^}]+\}", "[^/]+", re.escape(path).replace(r"\{", "{").replace(r"\}", "}"))
                + "$"
            )
            public = (props.get("Auth") or {}).get("Authorizer") == "NONE"
            routes.append(Route(props["Method"].upper(), path, pattern, handler, public))
    return routes


class FakeContext:
    function_name = "ecm-credits-api-test"
    function_version = "$LATEST"
    memory_limit_in_mb = 512
    invoked_function_arn = "arn:aws:lambda:eu-south-1:123456789012:function:ecm-credits-api-test"
    aws_request_id = "test-request"

    def get_remaining_time_in_millis(self) -> int:
        return 10_000


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    text: str
    raw: dict[str, Any] = field(repr=False)

    @property
    def json(self) -> Any:
        return json.loads(self.text)

    @property
    def error(self) -> dict[str, Any]:
        body = self.json
        assert set(body) == {"error"}, body
        expected = {"status", "code", "message", "field", "msg", "params", "limit", "details"}
        assert set(body["error"]) == expected, body
        assert body["error"]["status"] == self.status
        return dict(body["error"])


class ApiClient:
    """Turns a request into an API Gateway v2 event, routes it as the template does, calls the handler."""

    def __init__(self) -> None:
        self.routes = template_routes()

    def handler_for(self, method: str, path: str) -> tuple[Any, Route]:
        for route in self.routes:
            if route.method == method and route.pattern.match(path):
                module, _, name = route.handler.rpartition(".")
                return getattr(importlib.import_module(module), name), route
        raise AssertionError(f"no route in template.yaml for {method} {path}")

    def request(
        self,
        method: str,
        path: str,
        *,
        sub: str | None = ALICE,
        body: Any = None,
        raw_body: str | None = None,
        query: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        base64_body: bool = False,
    ) -> Reply:
        handler, route = self.handler_for(method, path)
        text = raw_body if raw_body is not None else (json.dumps(body) if body is not None else None)
        if text is not None and base64_body:
            text = base64.b64encode(text.encode()).decode()
        all_headers = {
            "content-type": "application/json",
            **{k.lower(): v for k, v in (headers or {}).items()},
        }
        request_context: dict[str, Any] = {
            "accountId": "123456789012",
            "apiId": "api",
            "domainName": "api.example.org",
            "domainPrefix": "api",
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": "203.0.113.1",
                "userAgent": "t",
            },
            "requestId": uuid.uuid4().hex,
            "routeKey": f"{method} {route.path}",
            "stage": "$default",
            "time": "22/Nov/2026:10:00:00 +0000",
            "timeEpoch": 0,
        }
        if not route.public:
            # API Gateway's JWT authorizer answers 401 itself when there is no valid token.
            if sub is None:
                return Reply(401, {}, json.dumps({"message": "Unauthorized"}), {})
            request_context["authorizer"] = {
                "jwt": {"claims": {"sub": sub, "token_use": "access", "client_id": "client"}, "scopes": None}
            }
        event = {
            "version": "2.0",
            "routeKey": f"{method} {route.path}",
            "rawPath": path,
            "rawQueryString": "&".join(f"{k}={v}" for k, v in (query or {}).items()),
            "headers": all_headers,
            "queryStringParameters": query,
            "requestContext": request_context,
            "body": text,
            "isBase64Encoded": base64_body,
        }
        raw = handler(event, FakeContext())
        reply_headers = {k.lower(): v for k, v in (raw.get("headers") or {}).items()}
        return Reply(int(raw["statusCode"]), reply_headers, raw.get("body") or "", raw)

    def get(self, path: str, **kwargs: Any) -> Reply:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, body: Any = None, **kwargs: Any) -> Reply:
        return self.request("POST", path, body=body, **kwargs)

    def put(self, path: str, body: Any = None, **kwargs: Any) -> Reply:
        return self.request("PUT", path, body=body, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> Reply:
        return self.request("DELETE", path, **kwargs)


@pytest.fixture(scope="session")
def _moto() -> Iterator[None]:
    # One mock and one pair of tables per test process; each test starts from empty tables instead
    # of paying for a new mock (which dominated the suite's time).
    with mock_aws():
        create_tables_from_template()
        create_bucket_from_template()
        yield


def create_bucket_from_template() -> None:
    """The attestati's bucket, versioned as template.yaml declares it."""
    versioning = load_template()["Resources"]["CertificatesBucket"]["Properties"]["VersioningConfiguration"]
    s3 = boto3.client("s3")
    name = os.environ["CERTIFICATES_BUCKET"]
    s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-south-1"})
    s3.put_bucket_versioning(Bucket=name, VersioningConfiguration=versioning)


def bucket_versions(prefix: str = "") -> list[dict[str, Any]]:
    """Every version and delete marker in the attestati's bucket under ``prefix`` (test-only listing)."""
    s3 = boto3.client("s3")
    page = s3.list_object_versions(Bucket=os.environ["CERTIFICATES_BUCKET"], Prefix=prefix)
    return [*page.get("Versions", []), *page.get("DeleteMarkers", [])]


def _empty_bucket() -> None:
    s3 = boto3.client("s3")
    name = os.environ["CERTIFICATES_BUCKET"]
    found = [{"Key": v["Key"], "VersionId": v["VersionId"]} for v in bucket_versions()]
    if found:
        s3.delete_objects(Bucket=name, Delete={"Objects": found})


def _empty_tables() -> None:
    client = boto3.client("dynamodb")
    for env_name, keys in (("TABLE_NAME", ("pk", "sk")), ("IDEMPOTENCY_TABLE_NAME", ("id",))):
        name = os.environ[env_name]
        items = client.scan(TableName=name, Limit=50)
        if "LastEvaluatedKey" in items:
            # After a bulk test, recreating both tables is faster than deleting item by item.
            for table in client.list_tables()["TableNames"]:
                client.delete_table(TableName=table)
            create_tables_from_template()
            return
        for item in items["Items"]:
            client.delete_item(TableName=name, Key={k: item[k] for k in keys})


@pytest.fixture
def aws(_moto: None) -> Iterator[None]:
    from functions.api import dal, files, idempotency
    from functions.api.settings import settings

    settings.cache_clear()
    dal.reset()
    files.reset()
    idempotency.reset()
    _empty_tables()
    _empty_bucket()
    yield
    dal.reset()
    files.reset()
    idempotency.reset()


@pytest.fixture
def api(aws: None) -> ApiClient:
    return ApiClient()


def table_items() -> list[dict[str, Any]]:
    """Everything in the credits table (a test-only Scan, to prove nothing was stored)."""
    client = boto3.client("dynamodb")
    return list(client.scan(TableName=os.environ["TABLE_NAME"])["Items"])


def idempotency_items() -> list[dict[str, Any]]:
    client = boto3.client("dynamodb")
    return list(client.scan(TableName=os.environ["IDEMPOTENCY_TABLE_NAME"])["Items"])


def credit_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": "Aggiornamento in cardiologia",
        "event_code": "1234-567890",
        "provider": "Provider ECM 1234",
        "type": "res_course",
        "start_date": "2026-03-10",
        "end_date": "2026-03-10",
        "hours": 8,
        "participants": 30,
        "credits": 8.0,
    }
    body.update(overrides)
    return body


PROFILE = {"profession": "medico_chirurgo", "discipline": "Cardiologia", "first_registration": "2010-06-01"}
EXEMPTION = {"kind": "esenzione", "start": "2026-01-01", "end": "2026-06-30", "reason": "maternità"}


class Clock:
    """Moves the API's clock: ``today.set(date)``."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch

    def set(self, day: dt.date) -> None:
        from functions.api.logic import clock

        self.monkeypatch.setattr(clock, "now", lambda: dt.datetime.combine(day, dt.time(12), dt.UTC))


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return Clock(monkeypatch)


class RequestCounter:
    """Counts DynamoDB API calls made through the data access layer's client."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def __call__(self, event_name: str, **_: Any) -> None:
        self.calls.append(event_name.rsplit(".", 1)[-1])

    def reset(self) -> None:
        self.calls.clear()


@pytest.fixture
def dynamodb_calls(aws: None) -> RequestCounter:
    from functions.api import dal

    counter = RequestCounter()
    dal.client().meta.events.register("before-call.dynamodb.*", counter)
    return counter
