"""My data: export and erasure."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.metrics import MetricUnit

from ..app import caller, username
from ..logic import account
from ..models import DeletedOut, ExportOut
from ..observability import metrics
from .common import PRIVATE, PRIVATE_ERRORS, new_router

router = new_router()


@router.get(
    "/v1/me/export",
    summary="Everything stored about me, as JSON",
    responses={200: {"description": "Profile, credits and exemptions"}, **PRIVATE_ERRORS},
    security=PRIVATE,
    tags=["my data"],
)
def export() -> ExportOut:
    out = account.export(caller(router))
    metrics.add_metric(name="DataExported", unit=MetricUnit.Count, value=1)
    return out


@router.get(
    "/v1/me/export/credits.csv",
    summary="My credits as CSV",
    description="One row per credit. In Italian (the default language) the file is written for Italian "
    "Excel: `;` between cells, decimal comma, `sì`/`no`, UTF-8 with a byte order mark. In English it is "
    "RFC 4180: commas, `.` decimals, `true`/`false`, no BOM. `?dialect=` chooses either explicitly. "
    "Cells that a spreadsheet would run as a formula start with `'`.",
    responses={
        200: {
            "description": "One row per credit",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        },
        **PRIVATE_ERRORS,
    },
    security=PRIVATE,
    tags=["my data"],
)
def export_csv(
    dialect: Annotated[
        account.CsvDialect | None,
        Query(description="excel-it or rfc4180; default: excel-it for Italian, rfc4180 for English"),
    ] = None,
) -> Response[str]:
    chosen = account.csv_dialect(dialect)
    body = account.export_csv(caller(router), chosen)
    metrics.add_metric(name="CreditsCsvExported", unit=MetricUnit.Count, value=1)
    return Response(
        status_code=200,
        content_type="text/csv; charset=utf-8; header=present",
        body=body,
        headers={"Content-Disposition": 'attachment; filename="credits.csv"'},
    )


@router.delete(
    "/v1/me",
    summary="Delete everything stored about me",
    description=f"Send `?confirm={account.CONFIRMATION}`; without it nothing is deleted.",
    responses={200: {"description": "How many items were deleted"}, **PRIVATE_ERRORS},
    security=PRIVATE,
    tags=["my data"],
)
def delete_me(confirm: Annotated[str | None, Query(max_length=64)] = None) -> DeletedOut:
    out = account.delete_me(caller(router), username(router), confirm)
    metrics.add_metric(name="AccountDeleted", unit=MetricUnit.Count, value=1)
    return out
