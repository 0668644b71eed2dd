"""bandit over the code that ships or runs the product (functions/ and infra/).

Every finding is either fixed, or justified next to it with ``# nosec BXXX: why``, or (for code owned by
another part of the team, until its owner moves the reason into the code) justified here in
``JUSTIFIED``, keyed by file, test id and the offending line's text so that a new occurrence is not
covered by an old reason. A justification that no longer matches anything is reported for removal.
"""

from __future__ import annotations

import json
import re
import subprocess  # nosec B404: runs bandit from this virtual environment with fixed arguments
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
TARGETS = ["functions", "infra"]
BANDIT = Path(sys.executable).with_name("bandit")

# (path, test id, stripped source line) -> why it is not a vulnerability.
JUSTIFIED: dict[tuple[str, str, str], str] = {
    (
        "functions/api/app.py",
        "B105",
        'or (token_use is not None and token_use != "access")',
    ): "'access' is the Cognito token_use claim value being compared, not a password",
    (
        "infra/local/auth.py",
        "B105",
        '"token_use": "access",',
    ): "the token_use claim of a locally minted token, not a password",
    (
        "infra/local/stack.py",
        "B105",
        'os.environ["AWS_SECRET_ACCESS_KEY"] = "local"',
    ): "placeholder credentials for the embedded moto server, which accepts any",
    (
        "infra/local/stack.py",
        "B404",
        "import subprocess",
    ): "starts mkdocs serve as a child process of the local stack",
    (
        "infra/local/stack.py",
        "B603",
        "self._site = subprocess.Popen(",
    ): "argument list built from sys.executable and an integer port, no shell",
    (
        "infra/deploy_guide.py",
        "B404",
        "import subprocess",
    ): "runs mkdocs build for the deploy command",
    (
        "infra/deploy_guide.py",
        "B603",
        "subprocess.run(",
    ): "argument list from sys.executable and a temporary directory path, no shell",
    (
        "infra/local/seed.py",
        "B310",
        "with urllib.request.urlopen(req, timeout=30) as response:",
    ): "the URL is the local stack's own http://127.0.0.1 API, built by the stack, never user input",
    (
        "functions/rulebook/exemptions.py",
        "B101",
        "assert exemption.hours is not None",
    ): "type narrowing after validation guaranteed hours is set; under -O the next line still fails loudly",
}


def run_bandit() -> dict[str, Any]:
    proc = subprocess.run(  # nosec B603: fixed argument list, no shell
        [str(BANDIT), "-c", "pyproject.toml", "-r", *TARGETS, "-f", "json", "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.stdout, proc.stderr
    return dict(json.loads(proc.stdout))


def _line(path: str, number: int) -> str:
    return (ROOT / path).read_text().splitlines()[number - 1].strip()


def test_bandit_findings_are_all_fixed_or_justified() -> None:
    report = run_bandit()
    assert not report["errors"], report["errors"]
    scanned = report["metrics"]["_totals"]["loc"]
    assert scanned > 1000, "bandit scanned almost nothing: wrong targets?"
    unjustified = []
    used = set()
    for result in report["results"]:
        key = (result["filename"], result["test_id"], _line(result["filename"], result["line_number"]))
        if key in JUSTIFIED:
            used.add(key)
        else:
            unjustified.append(
                f"{result['filename']}:{result['line_number']} {result['test_id']} {result['issue_text']}"
            )
    print(f"bandit: {scanned} lines scanned, {len(report['results'])} findings, {len(used)} justified")
    assert unjustified == [], "fix these or justify them with '# nosec BXXX: why':\n" + "\n".join(unjustified)
    # A reason whose finding went away (fixed, or moved into a nosec comment by its owner) is only
    # reported: failing here would break another team member's commit for an improvement.
    for key in sorted(set(JUSTIFIED) - used):
        print(f"bandit: justification no longer needed, remove it from JUSTIFIED: {key}")


_NOSEC = re.compile(r"#\s*nosec\b(?P<rest>.*)$")


def test_every_nosec_names_the_test_and_gives_a_reason() -> None:
    bare = []
    for target in TARGETS:
        for path in sorted((ROOT / target).rglob("*.py")):
            for number, text in enumerate(path.read_text().splitlines(), 1):
                match = _NOSEC.search(text)
                if match and not re.match(r"\s*B\d{3}(,\s*B\d{3})*\s*:\s*\S", match.group("rest")):
                    bare.append(f"{path.relative_to(ROOT)}:{number}: {text.strip()}")
    assert bare == [], "write '# nosec BXXX: why' instead of a bare nosec:\n" + "\n".join(bare)


def test_bandit_still_catches_a_real_problem(tmp_path: Path) -> None:
    (tmp_path / "bad.py").write_text("import subprocess\nsubprocess.call('ls ' + input(), shell=True)\n")
    proc = subprocess.run(  # nosec B603: fixed argument list, no shell
        [str(BANDIT), "-r", str(tmp_path), "-f", "json", "-q"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    ids = {r["test_id"] for r in json.loads(proc.stdout)["results"]}
    assert "B602" in ids
