"""The reviewed rule cases (tests/cases/*.toml): expected values written by people, never by code.

Each ``[[case]]`` has:

- ``id``: unique, dotted, e.g. ``"event.res_course.small_group.at_25"``;
- ``kind``: ``event``, ``obligation``, ``compliance``, ``compensation``, ``move`` or ``status`` (the
  rule book's dispatch kinds), and ``input``: the JSON the rule book (CLI, API, browser engine) takes
  for that kind;
- ``expect``: dotted paths into the result's JSON and the value a person computed, e.g.
  ``{ credits = 7.8 }`` or ``{ "obligation.obligation" = 70, certifiable = false }``; ``*`` maps over a
  list (``"lines.*.rule" = ["event.res.course.bands"]``); numbers compare to 1e-9, booleans, strings
  and lists exactly; or ``error``: the field the refusal must name (with a message);
- ``source`` (URL and section of the document that states the number) and/or ``hand`` (the hand
  calculation spelled out); at least one of the two;
- optionally ``xfail_until = "issue-N"`` with ``xfail_reason``: the case states the CORRECT value and
  the engine is known to be wrong; the runners make it a strict xfail, so the day the rule is fixed the
  case passes, the xfail fails, and the marker must be removed.

Dates in ``input`` are written as strings, as JSON carries them. No generator writes these files.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CASES_DIR = Path(__file__).resolve().parent
KINDS = ("event", "obligation", "compliance", "compensation", "move", "status")
KEYS = {"id", "kind", "input", "expect", "error", "source", "hand", "xfail_until", "xfail_reason", "family"}


@dataclass(frozen=True)
class Case:
    id: str
    kind: str
    family: str
    input: dict[str, Any]
    expect: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    source: str | None = None
    hand: str | None = None
    xfail_until: str | None = None
    xfail_reason: str | None = None
    file: str = ""

    def param(self, marks: tuple[pytest.MarkDecorator, ...] = ()) -> Any:
        """A pytest param for this case: a strict xfail when the engine is known to be wrong."""
        all_marks = list(marks)
        if self.xfail_until:
            reason = f"{self.xfail_until}: {self.xfail_reason or 'the engine is known to be wrong here'}"
            all_marks.append(pytest.mark.xfail(strict=True, reason=reason))
        return pytest.param(self, id=self.id, marks=all_marks)


class CaseFileError(ValueError):
    pass


def _check(raw: dict[str, Any], where: str) -> None:
    unknown = set(raw) - KEYS
    if unknown:
        raise CaseFileError(f"{where}: unknown keys {sorted(unknown)}")
    for key in ("id", "kind", "input"):
        if key not in raw:
            raise CaseFileError(f"{where}: missing {key!r}")
    if raw["kind"] not in KINDS:
        raise CaseFileError(f"{where}: kind must be one of {KINDS}")
    if not isinstance(raw["input"], dict):
        raise CaseFileError(f"{where}: input must be a table")
    if ("expect" in raw) == ("error" in raw):
        raise CaseFileError(f"{where}: give exactly one of 'expect' and 'error'")
    if "expect" in raw and not raw["expect"]:
        raise CaseFileError(f"{where}: 'expect' is empty")
    if not (raw.get("source") or raw.get("hand")):
        raise CaseFileError(f"{where}: give 'source' (URL + section) or 'hand' (the calculation)")
    if "xfail_reason" in raw and "xfail_until" not in raw:
        raise CaseFileError(f"{where}: xfail_reason without xfail_until")
    _only_json(raw["input"], f"{where}: input")


def _only_json(value: Any, where: str) -> None:
    """Inputs are JSON as a client sends it: a TOML date must be written as a string."""
    if isinstance(value, dict):
        for key, item in value.items():
            _only_json(item, f"{where}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _only_json(item, f"{where}.{index}")
    elif not isinstance(value, str | int | float | bool):
        raise CaseFileError(f'{where}: write {value!r} as a JSON value (dates as "YYYY-MM-DD" strings)')


def load_cases(directory: Path = CASES_DIR) -> list[Case]:
    """Every case of every ``*.toml`` file, checked for shape; ids are unique across files."""
    cases: list[Case] = []
    seen: dict[str, str] = {}
    for path in sorted(directory.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        family_default = data.get("family", path.stem)
        for index, raw in enumerate(data.get("case", [])):
            where = f"{path.name} case {index} ({raw.get('id', '?')})"
            _check(raw, where)
            if raw["id"] in seen:
                raise CaseFileError(f"{where}: id also used in {seen[raw['id']]}")
            seen[raw["id"]] = path.name
            cases.append(
                Case(
                    id=raw["id"],
                    kind=raw["kind"],
                    family=raw.get("family", family_default),
                    input=raw["input"],
                    expect=raw.get("expect", {}),
                    error=raw.get("error"),
                    source=raw.get("source"),
                    hand=raw.get("hand"),
                    xfail_until=raw.get("xfail_until"),
                    xfail_reason=raw.get("xfail_reason"),
                    file=path.name,
                )
            )
    return cases


_MISSING = object()


def lookup(result: Any, path: str) -> Any:
    """The value at a dotted path (``after.2026-2028.counted``, ``transfers.0.source``); ``*`` maps
    over a list (``lines.*.rule``: the rule of every explanation line, in order)."""
    parts = path.split(".")
    value = result
    for index, part in enumerate(parts):
        if part == "*" and isinstance(value, list):
            rest = ".".join(parts[index + 1 :])
            return [lookup(item, rest) if rest else item for item in value]
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return _MISSING
    return value


def _same(actual: Any, expected: Any) -> bool:
    if isinstance(expected, bool) or isinstance(actual, bool):
        return actual is expected
    if isinstance(expected, int | float):
        return isinstance(actual, int | float) and math.isclose(actual, expected, rel_tol=0, abs_tol=1e-9)
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(actual) == len(expected)
            and all(_same(a, e) for a, e in zip(actual, expected, strict=True))
        )
    return bool(actual == expected)


def mismatches(case: Case, result: dict[str, Any] | None, error: dict[str, str] | None) -> list[str]:
    """What differs between the engine's answer and the case; empty when the case holds."""
    if case.error is not None:
        if error is None:
            return [f"expected a refusal naming {case.error!r}, got a result"]
        if error.get("field") != case.error:
            return [f"refusal names {error.get('field')!r} ({error.get('message')}), expected {case.error!r}"]
        if not error.get("message"):
            return [f"refusal of {case.error!r} says nothing: a refusal must tell the reader why"]
        return []
    if error is not None:
        return [f"refused: {error.get('field')}: {error.get('message')}"]
    problems = []
    for path, expected in case.expect.items():
        actual = lookup(result, path)
        if actual is _MISSING:
            problems.append(f"{path}: not in the result")
        elif not _same(actual, expected):
            problems.append(f"{path}: got {actual!r}, expected {expected!r}")
    return problems


def explain(case: Case, problems: list[str]) -> str:
    why = case.source or case.hand
    return f"{case.file} {case.id}: " + "; ".join(problems) + f"\n  expected because: {why}"
