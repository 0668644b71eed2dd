"""The caller's change feed, for apps that keep a copy on more than one device."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.metrics import MetricUnit

from ..app import caller
from ..error_models import ErrorBody
from ..logic import changes
from ..models_sync import ChangePage
from ..observability import metrics
from .common import PRIVATE, PRIVATE_ERRORS, new_router

router = new_router()


@router.get(
    "/v1/me/changes",
    summary="What changed in my credits, exemptions, profile, contact notes and attestati since a cursor",
    description="Every write since `since`, oldest first: the item as written, or a tombstone "
    "(`op: delete`) for a deletion. Kinds: `credit`, `exemption`, `profile`, `contact` (a contact note "
    "of the credit `credit_id`) and `certificate` (the attestato of the credit `credit_id`, recorded "
    "when its upload is confirmed with POST .../certificate/confirm, and when it is deleted). A credit's "
    "tombstone also removes its notes and its attestato. Without `since`, no changes and the present "
    "position: read everything (credits, exemptions, profile, each credit's notes and attestato), then "
    "ask with that cursor from then on. Changes are kept 30 days; an older cursor answers 410 "
    "`resync_required`: read everything again.",
    responses={
        200: {"description": "One page of changes and the cursor to continue from"},
        410: {
            "description": "resync_required: changes after this cursor are no longer all kept (30 days) "
            "or the history was erased; read everything again and start from a fresh cursor",
            "content": {"application/json": {"model": ErrorBody}},
        },
        **PRIVATE_ERRORS,
    },
    security=PRIVATE,
    tags=["sync"],
)
def list_changes(
    since: Annotated[
        str | None, Query(max_length=1024, description="next_cursor of the previous answer")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=100, description="Page size")] = 50,
) -> ChangePage:
    page = changes.list_changes(caller(router), since, limit)
    metrics.add_metric(name="ChangesListed", unit=MetricUnit.Count, value=1)
    return page
