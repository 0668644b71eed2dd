"""The rule book raises nothing but its own input error, whatever it is given.

Hypothesis generates inputs shaped like the rule book's (profiles with exemptions, dossiers and gaps,
credit records, balances, moves), with values inside and far outside every range: years from -10 to
10^13, any date pydantic can hold, unknown trienni. Each call either answers or raises
``RuleInputError`` or pydantic's ``ValidationError``; a ``ValueError`` or ``OverflowError`` from deep
inside (as ``attributed_years = [-5]`` once raised) fails the test.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from functions.rulebook import RuleInputError, compensate, evaluate_compliance, what_if_move
from functions.rulebook.models import CompensationInput, ComplianceInput, MoveInput

EXAMPLES = int(os.environ.get("ECM_PROPERTY_EXAMPLES", "150"))
KNOWN = ["2011-2013", "2014-2016", "2017-2019", "2020-2022", "2023-2025", "2026-2028"]
DAYS = st.one_of(
    st.dates(dt.date(2008, 1, 1), dt.date(2030, 12, 31)),
    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)),
).map(dt.date.isoformat)
TRIENNI = st.one_of(st.sampled_from(KNOWN), st.from_regex(r"\A\d{4}-\d{4}\Z"))
YEARS = st.one_of(st.integers(2008, 2030), st.integers(-10, 10**13))
EXEMPTION = st.fixed_dictionaries(
    {"kind": st.sampled_from(["esonero_course", "esonero_hours", "esenzione"]), "start": DAYS, "end": DAYS},
    optional={
        "hours": st.one_of(st.integers(1, 5000), st.floats(0.01, 1e6)),
        "attributed_years": st.lists(YEARS, max_size=4),
    },
)
PROFILE = st.fixed_dictionaries(
    {},
    optional={
        "first_registration": DAYS,
        "registration_gaps": st.lists(
            st.fixed_dictionaries({"cancelled_on": DAYS}, optional={"reregistered_on": DAYS}), max_size=3
        ),
        "previous_triennium_credits": st.integers(0, 1000),
        "previous_triennium_met": st.booleans(),
        "dossiers": st.lists(
            st.fixed_dictionaries(
                {"kind": st.sampled_from(["individual", "group"]), "triennium": TRIENNI},
                optional={"built_on": DAYS, "objectives_met": st.booleans()},
            ),
            max_size=3,
        ),
        "certified_trienni_at_2025_07_03": st.lists(TRIENNI, max_size=3),
        "exemptions": st.lists(EXEMPTION, max_size=4),
    },
)
TYPES = ["res_course", "fad_elearning", "publication", "abroad", "autoformazione"]
RECORDS = st.lists(
    st.fixed_dictionaries(
        {
            "id": st.sampled_from(["a", "b", "c", "d"]),
            "type": st.sampled_from(
                ["res_course", "fad_elearning", "publication", "abroad", "autoformazione"]
            ),
            "date": DAYS,
            "credits": st.integers(0, 10000).map(lambda tenths: tenths / 10),
        },
        optional={
            "role": st.sampled_from(["participant", "teacher", "fsc_tutor"]),
            "sponsored": st.booleans(),
            "during_exemption": st.booleans(),
            "triennium": TRIENNI,
        },
    ),
    max_size=6,
)
TENTHS = st.integers(-20000, 20000).map(lambda tenths: tenths / 10)
RULE_BOOK_ERRORS = (RuleInputError, ValidationError)


def refused_or_answered(call: Any) -> None:
    with contextlib.suppress(*RULE_BOOK_ERRORS):
        call()


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(triennium=TRIENNI, profile=PROFILE, credits=RECORDS)
def test_compliance_raises_only_its_input_error(triennium: str, profile: Any, credits: Any) -> None:
    body = {"triennium": triennium, "profile": profile, "credits": credits}
    refused_or_answered(lambda: evaluate_compliance(ComplianceInput.model_validate(body)))


@settings(max_examples=EXAMPLES, deadline=None)
@given(
    balances=st.lists(
        st.fixed_dictionaries(
            {"triennium": TRIENNI, "balance": st.integers(-20000, 20000).map(lambda t: t / 10)}
        ),
        max_size=5,
    )
)
def test_compensation_raises_only_its_input_error(balances: Any) -> None:
    refused_or_answered(lambda: compensate(CompensationInput.model_validate({"balances": balances})))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(target=TRIENNI, profile=PROFILE, credits=RECORDS, as_of=DAYS)
def test_what_if_raises_only_its_input_error(target: str, profile: Any, credits: Any, as_of: str) -> None:
    body = {
        "credit_id": "a",
        "target": target,
        "profiles": dict.fromkeys(KNOWN[-2:], profile),
        "credits": credits,
        "as_of": as_of,
    }
    refused_or_answered(lambda: what_if_move(MoveInput.model_validate(body)))
