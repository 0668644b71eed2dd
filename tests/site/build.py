"""The guide as the site tests read it: one strict build per test process, on a pinned day."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The build's "today" (ECM_TODAY): pages that say "updated on" or compare deadlines read it.
BUILD_DATE = "2026-11-22"


def build_site(out: Path) -> Path:
    """``mkdocs build --strict`` into ``out``; fails the test with mkdocs' own error output."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "ECM_TODAY": BUILD_DATE, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return out
