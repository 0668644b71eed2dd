"""The command line reads JSON and prints JSON; bad input prints the error and exits non-zero."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "functions.rulebook", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_event_from_stdin() -> None:
    done = run("event", stdin='{"type": "res_course", "date": "2024-05-10", "hours": 6, "participants": 20}')
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["credits"] == 7.8
    assert sum(line["amount"] for line in result["lines"]) == 7.8


def test_compliance_from_file(tmp_path: Path) -> None:
    payload = {
        "triennium": "2020-2022",
        "profile": {"previous_triennium_met": True},
        "credits": [{"id": "a", "type": "fad_elearning", "date": "2021-03-01", "credits": 50}],
    }
    path = tmp_path / "in.json"
    path.write_text(json.dumps(payload))
    done = run("compliance", str(path))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["obligation"]["obligation"] == 70
    assert result["missing"] == 20


def test_bad_input_exits_non_zero_with_field() -> None:
    done = run(
        "event", stdin='{"type": "res_congress", "date": "2024-05-10", "hours": 6, "participants": 120}'
    )
    assert done.returncode == 2
    error = json.loads(done.stderr)["error"]
    assert error["field"] == "participants"
    assert done.stdout == ""


def test_malformed_json_and_help() -> None:
    assert run("obligation", stdin="{nope").returncode == 2
    helped = run("--help")
    assert helped.returncode == 0
    assert "event" in helped.stdout and "example" in helped.stdout


def test_rules_export() -> None:
    done = run("rules")
    assert done.returncode == 0
    assert "event.res.course.bands" in json.loads(done.stdout)["parameters"]
