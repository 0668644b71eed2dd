"""Compliance, compensation and what-if, from the caller's stored records."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.metrics import MetricUnit

from ..app import caller
from ..logic import compliance
from ..models import CompensationOut, ComplianceOut, WhatIfOut
from ..observability import metrics
from .common import PRIVATE, PRIVATE_ERRORS, TrienniumPath, new_router

router = new_router()


@router.get(
    "/v1/me/compliance/<triennium>",
    summary="My compliance in a triennium: explanation, both thresholds, missing-suspected credits",
    responses={200: {"description": "The rule book's result on my records"}, **PRIVATE_ERRORS},
    security=PRIVATE,
    tags=["compliance"],
)
def get_compliance(triennium: TrienniumPath) -> ComplianceOut:
    out = compliance.compliance(caller(router), triennium)
    metrics.add_metric(name="ComplianceChecked", unit=MetricUnit.Count, value=1)
    return out


@router.get(
    "/v1/me/compensation",
    summary="Balances of my trienni and the compensation the rules allow between them",
    responses={200: {"description": "Balances and transfers"}, **PRIVATE_ERRORS},
    security=PRIVATE,
    tags=["compliance"],
)
def get_compensation() -> CompensationOut:
    out = compliance.compensation(caller(router))
    metrics.add_metric(name="CompensationViewed", unit=MetricUnit.Count, value=1)
    return out


@router.get(
    "/v1/me/what-if/move",
    summary="What moving one of my credits to another triennium would change (nothing is moved)",
    responses={200: {"description": "Before and after, and whether the move is allowed"}, **PRIVATE_ERRORS},
    security=PRIVATE,
    tags=["compliance"],
)
def what_if_move(
    credit_id: Annotated[str, Query(pattern=r"^[A-Za-z0-9_-]{1,64}$")],
    target: Annotated[str, Query(pattern=r"^\d{4}-\d{4}$", examples=["2023-2025"])],
) -> WhatIfOut:
    out = compliance.what_if(caller(router), credit_id, target)
    metrics.add_metric(name="WhatIfMove", unit=MetricUnit.Count, value=1)
    return out
