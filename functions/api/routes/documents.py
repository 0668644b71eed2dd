"""The insurer statement (PDF) and the deadline calendar (iCalendar feed behind a secret URL): issue 14.

Paths: a route's path variable is a whole segment (as API Gateway declares routes), so the triennium's
statement is ``/v1/me/statement/{document}`` with ``document`` = ``2023-2025.pdf`` and the feed is
``/v1/calendar/{feed}`` with ``feed`` = ``<secret>.ics``; the insurer's statement has its own fixed path,
which takes precedence over the variable one.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponseContentSchema
from aws_lambda_powertools.metrics import MetricUnit

from ..app import caller
from ..documents_models import CalendarOut
from ..error_models import error_responses
from ..logic import documents
from ..observability import metrics
from .common import BINARY, PDF, PRIVATE, PRIVATE_ERRORS, binary, new_router, pdf_response

router = new_router()

ICS = "text/calendar; charset=utf-8"
TEXT: OpenAPIResponseContentSchema = {"schema": {"type": "string"}}
FIRST, LAST = documents.as_of_range()
STATEMENT_TEXT = (
    "A PDF (Italian by default, English with `Accept-Language: en`) with: the triennium, its obligation "
    "with every reduction and its source, the credits from recorded to counted with each cap, the 70 % "
    "(insurance) and 100 % (Ordine) results, what is missing and until when, the day computed and the "
    "rule book's version, and the notice that only the Ordine certifies. It restates the rule book's "
    "status and compliance answers; it is not a certificate."
)


@router.get(
    "/v1/me/statement/insurance.pdf",
    summary="Statement for the insurer: the triennium it looks at (art. 38-bis, 70 %), as a PDF",
    description=STATEMENT_TEXT + " The triennium is the one an insurer looks at on `as_of` (default today): "
    "the last closed one from 2023-2025 on; before policies from 1 Jan 2026, 2023-2025; before 2023, none "
    "(the title names no triennium). The PDF says the day it was computed (today) and, when `as_of` is "
    "another day, that day too.",
    responses={200: {"description": "The statement", "content": {PDF: BINARY}}, **PRIVATE_ERRORS},
    security=PRIVATE,
    tags=["documents"],
    operation_id="getInsuranceStatement",
)
@binary
def insurance_statement(
    as_of: Annotated[
        dt.date | None,
        Query(description=f"The day of the statement, {FIRST} to {LAST}; default today"),
    ] = None,
) -> Response[bytes]:
    name, body = documents.insurance_statement(caller(router), as_of)
    metrics.add_metric(name="InsuranceStatementBuilt", unit=MetricUnit.Count, value=1)
    return pdf_response(name, body)


@router.get(
    "/v1/me/statement/<document>",
    summary="Statement of one triennium (e.g. 2023-2025.pdf), as a PDF",
    description=STATEMENT_TEXT,
    responses={200: {"description": "The statement", "content": {PDF: BINARY}}, **PRIVATE_ERRORS},
    security=PRIVATE,
    tags=["documents"],
    operation_id="getTrienniumStatement",
)
@binary
def triennium_statement(
    document: Annotated[
        str,
        Path(
            pattern=r"^\d{4}-\d{4}\.pdf$",
            description="The triennium followed by .pdf",
            examples=["2023-2025.pdf"],
        ),
    ],
) -> Response[bytes]:
    name, body = documents.triennium_statement(caller(router), document)
    metrics.add_metric(name="TrienniumStatementBuilt", unit=MetricUnit.Count, value=1)
    return pdf_response(name, body)


@router.post(
    "/v1/me/calendar",
    summary="Create or rotate my deadline calendar's secret address (shown once)",
    description="Calendar apps cannot send a bearer token, so the feed has its own secret address: this "
    "call makes a new one and the previous one stops working at once (404). Only a hash of the secret is "
    "stored, so the address cannot be shown again: call this again for a new one. The feed speaks this "
    "request's language. No Idempotency-Key: a retry simply rotates again.",
    responses={201: {"description": "The new secret address"}, **PRIVATE_ERRORS},
    security=PRIVATE,
    tags=["documents"],
    operation_id="rotateCalendar",
)
def rotate_calendar() -> Response[CalendarOut]:
    out = documents.create_feed(caller(router), _base_url(router.current_event.raw_event))
    metrics.add_metric(name="CalendarRotated", unit=MetricUnit.Count, value=1)
    return Response(status_code=201, content_type="application/json", body=out)


@router.delete(
    "/v1/me/calendar",
    summary="Revoke my deadline calendar's secret address",
    responses={204: {"description": "Revoked: the address now answers 404"}, **PRIVATE_ERRORS},
    security=PRIVATE,
    tags=["documents"],
    operation_id="revokeCalendar",
)
def revoke_calendar() -> Response[None]:
    documents.revoke_feed(caller(router))
    metrics.add_metric(name="CalendarRevoked", unit=MetricUnit.Count, value=1)
    return Response(status_code=204)


@router.get(
    "/v1/calendar/<feed>",
    summary="My deadlines as an iCalendar feed (RFC 5545), behind its secret address; no token",
    description="The end of the current triennium, recovery and move deadlines, the compensation deadline "
    "and, for each credit not yet in the registry, the day it becomes missing suspected; each event on its "
    "own day, with a reminder while the day is ahead (or today), without one once it has passed (kept a "
    "year as history, then left out). 404 for an address that was rotated or revoked, or never existed.",
    responses={
        200: {"description": "The calendar", "content": {"text/calendar": TEXT}},
        **error_responses(404, 429, 500, 503),
    },
    security=[],
    tags=["documents"],
    operation_id="getCalendarFeed",
)
def calendar_feed(
    feed: Annotated[str, Path(description="The secret followed by .ics", examples=["<secret>.ics"])],
) -> Response[str]:
    body = documents.feed(feed).decode()
    metrics.add_metric(name="CalendarServed", unit=MetricUnit.Count, value=1)
    return Response(
        status_code=200,
        content_type=ICS,
        body=body,
        headers={"Content-Disposition": 'inline; filename="ecm.ics"'},
    )


def _base_url(event: dict[str, Any]) -> str:
    """The scheme and host the caller reached: API Gateway's X-Forwarded-Proto (https when deployed; the
    local stack's gateway, infra/local/events.py, forwards http since it serves plain HTTP)."""
    headers = {k.lower(): v for k, v in (event.get("headers") or {}).items()}
    host = headers.get("host") or (event.get("requestContext") or {}).get("domainName") or "localhost"
    proto = headers.get("x-forwarded-proto") or "https"
    return f"{proto}://{host}"
