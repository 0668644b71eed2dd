"""The browser engine (the ES modules of site/assets/javascripts/src/engine/) gives the same results as
the Python rule book.

Runs ``node --test tests/js/`` (every case of functions/rulebook/generated/conformance.json through the
JavaScript port) so that ``make test`` covers it. Node is required: a missing node fails, never skips,
since a skipped conformance check would let the two engines drift silently.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GENERATED = ROOT / "functions" / "rulebook" / "generated"


def test_node_is_installed() -> None:
    assert shutil.which("node"), "node (>= 18) is required to check the browser engine against the rule book"


def test_js_engine_matches_python_conformance_vectors() -> None:
    node = shutil.which("node")
    assert node, "node (>= 18) is required to check the browser engine against the rule book"
    assert (GENERATED / "conformance.json").is_file(), "run `make rules` to generate the conformance vectors"
    result = subprocess.run(
        [
            node,
            "--test",
            "--test-reporter=spec",
            *sorted(str(p) for p in (ROOT / "tests" / "js").glob("*.test.js")),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    failures = [line for line in result.stdout.splitlines() if "✖" in line]
    detail = "\n".join(failures[:40]) or result.stdout[-4000:]
    assert result.returncode == 0, (
        f"JS engine disagrees with the Python rule book:\n{detail}\n{result.stderr[-2000:]}"
    )
    assert "fail 0" in result.stdout


def test_engine_has_no_rule_numbers_of_its_own() -> None:
    """Every rule number comes from rules.json: the engine must not embed the well-known ones."""
    modules = sorted((ROOT / "site" / "assets" / "javascripts" / "src" / "engine").glob("*.js"))
    assert len(modules) > 5, modules
    for module in modules:
        source = module.read_text(encoding="utf-8")
        for number in ("150", "0.3", "0.7", "1.5", "/ 3 *", "50 %"):
            assert number not in source, (
                f"{module.name} contains the rule number {number!r}: read it from rules.json"
            )
