"""The worked examples of section 9 of shared/ecm-rules.md, one test each (the docstring cites the source)."""

from __future__ import annotations

from .helpers import compliance, credit, d, event, obligation


def test_ex1_res_course_small_group() -> None:
    """§9 ex. 1 — RES course 2024, 6 h, 20 participants: (1.0 + 0.3 small group) × 6 = 7.8.
    Source: Veneto v3 code (Manuale nazionale di accreditamento 2019), MED."""
    result = event(type="res_course", date="2024-05-10", hours=6, participants=20)
    assert result.credits == d("7.8")
    assert [line.rule for line in result.lines] == ["event.res.course.bands", "event.res.bonus.small_group"]
    assert result.uncertain  # MED rules decided it


def test_ex2a_res_course_150_participants() -> None:
    """§9 ex. 2a — RES course, 8 h, 150 participants: 0.7 × 8 = 5.6. Source: Veneto v3 code, MED."""
    assert event(type="res_course", date="2024-05-10", hours=8, participants=150).credits == d("5.6")


def test_ex2b_congress_per_hour_and_cap() -> None:
    """§9 ex. 2b — congress, 350 participants: 12 h → 3.6; 25 h → capped at 6.0. Source: Veneto v3, MED."""
    assert event(type="res_congress", date="2024-05-10", hours=12, participants=350).credits == d("3.6")
    capped = event(type="res_congress", date="2024-05-10", hours=25, participants=350)
    assert capped.credits == d("6.0")
    assert capped.lines[-1].rule == "event.res.congress.max_credits"


def test_ex3_fad_with_and_without_tutor() -> None:
    """§9 ex. 3 — FAD e-learning 10 h: 10.0 without tutor, 15.0 with tutor. Source: Veneto v1-v3, MED-HIGH."""
    assert event(type="fad_elearning", date="2024-05-10", hours=10).credits == d("10.0")
    assert event(type="fad_elearning", date="2024-05-10", hours=10, tutor=True).credits == d("15.0")


def test_ex4_fad_event_cap() -> None:
    """§9 ex. 4 — FAD with tutor 40 h: 1.5 × 40 = 60, capped at 50 per event.
    Source: Veneto code, MED-HIGH."""
    result = event(type="fad_elearning", date="2024-05-10", hours=40, tutor=True)
    assert result.credits == d("50")
    assert result.lines[-1].rule == "event.max_credits"
    assert result.lines[-1].amount == d("-10")


def test_ex5_improvement_group_bonuses() -> None:
    """§9 ex. 5 — FSC gruppo di miglioramento 10 h, protocol and external tutor: (1 + 0.3 + 0.3) × 10 = 16.0.
    Source: Veneto v2/v3 code, MED."""
    result = event(
        type="fsc_improvement_group",
        date="2024-05-10",
        hours=10,
        concluding_document=True,
        external_tutor=True,
    )
    assert result.credits == d("16.0")


def test_ex6_research_nine_months() -> None:
    """§9 ex. 6 — FSC attività di ricerca lasting 9 months: 6-12 months → 10. Source: Veneto v3, MED."""
    assert event(type="fsc_research", date="2024-01-01", end_date="2024-09-30").credits == d("10")


def test_ex7_teacher_before_and_after_point_11() -> None:
    """§9 ex. 7 as corrected by §11.1 — docente, 2 h of teaching: 4 in 2022 (1 per 30 min), 6 in 2023
    (1 per 20 min: point 11 "Docenza, tutoring e altri ruoli", approved 8 Jun 2022, for events from
    1 Jan 2023). Sources: Ordine Psicologi Lazio FAQ 1272 (HIGH); andi.it, sirong.it, Ordine Medici
    Perugia, Ordine TSRM-PSTRP Pisa for the date (HIGH); infermieristicamente 18306 for the value (MED)."""
    assert event(type="res_course", role="teacher", date="2022-12-31", teaching_minutes=120).credits == d("4")
    assert event(type="res_course", role="teacher", date="2023-01-01", teaching_minutes=120).credits == d("6")


def test_ex8_reduction_by_previous_credits_2017_2019() -> None:
    """§9 ex. 8 — 2017-2019 with 130 / 100 / 60 credits in 2014-2016: 120 / 135 / 150.
    Source: pviformazione.it ECM 2017-2019, HIGH."""
    assert obligation("2017-2019", previous_triennium_credits=130).obligation == d("120")
    assert obligation("2017-2019", previous_triennium_credits=100).obligation == d("135")
    assert obligation("2017-2019", previous_triennium_credits=60).obligation == d("150")


def test_ex9_covid_third_and_previous_met() -> None:
    """§9 ex. 9 — 2020-2022: 150 - 50 - 30 = 70 when 2017-2019 was met, 150 - 50 = 100 otherwise.
    Sources: DL 34/2020 art. 5-bis (HIGH); Ordine Psicologi Lazio bonus-covid-df (MED)."""
    met = obligation("2020-2022", previous_triennium_met=True)
    assert met.obligation == d("70")
    assert [line.rule for line in met.lines] == [
        "obligation.base",
        "obligation.covid",
        "obligation.previous_met",
    ]
    assert obligation("2020-2022", previous_triennium_met=False).obligation == d("100")


def test_ex10_new_registrant_pro_rata() -> None:
    """§9 ex. 10 — first registration 15 Jun 2026: obligation from 1 Jan 2027, 150 / 3 × 2 = 100.
    Source: Manuale §1.2 quoted by TSRM-PSTRP Venezia FAQ, HIGH."""
    result = obligation("2026-2028", first_registration="2026-06-15")
    assert result.obligation == d("100")
    assert result.obligated_years == 2


def test_ex11_esonero_by_hours() -> None:
    """§9 ex. 11 — university course under 60 CFU, 30 h attended: reduction 10 (1 credit per 3 h).
    Source: Ordine Psicologi Lazio, esoneri ECM, MED."""
    result = obligation(
        "2023-2025",
        exemptions=[{"kind": "esonero_hours", "start": "2024-02-01", "end": "2024-06-30", "hours": 30}],
    )
    assert result.obligation == d("140")
    assert result.lines[1].amount == d("-10")


def test_ex12_maternity_esenzione() -> None:
    """§9 ex. 12 — congedo di maternità, 150 continuous days in 2024: 150 / 15 = 10 × 2 = reduction 20.
    Source: Co.Ge.A.P.S. clarification Nov 2021 (ostetriche-bgcrlomimb), HIGH."""
    result = obligation(
        "2023-2025", exemptions=[{"kind": "esenzione", "start": "2024-01-01", "end": "2024-05-29"}]
    )
    assert result.lines[1].amount == d("-20")
    assert result.obligation == d("130")


def test_ex13_autoformazione_cap_on_individual_obligation() -> None:
    """§9 ex. 13 — 40 credits of autoformazione: 30 count with obligation 150, 24 with obligation 120.
    Source: Ordine Psicologi Toscana / Lazio FAQ 1263 (20 % of the individual obligation), HIGH."""
    full = compliance("2026-2028", [credit("a", "autoformazione", "2026-03-01", 40)])
    assert full.counted == d("30")
    reduced = compliance(
        "2017-2019", [credit("a", "autoformazione", "2018-03-01", 40)], previous_triennium_credits=130
    )
    assert reduced.obligation.obligation == d("120")
    assert reduced.counted == d("24")


def test_ex14_abroad_cap_not_compliant() -> None:
    """§9 ex. 14 — obligation 150, 90 credits abroad and 60 learner credits: abroad capped at 75, 135 counted,
    not compliant. Source: CNFC 4 Dec 2012, Agenas communiqué 30, HIGH."""
    records = [credit(f"x{i}", "abroad", "2026-05-01", 22.5) for i in range(4)]
    records.append(credit("l", "res_course", "2027-05-01", 60))
    result = compliance("2026-2028", records)
    assert result.counted == d("135")
    assert not result.certifiable
    assert result.missing == d("15")
