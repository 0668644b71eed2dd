"""pip-audit over requirements.lock, offline-safe.

A known vulnerability in a locked version fails (unless listed in ``ACCEPTED`` with a reason). When the
advisory database cannot be reached (no network, a mirror without PyPI's JSON API, a proxy refusing),
the audit does not fail the build: it says plainly how many packages went unaudited and why.

    .venv/bin/python -m tests.quality.audit
"""

from __future__ import annotations

import json
import os
import subprocess  # nosec B404: runs pip-audit from this virtual environment with fixed arguments
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.quality.lock import LOCK

PIP_AUDIT = Path(sys.executable).with_name("pip-audit")

# Vulnerability id -> why it does not affect this project. Empty: nothing is accepted today.
ACCEPTED: dict[str, str] = {}

_UNREACHABLE_MARKERS = (
    "ConnectionError",
    "ConnectTimeout",
    "ReadTimeout",
    "ProxyError",
    "NameResolutionError",
    "Max retries exceeded",
    "Failed to establish a new connection",
    "Temporary failure in name resolution",
)


class UnauditedWarning(UserWarning):
    """Shown in pytest's warnings summary when some locked packages could not be audited."""


@dataclass
class AuditReport:
    packages: int = 0
    audited: int = 0
    vulnerable: list[str] = field(default_factory=list)  # "name version ID (fix: ...)"
    accepted: list[str] = field(default_factory=list)
    unreachable: str | None = None  # why the advisory database could not be consulted

    @property
    def failed(self) -> bool:
        return bool(self.vulnerable)

    def summary(self) -> str:
        lines = []
        if self.unreachable is not None:
            lines.append(
                f"pip-audit: advisory database NOT reachable ({self.unreachable}); "
                f"{self.packages - self.audited} of {self.packages} locked packages were not audited. "
                "This does not fail the build unless ECM_AUDIT_REQUIRED=1; run "
                "`python -m tests.quality.audit` where the database is reachable, or through a mirror "
                "(README, 'Auditing dependencies')."
            )
        else:
            lines.append(f"pip-audit: {self.audited} of {self.packages} locked packages audited")
        lines += [f"  VULNERABLE: {v}" for v in self.vulnerable]
        lines += [f"  accepted: {a}" for a in self.accepted]
        if not self.vulnerable and self.unreachable is None:
            lines.append("  no known vulnerabilities")
        return "\n".join(lines)


def interpret(returncode: int, report_json: str | None, stderr: str, packages: int) -> AuditReport:
    """Turn a pip-audit run (its exit code, JSON report and stderr) into an AuditReport."""
    report = AuditReport(packages=packages)
    if not report_json:
        if any(marker in stderr for marker in _UNREACHABLE_MARKERS):
            reason = next(m for m in _UNREACHABLE_MARKERS if m in stderr)
            report.unreachable = f"connection failed: {reason}"
            return report
        tail = stderr.strip().splitlines()[-1:] or [f"exit code {returncode}"]
        raise RuntimeError(f"pip-audit failed without a report: {tail[0]}")
    data: dict[str, Any] = json.loads(report_json)
    skipped = 0
    for dep in data.get("dependencies", []):
        if "skip_reason" in dep:
            skipped += 1
            continue
        for vuln in dep.get("vulns", []):
            fixes = ", ".join(vuln.get("fix_versions") or ["none"])
            line = f"{dep['name']} {dep['version']} {vuln['id']} (fix: {fixes})"
            if vuln["id"] in ACCEPTED or any(alias in ACCEPTED for alias in vuln.get("aliases", [])):
                report.accepted.append(f"{line}: {ACCEPTED.get(vuln['id'], 'accepted by alias')}")
            else:
                report.vulnerable.append(line)
    report.audited = len(data.get("dependencies", [])) - skipped
    if skipped and report.audited == 0:
        report.unreachable = "the index answered but served no advisory data for any package"
    elif skipped:
        report.unreachable = f"{skipped} packages could not be looked up"
    return report


def run_audit(
    lock: Path = LOCK, env: dict[str, str] | None = None, cache_dir: Path | None = None, timeout_s: int = 240
) -> AuditReport:
    packages = sum(1 for line in lock.read_text().splitlines() if line.strip() and not line.startswith("#"))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "audit.json"
        args = [
            str(PIP_AUDIT),
            "--requirement",
            str(lock),
            "--no-deps",  # the lock is already the full closure, pinned
            "--disable-pip",
            "--progress-spinner",
            "off",
            "--format",
            "json",
            "--output",
            str(out),
            "--timeout",
            "10",
        ]
        if cache_dir is not None:
            args += ["--cache-dir", str(cache_dir)]
        try:
            proc = subprocess.run(  # nosec B603: fixed argument list, no shell, our own executable
                args,
                capture_output=True,
                text=True,
                timeout=timeout_s,
                env={**os.environ, **(env or {})},
                check=False,
            )
        except subprocess.TimeoutExpired:
            report = AuditReport(packages=packages)
            report.unreachable = f"no answer within {timeout_s} s"
            return report
        text = out.read_text() if out.exists() and out.stat().st_size else None
        return interpret(proc.returncode, text, proc.stderr, packages)


def main() -> int:
    report = run_audit()
    print(report.summary())
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
