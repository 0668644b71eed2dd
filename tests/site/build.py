"""The guide as the site tests read it: one strict build per test process, on a pinned day."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

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


def load_hook(name: str, as_name: str) -> ModuleType:
    """The guide's hook ``hooks/<name>.py`` loaded as MkDocs loads it (it puts hooks/ on sys.path and
    imports its renderer), under the module name ``as_name``."""
    spec = importlib.util.spec_from_file_location(as_name, ROOT / "hooks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
