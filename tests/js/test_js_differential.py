"""Differential test: random inputs through the Python rule book and the browser engine must agree.

The committed conformance vectors are hand-picked; this adds a few thousand seeded random inputs of
every kind (valid ones and ones the rule book refuses), computes the expected results with the Python
engine, and runs them through ecm-engine.js with the same Node comparison (tests/js/conformance.test.js).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from functions.rulebook.dispatch import run_or_error
from functions.rulebook.models import PROVIDER_TYPES, EventType, Role

ROOT = Path(__file__).resolve().parents[2]
TYPES = [t.value for t in EventType]
PROVIDER = sorted(t.value for t in PROVIDER_TYPES if t is not EventType.BLENDED)
ROLES = [r.value for r in Role]
TRIENNI = ["2011-2013", "2014-2016", "2017-2019", "2020-2022", "2023-2025", "2026-2028"]


def day(rng: random.Random, first: int = 2003, last: int = 2028) -> date:
    return date(first, 1, 1) + timedelta(days=rng.randrange((date(last, 12, 31) - date(first, 1, 1)).days))


def maybe(rng: random.Random, chance: float, value: Any) -> Any:
    return value if rng.random() < chance else None


def one_decimal(rng: random.Random, high: float) -> float:
    return round(rng.uniform(0, high), 1)


def event(rng: random.Random, depth: int = 0) -> dict[str, Any]:
    kind = rng.choice(PROVIDER if depth else TYPES)
    if not depth and rng.random() < 0.2:
        kind = rng.choice(["res_course", "res_workshop", "fsc_improvement_group", "fad_elearning"])
    start = day(rng)
    fields: dict[str, Any] = {
        "type": kind,
        "date": start.isoformat(),
        "role": "participant" if depth or rng.random() < 0.6 else rng.choice(ROLES),
        "hours": maybe(
            rng, 0.9, rng.choice([rng.randint(1, 60), round(rng.uniform(0.2, 80), 2), 0.5, 2.5, 3.5])
        ),
        "interactive_hours": maybe(rng, 0.3, rng.randint(0, 10)),
        "participants": maybe(
            rng, 0.8, rng.choice([rng.randint(1, 60), rng.randint(1, 400), 25, 50, 100, 200, 201])
        ),
        "teachers": maybe(rng, 0.3, rng.randint(1, 4)),
        "special_topic": rng.random() < 0.2,
        "concluding_document": rng.random() < 0.3,
        "external_tutor": rng.random() < 0.3,
        "tutor": rng.random() < 0.4,
        "teaching_minutes": maybe(rng, 0.5, rng.choice([rng.randint(1, 600), 20, 30, 60, 120])),
        "sessions": maybe(rng, 0.4, rng.randint(1, 60)),
        "months": maybe(rng, 0.4, rng.randint(1, 12)),
        "event_credits": maybe(rng, 0.3, one_decimal(rng, 60)),
        "publication_kind": maybe(rng, 0.8, rng.choice(["indexed", "journal", "book"])),
        "lead_author": rng.random() < 0.5,
        "stated_credits": maybe(rng, 0.5, one_decimal(rng, 60)),
        "end_date": maybe(rng, 0.8, (start + timedelta(days=rng.randint(-5, 900))).isoformat()),
        # Issue 10: where the training took place, attendance and test score.
        "country": maybe(
            rng,
            0.15 if kind != "abroad" else 0.85,
            rng.choice(["DE", "GB", "HR", "CH", "US", "JP", "IT", "XX", "D"]),
        ),
        "attendance_percent": maybe(
            rng, 0.15, rng.choice([100, 90, 89.99, 75, round(rng.uniform(0, 100), 2)])
        ),
        "test_score_percent": maybe(rng, 0.1, rng.choice([75, 74.5, 100, 0])),
        "profession": maybe(rng, 0.1, rng.choice(["psicologo", "farmacista", "x"])),
    }
    if kind == "blended" and not depth:
        fields["components"] = [event(rng, 1) | {"date": start.isoformat()} for _ in range(rng.randint(1, 3))]
    return {k: v for k, v in fields.items() if v is not None}


def exemption(rng: random.Random) -> dict[str, Any]:
    start = day(rng, 2012, 2028)
    kind = rng.choice(["esonero_course", "esonero_hours", "esenzione", "esenzione"])
    item: dict[str, Any] = {
        "kind": kind,
        "start": start.isoformat(),
        "end": (start + timedelta(days=rng.randint(-3, 800))).isoformat(),
    }
    if kind == "esonero_hours" or rng.random() < 0.1:
        item["hours"] = rng.choice([rng.randint(1, 200), round(rng.uniform(1, 90), 2)])
    if kind == "esonero_course" and rng.random() < 0.3:
        item["attributed_years"] = sorted(rng.sample(range(start.year, start.year + 3), rng.randint(1, 2)))
    return item


def profile(rng: random.Random) -> dict[str, Any]:
    p: dict[str, Any] = {}
    if rng.random() < 0.5:
        p["first_registration"] = day(rng, 2005, 2028).isoformat()
    if rng.random() < 0.5:
        p["previous_triennium_credits"] = rng.choice([one_decimal(rng, 200), 29.9, 30, 50, 80, 120, 121])
    if rng.random() < 0.5:
        p["previous_triennium_met"] = rng.random() < 0.5
    if rng.random() < 0.3:
        p["dossiers"] = [
            {
                "kind": rng.choice(["individual", "group"]),
                "triennium": rng.choice(TRIENNI),
                "objectives_met": rng.random() < 0.6,
                **({"built_on": day(rng, 2024, 2028).isoformat()} if rng.random() < 0.3 else {}),
            }
            for _ in range(rng.randint(1, 2))
        ]
    if rng.random() < 0.3:
        p["certified_trienni_at_2025_07_03"] = rng.sample(TRIENNI[1:4], rng.randint(1, 3))
    if rng.random() < 0.5:
        p["exemptions"] = [exemption(rng) for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.15:
        cancelled = day(rng, 2012, 2027)
        gap: dict[str, Any] = {"cancelled_on": cancelled.isoformat()}
        if rng.random() < 0.7:
            gap["reregistered_on"] = (cancelled + timedelta(days=rng.randint(-10, 900))).isoformat()
        p["registration_gaps"] = [gap]
    # Issue 10: profession (with its own caps), physicians' discipline, employment, retirement.
    if rng.random() < 0.4:
        p["profession"] = rng.choice(
            ["farmacista", "psicologo", "infermiere", "medico_chirurgo", "ostetrica", "x"]
        )
        if p["profession"] == "medico_chirurgo" and rng.random() < 0.5:
            p["discipline"] = rng.choice(["Cardiologia", "Pediatria", "Nessuna"])
    if rng.random() < 0.3:
        p["employment"] = rng.choice(["employee", "self_employed"])
    if rng.random() < 0.15:
        p["retired_on"] = day(rng, 2015, 2028).isoformat()
    # Issue 16: the radioprotection quota (medical exposure, complementary radiology; some refused).
    if rng.random() < 0.3:
        p["medical_exposure"] = rng.random() < 0.8
        if rng.random() < 0.3:
            p["radiology_complementary"] = True
        if rng.random() < 0.5:
            p["profession"] = rng.choice(["tecnico_radiologia", "fisico", "odontoiatra", "infermiere"])
    return p


def credits(rng: random.Random, count: int) -> list[dict[str, Any]]:
    records = []
    for index in range(count):
        kind = rng.choice(TYPES)
        record: dict[str, Any] = {
            "id": f"c{index}",
            "type": kind,
            "date": day(rng, 2010, 2028).isoformat(),
            "credits": rng.choice([one_decimal(rng, 50), one_decimal(rng, 5), 50.0]),
        }
        if rng.random() < 0.2:
            record["role"] = rng.choice(ROLES)
        flags = (
            ("abroad", 0.1),
            ("autoformazione", 0.1),
            ("during_exemption", 0.05),
            ("radioprotection", 0.2),
        )
        for flag, chance in flags:
            if rng.random() < chance:
                record[flag] = True
        learner = kind in PROVIDER and "role" not in record and len(record) == 4
        if rng.random() < (0.3 if learner else 0.01):  # mostly where the rule book accepts it
            record["sponsored"] = True
        if rng.random() < 0.1:
            record["triennium"] = rng.choice(TRIENNI)
        # Issue 11: event codes shared across roles, and the registry clock's fields.
        if rng.random() < 0.3:
            record["event_code"] = rng.choice(["E-1", "e-1 ", "E-2", "E-3"])
        if rng.random() < 0.3:
            record["in_registry"] = rng.random() < 0.4
            if rng.random() < 0.5:
                record["end_date"] = day(rng, 2010, 2028).isoformat()
            if rng.random() < 0.5:
                record["provider_scope"] = rng.choice(["national", "regional"])
            if rng.random() < 0.6:  # the status sentences name credits by title and date
                record["title"] = rng.choice(["Corso BLS", "La sepsi, oggi", "Rischio clinico"])
        records.append(record)
    return records


def build_cases(seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    payloads: list[tuple[str, dict[str, Any]]] = []
    payloads += [("event", event(rng)) for _ in range(1500)]
    payloads += [
        ("obligation", {"triennium": rng.choice(TRIENNI), "profile": profile(rng)}) for _ in range(600)
    ]
    payloads += [
        (
            "compliance",
            {"triennium": rng.choice(TRIENNI), "profile": profile(rng), "credits": credits(rng, 25)},
        )
        for _ in range(300)
    ]
    payloads += [
        (
            "compensation",
            {"balances": [{"triennium": t, "balance": round(rng.uniform(-80, 80), 1)} for t in ts]},
        )
        for ts in (rng.sample(TRIENNI[1:], rng.randint(1, 5)) for _ in range(100))
    ]
    for _ in range(100):
        records = credits(rng, 20)
        payloads.append(
            (
                "move",
                {
                    "credit_id": rng.choice(records)["id"],
                    "target": rng.choice(TRIENNI),
                    "credits": records,
                    "profiles": {t: profile(rng) for t in rng.sample(TRIENNI, 2)},
                    "as_of": day(rng, 2020, 2028).isoformat(),
                },
            )
        )
    payloads += [
        (
            "status",
            {
                "as_of": day(rng, 2016, 2030).isoformat(),
                "credits": credits(rng, 20),
                "profiles": {t: profile(rng) for t in rng.sample(TRIENNI, 2)},
            },
        )
        for _ in range(100)
    ]
    # Issue 14: the deadline calendar of random status requests, some credits named as the calculator
    # names them (type and event code), some titles empty (refused).
    for _ in range(100):
        records = credits(rng, 20)
        titles = {r["id"]: rng.choice(["FAD – e-learning", "RES 12-3", "«Corso» ; \\ ,"]) for r in records}
        if rng.random() < 0.05:
            titles[records[0]["id"]] = ""
        payload = {
            "as_of": day(rng, 2016, 2030).isoformat(),
            "credits": records,
            "profiles": {t: profile(rng) for t in rng.sample(TRIENNI, 1)},
        }
        payloads.append(("calendar", payload | ({"titles": titles} if rng.random() < 0.7 else {})))
    cases = []
    for index, (kind, payload) in enumerate(payloads):
        result, error = run_or_error(kind, payload)
        case: dict[str, Any] = {"name": f"random {seed}/{index}", "kind": kind, "input": payload}
        case.update({"error": error} if error is not None else {"expected": result})
        cases.append(case)
    return cases


def test_random_inputs_agree(tmp_path: Path) -> None:
    node = shutil.which("node")
    assert node, "node (>= 18) is required to check the browser engine against the rule book"
    cases = build_cases(seed=20261122)
    refused = sum("error" in c for c in cases)
    assert 0.1 < refused / len(cases) < 0.8, f"the generator should mix valid and refused inputs ({refused})"
    vectors = tmp_path / "random.json"
    vectors.write_text(json.dumps({"schema": 1, "cases": cases}), encoding="utf-8")
    result = subprocess.run(
        [node, "--test", "--test-reporter=spec", str(ROOT / "tests" / "js" / "conformance.test.js")],
        cwd=ROOT,
        env={**os.environ, "ECM_CONFORMANCE": str(vectors)},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    failures = [line for line in result.stdout.splitlines() if "✖" in line]
    detail = "\n".join(failures[:30]) or result.stdout[-3000:]
    assert result.returncode == 0, f"{len(failures)} disagreements:\n{detail}\n{result.stderr[-2000:]}"
