"""The guide's rule-history tables show each value's note in the page's language, Italian included.

Until now only English pages had the "Note" column; the Italian guide (the primary one, at /) hid it.
Expected notes are read from the data files with tomllib, not through the rule book's loader.
"""

from __future__ import annotations

import html
import re
import tomllib
from pathlib import Path

import pytest

from functions.rulebook.parameters import load_rulebook
from tests.site.build import load_hook

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "functions" / "rulebook" / "data"


HOOK = load_hook("ecm_rules", "ecm_rules_notes")
# Parameters of obligation.toml with notes (one of obligation.previous_met's values has none), and one
# whose values have none.
NOTED = ("obligation.previous_met", "caps.yearly_employee")
UNNOTED = "obligation.covid"
HEADER = {"it": "Nota", "en": "Note"}


def _raw(param_id: str) -> list[dict[str, object]]:
    table: dict[str, object] = tomllib.loads((DATA / "obligation.toml").read_text(encoding="utf-8"))
    for part in param_id.split("."):
        table = table[part]  # type: ignore[assignment]
    values: list[dict[str, object]] = table["values"]  # type: ignore[assignment]
    return values


def _note(value: dict[str, object], lang: str) -> str:
    note = value.get("note")
    return str(note[lang]) if isinstance(note, dict) else ""


def _table(lang: str, arg: str) -> tuple[list[str], list[list[str]]]:
    page_root = "" if lang == "it" else "en/"
    rendered = HOOK.Renderer(load_rulebook(), lang, "bonus/", page_root, {}).rule_history(arg)
    headers = [html.unescape(h) for h in re.findall(r'<th scope="col"[^>]*>(.*?)</th>', rendered)]
    rows = [
        [html.unescape(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.DOTALL)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", rendered.split("<tbody", 1)[1], re.DOTALL)
    ]
    return headers, rows


@pytest.mark.parametrize("lang", ["it", "en"])
def test_the_rule_history_has_a_note_column_in_both_languages(lang: str) -> None:
    headers, rows = _table(lang, " ".join(NOTED))
    assert headers[-1] == HEADER[lang]
    expected = [_note(v, lang) for p in NOTED for v in _raw(p)]
    assert sum(bool(note) for note in expected) >= 3
    assert len(rows) == len(expected) and all(len(row) == len(headers) for row in rows)
    assert [row[-1] for row in rows] == expected
    other = "en" if lang == "it" else "it"
    shown = " ".join(row[-1] for row in rows)
    for value in (v for p in NOTED for v in _raw(p) if "note" in v):
        assert _note(value, other) not in shown


def test_a_value_without_a_note_has_an_empty_note_cell() -> None:
    headers, rows = _table("it", UNNOTED)
    assert headers[-1] == HEADER["it"]
    assert len(rows) == len(_raw(UNNOTED)) and {row[-1] for row in rows} == {""}
