"""Benchmark of the local stack (prints figures; not a test).

Run with `.venv/bin/python tests/benchmarks/bench_local_stack.py` on a warm environment (venv
installed, files in the page cache). Figures:

- start to "Ready" (the printed URLs): the whole stack with the guide, and the API alone;
- latency of a compliance request through the local API (HTTP adapter + real handler + moto server)
  next to a bare DynamoDB GetItem against the same moto server in the same run, and their ratio.
"""

from __future__ import annotations

import http.client
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import boto3

from functions.api import dal
from tests.local.harness import ROOT, StackProcess

STARTS = 3
REQUESTS = 300
WARMUP = 30


def percentiles(samples_ms: list[float]) -> tuple[float, float]:
    ordered = sorted(samples_ms)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]


def timed(call: Callable[[], object]) -> list[float]:
    for _ in range(WARMUP):
        call()
    samples = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def start_times(site: bool) -> list[float]:
    times = []
    for _ in range(STARTS):
        with tempfile.TemporaryDirectory() as tmp:
            stack = StackProcess(Path(tmp), template=ROOT / "template.yaml", site=site, seed=True).start()
            times.append(stack.startup_s)
            stack.stop()
    return times


def latency() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        stack = StackProcess(Path(tmp), template=ROOT / "template.yaml").start()
        try:
            sub = str(uuid.uuid4())
            token = stack.token(sub)
            partition = dal.partition(sub)
            for n in range(20):
                status, body = stack.call(
                    "POST",
                    "/v1/me/credits",
                    token,
                    {
                        "title": f"Corso {n}",
                        "type": "res_course",
                        "start_date": "2026-03-10",
                        "hours": 4,
                        "credits": 4,
                    },
                )
                assert status == 201, body
            conn = http.client.HTTPConnection("127.0.0.1", stack.api_port)

            def compliance() -> None:
                conn.request(
                    "GET", "/v1/me/compliance/2026-2028", headers={"authorization": f"Bearer {token}"}
                )
                response = conn.getresponse()
                response.read()
                assert response.status == 200

            ddb = boto3.client(
                "dynamodb",
                endpoint_url=stack.dynamodb_url,
                region_name="eu-south-1",
                aws_access_key_id="local",
                aws_secret_access_key="local",
            )
            ddb.put_item(TableName="CreditsTable", Item={"pk": {"S": "BENCH"}, "sk": {"S": "ITEM"}})

            def get_item() -> None:
                ddb.get_item(TableName="CreditsTable", Key={"pk": {"S": "BENCH"}, "sk": {"S": "ITEM"}})

            def query() -> None:
                # What the compliance route asks DynamoDB for, without the handler and the HTTP adapter.
                ddb.query(
                    TableName="CreditsTable",
                    KeyConditionExpression="pk = :pk AND begins_with(sk, :prefix)",
                    ExpressionAttributeValues={":pk": {"S": partition}, ":prefix": {"S": "CREDIT#2026-2028"}},
                )

            api_median, api_p95 = percentiles(timed(compliance))
            ddb_median, ddb_p95 = percentiles(timed(get_item))
            query_median, query_p95 = percentiles(timed(query))
        finally:
            stack.stop()
    print(f"compliance via local API (20 credits): median {api_median:.1f} ms, p95 {api_p95:.1f} ms")
    print(f"bare GetItem on the same moto server:  median {ddb_median:.1f} ms, p95 {ddb_p95:.1f} ms")
    print(f"bare Query of those 20 credits:        median {query_median:.1f} ms, p95 {query_p95:.1f} ms")
    print(f"ratio API / GetItem: median {api_median / ddb_median:.1f}x, p95 {api_p95 / ddb_p95:.1f}x")


def main() -> None:
    api_only = start_times(site=False)
    print(
        f"start to Ready, API only (seed included): median {statistics.median(api_only):.2f} s of {api_only}"
    )
    if (ROOT / "mkdocs.yml").exists():
        full = start_times(site=True)
        print(
            f"start to Ready, with the guide (mkdocs serve): median {statistics.median(full):.2f} s of {full}"
        )
    latency()


if __name__ == "__main__":
    main()
