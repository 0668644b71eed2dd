"""The missing-credit claim: contacts with the provider, and the claim pack (a PDF)."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.metrics import MetricUnit

from functions.rulebook.messages import current_lang

from ..app import caller
from ..logic import claims
from ..models_files import (
    MAX_CONTACTS,
    MAX_CONTACTS_TOTAL,
    MAX_NOTE_CHARS,
    ContactIn,
    ContactList,
    ContactOut,
)
from ..observability import metrics
from .common import (
    BINARY,
    PDF,
    POST_ERRORS,
    PRIVATE,
    PRIVATE_ERRORS,
    ItemId,
    binary,
    new_router,
    pdf_response,
    strict,
)

router = new_router()

Identity = Annotated[str | None, Query(min_length=1, max_length=200)]


@router.post(
    "/v1/me/credits/<credit_id>/contacts",
    summary="Log a contact with the provider of one of my credits",
    description=f"A dated note (at most {MAX_NOTE_CHARS} characters; {MAX_CONTACTS} notes per credit, "
    f"{MAX_CONTACTS_TOTAL} in all, else 422 `limit_reached`): "
    "the proof of having asked the provider to report the credits, which a claim to Co.Ge.A.P.S. needs. "
    "The notes are listed by GET on the same path and printed in the claim pack. Each note is a "
    "`contact` change of the change feed, written in the same transaction.",
    responses={201: {"description": "The note as stored"}, **POST_ERRORS},
    security=PRIVATE,
    tags=["claims"],
)
def add_contact(credit_id: ItemId, body: ContactIn) -> Response[ContactOut]:
    body = strict(router, ContactIn)
    out = claims.add_contact(caller(router), credit_id, body)
    metrics.add_metric(name="ContactLogged", unit=MetricUnit.Count, value=1)
    return Response(status_code=201, content_type="application/json", body=out)


@router.delete(
    "/v1/me/credits/<credit_id>/contacts/<contact_id>",
    summary="Delete a contact note of one of my credits",
    description="Notes are not edited (they are a dated log): a wrong one is deleted and written again. "
    "The deletion is a `contact` tombstone in the change feed, written in the same transaction.",
    responses={204: {"description": "Deleted"}, **PRIVATE_ERRORS},
    security=PRIVATE,
    tags=["claims"],
)
def delete_contact(credit_id: ItemId, contact_id: ItemId) -> Response[None]:
    claims.delete_contact(caller(router), credit_id, contact_id)
    metrics.add_metric(name="ContactDeleted", unit=MetricUnit.Count, value=1)
    return Response(status_code=204)


@router.get(
    "/v1/me/credits/<credit_id>/contacts",
    summary="The contacts logged for one of my credits, by date",
    responses={200: {"description": "The notes"}, **PRIVATE_ERRORS},
    security=PRIVATE,
    tags=["claims"],
)
def list_contacts(credit_id: ItemId) -> ContactList:
    out = claims.list_contacts(caller(router), credit_id)
    metrics.add_metric(name="ContactsListed", unit=MetricUnit.Count, value=1)
    return out


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
