"""Properties that must hold for every input, checked with generated inputs (hypothesis)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from functions.rulebook import RuleInputError, compute_obligation, evaluate_compliance
from functions.rulebook.models import ComplianceInput, EventType, ObligationInput, Role
from functions.rulebook.parameters import load_rulebook
from functions.rulebook.rounding import share_of, tenth_down

from .helpers import event

HOUR_TYPES = [
    ("res_course", {"participants": 30}),
    ("res_course", {"participants": 180, "special_topic": True}),
    ("res_interactive", {"participants": 20}),
    ("res_congress", {"participants": 400}),
    ("res_workshop", {"participants": 20, "interactive_hours": 1}),
    ("fsc_training", {}),
    ("fsc_improvement_group", {"concluding_document": True}),
    ("fsc_audit", {"external_tutor": True}),
    ("fad_self_study", {}),
    ("fad_self_study_tutored", {}),
    ("fad_elearning", {"tutor": True}),
    ("autoformazione", {}),
    ("abroad", {}),
]
TRIENNI = ["2014-2016", "2017-2019", "2020-2022", "2023-2025", "2026-2028"]

days = st.dates(min_value=date(2002, 1, 1), max_value=date(2028, 12, 31))
hours = st.decimals(min_value=Decimal("1"), max_value=Decimal("400"), places=1)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(HOUR_TYPES), days, hours, hours)
def test_more_hours_never_give_fewer_credits(
    kind: tuple[str, dict[str, Any]], day: date, a: Decimal, b: Decimal
) -> None:
    type_, extra = kind
    low, high = sorted((a, b))
    try:
        fewer = event(type=type_, date=day.isoformat(), hours=low, **extra)
        more = event(type=type_, date=day.isoformat(), hours=high, **extra)
    except RuleInputError:
        return  # e.g. a type that did not exist on that date: nothing to compare
    assert more.credits >= fewer.credits


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(HOUR_TYPES), days, hours)
def test_event_lines_add_up_and_cap_holds(kind: tuple[str, dict[str, Any]], day: date, h: Decimal) -> None:
    type_, extra = kind
    try:
        result = event(type=type_, date=day.isoformat(), hours=h, **extra)
    except RuleInputError:
        return
    assert sum((line.amount for line in result.lines), Decimal(0)) == result.credits
    # Autoformazione has no per-activity cap: only the triennium cap (20 % of the obligation) limits it.
    upper = Decimal(10_000) if type_ == "autoformazione" else Decimal(50)
    assert Decimal(0) <= result.credits <= upper
    assert result.credits == result.credits.quantize(Decimal("0.1"))


def _profile() -> st.SearchStrategy[dict[str, Any]]:
    exemption = st.builds(
        lambda kind, start, length, h: {
            "kind": kind,
            "start": start.isoformat(),
            "end": date.fromordinal(start.toordinal() + length).isoformat(),
            **({"hours": h} if kind == "esonero_hours" else {}),
        },
        st.sampled_from(["esonero_course", "esonero_hours", "esenzione"]),
        st.dates(min_value=date(2014, 1, 1), max_value=date(2028, 6, 30)),
        st.integers(min_value=0, max_value=900),
        st.integers(min_value=1, max_value=600),
    )
    return st.fixed_dictionaries(
        {},
        optional={
            "first_registration": st.dates(min_value=date(1990, 1, 1), max_value=date(2028, 12, 31)).map(str),
            "previous_triennium_credits": st.integers(min_value=0, max_value=300),
            "previous_triennium_met": st.booleans(),
            "dossiers": st.lists(
                st.fixed_dictionaries(
                    {
                        "kind": st.sampled_from(["individual", "group"]),
                        "triennium": st.sampled_from(TRIENNI),
                        "objectives_met": st.booleans(),
                    }
                ),
                max_size=2,
            ),
            "certified_trienni_at_2025_07_03": st.lists(st.sampled_from(TRIENNI[:3]), unique=True),
            "exemptions": st.lists(exemption, max_size=3),
        },
    )


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([*TRIENNI, "2011-2013"]), _profile())
def test_obligation_between_zero_and_base_and_lines_add_up(triennium: str, profile: dict[str, Any]) -> None:
    try:
        result = compute_obligation(
            ObligationInput.model_validate({"triennium": triennium, "profile": profile})
        )
    except RuleInputError:
        return
    assert Decimal(0) <= result.obligation <= result.base
    assert sum((line.amount for line in result.lines), Decimal(0)) == result.obligation


def _record(index: int, triennium: str) -> st.SearchStrategy[dict[str, Any]]:
    start = int(triennium[:4])
    return st.builds(
        lambda type_, role, day, amount, flags: {
            "id": f"c{index}",
            "type": type_,
            "role": role
            if type_ in {t.value for t in EventType if t.value.startswith(("res", "fad", "fsc"))}
            else "participant",
            "date": day.isoformat(),
            "credits": amount,
            **flags,
        },
        st.sampled_from([t.value for t in EventType]),
        st.sampled_from([r.value for r in Role]),
        st.dates(min_value=date(start - 1, 6, 1), max_value=date(start + 3, 6, 30)),
        st.decimals(min_value=Decimal("0"), max_value=Decimal("60"), places=1),
        st.fixed_dictionaries(
            {},
            optional={
                "abroad": st.booleans(),
                "autoformazione": st.booleans(),
                "during_exemption": st.booleans(),
            },
        ),
    )


@st.composite
def compliance_inputs(draw: st.DrawFn) -> dict[str, Any]:
    triennium = draw(st.sampled_from(TRIENNI))
    count = draw(st.integers(min_value=0, max_value=25))
    records = [draw(_record(i, triennium)) for i in range(count)]
    for record in records:
        # Sponsorship only exists for learners at provider events; set it where it is legal.
        learner = record["type"].startswith(("res", "fad", "fsc")) and record["role"] == "participant"
        if learner and not record.get("abroad") and not record.get("autoformazione"):
            record["sponsored"] = draw(st.booleans())
    return {"triennium": triennium, "profile": draw(_profile()), "credits": records}


@settings(max_examples=200, deadline=None)
@given(compliance_inputs(), st.randoms(use_true_random=False))
def test_compliance_caps_lines_and_order_independence(payload: dict[str, Any], rng: Any) -> None:
    try:
        result = evaluate_compliance(ComplianceInput.model_validate(payload))
    except RuleInputError:
        return
    owed = result.obligation.obligation
    assert sum((line.amount for line in result.credit_lines), Decimal(0)) == result.counted
    individual = result.counted - result.learner
    assert individual <= tenth_down(share_of(owed, Fraction(3, 5)))
    assert Decimal(0) <= result.counted <= result.recorded
    assert result.certifiable == (result.missing == 0)

    shuffled = dict(payload, credits=list(payload["credits"]))
    rng.shuffle(shuffled["credits"])
    again = evaluate_compliance(ComplianceInput.model_validate(shuffled))
    assert again.model_dump() == result.model_dump()


# ---- issue 10 -------------------------------------------------------------------------------------

ROLE_INPUTS = [
    ("teacher", {"teaching_minutes": 95}),
    ("moderator", {"sessions": 3}),
    ("fsc_tutor", {"hours": 7}),
    ("fad_tutor", {"months": 4}),
    ("classroom_tutor", {"hours": 6}),
    ("scientific_lead", {"hours": 8, "event_credits": 9.7}),
]
ROLE_EVENT_TYPES = [t.value for t in EventType if t.value not in ("publication", "clinical_trial")]


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(ROLE_INPUTS),
    st.sampled_from(ROLE_EVENT_TYPES),
    days,
    st.integers(min_value=1, max_value=400),
    st.integers(min_value=1, max_value=400),
)
def test_a_roles_credits_never_depend_on_the_participant_count(
    role: tuple[str, dict[str, Any]], type_: str, day: date, few: int, many: int
) -> None:
    """Point 11 pays a role for its own time or sessions (or a share of the event's stated credits): the
    number of participants never changes it (issue 10)."""
    name, extra = role
    try:
        first = event(type=type_, role=name, date=day.isoformat(), participants=few, **extra)
    except RuleInputError as refused:
        with pytest.raises(RuleInputError) as again:
            event(type=type_, role=name, date=day.isoformat(), participants=many, **extra)
        assert again.value.field == refused.field
        return
    second = event(type=type_, role=name, date=day.isoformat(), participants=many, **extra)
    assert first.credits == second.credits


GENERAL_CAP_OF = {
    # profession-specific parameter -> the general parameter it narrows (same base: the obligation)
    "internship_tutoring_max": "caps.individual_max",
    "fad_max": None,  # no general FAD cap exists: narrower than "no cap" by construction
}


def test_a_profession_specific_cap_is_never_looser_than_the_general_one() -> None:
    """A profession's own cap never lets more count than the general rule, unless its source says so
    (none does in ecm-rules.md §11.3)."""
    book = load_rulebook()
    checked = 0
    for param_id, parameter in book.parameters.items():
        if not param_id.startswith("profession.") or parameter.unit != "share":
            continue
        general = GENERAL_CAP_OF[param_id.rsplit(".", 1)[1]]
        for value in parameter.values:
            if value.absent or general is None:
                continue
            assert value.share() <= book.at(general, value.valid_from).share(), param_id
            checked += 1
    assert checked >= 1
    supervision = book.at("profession.psicologo.internship_supervision", date(2024, 1, 1))
    # 25 a year over three years (75) stays within the general 60 % of 150 (90).
    assert 3 * supervision.value["max_per_year"] <= Fraction(3, 5) * 150
