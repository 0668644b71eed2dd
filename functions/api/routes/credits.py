"""The caller's credits."""

from __future__ import annotations

from typing import Annotated, Literal

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.metrics import MetricUnit

from .. import idempotency
from ..app import caller
from ..logic import credits
from ..logic.versions import parse_if_match
from ..models import CreditIn, CreditOut, CreditPage, CreditWritten
from ..models_sync import StaleCredit
from ..observability import metrics
from .common import POST_ERRORS, PRIVATE, PRIVATE_ERRORS, IdempotencyKey, ItemId, new_router, strict
from .versions import IfMatchHeader, patch_document, stale_response, tagged

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
    out = CreditWritten.model_validate(stored)
    return tagged(out, out.etag, 201)


@router.get(
    "/v1/me/credits",
    summary="My credits, a page at a time: one triennium's by date, or all of them",
    description="With `triennium`, that triennium's credits by date; without, every credit, by the "
    "triennium it counts in and then date. `order=desc` gives the newest first.",
    responses={200: {"description": "One page of credits"}, **PRIVATE_ERRORS},
    security=PRIVATE,
    tags=["credits"],
)
def list_credits(
    triennium: Annotated[str | None, Query(pattern=r"^\d{4}-\d{4}$", examples=["2026-2028"])] = None,
    limit: Annotated[int, Query(ge=1, le=100, description="Page size")] = 25,
    cursor: Annotated[
        str | None, Query(max_length=1024, description="next_cursor of the previous page")
    ] = None,
    order: Annotated[
        Literal["asc", "desc"], Query(description="asc: oldest first; desc: newest first")
    ] = "asc",
) -> CreditPage:
    page = credits.list_credits(caller(router), triennium, limit, cursor, order)
    metrics.add_metric(name="CreditsListed", unit=MetricUnit.Count, value=1)
    return page


@router.get(
    "/v1/me/credits/<credit_id>",
    summary="One of my credits",
    responses={200: {"description": "The credit, with its ETag"}, **PRIVATE_ERRORS},
    security=PRIVATE,
    tags=["credits"],
)
def get_credit(credit_id: ItemId) -> Response[CreditOut]:
    out = credits.get_credit(caller(router), credit_id)
    metrics.add_metric(name="CreditRead", unit=MetricUnit.Count, value=1)
    return tagged(out, out.etag)


@router.put(
    "/v1/me/credits/<credit_id>",
    summary="Replace one of my credits (for instance, mark it registered)",
    description="For a credit whose credits were computed, sending `credits` needs `credits_source` "
    "(see CreditIn). With If-Match, a credit changed since it was read is not replaced (412).",
    responses={
        200: {"description": "The stored credit, with its ETag"},
        **stale_response(StaleCredit),
        **PRIVATE_ERRORS,
    },
    security=PRIVATE,
    tags=["credits"],
)
def update_credit(
    credit_id: ItemId, body: CreditIn, if_match: IfMatchHeader = None
) -> Response[CreditWritten]:
    body = strict(router, CreditIn)
    out = credits.update_credit(caller(router), credit_id, body, parse_if_match(if_match))
    metrics.add_metric(name="CreditUpdated", unit=MetricUnit.Count, value=1)
    return tagged(out, out.etag)


@router.patch(
    "/v1/me/credits/<credit_id>",
    summary="Change some fields of one of my credits (JSON Merge Patch)",
    description="The body is a JSON Merge Patch (RFC 7396), sent as application/merge-patch+json or "
    "application/json: the fields to change; null removes an optional field (back to its default). "
    "The patched credit must be valid as a whole, else 422 names the field and nothing changes. "
    "A computed credit's inputs (hours, details, ...) compute it again; `credits` on a computed credit "
    "needs `credits_source`: `overridden` keeps the inputs and rules version, `certificate` drops them.",
    responses={
        200: {"description": "The stored credit, with its ETag"},
        **stale_response(StaleCredit),
        **PRIVATE_ERRORS,
    },
    security=PRIVATE,
    tags=["credits"],
)
def patch_credit(credit_id: ItemId, if_match: IfMatchHeader = None) -> Response[CreditWritten]:
    sub = caller(router)
    out = credits.patch_credit(sub, credit_id, patch_document(router), parse_if_match(if_match))
    metrics.add_metric(name="CreditPatched", unit=MetricUnit.Count, value=1)
    return tagged(out, out.etag)


@router.delete(
    "/v1/me/credits/<credit_id>",
    summary="Delete one of my credits",
    responses={204: {"description": "Deleted"}, **stale_response(StaleCredit), **PRIVATE_ERRORS},
    security=PRIVATE,
    tags=["credits"],
)
def delete_credit(credit_id: ItemId, if_match: IfMatchHeader = None) -> Response[None]:
    credits.delete_credit(caller(router), credit_id, parse_if_match(if_match))
    metrics.add_metric(name="CreditDeleted", unit=MetricUnit.Count, value=1)
    return Response(status_code=204)
