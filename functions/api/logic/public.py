"""The public, stateless calculations: nothing is read or stored."""

from __future__ import annotations

from typing import Any

from functions.rulebook import compute_event_credits, evaluate_compliance, rules_export
from functions.rulebook.models import ComplianceInput, ComplianceResult, EventInput, EventResult


def event_credits(event: EventInput) -> EventResult:
    return compute_event_credits(event)


def evaluate(data: ComplianceInput) -> ComplianceResult:
    return evaluate_compliance(data)


def rules() -> dict[str, Any]:
    return rules_export()
