"""The browser engine (ecm-engine.js under Node) against the reviewed cases of tests/cases/*.toml.

Node runs every case once (tests/js/run_cases.js); each case is then its own test, compared with the
same code as the Python rule book's, and with the same strict xfail markers. A missing node fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from functions.rulebook.export import dumps, rules_export
from tests.cases.loader import Case, explain, load_cases, mismatches

ROOT = Path(__file__).resolve().parents[2]
CASES = load_cases()


@pytest.fixture(scope="module")
def js_answers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    node = shutil.which("node")
    assert node, "node (>= 18) is required to check the browser engine against the reviewed cases"
    cases_json = tmp_path_factory.mktemp("cases") / "cases.json"
    cases_json.write_text(
        json.dumps([{"id": c.id, "kind": c.kind, "input": c.input} for c in CASES]), encoding="utf-8"
    )
    command = [node, str(ROOT / "tests" / "js" / "run_cases.js"), str(cases_json)]
    if os.environ.get("ECM_RULES_FROM_ENGINE") == "1":
        # `make mutate`: the rules export as `make rules` would regenerate it from the code under test.
        rules_json = cases_json.with_name("rules.json")
        rules_json.write_text(dumps(rules_export()), encoding="utf-8")
        command.append(str(rules_json))
    done = subprocess.run(
        command,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    answers: dict[str, Any] = json.loads(done.stdout)
    return answers


@pytest.mark.parametrize("case", [c.param() for c in CASES])
def test_browser_engine_gives_the_reviewed_value(case: Case, js_answers: dict[str, Any]) -> None:
    answer = js_answers[case.id]
    assert "crash" not in answer, f"{case.id}: the engine crashed: {answer.get('crash')}"
    problems = mismatches(case, answer.get("result"), answer.get("error"))
    assert not problems, explain(case, problems)
