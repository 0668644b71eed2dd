"""Hand-checked expectations for the rule book's dates (deadlines, missing-credit alarm) and for the
shape of the rules export that the browser calculators read. Expected values come from the sources in
../shared/ecm-rules.md and from the data files read directly, never from the code under test."""

from __future__ import annotations

import json
import tomllib
from datetime import date
from pathlib import Path

import pytest

from functions.rulebook import deadline, missing_suspected_after
from functions.rulebook.export import dumps, rules_export, write_all

DATA = Path(__file__).resolve().parents[2] / "functions" / "rulebook" / "data"


@pytest.mark.parametrize(
    ("triennium", "as_of", "expected"),
    [
        # 2020-2022 (ecm-rules.md §6): 31 Dec 2022; DL 198/2022 (L. 14/2023, in force 24 Feb 2023) moved
        # it to 31 Dec 2023; Delibera CNFC 1/2025 (3 Jul 2025) to 31 Dec 2025.
        ("2020-2022", date(2022, 6, 1), date(2022, 12, 31)),
        ("2020-2022", date(2023, 2, 23), date(2022, 12, 31)),
        ("2020-2022", date(2023, 2, 24), date(2023, 12, 31)),
        ("2020-2022", date(2025, 7, 2), date(2023, 12, 31)),
        ("2020-2022", date(2025, 7, 3), date(2025, 12, 31)),
        # 2023-2025: L. 27 Feb 2026 n. 27 moved it to 31 Dec 2028 (single source, MED).
        ("2023-2025", date(2026, 2, 26), date(2025, 12, 31)),
        ("2023-2025", date(2026, 2, 27), date(2028, 12, 31)),
        # 2017-2019: extended to 31 Dec 2020 by the CNFC in December 2019.
        ("2017-2019", date(2019, 11, 30), date(2019, 12, 31)),
        ("2017-2019", date(2019, 12, 1), date(2020, 12, 31)),
        # Asked before the triennium was set: its first known deadline.
        ("2026-2028", date(2025, 1, 1), date(2028, 12, 31)),
    ],
)
def test_deadline_as_it_stood_on_a_day(triennium: str, as_of: date, expected: date) -> None:
    assert deadline(triennium, as_of) == expected


def test_missing_suspected_after_the_reporting_window_and_margin() -> None:
    # The provider reports within 90 days of the event's end (Co.Ge.A.P.S.), plus Agenas' lag: 20 days
    # for events from 2025 (ecm-rules.md §11.8): 31 Dec 2025 + 110 days = 20 Apr 2026 (31 + 28 + 31 + 20).
    assert missing_suspected_after(date(2025, 12, 31)) == date(2026, 4, 20)
    # Before 2025 the product's earlier 30-day margin holds:
    # Across a leap February: 1 Jan 2024 + 120 days = 30 Apr 2024 (30 + 29 + 31 + 30).
    assert missing_suspected_after(date(2024, 1, 1)) == date(2024, 4, 30)


def test_rules_export_has_the_shape_the_calculators_read() -> None:
    sources = tomllib.loads((DATA / "sources.toml").read_text(encoding="utf-8"))
    obligation = tomllib.loads((DATA / "obligation.toml").read_text(encoding="utf-8"))
    exported = rules_export()
    assert set(exported) == {"schema", "sources", "parameters", "messages", "confidence"}
    assert exported["schema"] == 2  # 2: notes and manuale_checked.how in both languages, single_source
    assert set(exported["sources"]) == set(sources)
    some_source = sorted(sources)[0]
    raw_source = sources[some_source]
    shown = exported["sources"][some_source]
    assert shown["title"] == raw_source.get("title_en", raw_source.get("title"))
    assert shown["title_it"] == raw_source["title_it"]
    assert shown["url"] == raw_source["url"]
    assert shown["official"] == (raw_source.get("kind") == "official")
    insurance = exported["parameters"]["thresholds.insurance"]
    raw = obligation["thresholds"]["insurance"]
    assert insurance["title"] == {"it": raw["title"]["it"], "en": raw["title"]["en"]}
    assert insurance["unit"] == "share"
    assert insurance["values"] == [
        {
            "from": "2023-01-01",  # §11.5: the 70 % applies from triennium 2023-2025
            "value": "7/10",
            "source": raw["values"][0]["source"],
            "reported_by": raw["values"][0]["reported_by"],
            "confidence": raw["values"][0]["confidence"],
            # Both languages, shaped like the parameter's title (an Italian reader gets the note too).
            "note": {"it": raw["values"][0]["note"]["it"], "en": raw["values"][0]["note"]["en"]},
            "single_source": False,
            "verified": raw["verified"].isoformat(),  # the day the rule was last checked (issue 16)
        }
    ]
    # A value without a note exports a null note; dates inside values are ISO strings.
    assert exported["parameters"]["obligation.base"]["values"][0]["note"] is None
    premialita = exported["parameters"]["obligation.premialita"]["values"][1]["value"]
    assert premialita["status_date"] == "2025-07-03"


def test_dumps_keeps_order_and_accents_with_one_space_indent() -> None:
    assert dumps({"b": 1, "a": "è"}) == '{\n "b": 1,\n "a": "è"\n}\n'


def test_write_all_writes_the_exports_and_the_compiled_data(tmp_path: Path) -> None:
    written = write_all(tmp_path / "out")
    assert [p.name for p in written] == ["rules.json", "conformance.json", "data.json"]
    rules_text = (tmp_path / "out" / "rules.json").read_text(encoding="utf-8")
    assert rules_text == dumps(rules_export())
    assert json.loads((tmp_path / "out" / "conformance.json").read_text(encoding="utf-8"))["cases"]
