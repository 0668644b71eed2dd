"""The missing-credit claim's proof: the contacts with the provider (the records function).

The claim pack that prints them is ``routes.claim_pack`` (the documents function).
"""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.metrics import MetricUnit

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
from .common import POST_ERRORS, PRIVATE, PRIVATE_ERRORS, ItemId, new_router, strict

router = new_router()


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
