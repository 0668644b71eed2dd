"""The caller's esoneri and esenzioni."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.metrics import MetricUnit

from functions.rulebook.models import Exemption

from .. import idempotency
from ..app import caller
from ..logic import exemptions
from ..models import ExemptionList, ExemptionOut
from ..observability import metrics
from .common import POST_ERRORS, PRIVATE, PRIVATE_ERRORS, IdempotencyKey, ItemId, new_router, strict

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
    return Response(
        status_code=201, content_type="application/json", body=ExemptionOut.model_validate(stored)
    )


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


@router.delete(
    "/v1/me/exemptions/<exemption_id>",
    summary="Delete one of my exemptions",
    responses={204: {"description": "Deleted"}, **PRIVATE_ERRORS},
    security=PRIVATE,
    tags=["exemptions"],
)
def delete_exemption(exemption_id: ItemId) -> Response[None]:
    exemptions.delete_exemption(caller(router), exemption_id)
    metrics.add_metric(name="ExemptionDeleted", unit=MetricUnit.Count, value=1)
    return Response(status_code=204)
