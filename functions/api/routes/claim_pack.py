"""The missing-credit claim pack (a PDF): served by the documents function, with the other PDFs.

The contacts it prints are logged through ``routes.claims`` (the records function).
"""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.metrics import MetricUnit

from functions.rulebook.messages import current_lang

from ..app import caller
from ..logic import claim_pack as claims
from ..observability import metrics
from .common import BINARY, PDF, POST_ERRORS, PRIVATE, ItemId, binary, new_router, pdf_response

router = new_router()

Identity = Annotated[str | None, Query(min_length=1, max_length=200)]


@router.get(
    "/v1/me/credits/<credit_id>/claim.pdf",
    summary="The missing-credit claim pack of one of my credits (PDF)",
    description="For a credit that is missing suspected (provisional, past the registry clock): one PDF "
    "with the identifying data given in the query (only those), the event, the dates by which the "
    "registry should have shown it (official end + the provider's 90 days + Agenas' lag), the contacts "
    "logged, what Co.Ge.A.P.S. requires, and the kept attestato appended (its pages, or the photo on a "
    "page). Italian unless Accept-Language asks for English. A credit not (yet) missing suspected, or "
    "already registered, is refused with 409 `not_missing`, which says from which day it would be. A "
    "pack larger than 4 MiB (a large attestato) is answered with 303 and a link valid 5 minutes.",
    responses={
        200: {
            "description": "The PDF",
            "content": {PDF: BINARY},
        },
        303: {"description": "The pack is too large for a direct answer: Location is a 5-minute link"},
        **POST_ERRORS,
    },
    security=PRIVATE,
    tags=["claims"],
)
@binary
def claim_pack(
    credit_id: ItemId,
    name: Identity = None,
    tax_code: Annotated[
        str | None, Query(pattern=r"^[A-Za-z0-9]{16}$", description="Codice fiscale (16 characters)")
    ] = None,
    profession: Identity = None,
    discipline: Identity = None,
    order: Annotated[
        str | None, Query(min_length=1, max_length=200, description="Ordine and registration number")
    ] = None,
    email: Identity = None,
) -> Response[bytes]:
    identity = claims.Identity(
        name, tax_code.upper() if tax_code else None, profession, discipline, order, email
    )
    pack = claims.claim_pack(caller(router), credit_id, identity, current_lang())
    metrics.add_metric(name="ClaimPackBuilt", unit=MetricUnit.Count, value=1)
    if pack.data is None:
        return Response(status_code=303, headers={"Location": str(pack.url)}, body=b"", content_type=PDF)
    return pdf_response(pack.filename, pack.data)
