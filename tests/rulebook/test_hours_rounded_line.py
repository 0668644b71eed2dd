"""Hours are not fractionable (ecm-rules.md §1.1, §1.3; events.toml event.hour_rounding): when the rule
changes the hours given, the explanation says so in a line of its own, citing the rule (review: a 7.5 h
course showed only "7 h × 1 credito/h")."""

from __future__ import annotations

from decimal import Decimal

from functions.rulebook import localize
from functions.rulebook.event_credits import compute_event_credits
from functions.rulebook.models import EventInput


def _event(**fields: object) -> object:
    return compute_event_credits(EventInput.model_validate({"role": "participant", **fields}))


def test_a_half_hour_dropped_is_said_in_both_languages_before_the_credits() -> None:
    result = _event(type="res_course", date="2025-03-01", hours=7.5, participants=100)
    first = result.lines[0]  # type: ignore[attr-defined]
    # Floor since 2019: 7.5 h -> 7 h; 1.0 per hour up to 100 participants -> 7.0 (hand).
    assert result.credits == Decimal(7)  # type: ignore[attr-defined]
    assert (first.rule, first.amount) == ("event.hour_rounding", Decimal(0))
    assert "7,5 h indicate, contano 7 h" in first.text and "frazion" in first.text
    english = localize(result, "en").lines[0].text  # type: ignore[attr-defined]
    assert "7.5 h given, 7 h count" in english and "not fractionable" in english


def test_before_2019_more_than_half_an_hour_counts_as_a_whole_one_and_the_line_says_why() -> None:
    result = _event(type="res_course", date="2018-05-10", hours=2.6, participants=60)
    first = result.lines[0]  # type: ignore[attr-defined]
    assert first.msg == "line.hours_rounded.half_down"
    assert "2,6 h indicate, contano 3 h" in first.text and "mezz'ora" in first.text


def test_whole_hours_and_rules_without_hours_add_no_rounding_line() -> None:
    whole = _event(type="res_course", date="2025-03-01", hours=7, participants=100)
    assert all(line.rule != "event.hour_rounding" for line in whole.lines)  # type: ignore[attr-defined]
    # A teacher is paid per 20 minutes, not per hour: minutes have their own line, no hour rounding.
    teacher = compute_event_credits(
        EventInput.model_validate(
            {"type": "res_course", "role": "teacher", "date": "2024-03-01", "teaching_minutes": 50}
        )
    )
    assert all(line.rule != "event.hour_rounding" for line in teacher.lines)
