"""Small builders so tests read like the worked examples they encode."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from functions.rulebook import compute_event_credits, compute_obligation, evaluate_compliance
from functions.rulebook.models import (
    ComplianceInput,
    ComplianceResult,
    EventInput,
    EventResult,
    ObligationInput,
    ObligationResult,
)


def event(**fields: Any) -> EventResult:
    return compute_event_credits(EventInput.model_validate(fields))


def obligation(triennium: str, **profile: Any) -> ObligationResult:
    return compute_obligation(ObligationInput.model_validate({"triennium": triennium, "profile": profile}))


def compliance(triennium: str, credits: list[dict[str, Any]], **profile: Any) -> ComplianceResult:
    return evaluate_compliance(
        ComplianceInput.model_validate({"triennium": triennium, "profile": profile, "credits": credits})
    )


def credit(cid: str, type_: str, day: str, amount: float | str, **flags: Any) -> dict[str, Any]:
    return {"id": cid, "type": type_, "date": day, "credits": Decimal(str(amount)), **flags}


def d(value: str) -> Decimal:
    return Decimal(value)
