"""The caller's credits."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.metrics import MetricUnit

from .. import idempotency
from ..app import caller
from ..logic import credits
from ..models import CreditIn, CreditOut, CreditPage, CreditWritten
from ..observability import metrics
from .common import POST_ERRORS, PRIVATE, PRIVATE_ERRORS, IdempotencyKey, ItemId, new_router, strict

router = new_router()


@router.post(
    "/v1/me/credits",
    summary="Record a credit from its certificate",
    description="Leave `credits` out to have the rule book compute them; the answer then says so "
    "(`credits_source: computed`) and carries the explanation.",
    responses={201: {"description": "The stored credit"}, **POST_ERRORS},
    security=PRIVATE,
    tags=["credits"],
)
def create_credit(body: CreditIn, idempotency_key: IdempotencyKey = None) -> Response[CreditWritten]:
    sub = caller(router)
    body = strict(router, CreditIn)
    stored = idempotency.once(
        "create_credit",
        sub,
        idempotency_key,
        body,
        lambda: credits.create_credit(sub, body).model_dump(mode="json"),
        keep=["id", "computation"],
        reread=lambda record: credits.replayed(sub, record).model_dump(mode="json"),
    )
    metrics.add_metric(name="CreditCreated", unit=MetricUnit.Count, value=1)
    return Response(
        status_code=201, content_type="application/json", body=CreditWritten.model_validate(stored)
    )


@router.get(
    "/v1/me/credits",
    summary="My credits in a triennium, by date, a page at a time",
    responses={200: {"description": "One page of credits"}, **PRIVATE_ERRORS},
    security=PRIVATE,
    tags=["credits"],
)
def list_credits(
    triennium: Annotated[str, Query(pattern=r"^\d{4}-\d{4}$", examples=["2026-2028"])],
    limit: Annotated[int, Query(ge=1, le=100, description="Page size")] = 25,
    cursor: Annotated[
        str | None, Query(max_length=1024, description="next_cursor of the previous page")
    ] = None,
) -> CreditPage:
    page = credits.list_credits(caller(router), triennium, limit, cursor)
    metrics.add_metric(name="CreditsListed", unit=MetricUnit.Count, value=1)
    return page


@router.get(
    "/v1/me/credits/<credit_id>",
    summary="One of my credits",
    responses={200: {"description": "The credit"}, **PRIVATE_ERRORS},
    security=PRIVATE,
    tags=["credits"],
)
def get_credit(credit_id: ItemId) -> CreditOut:
    out = credits.get_credit(caller(router), credit_id)
    metrics.add_metric(name="CreditRead", unit=MetricUnit.Count, value=1)
    return out


@router.put(
    "/v1/me/credits/<credit_id>",
    summary="Replace one of my credits (for instance, mark it registered)",
    responses={200: {"description": "The stored credit"}, **PRIVATE_ERRORS},
    security=PRIVATE,
    tags=["credits"],
)
def update_credit(credit_id: ItemId, body: CreditIn) -> CreditWritten:
    body = strict(router, CreditIn)
    out = credits.update_credit(caller(router), credit_id, body)
    metrics.add_metric(name="CreditUpdated", unit=MetricUnit.Count, value=1)
    return out


@router.delete(
    "/v1/me/credits/<credit_id>",
    summary="Delete one of my credits",
    responses={204: {"description": "Deleted"}, **PRIVATE_ERRORS},
    security=PRIVATE,
    tags=["credits"],
)
def delete_credit(credit_id: ItemId) -> Response[None]:
    credits.delete_credit(caller(router), credit_id)
    metrics.add_metric(name="CreditDeleted", unit=MetricUnit.Count, value=1)
    return Response(status_code=204)
