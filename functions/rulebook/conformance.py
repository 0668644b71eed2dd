"""Conformance vectors: inputs and the Python engine's outputs, for other implementations to check against.

The cases cover every event type and role, each obligation rule, each cap and the across-trienni
computations, plus inputs that must be refused. ``expected`` is produced by this engine; the tests
check the section 9 examples of the reference independently, so a wrong engine cannot bless itself.
"""

from __future__ import annotations

from typing import Any

from .dispatch import run_or_error

Case = tuple[str, str, dict[str, Any]]


def _event(name: str, **fields: Any) -> Case:
    return (name, "event", fields)


EVENT_CASES: list[Case] = [
    _event(
        "RES course 2024, 6 h, 20 participants (ref. §9 ex. 1)",
        type="res_course",
        date="2024-05-10",
        hours=6,
        participants=20,
    ),
    _event(
        "RES course 2024, 8 h, 150 participants (ref. §9 ex. 2a)",
        type="res_course",
        date="2024-05-10",
        hours=8,
        participants=150,
    ),
    _event(
        "RES course 2024, 7.9 h floored to 7",
        type="res_course",
        date="2024-05-10",
        hours=7.9,
        participants=80,
    ),
    _event(
        "RES course 2024, interactive, 40 participants, 2 teachers, special topic",
        type="res_course",
        date="2024-05-10",
        hours=8,
        interactive_hours=3,
        participants=40,
        teachers=2,
        special_topic=True,
    ),
    _event(
        "RES course 2024, interactive bonus refused for ratio",
        type="res_course",
        date="2024-05-10",
        hours=5,
        interactive_hours=2,
        participants=45,
        teachers=1,
    ),
    _event(
        "RES course 2024, capped at 50",
        type="res_course",
        date="2024-05-10",
        hours=40,
        participants=20,
        interactive_hours=10,
    ),
    _event(
        "RES course 2016, 33 participants (decreasing band)",
        type="res_course",
        date="2016-04-01",
        hours=6,
        participants=33,
    ),
    _event(
        "RES course 2016, 3.5 h rounded half-down to 3",
        type="res_course",
        date="2016-04-01",
        hours=3.5,
        participants=10,
    ),
    _event(
        "RES course 2016, 120 participants, 2 interactive hours",
        type="res_course",
        date="2016-04-01",
        hours=6,
        interactive_hours=2,
        participants=120,
    ),
    _event("RES interactive 2017, 5 h", type="res_interactive", date="2017-02-01", hours=5, participants=20),
    _event(
        "RES interactive 2022, 5 h, 20 participants",
        type="res_interactive",
        date="2022-02-01",
        hours=5,
        participants=20,
    ),
    _event(
        "RES congress 2024, 12 h, 350 participants (ref. §9 ex. 2b)",
        type="res_congress",
        date="2024-05-10",
        hours=12,
        participants=350,
    ),
    _event(
        "RES congress 2024, 25 h capped at 6 (ref. §9 ex. 2b)",
        type="res_congress",
        date="2024-05-10",
        hours=25,
        participants=350,
    ),
    _event(
        "RES congress 2015, 30 h capped at 5",
        type="res_congress",
        date="2015-05-10",
        hours=30,
        participants=500,
    ),
    _event(
        "RES workshop 2020, 4 h, 20 participants",
        type="res_workshop",
        date="2020-10-01",
        hours=4,
        participants=20,
    ),
    _event("RES workshop 2012, 4 h", type="res_workshop", date="2012-10-01", hours=4, participants=60),
    _event("FSC individual training 2021, 20 h", type="fsc_training", date="2021-03-01", hours=20),
    _event(
        "FSC individual training 2015, 40 h capped at 30", type="fsc_training", date="2015-03-01", hours=40
    ),
    _event(
        "FSC improvement group 2024, 10 h, document and tutor (ref. §9 ex. 5)",
        type="fsc_improvement_group",
        date="2024-05-10",
        hours=10,
        concluding_document=True,
        external_tutor=True,
    ),
    _event("FSC improvement project 2015, 20 h", type="fsc_improvement_project", date="2015-05-10", hours=20),
    _event(
        "FSC audit 2023, 12 h, external tutor",
        type="fsc_audit",
        date="2023-05-10",
        hours=12,
        participants=10,
        external_tutor=True,
    ),
    _event(
        "FSC research 2024, 9 months (ref. §9 ex. 6)",
        type="fsc_research",
        date="2024-01-01",
        end_date="2024-09-30",
    ),
    _event("FSC research 2020, 20 months", type="fsc_research", date="2020-01-01", end_date="2021-08-31"),
    _event("FAD self-study 2024, 12 h", type="fad_self_study", date="2024-05-10", hours=12),
    _event(
        "FAD self-study with tutor 2024, 12 h", type="fad_self_study_tutored", date="2024-05-10", hours=12
    ),
    _event(
        "FAD e-learning 10 h without tutor (ref. §9 ex. 3)", type="fad_elearning", date="2024-05-10", hours=10
    ),
    _event(
        "FAD e-learning 10 h with tutor (ref. §9 ex. 3)",
        type="fad_elearning",
        date="2024-05-10",
        hours=10,
        tutor=True,
    ),
    _event(
        "FAD with tutor 40 h capped at 50 (ref. §9 ex. 4)",
        type="fad_elearning",
        date="2024-05-10",
        hours=40,
        tutor=True,
    ),
    _event(
        "FAD webinar 2023, 3 h, special topic",
        type="fad_webinar",
        date="2023-05-10",
        hours=3,
        special_topic=True,
    ),
    _event(
        "Blended 2024: FAD 4 h + RES course 4 h",
        type="blended",
        date="2024-05-10",
        components=[
            {"type": "fad_elearning", "date": "2024-05-10", "hours": 4},
            {"type": "res_course", "date": "2024-06-10", "hours": 4, "participants": 30},
        ],
    ),
    _event(
        "Teacher 2022, 120 minutes (ref. §9 ex. 7)",
        type="res_course",
        role="teacher",
        date="2022-12-31",
        teaching_minutes=120,
    ),
    _event(
        "Teacher 2023, 120 minutes (ref. §9 ex. 7 and §11.1)",
        type="res_course",
        role="teacher",
        date="2023-01-01",
        teaching_minutes=120,
    ),
    _event(
        "Speaker at a RES event on 12 Oct 2023, 60 minutes (§11.1)",
        type="res_course",
        role="teacher",
        date="2023-10-12",
        teaching_minutes=60,
    ),
    _event(
        "Teacher 2025, 120 minutes (ref. §9 ex. 7)",
        type="res_course",
        role="teacher",
        date="2025-05-10",
        teaching_minutes=120,
    ),
    _event(
        "Teacher 2025, 50 minutes", type="fad_webinar", role="teacher", date="2025-05-10", teaching_minutes=50
    ),
    _event("FSC tutor 2025, 10 h", type="fsc_training", role="fsc_tutor", date="2025-05-10", hours=10),
    _event("FSC tutor 2020, 20 h", type="fsc_training", role="fsc_tutor", date="2020-05-10", hours=20),
    _event(
        "Moderator 2025, 3 sessions", type="res_congress", role="moderator", date="2025-05-10", sessions=3
    ),
    _event("Moderator 2023, 2 sessions", type="res_course", role="moderator", date="2023-03-01", sessions=2),
    _event("FSC tutor 2023, 7 h", type="fsc_audit", role="fsc_tutor", date="2023-02-01", hours=7),
    _event(
        "Classroom tutor 2024, RES course 5.5 h",
        type="res_course",
        role="classroom_tutor",
        date="2024-03-01",
        hours=5.5,
    ),
    _event(
        "Classroom tutor 2024, webinar 60 h capped",
        type="fad_webinar",
        role="classroom_tutor",
        date="2024-03-01",
        hours=60,
    ),
    _event(
        "Classroom tutor 2021 (older rate)",
        type="res_congress",
        role="classroom_tutor",
        date="2021-03-01",
        hours=6,
    ),
    _event(
        "FAD tutor 2021 (older rate), 7 months",
        type="fad_elearning",
        role="fad_tutor",
        date="2021-03-01",
        months=7,
    ),
    _event(
        "FSC scientific lead 2025, 10 h (§11.1)",
        type="fsc_improvement_group",
        role="scientific_lead",
        date="2025-03-20",
        hours=10,
        concluding_document=True,
        external_tutor=True,
    ),
    _event(
        "Scientific lead 2025, 20 % of 7.2 rounded up (disputed)",
        type="res_course",
        role="scientific_lead",
        date="2025-05-10",
        event_credits=7.2,
    ),
    _event(
        "Scientific lead 2023, FAD of 50 credits",
        type="fad_elearning",
        role="scientific_lead",
        date="2023-05-10",
        event_credits=50,
    ),
    _event(
        "Scientific lead 2025, event of 7.8 credits",
        type="res_course",
        role="scientific_lead",
        date="2025-05-10",
        event_credits=7.8,
    ),
    _event(
        "Scientific lead 2025, computed from the event",
        type="res_course",
        role="scientific_lead",
        date="2025-05-10",
        hours=6,
        participants=20,
    ),
    _event(
        "FAD tutor 2025, 8 months capped at 30",
        type="fad_elearning",
        role="fad_tutor",
        date="2025-01-10",
        months=8,
    ),
    _event(
        "Publication indexed, first author",
        type="publication",
        date="2024-05-10",
        publication_kind="indexed",
        lead_author=True,
    ),
    _event(
        "Publication in a non-indexed journal, co-author (current rule: 0, §11.12)",
        type="publication",
        date="2024-05-10",
        publication_kind="journal",
    ),
    _event(
        "Book chapter, first author, 2022 (older table)",
        type="publication",
        date="2022-05-10",
        publication_kind="book",
        lead_author=True,
    ),
    _event("Clinical trial 2022, 8 months", type="clinical_trial", date="2022-01-01", end_date="2022-08-31"),
    _event("Clinical trial 2015, 14 months", type="clinical_trial", date="2015-01-01", end_date="2016-02-28"),
    _event("Individual tutoring 2024, 100 hours", type="individual_tutoring", date="2024-05-10", hours=100),
    _event("Individual tutoring 2016, 3 months", type="individual_tutoring", date="2016-05-10", months=3),
    _event("Autoformazione 2024, 12 h", type="autoformazione", date="2024-05-10", hours=12),
    _event(
        "Psychologist supervising an internship, 4 months (§11.3)",
        type="individual_tutoring",
        date="2024-05-10",
        months=4,
        profession="psicologo",
    ),
    _event(
        "Psychologist supervising an internship, 8 months: at most 25",
        type="individual_tutoring",
        date="2024-05-10",
        months=8,
        profession="psicologo",
    ),
    _event(
        "Pharmacist tutoring interns, 100 h: the general rule",
        type="individual_tutoring",
        date="2024-05-10",
        hours=100,
        profession="farmacista",
    ),
    _event(
        "error: profession of an event not in the list",
        type="individual_tutoring",
        date="2024-05-10",
        hours=100,
        profession="ottico",
    ),
    _event("Abroad, 30 stated credits", type="abroad", date="2024-05-10", stated_credits=30),
    _event("Abroad, 60 stated credits, 70 h", type="abroad", date="2024-05-10", stated_credits=60, hours=70),
    _event("Abroad, 16 h and no stated credits", type="abroad", date="2024-05-10", hours=16),
    _event("Abroad in Japan, 10 h (§11.2)", type="abroad", date="2024-05-10", hours=10, country="JP"),
    _event("Abroad in Germany, 10 h", type="abroad", date="2024-05-10", hours=10, country="DE"),
    _event(
        "Abroad in Switzerland, 20 stated credits",
        type="abroad",
        date="2024-05-10",
        stated_credits=20,
        country="CH",
    ),
    _event(
        "Abroad in the USA, 60 stated credits",
        type="abroad",
        date="2016-05-10",
        stated_credits=60,
        country="US",
    ),
    _event("Abroad in Canada, 8 h", type="abroad", date="2012-05-10", hours=8, country="CA"),
    _event("Abroad in the UK in 2019 (EU)", type="abroad", date="2019-05-10", hours=10, country="GB"),
    _event("Abroad in the UK in 2021 (not EU)", type="abroad", date="2021-05-10", hours=10, country="GB"),
    _event(
        "Abroad in Croatia in 2012 (not yet EU)", type="abroad", date="2012-05-10", hours=10, country="HR"
    ),
    _event("Abroad in Croatia in 2014 (EU)", type="abroad", date="2014-05-10", hours=10, country="HR"),
    _event(
        "Attendance 95 %, test 80 %: credits earned",
        type="res_course",
        date="2024-05-10",
        hours=6,
        participants=20,
        attendance_percent=95,
        test_score_percent=80,
    ),
    _event(
        "Attendance 85 %: no credits (§11.7)",
        type="res_course",
        date="2024-05-10",
        hours=6,
        participants=20,
        attendance_percent=85,
    ),
    _event(
        "Test 74.5 %: no credits (§11.7)",
        type="fad_elearning",
        date="2024-05-10",
        hours=6,
        test_score_percent=74.5,
    ),
    _event(
        "Attendance 95 % in 2015: older rule of 100 %, no credits",
        type="res_congress",
        date="2015-05-10",
        hours=6,
        participants=300,
        attendance_percent=95,
    ),
    # Inputs that must be refused, with the field named.
    _event("error: zero hours", type="res_course", date="2024-05-10", hours=0, participants=20),
    _event("error: negative hours", type="fad_elearning", date="2024-05-10", hours=-3),
    _event("error: hours above the plausibility limit", type="fad_elearning", date="2024-05-10", hours=5000),
    _event(
        "error: congress with 200 participants",
        type="res_congress",
        date="2024-05-10",
        hours=6,
        participants=200,
    ),
    _event(
        "RES course of 2 h: below the usual minimum, the warning names the type in words",
        type="res_course",
        date="2024-05-10",
        hours=2,
        participants=20,
    ),
    _event(
        "error: workshop with 150 participants",
        type="res_workshop",
        date="2024-05-10",
        hours=6,
        participants=150,
    ),
    _event(
        "error: course with 250 participants", type="res_course", date="2024-05-10", hours=6, participants=250
    ),
    _event(
        "error: research longer than 730 days", type="fsc_research", date="2020-01-01", end_date="2022-06-30"
    ),
    _event("error: event before 2002", type="fad_elearning", date="2001-12-31", hours=4),
    _event("error: end before start", type="fsc_research", date="2024-05-10", end_date="2024-01-01"),
    _event("error: webinar type before 2019", type="fad_webinar", date="2017-05-10", hours=3),
    _event(
        "error: moderator before 2023", type="res_course", role="moderator", date="2022-12-31", sessions=2
    ),
    _event(
        "error: FSC scientific lead before 2023",
        type="fsc_audit",
        role="scientific_lead",
        date="2022-05-10",
        hours=10,
    ),
    _event(
        "error: classroom tutor at an FSC event",
        type="fsc_training",
        role="classroom_tutor",
        date="2024-05-10",
        hours=3,
    ),
    _event("error: unknown country code", type="abroad", date="2024-05-10", hours=10, country="XX"),
    _event("error: Italy is not abroad", type="abroad", date="2024-05-10", hours=10, country="IT"),
    _event(
        "error: country of a type other than abroad",
        type="fad_elearning",
        date="2024-05-10",
        hours=3,
        country="DE",
    ),
    _event(
        "error: attendance above 100",
        type="res_course",
        date="2024-05-10",
        hours=3,
        participants=20,
        attendance_percent=101,
    ),
    _event(
        "error: attendance of a teacher",
        type="res_course",
        role="teacher",
        date="2024-05-10",
        teaching_minutes=60,
        attendance_percent=95,
    ),
    _event("error: unknown type", type="res_party", date="2024-05-10", hours=3),
    _event("error: a date given as a number", type="fad_elearning", date=0, hours=3),
    _event("error: a date after 2100", type="fad_elearning", date="2150-01-01", hours=3),
    _event("error: missing participants", type="res_course", date="2024-05-10", hours=3),
    _event(
        "error: role not for this type",
        type="publication",
        role="teacher",
        date="2024-05-10",
        teaching_minutes=60,
    ),
    _event(
        "error: unknown field", type="res_course", date="2024-05-10", hours=3, participants=20, colour="red"
    ),
]


def _obligation(name: str, triennium: str, **profile: Any) -> Case:
    return (name, "obligation", {"triennium": triennium, "profile": profile})


OBLIGATION_CASES: list[Case] = [
    _obligation(
        "Retired with occasional practice from 1 Jul 2024 (§11.6)", "2023-2025", retired_on="2024-07-01"
    ),
    _obligation("Retired since 2019: esenzione from the 2021 delibera", "2020-2022", retired_on="2019-07-01"),
    _obligation("Retired after the triennium: nothing", "2017-2019", retired_on="2020-07-01"),
    _obligation(
        "Physician with a discipline", "2023-2025", profession="medico_chirurgo", discipline="Cardiologia"
    ),
    _obligation("error: profession not in the list", "2023-2025", profession="astronauta"),
    _obligation(
        "error: discipline not in the list", "2023-2025", profession="medico_chirurgo", discipline="Magia"
    ),
    _obligation(
        "error: discipline of a nurse", "2023-2025", profession="infermiere", discipline="Cardiologia"
    ),
    _obligation("error: discipline without profession", "2023-2025", discipline="Cardiologia"),
    _obligation("error: employment not in the list", "2011-2013", employment="freelance"),
    _obligation(
        "2017-2019 with 130 credits in 2014-2016 (ref. §9 ex. 8)", "2017-2019", previous_triennium_credits=130
    ),
    _obligation(
        "2017-2019 with 100 credits in 2014-2016 (ref. §9 ex. 8)", "2017-2019", previous_triennium_credits=100
    ),
    _obligation(
        "2017-2019 with 60 credits in 2014-2016 (ref. §9 ex. 8)", "2017-2019", previous_triennium_credits=60
    ),
    _obligation("2020-2022, 2017-2019 met (ref. §9 ex. 9)", "2020-2022", previous_triennium_met=True),
    _obligation("2020-2022, 2017-2019 not met (ref. §9 ex. 9)", "2020-2022", previous_triennium_met=False),
    _obligation(
        "2026-2028, registered 15 Jun 2026 (ref. §9 ex. 10)", "2026-2028", first_registration="2026-06-15"
    ),
    _obligation(
        "2023-2025, 30 h course under 60 CFU (ref. §9 ex. 11)",
        "2023-2025",
        exemptions=[{"kind": "esonero_hours", "start": "2024-02-01", "end": "2024-06-30", "hours": 30}],
    ),
    _obligation(
        "error: esonero for another course without its hours (the kind named in words)",
        "2023-2025",
        exemptions=[{"kind": "esonero_hours", "start": "2024-02-01", "end": "2024-06-30"}],
    ),
    _obligation(
        "2023-2025, maternity 150 continuous days in 2024 (ref. §9 ex. 12)",
        "2023-2025",
        exemptions=[{"kind": "esenzione", "start": "2024-01-01", "end": "2024-05-29", "reason": "maternità"}],
    ),
    _obligation("2011-2013 with 70 credits in 2008-2010", "2011-2013", previous_triennium_credits=70),
    _obligation(
        "2014-2016, esenzione under the monthly rule",
        "2014-2016",
        exemptions=[{"kind": "esenzione", "start": "2015-03-10", "end": "2015-05-20"}],
    ),
    _obligation(
        "2026-2028, specialisation school over the whole triennium",
        "2026-2028",
        exemptions=[{"kind": "esonero_course", "start": "2025-11-01", "end": "2028-10-31"}],
    ),
    _obligation(
        "2023-2025, one-year master and overlapping sick leave",
        "2023-2025",
        exemptions=[
            {"kind": "esonero_course", "start": "2023-10-01", "end": "2024-09-30"},
            {"kind": "esenzione", "start": "2024-08-01", "end": "2024-10-31"},
        ],
    ),
    _obligation(
        "2026-2028, individual and group dossier built in 2026 (more favourable wins)",
        "2026-2028",
        dossiers=[
            {"kind": "individual", "triennium": "2026-2028", "built_on": "2026-03-01"},
            {"kind": "group", "triennium": "2026-2028", "built_on": "2026-03-01"},
        ],
    ),
    _obligation(
        "2026-2028, dossier of 2023-2025 carried out, premialità for all three trienni",
        "2026-2028",
        dossiers=[{"kind": "group", "triennium": "2023-2025", "objectives_met": True}],
        certified_trienni_at_2025_07_03=["2014-2016", "2017-2019", "2020-2022"],
    ),
    _obligation(
        "2023-2025, obligation started with 2020-2022, in good standing",
        "2023-2025",
        first_registration="2019-09-01",
        certified_trienni_at_2025_07_03=["2020-2022"],
    ),
    _obligation(
        "2026-2028, cancelled on 10 May 2027 and re-registered on 1 Sep 2028",
        "2026-2028",
        registration_gaps=[{"cancelled_on": "2027-05-10", "reregistered_on": "2028-09-01"}],
    ),
    _obligation(
        "2026-2028, cancelled and re-registered in the same year",
        "2026-2028",
        registration_gaps=[{"cancelled_on": "2027-02-10", "reregistered_on": "2027-11-01"}],
    ),
    _obligation(
        "2020-2022, everything reduces: never below zero",
        "2020-2022",
        previous_triennium_met=True,
        dossiers=[{"kind": "individual", "triennium": "2020-2022"}],
        exemptions=[{"kind": "esonero_course", "start": "2021-01-01", "end": "2022-12-31"}],
    ),
    _obligation("error: unknown triennium", "2029-2031"),
    _obligation("error: triennium of two years", "2026-2027"),
    _obligation(
        "error: exemption before 2014",
        "2011-2013",
        exemptions=[{"kind": "esenzione", "start": "2012-01-01", "end": "2012-05-01"}],
    ),
    _obligation(
        "error: dossier for 2026-2028 built in 2028",
        "2026-2028",
        dossiers=[{"kind": "individual", "triennium": "2026-2028", "built_on": "2028-02-01"}],
    ),
]


def _credit(cid: str, type_: str, day: str, credits: float, **flags: Any) -> dict[str, Any]:
    return {"id": cid, "type": type_, "date": day, "credits": credits, **flags}


def _compliance(name: str, triennium: str, credits: list[dict[str, Any]], **profile: Any) -> Case:
    return (name, "compliance", {"triennium": triennium, "profile": profile, "credits": credits})


COMPLIANCE_CASES: list[Case] = [
    _compliance(
        "Radiographer with medical exposure: 10 of the 15 radioprotection credits (§11.11)",
        "2023-2025",
        [
            _credit("a", "res_course", "2023-05-10", 140),
            _credit("r", "fad_elearning", "2024-05-10", 10, radioprotection=True),
        ],
        profession="tecnico_radiologia",
        medical_exposure=True,
    ),
    _compliance(
        "Dentist with complementary radiological activity: 15 % (§11.11)",
        "2023-2025",
        [
            _credit("a", "res_course", "2023-05-10", 127.5),
            _credit("r", "fad_elearning", "2024-05-10", 22.5, radioprotection=True),
        ],
        profession="odontoiatra",
        radiology_complementary=True,
    ),
    _compliance(
        "Medical physicist, 2020-2022: 15 % of 100",
        "2020-2022",
        [_credit("r", "fad_elearning", "2021-05-10", 100, radioprotection=True)],
        profession="fisico",
        medical_exposure=True,
    ),
    _compliance(
        "Radioprotection quota before 2020-2022: none",
        "2017-2019",
        [_credit("a", "res_course", "2017-05-10", 150)],
        medical_exposure=True,
    ),
    _compliance(
        "error: pharmacist with medical exposure (quota not set for the profession)",
        "2023-2025",
        [],
        profession="farmacista",
        medical_exposure=True,
    ),
    _compliance(
        "error: dentist with medical exposure but no complementary activity said",
        "2023-2025",
        [],
        profession="odontoiatra",
        medical_exposure=True,
    ),
    _compliance(
        "Pharmacist: 120 internship-tutoring credits capped at 50 %, 60 FAD (§11.3)",
        "2023-2025",
        [
            _credit("t1", "individual_tutoring", "2024-03-01", 120),
            _credit("f1", "fad_elearning", "2024-04-01", 60),
        ],
        profession="farmacista",
    ),
    _compliance(
        "Same credits without a profession: general 60 % cap",
        "2023-2025",
        [
            _credit("t1", "individual_tutoring", "2024-03-01", 120),
            _credit("f1", "fad_elearning", "2024-04-01", 60),
        ],
    ),
    _compliance(
        "Psychologist: internship supervision above 25 a year",
        "2023-2025",
        [
            _credit("t1", "individual_tutoring", "2024-03-01", 20),
            _credit("t2", "individual_tutoring", "2024-09-01", 12),
            _credit("r1", "res_course", "2025-04-01", 100),
        ],
        profession="psicologo",
    ),
    _compliance(
        "Nurse 2011-2013: FAD capped at 60 % (§11.3)",
        "2011-2013",
        [_credit("r1", "res_course", "2012-03-01", 50), _credit("f1", "fad_elearning", "2013-04-01", 100)],
        profession="infermiere",
    ),
    _compliance(
        "Nurse 2014-2016: no FAD cap",
        "2014-2016",
        [_credit("r1", "res_course", "2015-03-01", 50), _credit("f1", "fad_elearning", "2016-04-01", 100)],
        profession="infermiere",
    ),
    _compliance(
        "2011-2013: congresses 60 + improvement groups 40 + FAD 50 count 140 (§11.4)",
        "2011-2013",
        [
            _credit("c1", "res_congress", "2011-05-01", 60),
            _credit("g1", "fsc_improvement_group", "2012-05-01", 40),
            _credit("f1", "fad_elearning", "2013-05-01", 50),
        ],
    ),
    _compliance(
        "2011-2013: teaching and congresses over 60 %, teaching removed first",
        "2011-2013",
        [
            _credit("c1", "res_congress", "2011-05-01", 60),
            _credit("t1", "res_course", "2012-05-01", 50, role="teacher"),
            _credit("f1", "fad_elearning", "2013-05-01", 40),
        ],
    ),
    _compliance(
        "2011-2013 employee: 100 in 2011 (max 75), 20 in 2013 (min 25)",
        "2011-2013",
        [
            _credit("a", "res_course", "2011-03-01", 100),
            _credit("b", "fad_elearning", "2012-04-01", 30),
            _credit("c", "fad_elearning", "2013-04-01", 20),
        ],
        employment="employee",
    ),
    _compliance(
        "2011-2013 self-employed: flexible yearly credits",
        "2011-2013",
        [
            _credit("a", "res_course", "2011-03-01", 100),
            _credit("b", "fad_elearning", "2012-04-01", 30),
            _credit("c", "fad_elearning", "2013-04-01", 20),
        ],
        employment="self_employed",
    ),
    _compliance(
        "autoformazione 40 with obligation 150 (ref. §9 ex. 13)",
        "2026-2028",
        [_credit("a1", "autoformazione", "2026-03-01", 40), _credit("r1", "res_course", "2026-04-01", 110)],
    ),
    _compliance(
        "autoformazione 40 with obligation 120 (ref. §9 ex. 13)",
        "2017-2019",
        [_credit("a1", "autoformazione", "2018-03-01", 40), _credit("r1", "res_course", "2018-04-01", 96)],
        previous_triennium_credits=130,
    ),
    _compliance(
        "90 credits abroad and 60 learner credits, obligation 150 (ref. §9 ex. 14)",
        "2026-2028",
        [
            _credit("x1", "abroad", "2026-05-01", 25),
            _credit("x2", "abroad", "2026-06-01", 25),
            _credit("x3", "abroad", "2027-05-01", 25),
            _credit("x4", "abroad", "2027-06-01", 15),
            _credit("l1", "fad_elearning", "2026-09-01", 50),
            _credit("l2", "res_course", "2027-09-01", 10),
        ],
    ),
    _compliance(
        "sponsor-recruited over one third, esenzione credits excluded, a record of another triennium",
        "2023-2025",
        [
            _credit("s1", "res_congress", "2023-05-01", 6, sponsored=True),
            _credit("s2", "res_course", "2023-06-01", 50, sponsored=True),
            _credit("l1", "fad_elearning", "2024-01-10", 45),
            _credit("e1", "fad_elearning", "2024-03-10", 10, during_exemption=True),
            _credit("o1", "fad_elearning", "2026-01-10", 12),
        ],
    ),
    _compliance(
        "individual training over 60 % and learner minimum not reached",
        "2026-2028",
        [
            _credit("t1", "res_course", "2026-05-01", 50, role="teacher"),
            _credit("t2", "res_course", "2026-07-01", 50, role="teacher"),
            _credit("p1", "publication", "2027-01-01", 3),
            _credit("l1", "res_course", "2027-05-01", 40),
        ],
    ),
    _compliance(
        "2020-2022 above the 70 % insurance threshold but not certifiable",
        "2020-2022",
        [_credit("l1", "fad_elearning", "2021-05-01", 50), _credit("l2", "res_course", "2022-05-01", 25)],
        previous_triennium_met=False,
    ),
    _compliance("empty record for a new registrant", "2026-2028", [], first_registration="2026-06-15"),
    _compliance(
        "a credit moved into 2020-2022 from 2023",
        "2020-2022",
        [
            _credit("m1", "fad_elearning", "2023-02-01", 30, triennium="2020-2022"),
            _credit("l1", "res_course", "2021-05-01", 50),
        ],
        previous_triennium_met=True,
    ),
    _compliance(
        "error: duplicate credit id",
        "2026-2028",
        [_credit("d1", "fad_elearning", "2026-02-01", 3), _credit("d1", "fad_elearning", "2026-03-01", 4)],
    ),
    _compliance(
        "Nurse on maternity leave 1 Feb-31 Aug 2024: the 10 Apr course excluded by date (issue 11)",
        "2023-2025",
        [
            _credit("c1", "res_course", "2024-04-10", 40),
            _credit("c2", "res_course", "2024-09-01", 40),
            _credit("c3", "fad_elearning", "2024-05-02", 5, during_exemption=True),
            _credit("c4", "fad_elearning", "2025-01-10", 6, during_exemption=True),
        ],
        exemptions=[
            {"kind": "esenzione", "start": "2024-02-01", "end": "2024-08-31"},
            {"kind": "esonero_hours", "start": "2025-01-01", "end": "2025-03-31", "hours": 30},
        ],
    ),
    _compliance(
        "Speaker and participant at one congress count once (issue 11); a third event code alone",
        "2023-2025",
        [
            _credit("sp", "res_congress", "2024-05-10", 4.5, role="teacher", event_code="1234-56789"),
            _credit("pa", "res_congress", "2024-05-10", 2.7, event_code=" 1234-56789"),
            _credit("mo", "res_congress", "2024-05-10", 2.7, role="moderator", event_code="1234-56789"),
            _credit("x1", "res_course", "2024-06-10", 10, event_code="1234-99"),
            _credit("y1", "fsc_research", "2024-12-10", 8, event_code="55-1"),
            _credit("y2", "fsc_research", "2025-12-10", 8, event_code="55-1"),
        ],
    ),
    _compliance(
        "2017-2019: no insurance threshold (art. 38-bis from 2023-2025)",
        "2017-2019",
        [_credit("r1", "res_course", "2018-03-01", 50)],
    ),
    _compliance(
        "error: empty event code",
        "2023-2025",
        [_credit("e1", "res_course", "2024-06-10", 10, event_code="")],
    ),
    _compliance(
        "error: sponsored publication",
        "2026-2028",
        [_credit("p1", "publication", "2026-02-01", 3, sponsored=True)],
    ),
    _compliance(
        "error: credits with two decimals", "2026-2028", [_credit("c1", "fad_elearning", "2026-02-01", 3.25)]
    ),
]

ACROSS_CASES: list[Case] = [
    (
        "compensation: +20 / -40 / -15 / +50 all certifiable (Delibera CNFC 1/2025 appendix)",
        "compensation",
        {
            "balances": [
                {"triennium": "2014-2016", "balance": 20},
                {"triennium": "2017-2019", "balance": -40},
                {"triennium": "2020-2022", "balance": -15},
                {"triennium": "2023-2025", "balance": 50},
            ]
        },
    ),
    (
        "compensation: not enough surplus",
        "compensation",
        {"balances": [{"triennium": "2020-2022", "balance": -30}, {"triennium": "2023-2025", "balance": 10}]},
    ),
    (
        "move: a 2023 credit into 2020-2022 before the deadline",
        "move",
        {
            "credit_id": "m1",
            "target": "2020-2022",
            "as_of": "2026-03-01",
            "profiles": {"2020-2022": {"previous_triennium_met": True}},
            "credits": [
                _credit("m1", "fad_elearning", "2023-02-01", 30),
                _credit("l1", "res_course", "2021-05-01", 50),
                _credit("l2", "res_course", "2024-05-01", 150),
            ],
        },
    ),
    (
        "move: refused after the deadline and from a certifiable triennium",
        "move",
        {
            "credit_id": "m1",
            "target": "2020-2022",
            "as_of": "2026-11-22",
            "credits": [
                _credit("m1", "fad_elearning", "2023-02-01", 50),
                _credit("l2", "res_course", "2024-05-01", 110),
            ],
        },
    ),
    (
        "error: compensation with an unknown triennium",
        "compensation",
        {"balances": [{"triennium": "2008-2010", "balance": 5}]},
    ),
]

_STATUS_CREDITS = [
    _credit("a", "res_course", "2024-03-01", 60),
    _credit(
        "b", "fad_elearning", "2026-03-01", 10, end_date="2026-06-30", in_registry=False, title="La sepsi"
    ),
    _credit("c", "fad_elearning", "2026-03-01", 10, in_registry=False, provider_scope="regional"),
    _credit("d", "res_course", "2026-02-01", 8, in_registry=True),
    _credit("e", "res_congress", "2026-05-01", 4.5, role="teacher", event_code="77-1"),
    _credit("f", "res_congress", "2026-05-01", 3, event_code="77-1"),
]

STATUS_CASES: list[Case] = [
    (f"status on {day}: {why}", "status", {"as_of": day, "credits": _STATUS_CREDITS})
    for day, why in [
        ("2019-05-01", "no insurance status before 2023-2025"),
        ("2025-06-01", "insurance not yet in force, 2023-2025 named"),
        ("2026-01-15", "insurance gap closed before L. 27/2026"),
        ("2026-11-29", "insurer looks at 2023-2025, recoverable to 2028"),
        ("2029-03-01", "insurer looks at 2026-2028"),
    ]
] + [
    (
        "status: 2023-2025 met at 70 % with a profile and an esenzione",
        "status",
        {
            "as_of": "2027-01-10",
            "profiles": {
                "2023-2025": {
                    "exemptions": [{"kind": "esenzione", "start": "2024-02-01", "end": "2024-08-31"}]
                }
            },
            "credits": [
                _credit("x", "res_course", "2024-04-10", 40),
                _credit("y", "res_course", "2025-04-10", 90),
            ],
        },
    ),
    (
        "status: registered in 2027, nothing owed in the insurer's 2023-2025 (no threshold)",
        "status",
        {"as_of": "2026-11-29", "profiles": {"2026-2028": {"first_registration": "2027-03-15"}}},
    ),
    (
        "status: registered in 2023, 70 % of the reduced obligation of 2023-2025",
        "status",
        {
            "as_of": "2026-11-29",
            "profiles": {"2026-2028": {"first_registration": "2023-06-01"}},
            "credits": [_credit("r", "res_course", "2024-05-10", 40)],
        },
    ),
    (
        "status: off the albo throughout 2023-2025",
        "status",
        {
            "as_of": "2026-11-29",
            "profiles": {
                "2026-2028": {
                    "registration_gaps": [{"cancelled_on": "2022-06-01", "reregistered_on": "2026-02-01"}]
                }
            },
        },
    ),
    (
        "status: no credit of the insurer's 2023-2025 entered (threshold given, nothing called missing)",
        "status",
        {
            "as_of": "2026-11-29",
            "profiles": {
                "2026-2028": {
                    "exemptions": [{"kind": "esenzione", "start": "2027-01-01", "end": "2027-05-31"}]
                }
            },
            "credits": [_credit("n", "res_course", "2026-10-01", 40)],
        },
    ),
    ("error: status with a date out of range", "status", {"as_of": "1900-01-01"}),
    (
        "error: status with an unknown provider scope",
        "status",
        {"credits": [_credit("z", "res_course", "2026-01-02", 1, provider_scope="eu")]},
    ),
]

# The deadline calendar (issue 14): the same status requests, plus names for the registry events.
_CALENDAR_CREDITS = [
    *_STATUS_CREDITS,
    _credit("g", "res_course", "2024-11-20", 6, in_registry=False),  # before Agenas' 20-day lag
    _credit("h", "fad_elearning", "2026-10-01", 5, in_registry=False, provider_scope="regional"),
    _credit("i", "res_course", "2026-11-20", 4, end_date="2026-11-25", in_registry=False),
]

CALENDAR_CASES: list[Case] = [
    (f"calendar on {day}: {why}", "calendar", {"as_of": day, "credits": _CALENDAR_CREDITS} | extra)
    for day, why, extra in [
        ("2019-05-01", "2017-2019 open, older deadlines kept for a year", {}),
        ("2025-01-10", "a 2024 credit still within the clock", {}),
        ("2025-03-21", "a credit's registry day is today: it still rings", {}),
        ("2025-06-01", "a credit missing suspected since March: on its day, without a reminder", {}),
        (
            "2026-11-29",
            "credits named by the calculator",
            {"titles": {"h": "FAD – e-learning", "i": "RES 12-3"}},
        ),
        ("2028-01-15", "the 2020-2022 deadlines more than a year old", {}),
        ("2029-03-01", "after the compensation deadline", {}),
    ]
] + [
    ("error: calendar with an empty title", "calendar", {"as_of": "2026-11-29", "titles": {"h": ""}}),
]

ALL_CASES: list[Case] = (
    EVENT_CASES + OBLIGATION_CASES + COMPLIANCE_CASES + ACROSS_CASES + STATUS_CASES + CALENDAR_CASES
)


def build_vectors() -> dict[str, Any]:
    cases = []
    for name, kind, payload in ALL_CASES:
        result, error = run_or_error(kind, payload)
        case: dict[str, Any] = {"name": name, "kind": kind, "input": payload}
        if error is not None:
            case["error"] = error
        else:
            case["expected"] = result
        cases.append(case)
    return {"schema": 1, "cases": cases}
