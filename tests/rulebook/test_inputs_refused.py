"""Impossible input is refused with the field and the limit named, never clamped."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from functions.rulebook import RuleInputError

from .helpers import compliance, credit, event, obligation


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"type": "res_congress", "hours": 6, "participants": 200}, "participants", "more than 200"),
        ({"type": "res_workshop", "hours": 6, "participants": 101}, "participants", "at most 100"),
        ({"type": "res_course", "hours": 6, "participants": 201}, "participants", "at most 200"),
        ({"type": "fsc_audit", "hours": 12, "participants": 26}, "participants", "at most 25"),
        ({"type": "fad_elearning", "hours": 2001}, "hours", "at most 2,000"),
        ({"type": "fad_elearning", "hours": 0.4}, "hours", "one whole hour"),
        ({"type": "fsc_research", "end_date": "2026-01-02"}, "end_date", "at most 730 days"),
        (
            {"type": "res_course", "hours": 3, "participants": 10, "interactive_hours": 4},
            "interactive_hours",
            "at most",
        ),
        ({"type": "res_course", "role": "moderator", "sessions": 2, "date": "2022-12-31"}, "role", "no rule"),
        ({"type": "abroad"}, "stated_credits", "give the credits"),
        (
            {"type": "blended", "components": [{"type": "fad_elearning", "date": "2024-01-01", "hours": 2}]},
            "components",
            "at least 2",
        ),
        (
            {
                "type": "blended",
                "components": [
                    {"type": "fad_elearning", "date": "2024-01-01", "hours": 2},
                    {"type": "res_congress", "date": "2024-01-01", "hours": 2, "participants": 50},
                ],
            },
            "components.1.participants",
            "more than 200",
        ),
    ],
)
def test_event_refusals_name_field_and_limit(fields: dict[str, Any], field: str, words: str) -> None:
    payload = {"date": "2024-01-01", **fields}
    with pytest.raises(RuleInputError) as caught:
        event(**payload)
    assert caught.value.field == field
    assert words in caught.value.text("en")


@pytest.mark.parametrize(
    "fields",
    [
        {"type": "res_course", "date": "2024-01-01", "hours": -1, "participants": 10},
        {"type": "res_course", "date": "2024-01-01", "hours": 3, "participants": 0},
        {"type": "res_course", "date": "not a date", "hours": 3, "participants": 10},
        {"type": "nonsense", "date": "2024-01-01"},
        {"type": "res_course", "date": "2024-01-01", "hours": 3, "participants": 10, "extra": 1},
    ],
)
def test_schema_refusals(fields: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        event(**fields)


def test_event_before_2002_is_refused() -> None:
    with pytest.raises(RuleInputError) as caught:
        event(type="fad_elearning", date="2001-06-01", hours=3)
    assert caught.value.field == "date"
    assert caught.value.params == {"earliest": "2002-01-01", "got": "2001-06-01"}
    assert caught.value.text("en") == "ECM credits exist from 1 January 2002 (got 1 June 2001)"
    assert caught.value.text("it") == "i crediti ECM esistono dal 1° gennaio 2002 (indicato 1° giugno 2001)"


def test_obligation_refusals() -> None:
    with pytest.raises(RuleInputError) as caught:
        obligation("2008-2010")
    assert caught.value.field == "triennium"
    with pytest.raises(RuleInputError) as caught:
        obligation(
            "2026-2028", exemptions=[{"kind": "esenzione", "start": "2026-05-01", "end": "2026-04-01"}]
        )
    assert caught.value.field == "exemptions.0.end"
    with pytest.raises(RuleInputError) as caught:
        obligation(
            "2026-2028",
            exemptions=[
                {
                    "kind": "esonero_course",
                    "start": "2026-10-15",
                    "end": "2027-10-14",
                    "attributed_years": [2026],
                }
            ],
        )
    assert caught.value.field == "exemptions.0.attributed_years"


def test_compliance_refusals() -> None:
    with pytest.raises(RuleInputError) as caught:
        compliance("2026-2028", [credit("x", "fad_elearning", "2026-01-01", 3, triennium="2030-2032")])
    assert caught.value.field == "credits.0.triennium"


def test_a_scientific_lead_without_the_events_credits_is_asked_for_them() -> None:
    """The lead gets 20 % of the event's credits (point 11, from 2023; ecm-rules.md §1.1): without them,
    nor the participants' hours to compute them, the refusal names event_credits and the share, not a
    participant's field (a reviewer read "Durata (ore): … con il ruolo di discente", a field not shown)."""
    from functions.rulebook import compute_event_credits
    from functions.rulebook.errors import RuleInputError
    from functions.rulebook.models import EventInput

    event = EventInput.model_validate({"type": "res_course", "date": "2024-05-10", "role": "scientific_lead"})
    with pytest.raises(RuleInputError) as refused:
        compute_event_credits(event)
    assert refused.value.field == "event_credits"
    assert refused.value.text("it") == (
        "servono i crediti dell'evento per i discenti (sono sul programma dell'evento): "
        "al responsabile scientifico ne spetta il 20 %"
    )
