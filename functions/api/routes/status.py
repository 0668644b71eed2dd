"""'Am I in order?': the status answer on the caller's stored records (issue 11)."""

from __future__ import annotations

from aws_lambda_powertools.metrics import MetricUnit

from functions.rulebook.status import StatusResult

from ..app import caller
from ..logic import status
from ..observability import metrics
from .common import PRIVATE, PRIVATE_ERRORS, new_router

router = new_router()


@router.get(
    "/v1/me/status",
    summary="Am I in order? Current triennium, the insurer's triennium (70 %), deadlines, registry",
    description=(
        "One sentence per subject (in the Accept-Language language), each with 'see': the part of the "
        "result that explains it. The insurer's triennium is the last closed one from 2023-2025 on "
        "(art. 38-bis DL 152/2021, policies from 1 Jan 2026)."
    ),
    responses={
        200: {"description": "The rule book's status answer on my records, as of today"},
        **PRIVATE_ERRORS,
    },
    security=PRIVATE,
    tags=["compliance"],
)
def get_status() -> StatusResult:
    out = status.status(caller(router))
    metrics.add_metric(name="StatusChecked", unit=MetricUnit.Count, value=1)
    return out
