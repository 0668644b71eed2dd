"""Reliability figures (prints them; not a test): runs tests/reliability and adds up what it tried.

    .venv/bin/python tests/benchmarks/reliability_figures.py            # the make test sizes
    ECM_FUZZ_EXAMPLES=500 .venv/bin/python tests/benchmarks/reliability_figures.py   # a long fuzz run

Each reliability test appends what it tried and what failed to a JSON-lines file named by
ECM_RELIABILITY_FIGURES (tests/reliability/figures.py); this script points that at a temporary file,
runs the tests, and prints the totals that go on the guide's Reliability page.
"""

from __future__ import annotations

import json
import os
import re
import subprocess  # nosec B404: runs pytest from this virtual environment with fixed arguments
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def run() -> tuple[list[dict[str, Any]], int, float]:
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "figures.jsonl"
        env = {**os.environ, "ECM_RELIABILITY_FIGURES": str(target)}
        started = time.perf_counter()
        proc = subprocess.run(  # nosec B603: fixed argument list, no shell
            [sys.executable, "-m", "pytest", "-q", "-n", "2", "--dist", "loadfile", "tests/reliability"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        elapsed = time.perf_counter() - started
        tail = proc.stdout.strip().splitlines()[-1:] or ["(no output)"]
        print(f"pytest tests/reliability: {tail[0]}")
        lines = target.read_text().splitlines() if target.exists() else []
    return [json.loads(line) for line in lines], proc.returncode, elapsed


def summarise(records: list[dict[str, Any]]) -> dict[str, Any]:
    tried: Counter[str] = Counter()
    failed: Counter[str] = Counter()
    for record in records:
        tried[record["kind"]] += record["tried"]
        failed[record["kind"]] += record["failed"]
    fuzz = [r for r in records if r["kind"] == "fuzz"]
    operations = {r["detail"].split(" deviation:")[0] for r in fuzz}
    deviations = Counter(r["detail"].split(" deviation:")[1] for r in fuzz if " deviation:" in r["detail"])
    injected = sum(
        int(m.group(1))
        for r in records
        if r["kind"] == "faults"
        for m in [re.search(r"(\d+) injected", r["detail"])]
        if m
    )
    return {
        "fuzz_cases": tried["fuzz"],
        "fuzz_operations": len(operations),
        "fuzz_failures": failed["fuzz"],
        "fuzz_deviations": dict(deviations),
        "concurrent_writes": tried["concurrency"],
        "writes_lost": failed["concurrency"],
        "fault_scenarios": tried["faults"],
        "faults_injected": injected,
        "partial_writes": failed["faults"],
        "bad_inputs": tried["bad_input"],
        "bad_input_5xx": failed["bad_input"],
        "isolation_probes": tried["isolation"],
        "isolation_leaks": failed["isolation"],
        "log_lines_checked": tried["privacy"],
        "log_leaks": failed["privacy"],
    }


def main() -> int:
    records, returncode, elapsed = run()
    figures = summarise(records)
    examples = os.environ.get("ECM_FUZZ_EXAMPLES", "12")
    print(f"Reliability figures (ECM_FUZZ_EXAMPLES={examples}, {elapsed:.0f} s on {os.cpu_count()} cores)")
    print(
        f"  contract fuzzing     {figures['fuzz_cases']} cases over {figures['fuzz_operations']} operations "
        f"(methods x paths), {figures['fuzz_failures']} failures"
    )
    for key, count in figures["fuzz_deviations"].items():
        print(f"    known deviation    {key}: {count} cases")
    print(
        f"  concurrency          {figures['concurrent_writes']} concurrent writes, "
        f"{figures['writes_lost']} lost"
    )
    print(
        f"  faults               {figures['fault_scenarios']} scenarios, {figures['faults_injected']} faults "
        f"injected, {figures['partial_writes']} partial writes"
    )
    print(f"  bad input            {figures['bad_inputs']} tried, {figures['bad_input_5xx']} answered 5xx")
    print(f"  isolation            {figures['isolation_probes']} probes, {figures['isolation_leaks']} leaks")
    print(f"  privacy              {figures['log_lines_checked']} log lines, {figures['log_leaks']} leaks")
    return returncode


if __name__ == "__main__":
    sys.exit(main())
