"""Figures for the credits API (printed, not asserted): cold initialisation and DynamoDB requests.

1. Cold initialisation of each function (import of its handler module plus creation of its DynamoDB
   client), in fresh interpreters, as a ratio to a bare ``import boto3; boto3.client("dynamodb")``
   measured in the same run. Target: at most 1.3.
2. DynamoDB requests made by one compliance call with 10 and with 1,000 credits recorded (moto).
   Target: the same small number for both, at most 2.

Run with ``make bench`` or ``.venv/bin/python tests/benchmarks/bench_api.py``.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
RUNS = int(os.environ.get("BENCH_RUNS", "7"))
HANDLERS = ("public", "records", "compliance", "account")

TIMER = "import time\nstart = time.perf_counter()\n{body}\nprint(time.perf_counter() - start)\n"
BASELINE = 'import boto3\nboto3.client("dynamodb")'
FUNCTION = "import functions.api.handlers.{name}\nfrom functions.api import dal\ndal.client()"

PARTS = {
    "pydantic": "import pydantic.main",
    "rule book models": "import functions.rulebook.models",
    "Powertools event handler": "import aws_lambda_powertools.event_handler.api_gateway",
    "X-Ray SDK (Powertools Tracer)": "import aws_xray_sdk.core",
}


def _child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_ENDPOINT_URL", "POWERTOOLS_TRACE"))}
    env.update(
        AWS_DEFAULT_REGION="eu-south-1",
        AWS_ACCESS_KEY_ID="bench",
        AWS_SECRET_ACCESS_KEY="bench",
        TABLE_NAME="credits",
        IDEMPOTENCY_TABLE_NAME="idempotency",
        PYTHONDONTWRITEBYTECODE="0",
    )
    return env


def _time(body: str) -> float:
    result = subprocess.run(
        [sys.executable, "-c", TIMER.format(body=body)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=_child_env(),
    )
    return float(result.stdout.strip().splitlines()[-1])


def cold_init() -> None:
    # One warm-up each so both sides read compiled bytecode, as a deployed function does.
    _time(BASELINE)
    for name in HANDLERS:
        _time(FUNCTION.format(name=name))
    baseline: list[float] = []
    functions: dict[str, list[float]] = {name: [] for name in HANDLERS}
    for _ in range(RUNS):  # interleaved, so drift in machine load hits both sides alike
        baseline.append(_time(BASELINE))
        for name in HANDLERS:
            functions[name].append(_time(FUNCTION.format(name=name)))
    base = statistics.median(baseline)
    print(f"cold init, median of {RUNS} fresh interpreters")
    print(f"  {'bare boto3 import + dynamodb client':<40} {base * 1000:7.1f} ms")
    for name, times in functions.items():
        median = statistics.median(times)
        print(f"  {name + ' function':<40} {median * 1000:7.1f} ms  ratio {median / base:.2f}")
    # Where the time goes: each part alone in a fresh interpreter (they overlap, so they do not add up).
    print("  parts, each alone:")
    for label, body in PARTS.items():
        median = statistics.median(_time(body) for _ in range(max(3, RUNS // 2)))
        print(f"    {label:<38} {median * 1000:7.1f} ms")


def request_counts() -> None:
    import boto3
    from moto import mock_aws

    from tests.api.conftest import ApiClient, RequestCounter, create_tables_from_template, credit_body

    os.environ["POWERTOOLS_METRICS_NAMESPACE"] = "Bench"
    os.environ["POWERTOOLS_METRICS_DISABLED"] = "true"
    os.environ["POWERTOOLS_TRACE_DISABLED"] = "true"
    os.environ["POWERTOOLS_LOG_LEVEL"] = "ERROR"
    import warnings

    warnings.simplefilter("ignore")
    from functions.api import dal

    with mock_aws():
        create_tables_from_template()
        api = ApiClient()
        api.put("/v1/me/profile", {"profession": "medico chirurgo"}, sub="bench")
        api.post(
            "/v1/me/exemptions",
            {"kind": "esenzione", "start": "2026-01-01", "end": "2026-03-31"},
            sub="bench",
        )
        counter = RequestCounter()
        dal.client().meta.events.register("before-call.dynamodb.*", counter)
        client = boto3.client("dynamodb")
        written = 0
        print("DynamoDB requests for GET /v1/me/compliance/2026-2028")
        for target in (10, 1000):
            batch: list[Any] = []
            while written < target:
                day = dt.date(2026, 1, 1) + dt.timedelta(days=written % 1000)
                body = credit_body(start_date=day.isoformat(), end_date=day.isoformat(), credits=0.5)
                data = {
                    **body,
                    "id": f"b{written}",
                    "triennium": "2026-2028",
                    "role": "participant",
                    "credits_source": "certificate",
                    "registry_status": "provisional",
                    "created_at": "2026-01-01T00:00:00+00:00",
                    "updated_at": "2026-01-01T00:00:00+00:00",
                }
                item = dal._encode("bench", dal.credit_sk("2026-2028", day, f"b{written}"), data)
                batch.append({"PutRequest": {"Item": item}})
                written += 1
            for start in range(0, len(batch), 25):
                client.batch_write_item(RequestItems={os.environ["TABLE_NAME"]: batch[start : start + 25]})
            counter.reset()
            reply = api.get("/v1/me/compliance/2026-2028", sub="bench")
            assert reply.status == 200, reply.text
            recorded = reply.json["result"]["recorded"]
            print(
                f"  {target:>5} credits: {len(counter.calls)} requests ({', '.join(counter.calls)}), "
                f"recorded {recorded}"
            )
        _sync_counts(api, counter)


def _sync_counts(api: Any, counter: Any) -> None:
    """Requests of an edit and of a page of the change feed, with 1,000 credits stored (issue 13)."""
    from functions.api.logic.changes import encode_cursor
    from tests.api.conftest import credit_body

    created = api.post("/v1/me/credits", credit_body(), sub="bench").json
    merge = {"content-type": "application/merge-patch+json", "If-Match": created["etag"]}
    counter.reset()
    reply = api.request(
        "PATCH", f"/v1/me/credits/{created['id']}", body={"title": "x"}, headers=merge, sub="bench"
    )
    assert reply.status == 200, reply.text
    calls = ", ".join(counter.calls)
    print(f"DynamoDB requests for PATCH /v1/me/credits/{{id}}: {len(counter.calls)} ({calls})")
    counter.reset()
    page = api.get("/v1/me/changes", query={"since": encode_cursor("bench", 0), "limit": "50"}, sub="bench")
    assert page.status == 200, page.text
    calls = ", ".join(counter.calls)
    print(f"DynamoDB requests for a page of GET /v1/me/changes: {len(counter.calls)} ({calls})")


if __name__ == "__main__":
    cold_init()
    request_counts()
