"""The browser engine's English texts equal the Python rule book's (Intl and Babel, en-GB and en).

The committed conformance vectors carry Italian texts; here every vector input is computed again by
Python in English and the browser engine's results, rendered in English, must match word for word.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from functions.rulebook.conformance import build_vectors
from functions.rulebook.dispatch import run_or_error

ROOT = Path(__file__).resolve().parents[2]


def test_english_texts_of_every_vector_agree(tmp_path: Path) -> None:
    node = shutil.which("node")
    assert node, "node (>= 18) is required to check the browser engine against the rule book"
    cases = []
    for case in build_vectors()["cases"]:
        result, error = run_or_error(case["kind"], case["input"], "en")
        english = {k: v for k, v in case.items() if k not in ("expected", "error")}
        english.update({"error": error} if error is not None else {"expected": result})
        cases.append(english)
    assert any("credits/h" in json.dumps(c) for c in cases), "the vectors were not computed in English"
    vectors = tmp_path / "english.json"
    vectors.write_text(json.dumps({"schema": 1, "cases": cases}), encoding="utf-8")
    run = subprocess.run(
        [node, "--test", "--test-reporter=spec", str(ROOT / "tests" / "js" / "conformance.test.js")],
        cwd=ROOT,
        env={**os.environ, "ECM_CONFORMANCE": str(vectors), "ECM_LANG": "en"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    failures = [line for line in run.stdout.splitlines() if "✖" in line]
    assert run.returncode == 0, "\n".join(failures[:30]) or run.stdout[-3000:]
