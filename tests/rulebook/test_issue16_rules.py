"""Rules added for the guide an Ordine would link to (issue 16), against ../shared/ecm-rules.md.

- §11.11: the radioprotection quota (D.Lgs 101/2020 art. 162 c. 4): at least 10 %, 15 % for fisica
  medica and complementary radiological activity, from 2020-2022; who is covered MED.
- §11.6: retired professionals practising occasionally: income up to 5,000 euro a year, automatic
  esenzione on Co.Ge.A.P.S. from age 70 (HIGH).
- §11.8/§11.10: every rule carries the day it was last checked against its source (``verified``).
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any

import pytest

from functions.rulebook.parameters import _build, load_rulebook


def test_radioprotection_shares_are_dated_sourced_data() -> None:
    book = load_rulebook()
    for param_id, share in (
        ("caps.radioprotection_min", "1/10"),
        ("caps.radioprotection_min_higher", "3/20"),
    ):
        before, first = book.at(param_id, date(2019, 12, 31)), book.at(param_id, date(2020, 1, 1))
        assert before.absent, f"{param_id}: no quota before 2020-2022 (§11.11)"
        assert first.share() == Fraction(share) and first.confidence == "HIGH"
        assert first.source.id == "doc_dlgs_101_2020" and first.source.official
        assert "normattiva.it" in first.source.official_url and "2020-07-31;101" in first.source.official_url
        assert first.reported_by is not None and "omceo-to.it" in first.reported_by.url
    # 10 % and 15 % of the full obligation of 150: 15 and 22.5 credits (hand calculation).
    assert Fraction("1/10") * 150 == 15 and Fraction("3/20") * 150 == Fraction(45, 2)


def test_who_owes_which_radioprotection_share_is_marked_medium_confidence() -> None:
    found = load_rulebook().at("radioprotection.professions", date(2023, 1, 1))
    assert found.confidence == "MED"  # §11.11: MED for who exactly is covered
    assert set(found.value["base"]) == {
        "medico_chirurgo",
        "tecnico_radiologia",
        "infermiere",
        "infermiere_pediatrico",
    }
    assert found.value["higher"] == ["fisico"]
    assert set(found.value["complementary"]) == {"medico_chirurgo", "odontoiatra"}


def test_retired_income_limit_and_automatic_age_are_sourced_data() -> None:
    book = load_rulebook()
    assert book.at("exemption.retired", date(2021, 2, 3)).absent
    found = book.at("exemption.retired", date(2021, 2, 4))
    assert found.value == {"credits": 2, "days": 15, "income_max": 5000, "cogeaps_from_age": 70}
    assert found.confidence == "HIGH" and found.reported_by is not None
    assert "opicremona" in found.reported_by.url


def test_every_rule_value_says_when_it_was_last_checked() -> None:
    book = load_rulebook()
    values = [v for p in book.parameters.values() for v in p.values]
    assert values and all(isinstance(v.verified, date) for v in values)
    # Section 11 of the rules document was compiled on 29 Nov 2026: no check can be later than that yet.
    assert max(v.verified for v in values if v.verified is not None) <= date(2026, 11, 29)


def _table(**extra: Any) -> dict[str, Any]:
    value: dict[str, Any] = {"from": date(2020, 1, 1), "value": 1, "source": "s", "confidence": "HIGH"}
    table: dict[str, Any] = {"title": {"it": "x", "en": "x"}, "unit": "credits", "values": [value]}
    table.update(extra)
    return {
        "manuale_checked": {
            "edition": "03-2024",
            "on": date(2026, 11, 29),
            "how": {"it": "prova", "en": "test"},
        },
        "rule": table,
    }


def test_a_rule_without_a_verified_date_does_not_load() -> None:
    sources = {"s": {"title_en": "A source", "title_it": "Una fonte", "url": "https://example.org"}}
    with pytest.raises(ValueError, match="rule: 'verified'"):
        _build(sources, [_table()])
    with pytest.raises(ValueError, match="must be a TOML date"):
        _build(sources, [_table(verified="2026-11-29")])
    book = _build(sources, [_table(verified=date(2026, 11, 1))])
    assert book.at("rule", date(2021, 1, 1)).verified == date(2026, 11, 1)
