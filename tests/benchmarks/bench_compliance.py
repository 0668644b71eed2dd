"""Benchmark: evaluating one triennium with 1,000 and 10,000 credit records (prints figures; not a test).

Run with `make bench`. Target: time grows linearly, and one evaluation of 1,000 records stays under 5 ms.
Two figures per size: the engine alone (records already validated) and validation + engine (what the API
and the CLI pay for a JSON body).
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial
from typing import Any

from functions.rulebook import evaluate_compliance
from functions.rulebook.models import ComplianceInput

TYPES = [
    "res_course",
    "fad_elearning",
    "fsc_training",
    "autoformazione",
    "abroad",
    "publication",
    "res_congress",
]


def make_payload(count: int, seed: int = 7) -> dict[str, Any]:
    rng = random.Random(seed)
    start = date(2026, 1, 1)
    credits = []
    for index in range(count):
        type_ = rng.choice(TYPES)
        credits.append(
            {
                "id": f"c{index}",
                "type": type_,
                "date": (start + timedelta(days=rng.randrange(0, 1095))).isoformat(),
                "credits": rng.randrange(1, 500) / 10,
                "sponsored": type_ == "res_course" and rng.random() < 0.2,
                "during_exemption": rng.random() < 0.05,
            }
        )
    return {"triennium": "2026-2028", "profile": {"first_registration": "2010-05-01"}, "credits": credits}


def validate_and_evaluate(payload: dict[str, Any]) -> object:
    return evaluate_compliance(ComplianceInput.model_validate(payload))


def median_ms(action: Callable[[], object], repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        begin = time.perf_counter()
        action()
        timings.append((time.perf_counter() - begin) * 1000)
    return statistics.median(timings)


def main() -> None:
    evaluate_compliance(ComplianceInput.model_validate(make_payload(10)))  # warm caches (rule data parse)
    rows = []
    for count, repeat in ((1_000, 60), (10_000, 12)):
        payload = make_payload(count)
        validated = ComplianceInput.model_validate(payload)
        engine = median_ms(partial(evaluate_compliance, validated), repeat)
        full = median_ms(partial(validate_and_evaluate, payload), repeat)
        rows.append((count, engine, full))
        print(f"{count:>6} records: engine {engine:7.2f} ms   validation + engine {full:7.2f} ms")
    (small, e1, f1), (large, e2, f2) = rows
    print(f"growth for {large // small}× records: engine {e2 / e1:.1f}×, validation + engine {f2 / f1:.1f}×")
    print(f"target: 1,000 records under 5 ms (engine {'met' if e1 < 5 else 'NOT met'})")


if __name__ == "__main__":
    main()
