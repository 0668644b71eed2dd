"""Public routes: calculators and the rules export. No token, nothing stored."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.metrics import MetricUnit

from functions.rulebook.models import ComplianceInput, ComplianceResult, EventInput, EventResult

from ..logic import public
from ..observability import metrics
from .common import PUBLIC_ERRORS, new_router, strict

router = new_router()


@router.post(
    "/v1/event-credits",
    summary="Credits for one event, with the explanation",
    description="Stateless: an Idempotency-Key header is accepted and has nothing to protect.",
    responses={200: {"description": "Credits and explanation lines"}, **PUBLIC_ERRORS},
    tags=["public"],
)
def event_credits(event: EventInput) -> EventResult:
    event = strict(router, EventInput)
    result = public.event_credits(event)
    metrics.add_metric(name="EventCreditsComputed", unit=MetricUnit.Count, value=1)
    return result


@router.post(
    "/v1/compliance/evaluate",
    summary="Compliance for credits and a profile sent in the body; nothing is stored",
    responses={200: {"description": "The rule book's compliance result"}, **PUBLIC_ERRORS},
    tags=["public"],
)
def evaluate(data: ComplianceInput) -> ComplianceResult:
    data = strict(router, ComplianceInput)
    result = public.evaluate(data)
    metrics.add_metric(name="StatelessEvaluations", unit=MetricUnit.Count, value=1)
    return result


@router.get(
    "/v1/rules",
    summary="The rules export: every parameter with its dated values and sources",
    responses={200: {"description": "The rules export (the same JSON the browser calculators read)"}},
    tags=["public"],
)
def rules() -> dict[str, Any]:
    metrics.add_metric(name="RulesServed", unit=MetricUnit.Count, value=1)
    return public.rules()
