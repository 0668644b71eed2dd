"""Obligation rules beyond the worked examples: esoneri, esenzioni, overlaps, registration, bonuses."""

from __future__ import annotations

from .helpers import d, obligation


def test_esonero_course_one_third_per_year_attributed_to_year_of_greater_attendance() -> None:
    # Oct 2026 - Sep 2027: more attendance in 2027, one year of course → one third.
    result = obligation(
        "2026-2028", exemptions=[{"kind": "esonero_course", "start": "2026-10-01", "end": "2027-09-30"}]
    )
    assert result.obligation == d("100")
    assert "2027" in result.lines[1].text


def test_esonero_course_user_may_attribute_a_year_with_three_months() -> None:
    result = obligation(
        "2026-2028",
        exemptions=[
            {"kind": "esonero_course", "start": "2026-09-01", "end": "2027-08-31", "attributed_years": [2026]}
        ],
    )
    assert "2026" in result.lines[1].text
    assert result.obligation == d("100")


def test_two_esoneri_never_give_more_than_one_third_per_year() -> None:
    result = obligation(
        "2026-2028",
        exemptions=[
            {"kind": "esonero_course", "start": "2026-01-01", "end": "2026-12-31"},
            {"kind": "esonero_course", "start": "2026-02-01", "end": "2026-12-20"},
        ],
    )
    assert result.obligation == d("100")


def test_esonero_wins_over_overlapping_esenzione() -> None:
    only_esenzione = obligation(
        "2023-2025", exemptions=[{"kind": "esenzione", "start": "2024-01-01", "end": "2024-03-30"}]
    )
    assert only_esenzione.obligation == d("138")  # 90 days = 6 × 15 → 12
    both = obligation(
        "2023-2025",
        exemptions=[
            {"kind": "esenzione", "start": "2024-01-01", "end": "2024-03-30"},
            {"kind": "esonero_hours", "start": "2024-01-01", "end": "2024-02-29", "hours": 3},
        ],
    )
    # Jan-Feb (60 days) go to the esonero; March's 30 days of esenzione give 2 × 2 = 4, plus 1 for the hours.
    assert both.obligation == d("145")
    assert both.lines[-1].msg == "line.esenzione.days_overlap"
    assert both.lines[-1].params["overlap"] == 60
    assert "60 giorni sovrapposti a un esonero non contati" in both.lines[-1].text


def test_overlapping_esenzioni_are_not_counted_twice() -> None:
    result = obligation(
        "2023-2025",
        exemptions=[
            {"kind": "esenzione", "start": "2024-01-01", "end": "2024-01-30"},
            {"kind": "esenzione", "start": "2024-01-16", "end": "2024-02-14"},
        ],
    )
    assert result.obligation == d("144")  # one continuous period of 45 days → 3 × 2


def test_esenzione_outside_obligated_years_does_not_count() -> None:
    result = obligation(
        "2026-2028",
        first_registration="2027-03-01",
        exemptions=[{"kind": "esenzione", "start": "2027-01-01", "end": "2027-12-31"}],
    )
    assert result.obligated_years == 1
    assert result.obligation == d("50")


def test_pro_rata_applies_to_obligation_net_of_exemptions() -> None:
    """Manuale §1.2: (obligation net of esoneri/esenzioni) / 3 × remaining years."""
    result = obligation(
        "2026-2028",
        first_registration="2026-02-01",
        exemptions=[{"kind": "esenzione", "start": "2027-01-01", "end": "2027-05-30"}],
    )
    assert result.obligation == d("86.7")  # (150 - 20) / 3 × 2


def test_cancellation_after_30_june_keeps_that_year() -> None:
    result = obligation("2026-2028", registration_gaps=[{"cancelled_on": "2027-07-15"}])
    assert result.obligated_years == 2  # 2026 and 2027; none in 2028 while cancelled
    assert result.obligation == d("100")


def test_reregistration_by_30_june_brings_the_year_back() -> None:
    result = obligation(
        "2026-2028", registration_gaps=[{"cancelled_on": "2026-03-01", "reregistered_on": "2027-06-30"}]
    )
    assert result.obligated_years == 2
    assert result.obligation == d("100")


def test_premialita_needs_every_triennium_of_the_professional() -> None:
    full = obligation("2026-2028", certified_trienni_at_2025_07_03=["2014-2016", "2017-2019", "2020-2022"])
    assert full.obligation == d("130")
    partial = obligation("2026-2028", certified_trienni_at_2025_07_03=["2017-2019", "2020-2022"])
    assert partial.obligation == d("150")
    since_2017 = obligation(
        "2026-2028",
        first_registration="2016-05-01",
        certified_trienni_at_2025_07_03=["2017-2019", "2020-2022"],
    )
    assert since_2017.obligation == d("135")


def test_dossier_carry_needs_objectives_met() -> None:
    not_met = obligation("2026-2028", dossiers=[{"kind": "individual", "triennium": "2023-2025"}])
    assert not_met.obligation == d("150")
    met = obligation(
        "2026-2028", dossiers=[{"kind": "individual", "triennium": "2023-2025", "objectives_met": True}]
    )
    assert met.obligation == d("130")


def test_uncertain_flag_follows_confidence_of_deciding_rules() -> None:
    assert not obligation("2026-2028").uncertain
    assert obligation("2017-2019", dossiers=[{"kind": "individual", "triennium": "2017-2019"}]).uncertain


def test_deadlines_keep_their_history_of_extensions() -> None:
    from datetime import date

    from functions.rulebook import deadline

    assert deadline("2020-2022", date(2021, 6, 1)) == date(2022, 12, 31)
    assert deadline("2020-2022", date(2024, 1, 1)) == date(2023, 12, 31)
    assert deadline("2020-2022", date(2026, 1, 1)) == date(2025, 12, 31)
    assert deadline("2023-2025", date(2026, 11, 22)) == date(2028, 12, 31)
