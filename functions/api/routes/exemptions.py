"""The caller's esoneri and esenzioni."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.metrics import MetricUnit

from functions.rulebook.models import Exemption

from .. import idempotency
from ..app import caller
from ..logic import exemptions
from ..logic.versions import parse_if_match
from ..models import ExemptionList, ExemptionOut
from ..models_sync import StaleExemption
from ..observability import metrics
from .common import POST_ERRORS, PRIVATE, PRIVATE_ERRORS, IdempotencyKey, ItemId, new_router, strict
from .versions import IfMatchHeader, patch_document, stale_response, tagged

router = new_router()


@router.post(
    "/v1/me/exemptions",
    summary="Record an esonero or esenzione",
    responses={201: {"description": "The stored exemption"}, **POST_ERRORS},
    security=PRIVATE,
    tags=["exemptions"],
)
def create_exemption(body: Exemption, idempotency_key: IdempotencyKey = None) -> Response[ExemptionOut]:
    sub = caller(router)
    body = strict(router, Exemption)
    stored = idempotency.once(
        "create_exemption",
        sub,
        idempotency_key,
        body,
        lambda: exemptions.create_exemption(sub, body).model_dump(mode="json"),
        keep=["id"],
        reread=lambda record: exemptions.replayed(sub, str(record["id"])).model_dump(mode="json"),
    )
    metrics.add_metric(name="ExemptionCreated", unit=MetricUnit.Count, value=1)
    out = ExemptionOut.model_validate(stored)
    return tagged(out, out.etag, 201)


@router.get(
    "/v1/me/exemptions",
    summary="My esoneri and esenzioni",
    responses={200: {"description": "All of them (at most 50)"}, **PRIVATE_ERRORS},
    security=PRIVATE,
    tags=["exemptions"],
)
def list_exemptions() -> ExemptionList:
    out = exemptions.list_exemptions(caller(router))
    metrics.add_metric(name="ExemptionsListed", unit=MetricUnit.Count, value=1)
    return out


@router.get(
    "/v1/me/exemptions/<exemption_id>",
    summary="One of my exemptions",
    responses={200: {"description": "The exemption, with its ETag"}, **PRIVATE_ERRORS},
    security=PRIVATE,
    tags=["exemptions"],
)
def get_exemption(exemption_id: ItemId) -> Response[ExemptionOut]:
    out = exemptions.get_exemption(caller(router), exemption_id)
    metrics.add_metric(name="ExemptionRead", unit=MetricUnit.Count, value=1)
    return tagged(out, out.etag)


@router.patch(
    "/v1/me/exemptions/<exemption_id>",
    summary="Change some fields of one of my exemptions (JSON Merge Patch)",
    description="The body is a JSON Merge Patch (RFC 7396) of the exemption's fields, sent as "
    "application/merge-patch+json or application/json; null removes an optional field. The patched "
    "exemption must be valid as a whole, else 422 names the field and nothing changes.",
    responses={
        200: {"description": "The stored exemption, with its ETag"},
        **stale_response(StaleExemption),
        **PRIVATE_ERRORS,
    },
    security=PRIVATE,
    tags=["exemptions"],
)
def patch_exemption(exemption_id: ItemId, if_match: IfMatchHeader = None) -> Response[ExemptionOut]:
    sub = caller(router)
    out = exemptions.patch_exemption(sub, exemption_id, patch_document(router), parse_if_match(if_match))
    metrics.add_metric(name="ExemptionPatched", unit=MetricUnit.Count, value=1)
    return tagged(out, out.etag)


@router.delete(
    "/v1/me/exemptions/<exemption_id>",
    summary="Delete one of my exemptions",
    responses={204: {"description": "Deleted"}, **stale_response(StaleExemption), **PRIVATE_ERRORS},
    security=PRIVATE,
    tags=["exemptions"],
)
def delete_exemption(exemption_id: ItemId, if_match: IfMatchHeader = None) -> Response[None]:
    exemptions.delete_exemption(caller(router), exemption_id, parse_if_match(if_match))
    metrics.add_metric(name="ExemptionDeleted", unit=MetricUnit.Count, value=1)
    return Response(status_code=204)
