"""Public routes: calculators and the rules export. No token, nothing stored."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.metrics import MetricUnit

from functions.rulebook.models import ComplianceInput, ComplianceResult, EventInput, EventResult

from ..logic import public
from ..models_rules import RulesExport
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
    description="Texts a reader sees come in Italian and English: a rule's `title`, each value's `note` "
    "(null when the value has none) and `manuale_checked.how` are `{it, en}`; `single_source` marks a "
    "value only one source states.",
    responses={
        200: {
            "description": "The rules export (the same JSON the browser calculators read)",
            # Documented, not re-validated per request: a test validates the export against the model.
            "content": {"application/json": {"model": RulesExport}},
        }
    },
    tags=["public"],
)
def rules() -> dict[str, Any]:
    metrics.add_metric(name="RulesServed", unit=MetricUnit.Count, value=1)
    return public.rules()
