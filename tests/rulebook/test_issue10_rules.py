"""The rules that real cases need (issue 10): each expected value comes from the source in the docstring
or a hand calculation from it, never from the engine. ecm-rules.md §11 is cited by section."""

from __future__ import annotations

from datetime import date

import pytest

from functions.rulebook import RuleInputError
from functions.rulebook.parameters import load_rulebook

from .helpers import compliance, credit, d, event, obligation

# ---- item 1: point 11 applies from 1 Jan 2023 ------------------------------------------------------


def test_speaker_at_a_res_event_of_october_2023_gets_3() -> None:
    """§11.1: point 11 (approved 8 Jun 2022) applies to events from 1 Jan 2023 (andi.it, sirong.it,
    Ordine Medici Perugia; Ordine TSRM-PSTRP Pisa applies it "dal 2023"). 60 min at 1 per 20 min = 3."""
    result = event(type="res_course", role="teacher", date="2023-10-12", teaching_minutes=60)
    assert result.credits == d("3")
    assert result.lines[0].source.id == "doc_criteri_punto11_2022"


@pytest.mark.parametrize(
    ("fields", "before", "after"),
    [
        # Moderator: 1 credit per session moderated (point 11); no rule before it.
        ({"type": "res_course", "role": "moderator", "sessions": 3}, None, "3"),
        # Asynchronous FAD tutor: 5 a month, at most 30 (point 11); 3 months = 15.
        ({"type": "fad_elearning", "role": "fad_tutor", "months": 3}, "12", "15"),
        # FSC tutor: 1.5 per whole hour (point 11); 10 h = 15. Before: 1 per 6 h (criteri 2010) = 1.
        ({"type": "fsc_training", "role": "fsc_tutor", "hours": 10}, "1", "15"),
        # Scientific lead: 20 % of the event's 10 credits = 2.0.
        ({"type": "res_course", "role": "scientific_lead", "event_credits": 10}, None, "2"),
    ],
)
def test_every_point_11_role_switches_on_1_january_2023(
    fields: dict[str, object], before: str | None, after: str
) -> None:
    """§11.1: every role value of point 11 applies from 2023-01-01 (the FAD tutor's older rate, 4 a month
    up to 24, is from an undated provider page: 3 months = 12)."""
    assert event(date="2023-01-01", **fields).credits == d(after)
    if before is None:
        with pytest.raises(RuleInputError) as refused:
            event(date="2022-12-31", **fields)
        assert refused.value.field == "role"
    else:
        assert event(date="2022-12-31", **fields).credits == d(before)


# ---- item 2: classroom tutor, FSC scientific lead, the 20 % rounding ---------------------------------


def test_classroom_tutor_per_whole_hour_low_with_the_other_rate_in_the_note() -> None:
    """§11.1: tutor d'aula at RES events and tutor of synchronous FAD. Perugia and Pisa give 1 per whole
    hour (encoded), andi.it and sirong.it 1.5: LOW, the other value in the note. 5.5 h -> 5 h -> 5."""
    result = event(type="res_course", role="classroom_tutor", date="2024-03-01", hours=5.5)
    assert result.credits == d("5")
    assert result.uncertain
    note = load_rulebook().at("role.classroom_tutor", date(2024, 3, 1)).note
    tutor = next(line for line in result.lines if line.rule == "role.classroom_tutor")
    assert "1.5" in note and tutor.confidence == "LOW"
    # The half hour dropped is its own line (event.hour_rounding, floor since 2019): 5.5 h -> 5 h.
    assert (result.lines[0].rule, result.lines[0].params["counted"]) == ("event.hour_rounding", 5)
    # Before 2023: 0.5 per hour (undated provider page, MED-LOW): 6 h = 3.
    assert event(type="fad_webinar", role="classroom_tutor", date="2021-03-01", hours=6).credits == d("3")


def test_fsc_scientific_lead_is_paid_per_hour_not_20_percent() -> None:
    """§11.1: at an FSC event the coordinator or scientific lead who coordinates gets 1.5 per hour.
    The issue's case: 10 h -> 15 (the engine gave 3.2, i.e. 20 % of 16)."""
    result = event(
        type="fsc_improvement_group",
        role="scientific_lead",
        date="2025-03-20",
        hours=10,
        concluding_document=True,
        external_tutor=True,
    )
    assert result.credits == d("15")


def test_disputed_rounding_of_the_20_percent_is_said_when_it_changes_the_number() -> None:
    """§11.1: Perugia and Pisa round the first decimal up ("per eccesso", encoded); infermieristicamente
    says nearest tenth. 20 % of 7.2 = 1.44: up 1.5, nearest 1.4 -> a warning says so. 20 % of 7.8 = 1.56:
    both give 1.6 -> no warning."""
    disputed = event(type="res_course", role="scientific_lead", date="2025-05-10", event_credits=7.2)
    assert disputed.credits == d("1.5")
    assert [w.msg for w in disputed.warnings] == ["warn.scientific_lead_rounding_disputed"]
    assert disputed.warnings[0].params["other"] == 1.4
    agreed = event(type="res_course", role="scientific_lead", date="2025-05-10", event_credits=7.8)
    assert agreed.credits == d("1.6") and agreed.warnings == []


def test_a_role_the_type_does_not_allow_is_refused_with_the_roles_it_allows() -> None:
    """Issue 10, bad input: the refusal lists the roles the event type allows."""
    with pytest.raises(RuleInputError) as refused:
        event(type="fsc_training", role="classroom_tutor", date="2024-05-10", hours=3)
    assert refused.value.field == "role"
    assert refused.value.params["roles"] == ["participant", "fsc_tutor", "scientific_lead", "teacher"]


# ---- item 4: training abroad has a country ---------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "day", "expected"),
    [
        ("JP", "2024-05-10", "0"),  # Japan: not recognised (the engine gave 5.0)
        ("CH", "2024-05-10", "5"),  # Switzerland: 10 h x 1 x 50 %
        ("US", "2024-05-10", "5"),
        ("CA", "2024-05-10", "5"),
        ("DE", "2024-05-10", "5"),
        ("GB", "2020-01-31", "5"),  # last day of the UK in the EU
        ("GB", "2020-02-01", "0"),  # from 1 Feb 2020 the UK is outside the EU
        ("HR", "2013-06-30", "0"),  # Croatia joined on 1 Jul 2013
        ("HR", "2013-07-01", "5"),
    ],
)
def test_abroad_counts_only_in_the_eu_switzerland_usa_and_canada(
    country: str, day: str, expected: str
) -> None:
    """§11.2 (CNFC 4 Dec 2012, Agenas comunicato 30): EU member states on the event's date, Switzerland,
    the USA and Canada; elsewhere 0 with a line that says why. EU membership dates: europa.eu."""
    result = event(type="abroad", date=day, hours=10, country=country)
    assert result.credits == d(expected)
    assert result.lines[0].rule.startswith("country.")


def test_country_refusals_name_the_field() -> None:
    """Bad input: not an ISO code, Italy itself, or a country on another type."""
    for fields in (
        {"type": "abroad", "hours": 10, "country": "XX"},
        {"type": "abroad", "hours": 10, "country": "IT"},
        {"type": "fad_elearning", "hours": 10, "country": "DE"},
    ):
        with pytest.raises(RuleInputError) as refused:
            event(date="2024-05-10", **fields)
        assert refused.value.field == "country"


# ---- item 5: attendance and test ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"attendance_percent": 90}, "7.8"),
        ({"attendance_percent": 89.99}, "0"),
        ({"attendance_percent": 100, "test_score_percent": 75}, "7.8"),
        ({"attendance_percent": 100, "test_score_percent": 74.5}, "0"),
    ],
)
def test_participants_need_90_percent_attendance_and_75_percent_answers(
    fields: dict[str, object], expected: str
) -> None:
    """§11.7 (arseducandi): at least 90 % attendance and 75 % correct answers, else no credits.
    Base: §9 ex. 1, RES course 6 h, 20 participants = 7.8."""
    result = event(type="res_course", date="2024-05-10", hours=6, participants=20, **fields)
    assert result.credits == d(expected)


def test_older_events_needed_full_attendance() -> None:
    """§11.7 (ecmlive): older events needed 100 % attendance (before 2019 here, LOW)."""
    assert (
        event(
            type="res_congress", date="2015-05-10", hours=6, participants=300, attendance_percent=95
        ).credits
        == 0
    )
    assert event(
        type="res_congress", date="2015-05-10", hours=6, participants=300, attendance_percent=100
    ).credits == d("1.2")


# ---- item 3: the profession -----------------------------------------------------------------------


def test_pharmacist_internship_tutoring_counts_up_to_half() -> None:
    """§11.3 (Ordine Farmacisti Treviso): 120 tutoring credits count 75 (50 % of 150); with 60 FAD
    credits 135 < 150: not compliant (the engine said compliant)."""
    credits = [
        credit("t", "individual_tutoring", "2024-03-01", 120),
        credit("f", "fad_elearning", "2024-04-01", 60),
    ]
    pharmacist = compliance("2023-2025", credits, profession="farmacista")
    assert pharmacist.counted == d("135") and not pharmacist.certifiable
    # Any other profession: the general 60 % cap (90) applies: 150, compliant.
    assert compliance("2023-2025", credits, profession="infermiere").counted == d("150")


def test_nurses_fad_up_to_60_percent_in_2011_2013_only() -> None:
    """§11.3 (forumecm, CNFC answer): nurses' FAD counted up to 60 % in 2011-2013: 100 FAD -> 90."""
    credits = [credit("r", "res_course", "2012-03-01", 50), credit("f", "fad_elearning", "2013-04-01", 100)]
    assert compliance("2011-2013", credits, profession="infermiere").counted == d("140")
    later = [credit("r", "res_course", "2015-03-01", 50), credit("f", "fad_elearning", "2016-04-01", 100)]
    assert compliance("2014-2016", later, profession="infermiere").counted == d("150")


def test_psychologists_supervision_at_most_25_a_year() -> None:
    """§11.3 (Ordine Psicologi Lazio, MED): at most 25 a year: 20 + 12 in 2024 -> 25."""
    credits = [
        credit("a", "individual_tutoring", "2024-03-01", 20),
        credit("b", "individual_tutoring", "2024-09-01", 12),
        credit("c", "res_course", "2025-04-01", 100),
    ]
    assert compliance("2023-2025", credits, profession="psicologo").counted == d("125")


def test_profession_and_discipline_must_be_in_the_lists() -> None:
    """Bad input: refused naming the field and the accepted values (or where to find them)."""
    with pytest.raises(RuleInputError) as refused:
        obligation("2023-2025", profession="astronauta")
    assert refused.value.field == "profile.profession" and "farmacista" in refused.value.params["expected"]
    with pytest.raises(RuleInputError) as refused:
        obligation("2023-2025", profession="medico_chirurgo", discipline="Magia")
    assert refused.value.field == "profile.discipline"
    with pytest.raises(RuleInputError) as refused:
        obligation("2023-2025", profession="infermiere", discipline="Cardiologia")
    assert refused.value.field == "profile.discipline"
    assert obligation("2023-2025", profession="medico_chirurgo", discipline="Cardiologia").obligation == d(
        "150"
    )


def test_the_list_has_the_31_profiles_of_section_8() -> None:
    """§8: 31 profiles (Regione Veneto); Agenas codes 1, 2, 3, 14 and 30 as in §11.3."""
    listed = load_rulebook().at("profession.list", date(2024, 1, 1)).value
    assert len(listed) == 31
    codes = {p["id"]: p.get("code") for p in listed}
    assert (codes["medico_chirurgo"], codes["odontoiatra"], codes["farmacista"]) == (1, 2, 3)
    assert (codes["infermiere"], codes["terapista_occupazionale"]) == (14, 30)


# ---- item 6: 2011-2013 as it was --------------------------------------------------------------------


def test_2011_2013_tipologie_2_5_6_10_together_up_to_60_percent() -> None:
    """§11.4 (Agenas, Aug 2012): congresses 60 + improvement groups 40 = 100 > 90 (60 % of 150); with 50 FAD
    the total counts 140, not 150."""
    credits = [
        credit("c", "res_congress", "2011-05-01", 60),
        credit("g", "fsc_improvement_group", "2012-05-01", 40),
        credit("f", "fad_elearning", "2013-05-01", 50),
    ]
    result = compliance("2011-2013", credits)
    assert result.counted == d("140") and not result.certifiable
    moved = [
        credit("c", "res_congress", "2014-05-01", 60),
        credit("g", "fsc_improvement_group", "2015-05-01", 40),
    ]
    assert compliance("2014-2016", [*moved, credit("f", "fad_elearning", "2016-05-01", 50)]).counted == d(
        "150"
    )


def test_2011_2013_employees_between_25_and_75_a_year() -> None:
    """§3 and §11.4 (Accordo 19 Apr 2012; forumecm): employees at most 75 a year (100 -> 75) and at least
    25 (2013 has 20: 5 still owed); liberi professionisti are flexible."""
    credits = [
        credit("a", "res_course", "2011-03-01", 100),
        credit("b", "fad_elearning", "2012-04-01", 30),
        credit("c", "fad_elearning", "2013-04-01", 20),
    ]
    employee = compliance("2011-2013", credits, employment="employee")
    assert employee.counted == d("125") and employee.missing == d("25") and not employee.certifiable
    assert compliance("2011-2013", credits, employment="self_employed").counted == d("150")


# ---- item 7: retired professionals ---------------------------------------------------------------


def test_retired_professionals_get_the_esenzione_without_typing_a_period() -> None:
    """§5.2 and §11.6 (Delibera CNFC 4 Feb 2021; opicremona): 2 credits per 15 days from the date in the
    profile. From 1 Jul 2024 to 31 Dec 2025: 549 days = 36 blocks of 15 = 72; 150 - 72 = 78."""
    result = obligation("2023-2025", retired_on="2024-07-01")
    assert result.obligation == d("78")
    assert [line.rule for line in result.lines][:3] == [
        "obligation.base",
        "exemption.retired",
        "exemption.esenzione",
    ]
    # A typed esenzione overlapping the same days is not counted twice.
    both = obligation(
        "2023-2025",
        retired_on="2024-07-01",
        exemptions=[{"kind": "esenzione", "start": "2024-07-01", "end": "2024-12-31"}],
    )
    assert both.obligation == d("78")


def test_psychologists_supervision_is_4_a_month_up_to_25() -> None:
    """§11.3 (Ordine Psicologi Lazio faq/ecm-tutor, MED): 4 credits a month, at most 25 a year.
    4 months -> 16; 8 months -> 32, capped at 25. Other professions: 1 credit per 15 h (100 h -> 6)."""
    assert (
        event(type="individual_tutoring", date="2024-05-10", months=4, profession="psicologo").credits == 16
    )
    assert (
        event(type="individual_tutoring", date="2024-05-10", months=8, profession="psicologo").credits == 25
    )
    assert (
        event(type="individual_tutoring", date="2024-05-10", hours=100, profession="farmacista").credits == 6
    )
    with pytest.raises(RuleInputError) as refused:
        event(type="individual_tutoring", date="2024-05-10", hours=100, profession="ottico")
    assert refused.value.field == "profession"
