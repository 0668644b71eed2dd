"""Concurrent writes through the local HTTP API, over one moto server, as several Lambda environments.

Three local stacks (each one process, like one Lambda execution environment: the adapter runs one
invocation at a time) share one moto server; requests are fired from 25 threads across the three. For
one professional: 75 creations and 25 deletions, the deletions racing new creations. Afterwards
every acknowledged creation is stored exactly once (credit and id pointer), every acknowledged deletion
is gone, nothing unacknowledged was stored, and compliance's recorded total equals the sum of the
stored credits. Parallel replays of one request with one Idempotency-Key create one credit.
"""

from __future__ import annotations

import itertools
import os
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import boto3
import pytest

from infra.local.auth import LOCAL_AUDIENCE, LOCAL_ISSUER
from infra.local.seed import request
from infra.local.template import load_template
from tests.api.conftest import credit_body
from tests.local.harness import ROOT, StackProcess
from tests.reliability import figures

PROFESSIONAL = "33333333-cccc-4ccc-8ccc-333333333333"
REPLAYER = "44444444-dddd-4ddd-8ddd-444444444444"
STACKS = 3
THREADS = 25
RETRIES_ON_503 = 3


@dataclass
class Cluster:
    stacks: list[StackProcess]
    endpoint: str
    tables: dict[str, str]

    def __post_init__(self) -> None:
        self._next = itertools.cycle(range(len(self.stacks)))

    def call(self, method: str, path: str, sub: str, body: Any = None, **headers: str) -> tuple[int, Any]:
        stack = self.stacks[next(self._next)]
        return request(f"{stack.api_url}{path}", method, stack.token(sub), body, **headers)

    def errors(self) -> str:
        """The stacks' logged faults, for a failure message."""
        lines = []
        for stack in self.stacks:
            text = stack.log.read_text(errors="replace")
            lines += [line[:3000] for line in text.splitlines() if '"level":"ERROR"' in line]
        return "\n".join(lines[:3])

    def items(self, sub: str) -> list[dict[str, Any]]:
        ddb = boto3.client("dynamodb", endpoint_url=self.endpoint, region_name="eu-south-1")
        found: list[dict[str, Any]] = []
        kwargs: dict[str, Any] = {
            "TableName": self.tables["CreditsTable"],
            "KeyConditionExpression": "pk = :pk",
            "ExpressionAttributeValues": {":pk": {"S": f"USER#{sub}"}},
            "ConsistentRead": True,
        }
        while True:
            page = ddb.query(**kwargs)
            found += page["Items"]
            if "LastEvaluatedKey" not in page:
                return found
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


@pytest.fixture(scope="module")
def cluster(own_moto_endpoint: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    data_dir: Path = tmp_path_factory.mktemp("concurrency")
    env = {
        "ECM_DYNAMODB_ENDPOINT": own_moto_endpoint,
        "ECM_QUIET": "1",
        "ECM_DYNAMODB_READ_TIMEOUT_S": "30",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
    }
    stacks: list[StackProcess] = []
    try:
        for _ in range(STACKS):  # one after the other: the first creates the tables
            stack = StackProcess(data_dir=data_dir, template=ROOT / "template.yaml", extra_env=env)
            stacks.append(stack.start())
        log = stacks[0].log.read_text()
        assert "CreditsTable" in log
        template = load_template(
            ROOT / "template.yaml",
            local_issuer=LOCAL_ISSUER,
            local_audience=LOCAL_AUDIENCE,
            region="eu-south-1",
        )
        tables = {k: str(v["TableName"]) for k, v in template.tables.items()}
        yield Cluster(stacks, own_moto_endpoint, tables)
    finally:
        for stack in stacks:
            stack.stop()


def _credit(index: int) -> dict[str, Any]:
    # Distinct amounts with one decimal, so a lost or doubled credit changes the total.
    return credit_body(
        title=f"concurrent {index}",
        credits=float(Decimal(1) + Decimal(index % 17) / 10),
        start_date=f"2026-0{1 + index % 9}-{1 + index % 28:02d}",
        end_date=None,
    )


def test_concurrent_creations_and_deletions_lose_nothing(cluster: Cluster) -> None:
    acked_created: set[str] = set()
    acked_deleted: set[str] = set()
    statuses: Counter[int] = Counter()

    # Every write of one professional takes the next number of their change feed, so 25 writes of one
    # professional at once queue for it; one that waited too long answers 503 with Retry-After and
    # stored nothing, and the client retries it, as the document asks (a phone has no 25 threads).
    def create(index: int) -> None:
        for _ in range(RETRIES_ON_503):
            status, body = cluster.call("POST", "/v1/me/credits", PROFESSIONAL, _credit(index))
            statuses[status] += 1
            if status != 503:
                break
        if status == 201:
            acked_created.add(body["id"])

    def delete(credit_id: str) -> None:
        for _ in range(RETRIES_ON_503):
            status, _ = cluster.call("DELETE", f"/v1/me/credits/{credit_id}", PROFESSIONAL)
            statuses[status] += 1
            if status != 503:
                break
        if status == 204:
            acked_deleted.add(credit_id)

    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(create, range(50)))
    first_wave = sorted(acked_created)
    with ThreadPoolExecutor(THREADS) as pool:
        jobs = [pool.submit(delete, cid) for cid in first_wave[:25]]
        jobs += [pool.submit(create, 50 + i) for i in range(25)]
        for job in jobs:
            job.result()

    items = cluster.items(PROFESSIONAL)
    credits = [i for i in items if i["sk"]["S"].startswith("CREDIT#")]
    pointers = {i["sk"]["S"].removeprefix("CREDITID#"): i["ref"]["S"] for i in items if "ref" in i}
    stored = Counter(i["id"]["S"] for i in credits)
    expected = acked_created - acked_deleted
    doubled = [cid for cid, n in stored.items() if n > 1]
    lost = expected - set(stored)
    resurrected = acked_deleted & set(stored)
    unacknowledged = set(stored) - acked_created
    dangling = {cid for cid, ref in pointers.items() if ref not in {c["sk"]["S"] for c in credits}}
    orphans = set(stored) - set(pointers)
    problems = (
        len(doubled) + len(lost) + len(resurrected) + len(unacknowledged) + len(dangling) + len(orphans)
    )
    figures.record("concurrency", tried=100, failed=problems, detail=f"statuses {dict(statuses)}")
    assert statuses[500] == 0 and statuses[502] == 0, f"{statuses}\n{cluster.errors()}"
    assert len(acked_created) == 75 and len(acked_deleted) == 25, statuses
    assert not doubled and not lost and not resurrected and not unacknowledged, (
        doubled,
        lost,
        resurrected,
        unacknowledged,
    )
    assert not dangling and not orphans, (dangling, orphans)

    status, compliance = cluster.call("GET", "/v1/me/compliance/2026-2028", PROFESSIONAL)
    assert status == 200, compliance
    total = sum(Decimal(c["credits"]["N"]) for c in credits)
    assert Decimal(str(compliance["result"]["recorded"])) == total


def test_parallel_replays_of_one_request_create_one_credit(cluster: Cluster) -> None:
    headers = {"Idempotency-Key": "one-tap-many-retries"}
    body = _credit(7)
    with ThreadPoolExecutor(THREADS) as pool:
        replies = list(
            pool.map(lambda _: cluster.call("POST", "/v1/me/credits", REPLAYER, body, **headers), range(20))
        )
    statuses = Counter(status for status, _ in replies)
    created_ids = {reply["id"] for status, reply in replies if status == 201}
    credits = [i for i in cluster.items(REPLAYER) if i["sk"]["S"].startswith("CREDIT#")]
    figures.record(
        "concurrency", tried=20, failed=max(0, len(credits) - 1), detail=f"replays {dict(statuses)}"
    )
    assert set(statuses) <= {201, 409}, statuses
    assert statuses[201] >= 1 and len(created_ids) == 1, replies
    assert len(credits) == 1, f"{len(credits)} credits stored for one request replayed 20 times"
    status, again = cluster.call("POST", "/v1/me/credits", REPLAYER, body, **headers)
    assert status == 201 and again["id"] in created_ids
    assert os.environ.get("ECM_DYNAMODB_ENDPOINT") is None, "the stacks' settings leaked into this process"
