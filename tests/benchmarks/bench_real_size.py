"""The local stack holding one professional's real-size history (prints figures; not a test).

2,000 credits (4,000 items: credit and id pointer) are written straight into the embedded DynamoDB,
over the per-person limits (the emulator is what is measured, not the API's caps). Then, through the
local API: compliance of a triennium of 400 credits, credit creations per second, the export, and
the erasure, with the stack process's memory (RSS now and at peak) and whether the erasure left
anything. ``--before`` runs moto as released (``ECM_MOTO_FIXES=0``) for the comparison.

    /work/main/.venv/bin/python -m tests.benchmarks.bench_real_size [--before] [--credits N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import boto3

from functions.api import dal
from functions.api.logic import credits
from functions.api.models import CreditIn
from tests.local.harness import ROOT, StackProcess

TRIENNI = ["2014-2016", "2017-2019", "2020-2022", "2023-2025", "2026-2028"]


def rss_mb(pid: int) -> tuple[float, float]:
    fields = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line
    )
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def seed(stack: StackProcess, sub: str, count: int) -> None:
    ddb = boto3.client(
        "dynamodb",
        endpoint_url=stack.dynamodb_url,
        region_name="eu-south-1",
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )
    items = []
    for index in range(count):
        year = int(TRIENNI[index % len(TRIENNI)][:4]) + index % 3
        body = {
            "title": f"Corso di aggiornamento professionale numero {index} — gestione del rischio clinico",
            "provider": "Azienda Sanitaria Locale di esempio",
            "event_code": f"1234-{index:06d}",
            "type": "fad_elearning",
            "start_date": f"{year}-0{1 + index % 9}-{1 + index % 28:02d}",
            "hours": 4,
            "credits": 1.5,
        }
        credit_id = uuid.uuid4().hex
        sk, data, _ = credits._stored(credit_id, CreditIn.model_validate(body), None)
        items.append(dal._encode(sub, sk, data))
        items.append(dal._encode(sub, f"CREDITID#{credit_id}", {"ref": sk}))
    for start in range(0, len(items), 25):
        chunk = items[start : start + 25]
        ddb.batch_write_item(RequestItems={"CreditsTable": [{"PutRequest": {"Item": i}} for i in chunk]})


class Figures(dict[str, float | str]):
    """Printed as they are measured, so a run that stalls or crashes still reports what it reached."""

    def __setitem__(self, name: str, value: float | str) -> None:
        super().__setitem__(name, value)
        print(f"  {name}: {value:.2f}" if isinstance(value, float) else f"  {name}: {value}", flush=True)


def timed_call(stack: StackProcess, figures: Figures, name: str, method: str, path: str, token: str) -> None:
    started = time.perf_counter()
    try:
        status, _ = stack.call(method, path, token)
    except TimeoutError:
        figures[f"{name}_status"] = "no answer within the client's 30 s"
        return
    figures[f"{name}_s"] = time.perf_counter() - started
    figures[f"{name}_status"] = str(status)


def run(before: bool, count: int) -> Figures:
    figures = Figures()
    figures["moto"] = "as released" if before else "with infra/local/moto_fixes"
    with tempfile.TemporaryDirectory() as tmp:
        extra = {"ECM_MOTO_FIXES": "0" if before else "1"}
        stack = StackProcess(Path(tmp), template=ROOT / "template.yaml", extra_env=extra).start()
        assert stack.process is not None
        pid = stack.process.pid
        try:
            sub = str(uuid.uuid4())
            token = stack.token(sub)
            started = time.perf_counter()
            seed(stack, sub, count)
            figures["seed_s"] = time.perf_counter() - started
            figures["rss_after_seed_mb"] = rss_mb(pid)[0]
            samples = []
            for _ in range(5):
                started = time.perf_counter()
                status, body = stack.call("GET", "/v1/me/compliance/2026-2028", token)
                samples.append(time.perf_counter() - started)
                assert status == 200, body
            figures["compliance_s"] = statistics.median(samples)
            started = time.perf_counter()
            creates = 20
            statuses = []
            for n in range(creates):
                body = {"title": f"Nuovo {n}", "type": "res_course", "start_date": "2027-03-10", "credits": 4}
                statuses.append(stack.call("POST", "/v1/me/credits", token, body)[0])
            figures["creates_per_s"] = creates / (time.perf_counter() - started)
            figures["create_statuses"] = ",".join(sorted({str(s) for s in statuses}))
            timed_call(stack, figures, "export", "GET", "/v1/me/export", token)
            timed_call(stack, figures, "erasure", "DELETE", "/v1/me?confirm=delete-all-my-data", token)
            ddb = boto3.client(
                "dynamodb",
                endpoint_url=stack.dynamodb_url,
                region_name="eu-south-1",
                aws_access_key_id="local",
                aws_secret_access_key="local",
            )
            left = ddb.query(
                TableName="CreditsTable",
                KeyConditionExpression="pk = :pk",
                ExpressionAttributeValues={":pk": {"S": dal.partition(sub)}},
                Select="COUNT",
            )["Count"]
            figures["items_left_after_erasure"] = float(left)
            figures["rss_end_mb"], figures["rss_peak_mb"] = rss_mb(pid)
            figures["stack_alive"] = "yes" if stack.process.poll() is None else "no (crashed)"
        finally:
            try:
                stack.stop()
            except subprocess.TimeoutExpired:
                stack.process.kill()
                print("  the stack did not stop within 30 s and was killed", flush=True)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", action="store_true")
    parser.add_argument("--credits", type=int, default=2000)
    args = parser.parse_args()
    print(f"local stack, one professional with {args.credits} credits:", flush=True)
    run(args.before, args.credits)


if __name__ == "__main__":
    main()
