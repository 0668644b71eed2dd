"""Counts the reliability tests report, for tests/benchmarks/reliability_figures.py.

A test calls ``record(kind, tried, failed)``; when ECM_RELIABILITY_FIGURES names a file, one JSON line
is appended to it (each xdist worker appends its own lines); otherwise nothing is written.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

ENV = "ECM_RELIABILITY_FIGURES"
KINDS = ("fuzz", "concurrency", "faults", "lost_answers", "limits", "bad_input", "isolation", "privacy")


def record(kind: str, tried: int, failed: int, detail: str = "") -> None:
    assert kind in KINDS, kind
    target = os.environ.get(ENV)
    if not target:
        return
    line = json.dumps({"kind": kind, "tried": tried, "failed": failed, "detail": detail})
    with Path(target).open("a", encoding="utf-8") as out:
        out.write(line + "\n")
