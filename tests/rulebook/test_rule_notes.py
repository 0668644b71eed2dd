"""Rule values' notes in both languages, and "single source" as data (an Italian reader gets no less).

Expected values come from the data files themselves (read with tomllib, not through the loader) or from
the rules document: L. 27/2026 is the one source of the 2023-2025 deadline of 31 Dec 2028 (ecm-rules.md
§11.8).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import tomllib
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from functions.rulebook import status as status_module
from functions.rulebook.parameters import DATA_FILES, RuleBook, _build, load_rulebook
from functions.rulebook.status import StatusInput, evaluate_status, timeline

DATA = Path(__file__).resolve().parents[2] / "functions" / "rulebook" / "data"
RECOVERY = "deadline.2023-2025"


def _raw_values(table: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every dated value of a data file with its parameter id, straight from the TOML."""
    for key, item in table.items():
        if not isinstance(item, dict):
            continue
        path = f"{prefix}.{key}" if prefix else key
        if "values" in item:
            for value in item["values"]:
                yield path, value
        else:
            yield from _raw_values(item, path)


RAW = [
    (param_id, value)
    for name in DATA_FILES
    for param_id, value in _raw_values(tomllib.loads((DATA / name).read_text(encoding="utf-8")))
]
NOTES = [(param_id, value) for param_id, value in RAW if "note" in value]


def _numbers(text: str) -> set[int]:
    """The whole numbers a note states: "2.5 h" and "2,5 h" both give {2, 5}; "5,000" and "5.000" both
    give {5, 0}; "1° gennaio 2023" and "2023-01-01" both give {1, 2023}."""
    return {int(n) for n in re.findall(r"\d+", text)}


def test_the_data_has_notes_to_check() -> None:
    # About 98 notes were written in English only before; a loader that skipped them all would pass below.
    assert len(NOTES) >= 90


@pytest.mark.parametrize(("param_id", "value"), NOTES, ids=[f"{p}@{v['from']}" for p, v in NOTES])
def test_every_note_is_written_in_italian_and_english(param_id: str, value: dict[str, Any]) -> None:
    note = value["note"]
    assert isinstance(note, dict) and set(note) == {"it", "en"}, param_id
    assert note["it"].strip() and note["en"].strip(), param_id
    assert note["it"] != note["en"], f"{param_id}: the Italian note is a copy of the English one"
    # A translation keeps the facts: the same numbers and dates (written the Italian way or the English way).
    assert _numbers(note["it"]) == _numbers(note["en"]), param_id
    # Italian pages must not show an ISO date in a sentence (hooks/page_checks.py refuses it).
    assert not re.search(r"\d{4}-\d{2}-\d{2}", note["it"]), param_id


# What a reader cannot decode: the rule book's confidence codes (the guide says "confermata", "fonte
# secondaria", "da verificare": confidence.toml), the research file the data was compiled from, and the
# data's own field names ("income_max", "started_by") or words such as "encoded".
JARGON = {
    "confidence code": re.compile(r"\b(HIGH|MED|LOW)\b"),
    "internal file": re.compile(r"ecm-rules(\.md)?|§"),
    "field name": re.compile(r"\b[a-z]+_[a-z_]+\b"),
    "internal word": re.compile(r"\b(encoded|rule book|infermieristicamente \d+)\b"),
}


def _reader_texts() -> list[tuple[str, str, str]]:
    """(where, language, text) for every note and every "how" of a Manuale check, from the TOML files."""
    texts = [(f"{p}@{v['from']}", lang, v["note"][lang]) for p, v in NOTES for lang in ("it", "en")]
    for name in DATA_FILES:
        how = tomllib.loads((DATA / name).read_text(encoding="utf-8"))["manuale_checked"]["how"]
        texts += [(f"{name} manuale_checked", lang, how[lang]) for lang in ("it", "en")]
    return texts


@pytest.mark.parametrize(("kind", "pattern"), JARGON.items(), ids=list(JARGON))
def test_notes_speak_the_readers_words(kind: str, pattern: re.Pattern[str]) -> None:
    found = [f"{where} ({lang}): {text}" for where, lang, text in _reader_texts() if pattern.search(text)]
    assert not found, f"{kind} in notes:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "text",
    ["La data è HIGH (andi.it).", "Base (own obligation) MED.", "(MED-LOW)", "(ecm-rules.md §4)"],
)
def test_the_jargon_check_catches_the_old_notes(text: str) -> None:
    """The notes the reviewer found (before this rewrite) would fail the check above."""
    assert any(pattern.search(text) for pattern in JARGON.values())


def test_the_loader_keeps_both_languages_of_every_note() -> None:
    book = load_rulebook()
    loaded = {(v.param, v.valid_from): v for p in book.parameters.values() for v in p.values}
    for param_id, raw in RAW:
        value = loaded[(param_id, raw["from"])]
        note = raw.get("note", {"it": "", "en": ""})
        assert (value.note_in("it"), value.note_in("en")) == (note["it"], note["en"]), param_id
        assert value.note == note["en"]  # the old name stays the English note for existing readers


def test_manuale_checked_how_is_written_in_both_languages() -> None:
    for name in DATA_FILES:
        how = tomllib.loads((DATA / name).read_text(encoding="utf-8"))["manuale_checked"]["how"]
        assert set(how) == {"it", "en"} and how["it"].strip() and how["en"].strip(), name
    for parameter in load_rulebook().parameters.values():
        check = parameter.manuale_checked
        assert check.how_in("it") and check.how_in("en") and check.how_in("it") != check.how_in("en")


# ---- the loader refuses a text in one language only ---------------------------------------------------

SOURCES = {"s": {"title_en": "A source", "title_it": "Una fonte", "url": "https://example.org"}}
HOW = {"it": "prova", "en": "test"}


def _table(value_extra: dict[str, Any], how: Any = None) -> dict[str, Any]:
    value: dict[str, Any] = {"from": dt.date(2020, 1, 1), "value": 1, "source": "s", "confidence": "HIGH"}
    value.update(value_extra)
    return {
        "manuale_checked": {"edition": "03-2024", "on": dt.date(2026, 11, 29), "how": how or HOW},
        "some": {
            "rule": {
                "title": {"it": "x", "en": "x"},
                "unit": "credits",
                "verified": dt.date(2026, 11, 29),
                "values": [value],
            }
        },
    }


@pytest.mark.parametrize(
    ("note", "says"),
    [
        ("English only", "note must be"),
        ({"en": "English only"}, "note has no it text"),
        ({"it": "Solo italiano"}, "note has no en text"),
        ({"it": "Testo", "en": "  "}, "note has no en text"),
        ({"it": "", "en": "Text"}, "note has no it text"),
        ({"it": "Testo", "en": "Text", "de": "Text"}, "note has unknown languages"),
    ],
)
def test_a_note_missing_a_language_does_not_load(note: Any, says: str) -> None:
    with pytest.raises(ValueError, match=rf"some\.rule \(from 2020-01-01\): {re.escape(says)}"):
        _build(SOURCES, [_table({"note": note})])


@pytest.mark.parametrize("how", ["English only", {"en": "checked"}, {"it": "controllato"}])
def test_a_manuale_check_missing_a_language_does_not_load(how: Any) -> None:
    with pytest.raises(ValueError, match=r"some\.rule: manuale_checked\.how"):
        _build(SOURCES, [_table({}, how=how)])


def test_a_value_without_a_note_loads_with_an_empty_note_in_both_languages() -> None:
    value = _build(SOURCES, [_table({})]).at("some.rule", dt.date(2021, 1, 1))
    assert (value.note_in("it"), value.note_in("en"), value.single_source) == ("", "", False)
    noted = _build(SOURCES, [_table({"note": {"it": "Nota", "en": "Note"}, "single_source": True})])
    value = noted.at("some.rule", dt.date(2021, 1, 1))
    assert (value.note_in("it"), value.note_in("en"), value.single_source) == ("Nota", "Note", True)


def test_single_source_must_be_a_boolean() -> None:
    with pytest.raises(
        ValueError, match=r"some\.rule \(from 2020-01-01\): single_source must be true or false"
    ):
        _build(SOURCES, [_table({"single_source": "yes"})])


# ---- "single source" is data, and it drives the status answer ----------------------------------------


def test_the_flag_marks_exactly_the_values_the_old_text_search_found() -> None:
    """Behaviour unchanged: the flag is set where the English note said "single source", nowhere else."""
    flagged = {(p, v["from"]) for p, v in RAW if v.get("single_source") is True}
    searched = {(p, v["from"]) for p, v in NOTES if "single source" in v["note"]["en"].lower()}
    assert flagged == searched
    # ecm-rules.md §11.8: L. 27/2026 alone moved the 2023-2025 deadline to 31 Dec 2028.
    assert (RECOVERY, dt.date(2026, 2, 27)) in flagged


def _book_with_recovery(**changes: Any) -> RuleBook:
    """The rule book with the 2023-2025 deadline's L. 27/2026 value changed (note or flag)."""
    book = load_rulebook()
    parameter = book.parameters[RECOVERY]
    values = tuple(
        dataclasses.replace(v, **changes) if v.valid_from == dt.date(2026, 2, 27) else v
        for v in parameter.values
    )
    parameters = {**book.parameters, RECOVERY: dataclasses.replace(parameter, values=values)}
    return RuleBook(book.sources, parameters)


def _insurance(as_of: str) -> Any:
    # 60 credits in 2024 against 150: 70 % of 150 = 105, so 45 missing for the insurance (art. 38-bis).
    credits = [{"id": "a", "type": "res_course", "date": "2024-03-01", "credits": 60}]
    return evaluate_status(StatusInput.model_validate({"as_of": as_of, "credits": credits}))


@pytest.mark.parametrize(
    ("changes", "single"),
    [
        ({}, True),  # the data as it is
        ({"single_source": False}, False),  # the note still says "Single source.": the flag decides
        ({"note": "Stated by one law only.", "note_it": "Lo dice una sola legge."}, True),  # reworded note
    ],
)
def test_the_flag_not_the_note_drives_the_status(
    monkeypatch: pytest.MonkeyPatch, changes: dict[str, Any], single: bool
) -> None:
    book = _book_with_recovery(**changes)
    monkeypatch.setattr(status_module, "load_rulebook", lambda: book)
    result = _insurance("2027-06-30")
    assert result.insurance.missing == Decimal(45)
    assert result.insurance.fix_deadline == dt.date(2028, 12, 31)
    assert result.insurance.fix_deadline_single_source is single
    expected = "status.insurance.missing_single_source" if single else "status.insurance.missing"
    assert result.sentences[1].msg == expected
    recovery = next(d for d in timeline("2023-2025", dt.date(2026, 11, 29)).deadlines if d.kind == "recovery")
    assert (recovery.date, recovery.single_source) == (dt.date(2028, 12, 31), single)
