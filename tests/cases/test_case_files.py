"""The reviewed case files are well formed and cover every kind, event type and role."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from functions.rulebook.models import EventType, Role
from tests.cases.loader import KINDS, CaseFileError, load_cases

CASES = load_cases()


def test_every_kind_has_cases() -> None:
    assert {c.kind for c in CASES} == set(KINDS)


def test_every_event_type_and_role_has_a_case() -> None:
    types = {c.input.get("type") for c in CASES if c.kind == "event"}
    roles = {c.input.get("role", "participant") for c in CASES if c.kind == "event"}
    assert {t.value for t in EventType} <= types, "event types without a reviewed case"
    assert {r.value for r in Role} <= roles, "roles without a reviewed case"


def test_xfail_markers_name_an_issue() -> None:
    for case in CASES:
        if case.xfail_until is not None:
            assert re.fullmatch(r"issue-\d+", case.xfail_until), case.id


def test_a_case_without_source_or_hand_is_refused(tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text(
        '[[case]]\nid = "x"\nkind = "event"\ninput = { type = "res_course" }\nexpect = { credits = 1 }\n',
        encoding="utf-8",
    )
    with pytest.raises(CaseFileError, match="source"):
        load_cases(tmp_path)


def test_a_toml_date_in_input_is_refused(tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text(
        '[[case]]\nid = "x"\nkind = "event"\nhand = "1"\n'
        'input = { type = "res_course", date = 2024-01-01 }\nexpect = { credits = 1 }\n',
        encoding="utf-8",
    )
    with pytest.raises(CaseFileError, match="dates"):
        load_cases(tmp_path)
