"""The browser code stays in small modules (project rule: files under ~600 lines): every JavaScript
module under site/assets/javascripts/src/ (the engine in src/engine/, the calculators' interface in
src/ui/, the entry points) is at most 600 lines, and each says what it owns in a header comment.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "site" / "assets" / "javascripts" / "src"
MAX_LINES = 600


def modules() -> list[Path]:
    return sorted(SOURCES.rglob("*.js"))


def too_long(paths: list[Path], root: Path = ROOT, limit: int = MAX_LINES) -> list[str]:
    """'path: N lines' (relative to ``root``) for each file longer than ``limit`` lines."""
    found = []
    for path in paths:
        count = len(path.read_text(encoding="utf-8").splitlines())
        if count > limit:
            found.append(f"{path.relative_to(root).as_posix()}: {count} lines")
    return found


def test_there_are_modules_to_check() -> None:
    names = {path.relative_to(SOURCES).as_posix() for path in modules()}
    assert {"engine/index.js", "ui/event.js", "ui/triennium.js", "event-calculator.js"} <= names, names


def test_every_module_is_at_most_600_lines() -> None:
    assert not too_long(modules()), f"split these modules by concern: {too_long(modules())}"


def test_every_module_starts_with_what_it_owns() -> None:
    headed = ("/*", "//")
    bare = [p.relative_to(SOURCES).as_posix() for p in modules() if not p.read_text().startswith(headed)]
    assert not bare, f"modules without a header comment: {bare}"


@pytest.mark.parametrize("lines, flagged", [(600, False), (601, True)])
def test_the_size_check_counts_lines(tmp_path: Path, lines: int, flagged: bool) -> None:
    path = tmp_path / "m.js"
    path.write_text("x;\n" * lines, encoding="utf-8")
    assert too_long([path], root=tmp_path) == ([f"m.js: {lines} lines"] if flagged else [])
