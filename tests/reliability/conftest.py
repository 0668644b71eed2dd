"""Reliability fixtures: a real moto server on a free port, tables from template.yaml, fault injection.

The API's handlers are called in process (through the API tests' client, which routes as template.yaml
does) or through the local HTTP adapter, against moto's *server* rather than ``mock_aws``: faults are
injected with botocore's ``before-send`` hook, which stands in for the network, so botocore's own
retry logic runs exactly as it would against DynamoDB.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.awsrequest import AWSPreparedRequest, AWSResponse, HTTPHeaders

from infra.local import dynamodb
from infra.local.auth import LOCAL_AUDIENCE, LOCAL_ISSUER, load_or_create_key, mint_token
from infra.local.dynamodb import SerialMotoServer, create_buckets, create_tables
from infra.local.gateway import Gateway, make_server
from infra.local.template import load_template
from tests.api.conftest import ALICE, ApiClient, create_bucket_from_template, create_tables_from_template

Item = dict[str, Any]
ROOT = Path(__file__).resolve().parents[2]


def _serve_moto() -> Iterator[str]:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = SerialMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    """One server per test process; tests use tables of their own (unique names) on it."""
    yield from _serve_moto()


@pytest.fixture(scope="module")
def own_moto_endpoint() -> Iterator[str]:
    """A server for one module (moto's state is still shared by the whole process)."""
    yield from _serve_moto()


def reset_api_caches() -> None:
    from functions.api import dal, files, idempotency
    from functions.api.settings import settings

    settings.cache_clear()
    dal.reset()
    files.reset()
    idempotency.reset()


def use_fresh_tables(monkeypatch: pytest.MonkeyPatch, endpoint: str) -> None:
    """Point the API at new tables (unique names) on the moto server, created from template.yaml."""
    suffix = uuid.uuid4().hex[:8]
    monkeypatch.setenv("AWS_ENDPOINT_URL_DYNAMODB", endpoint)
    # moto on a loaded 2-core CI machine can take seconds per call; real timeouts are injected instead.
    monkeypatch.setenv("ECM_DYNAMODB_READ_TIMEOUT_S", "30")
    monkeypatch.setenv("TABLE_NAME", f"credits-{suffix}")
    monkeypatch.setenv("IDEMPOTENCY_TABLE_NAME", f"idempotency-{suffix}")
    # The attestati's bucket on the same server (the export lists its files, erasure empties it).
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", endpoint)
    monkeypatch.setenv("CERTIFICATES_BUCKET", f"certificates-{suffix}")
    reset_api_caches()
    create_tables_from_template()
    create_bucket_from_template()


@pytest.fixture
def live(moto_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Fresh tables on the moto server for one test; the API's clients point at it."""
    use_fresh_tables(monkeypatch, moto_endpoint)
    yield moto_endpoint
    reset_api_caches()
    # moto keeps one state per process, shared by every server and mock in it: drop the tables, or
    # code that lists tables (the local stack) pages past the first hundred.
    client = boto3.client("dynamodb")
    for name in (os.environ["TABLE_NAME"], os.environ["IDEMPOTENCY_TABLE_NAME"]):
        client.delete_table(TableName=name)


@pytest.fixture
def live_api(live: str) -> ApiClient:
    return ApiClient()


def scan(table_env: str = "TABLE_NAME") -> list[Item]:
    """Everything in a table (a test-only Scan: the API itself never scans)."""
    client = boto3.client("dynamodb")
    items: list[Item] = []
    kwargs: dict[str, Any] = {"TableName": os.environ[table_env], "ConsistentRead": True}
    while True:
        page = client.scan(**kwargs)
        items += page["Items"]
        if "LastEvaluatedKey" not in page:
            return items
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def snapshot() -> tuple[list[str], list[str]]:
    """Both tables, canonically serialised, to compare before and after."""
    credits = sorted(json.dumps(i, sort_keys=True) for i in scan("TABLE_NAME"))
    replays = sorted(json.dumps(i, sort_keys=True) for i in scan("IDEMPOTENCY_TABLE_NAME"))
    return credits, replays


# --- the local HTTP adapter, in process ----------------------------------------------------------


@pytest.fixture(scope="module")
def signing_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz-key")


@pytest.fixture(scope="module")
def gateway_url(own_moto_endpoint: str, signing_dir: Path) -> Iterator[str]:
    """The local adapter in this process, with the tables and environment template.yaml gives it."""
    saved = dict(os.environ)  # the adapter sets each function's variables in os.environ per call
    os.environ["AWS_ENDPOINT_URL_DYNAMODB"] = own_moto_endpoint
    os.environ["ECM_DYNAMODB_READ_TIMEOUT_S"] = "30"
    template = load_template(
        ROOT / "template.yaml", local_issuer=LOCAL_ISSUER, local_audience=LOCAL_AUDIENCE, region="eu-south-1"
    )
    ddb = dynamodb.client(own_moto_endpoint, "eu-south-1")
    # moto keeps one state per process: the template's tables (fixed names) may still hold what another
    # module of this worker stored for Alice (calendars, exemptions). Each module starts from empty ones.
    existing = set(ddb.list_tables()["TableNames"])
    for spec in template.tables.values():
        if spec["TableName"] in existing:
            ddb.delete_table(TableName=spec["TableName"])
    create_tables(ddb, template.tables)
    os.environ["AWS_ENDPOINT_URL_S3"] = own_moto_endpoint
    create_buckets(own_moto_endpoint, "eu-south-1", template.buckets)
    reset_api_caches()
    gateway = Gateway(template, load_or_create_key(signing_dir), ROOT, "eu-south-1")
    assert not gateway.load_errors, gateway.load_errors
    server: ThreadingHTTPServer = make_server(gateway, 0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    os.environ.clear()
    os.environ.update(saved)
    reset_api_caches()


@pytest.fixture(scope="module")
def token(signing_dir: Path) -> str:
    """A valid access token for Alice, signed by the adapter's local key."""
    return mint_token(load_or_create_key(signing_dir), ALICE)


# --- fault injection ------------------------------------------------------------------------------

_ERROR_PREFIX = "com.amazonaws.dynamodb.v20120810#"


class _Raw:
    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._body


def error_response(request: AWSPreparedRequest, code: str, status: int = 400, **extra: Any) -> AWSResponse:
    body = json.dumps({"__type": _ERROR_PREFIX + code, "message": f"injected {code}", **extra}).encode()
    headers = HTTPHeaders()
    headers["x-amzn-RequestId"] = uuid.uuid4().hex
    headers["Content-Type"] = "application/x-amz-json-1.0"
    return AWSResponse(request.url, status, headers, _Raw(body))


Fault = Callable[[AWSPreparedRequest], "AWSResponse | None"]


@dataclass
class Injector:
    """Answers chosen DynamoDB operations with a fault instead of sending them, a set number of times.

    ``times=None`` fails every attempt. Each attempt botocore makes (retries included) counts.
    """

    attempts: dict[str, int] = field(default_factory=dict)
    injected: int = 0
    sleeps: list[float] = field(default_factory=list)
    _rules: list[tuple[str, Fault, int | None]] = field(default_factory=list)

    def add(self, operation: str, fault: Fault, times: int | None = None) -> None:
        self._rules.append((operation, fault, times))

    def __call__(self, request: AWSPreparedRequest, **_: Any) -> AWSResponse | None:
        target = request.headers.get("X-Amz-Target", b"")
        operation = (target.decode() if isinstance(target, bytes) else target).rsplit(".", 1)[-1]
        self.attempts[operation] = self.attempts.get(operation, 0) + 1
        for index, (name, fault, times) in enumerate(self._rules):
            if name != operation or times == 0:
                continue
            if times is not None:
                self._rules[index] = (name, fault, times - 1)
            self.injected += 1
            return fault(request)
        return None


@pytest.fixture
def faults(live: str, monkeypatch: pytest.MonkeyPatch) -> Injector:
    """Faults under the data access layer's client; botocore's back-off sleeps are recorded, not slept."""
    import botocore.endpoint

    from functions.api import dal

    injector = Injector()
    dal.client().meta.events.register_first("before-send.dynamodb", injector)  # type: ignore[arg-type]

    class _Clock:
        @staticmethod
        def sleep(seconds: float) -> None:
            injector.sleeps.append(seconds)

    monkeypatch.setattr(botocore.endpoint, "time", _Clock)
    return injector


def throttled(code: str = "ProvisionedThroughputExceededException") -> Fault:
    return lambda request: error_response(request, code)


def cancelled(*reasons: str) -> Fault:
    """TransactionCanceledException with one cancellation reason per action of the transaction."""
    listed = [{"Code": r, "Message": f"injected {r}"} if r != "None" else {"Code": "None"} for r in reasons]
    message = (
        "Transaction cancelled, please refer cancellation reasons for specific reasons "
        + f"[{', '.join(reasons)}]"
    )
    return lambda request: error_response(
        request, "TransactionCanceledException", Message=message, CancellationReasons=listed
    )


def timeout(kind: str = "read") -> Fault:
    from botocore.exceptions import ConnectTimeoutError, ReadTimeoutError

    def fault(request: AWSPreparedRequest) -> AWSResponse | None:
        if kind == "connect":
            raise ConnectTimeoutError(endpoint_url=request.url)
        raise ReadTimeoutError(endpoint_url=request.url)

    return fault


def lost_answer() -> Fault:
    """The request reaches DynamoDB and is applied, then its answer is lost (a read timeout).

    botocore retries, as it would over a real network: the retry meets the state the first attempt
    left behind.
    """
    from botocore.exceptions import ReadTimeoutError
    from botocore.httpsession import URLLib3Session

    def fault(request: AWSPreparedRequest) -> AWSResponse | None:
        answer = URLLib3Session().send(request)
        assert answer.status_code == 200, answer.content
        raise ReadTimeoutError(endpoint_url=request.url)

    return fault
