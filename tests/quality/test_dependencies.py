"""The lock agrees with pyproject, and pip-audit over it never fails silently nor needs the network."""

from __future__ import annotations

import json
import os
import warnings
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement

from tests.quality import audit, lock


def test_lock_matches_pyproject_and_the_installed_closure() -> None:
    found = lock.problems(lock.read_lock(), lock.project_requirements())
    assert found == [], "requirements.lock is stale; regenerate it with make lock:\n" + "\n".join(found)


def test_lock_check_notices_a_new_requirement_and_a_broken_pin(tmp_path: Path) -> None:
    pins = lock.read_lock()
    requirements = [*lock.project_requirements(), Requirement("left-pad-not-installed>=1")]
    assert any("left-pad-not-installed" in p for p in lock.problems(pins, requirements))
    pins["pydantic"] = "1.0.0"
    assert any(
        p.startswith("pydantic: locked 1.0.0") for p in lock.problems(pins, lock.project_requirements())
    )


def test_lock_refuses_unpinned_lines(tmp_path: Path) -> None:
    bad = tmp_path / "requirements.lock"
    bad.write_text("boto3>=1.34\n")
    with pytest.raises(ValueError, match="not pinned"):
        lock.read_lock(bad)


def test_audit_of_the_lock_reports_loudly_what_it_did_not_audit() -> None:
    """Offline, pip-audit audits nothing: that must show in every run's summary, never pass quietly.

    The summary goes to pytest's warnings section (forwarded from xdist workers too), and with
    ``ECM_AUDIT_REQUIRED=1`` (CI with network or a mirror, see the README) an incomplete audit fails.
    """
    report = audit.run_audit()
    assert report.packages == len(lock.read_lock())
    assert not report.vulnerable, report.summary()
    if report.audited < report.packages:
        assert report.unreachable is not None, "packages went unaudited without a reason"
        assert f"{report.packages - report.audited} of {report.packages}" in report.summary()
        assert os.environ.get("ECM_AUDIT_REQUIRED") != "1", report.summary()
        warnings.warn(audit.UnauditedWarning(report.summary()), stacklevel=1)
    else:
        assert report.unreachable is None


def test_audit_without_network_passes_and_says_so(tmp_path: Path) -> None:
    closed = "http://127.0.0.1:9"  # nothing listens on the discard port: every request is refused at once
    env = {
        "HTTPS_PROXY": closed,
        "HTTP_PROXY": closed,
        "https_proxy": closed,
        "http_proxy": closed,
        "NO_PROXY": "",
    }
    report = audit.run_audit(env=env, cache_dir=tmp_path / "cache")
    assert not report.failed
    assert report.unreachable is not None
    assert report.audited == 0
    assert "NOT reachable" in report.summary()
    assert f"{report.packages} of {report.packages} locked packages were not audited" in report.summary()


def _pip_audit_json(vulns: list[dict[str, Any]]) -> str:
    return json.dumps(
        {
            "dependencies": [
                {"name": "requests", "version": "2.0.0", "vulns": vulns},
                {"name": "boto3", "version": "1.44.5", "vulns": []},
            ],
            "fixes": [],
        }
    )


def test_a_known_vulnerability_fails_the_audit() -> None:
    vuln = {"id": "PYSEC-0000-1", "fix_versions": ["2.32.0"], "aliases": ["CVE-0000-1"], "description": "x"}
    report = audit.interpret(1, _pip_audit_json([vuln]), "", packages=2)
    assert report.failed
    assert report.vulnerable == ["requests 2.0.0 PYSEC-0000-1 (fix: 2.32.0)"]
    assert report.audited == 2 and report.unreachable is None


def test_an_accepted_vulnerability_is_reported_with_its_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(audit.ACCEPTED, "CVE-0000-1", "only reachable through a feature we do not use")
    vuln = {"id": "PYSEC-0000-1", "fix_versions": [], "aliases": ["CVE-0000-1"], "description": "x"}
    report = audit.interpret(1, _pip_audit_json([vuln]), "", packages=2)
    assert not report.failed
    assert report.accepted and "accepted" in report.summary()


def test_an_unexplained_pip_audit_crash_is_not_taken_for_offline() -> None:
    with pytest.raises(RuntimeError, match="without a report"):
        audit.interpret(2, None, "usage: pip-audit: error: unrecognized arguments", packages=1)
