"""The deadline calendar's events (functions/rulebook/deadline_events.py), by hand from ecm-rules.md §11.8.

The registry clock: the provider's 90 days from the event's official end, plus Agenas' lag (20 days for
events from 2025), or up to 9 months (274 days) for a regional provider; the event is on the day after.
"""

from __future__ import annotations

import datetime as dt

from functions.rulebook import language
from functions.rulebook.deadline_events import CalendarInput, calendar_answer, calendar_events
from functions.rulebook.models import CreditRecord
from functions.rulebook.status import StatusInput, evaluate_status


def _events(as_of: dt.date, credits: list[CreditRecord]) -> dict[str, dt.date]:
    status = evaluate_status(StatusInput(as_of=as_of, credits=credits))
    return {e.key: e.day for e in calendar_events(status)}


def _reminders(as_of: dt.date, credits: list[CreditRecord]) -> dict[str, tuple[dt.date, int | None]]:
    status = evaluate_status(StatusInput(as_of=as_of, credits=credits))
    return {e.key: (e.day, e.reminder_days) for e in calendar_events(status)}


def _provisional(credit_id: str, end: dt.date, scope: str = "national") -> CreditRecord:
    return CreditRecord(
        id=credit_id,
        type="fad_elearning",
        date=end,
        end_date=end,
        credits=5,
        in_registry=False,
        provider_scope=scope,
    )


def test_national_and_regional_registry_days() -> None:
    # 1 Jan 2026 + 110 days = 21 Apr 2026 (31 + 28 + 31 = 90 to 1 Apr, + 20): suspected after, event the 22nd.
    # Regional: + 274 days = 2 Oct 2026 (Jan-Sep: 273 days, to 1 Oct; + 1), event on 3 Oct.
    events = _events(
        dt.date(2026, 2, 1),
        [_provisional("n", dt.date(2026, 1, 1)), _provisional("r", dt.date(2026, 1, 1), "regional")],
    )
    assert events["registry-n"] == dt.date(2026, 4, 22)
    assert events["registry-r"] == dt.date(2026, 10, 3)


def test_a_registered_credit_or_one_missing_suspected_over_a_year_ago_has_no_event() -> None:
    # 10 Jan 2025 + 110 days = 30 Apr 2025 (21 + 28 + 31 + 30): missing suspected from 1 May 2025, more
    # than a year before 29 Nov 2026.
    late = _provisional("late", dt.date(2025, 1, 10))
    registered = CreditRecord(
        id="ok", type="res_course", date=dt.date(2026, 1, 10), credits=5, in_registry=True
    )
    events = _events(dt.date(2026, 11, 29), [late, registered])
    assert not [key for key in events if key.startswith("registry-")]


def test_a_credits_registry_day_rings_on_the_day_and_stays_a_year_without_a_reminder() -> None:
    """The README's promise: the day a provisional credit becomes missing suspected, even once passed."""
    late = [_provisional("late", dt.date(2025, 1, 10))]  # missing suspected from 1 May 2025 (see above)
    assert _reminders(dt.date(2025, 4, 30), late)["registry-late"] == (dt.date(2025, 5, 1), 0)
    assert _reminders(dt.date(2025, 5, 1), late)["registry-late"] == (dt.date(2025, 5, 1), 0)  # today
    assert _reminders(dt.date(2025, 5, 2), late)["registry-late"] == (dt.date(2025, 5, 1), None)
    # 1 May 2026 is 365 days after 1 May 2025: the last day it is kept; the next, it is gone.
    assert _reminders(dt.date(2026, 5, 1), late)["registry-late"] == (dt.date(2025, 5, 1), None)
    assert "registry-late" not in _reminders(dt.date(2026, 5, 2), late)


def test_deadlines_in_2026_and_once_passed() -> None:
    # §11.8 and Delibera CNFC 1/2025; a deadline rings 14 days ahead, a passed one (within a year) never.
    events = _reminders(dt.date(2026, 11, 29), [])
    assert events == {
        "recovery-2020-2022": (dt.date(2025, 12, 31), None),  # passed less than a year ago: kept, silent
        "moves-2020-2022": (dt.date(2026, 6, 30), None),
        "compensation-2028-12-31": (dt.date(2028, 12, 31), 14),
        "end-2026-2028": (dt.date(2028, 12, 31), 14),
        "recovery-2023-2025": (dt.date(2028, 12, 31), 14),
    }
    # On 30 Jun 2026 the moves deadline is today: it still has its reminder.
    assert _reminders(dt.date(2026, 6, 30), [])["moves-2020-2022"] == (dt.date(2026, 6, 30), 14)
    # In 2028 the 2020-2022 deadlines are more than a year old: gone.
    later = _events(dt.date(2028, 1, 15), [])
    assert "recovery-2020-2022" not in later and "moves-2020-2022" not in later
    assert later["end-2026-2028"] == dt.date(2028, 12, 31)


def test_texts_follow_the_language_and_name_the_single_source() -> None:
    status = evaluate_status(StatusInput(as_of=dt.date(2026, 11, 29)))
    with language("en"):
        english = {e.key: e.text for e in calendar_events(status)}
    assert english["end-2026-2028"] == "End of the ECM triennium 2026-2028: last day to earn its credits"
    assert "one source only" in english["recovery-2023-2025"]
    assert english["compensation-2028-12-31"].startswith(
        "Last day for ECM compensation credits (trienni 2014-2016"
    )


def test_calendar_answer_names_a_credit_by_the_name_given_else_its_title_else_its_id() -> None:
    # The guide's calculator passes names (type and event code); the API passes the stored titles.
    titled = CreditRecord(
        id="t", type="fad_elearning", date=dt.date(2026, 11, 1), credits=5, in_registry=False, title="BLS"
    )
    bare = _provisional("b", dt.date(2026, 11, 1))
    named = _provisional("n", dt.date(2026, 11, 1))
    answer = calendar_answer(
        CalendarInput(as_of=dt.date(2026, 11, 29), credits=[titled, bare, named], titles={"n": "RES 12-3"})
    )
    texts = {e.key: e.params["title"] for e in answer.events if e.key.startswith("registry-")}
    assert texts == {"registry-t": "BLS", "registry-b": "b", "registry-n": "RES 12-3"}
    # 1 Nov 2026 + 90 + 20 days = 19 Feb 2027 (30 + 31 + 31 = 92 days to 1 Feb, + 18): the event is the 20th.
    assert {e.day for e in answer.events if e.key.startswith("registry-")} == {dt.date(2027, 2, 20)}
    assert answer.as_of == dt.date(2026, 11, 29)
