"""The missing-credit claim's proof: the log of contacts with the provider (the records function).

The claim pack, the PDF that prints these notes, is built by the documents function (``claim_pack``).
"""

from __future__ import annotations

import uuid

from .. import dal_contacts, models_files
from ..dal_changes import Change
from ..errors import limit_reached, not_found
from ..models_files import ContactIn, ContactList, ContactOut
from . import clock
from .certificates import own_credit


def add_contact(sub: str, credit_id: str, contact: ContactIn) -> ContactOut:
    contact_id = uuid.uuid4().hex
    recorded = clock.now()
    data = {**contact.model_dump(mode="python"), "id": contact_id, "recorded_at": recorded}
    # A note is written once and never edited: version 1; its deletion is version 2.
    change = Change("contact", contact_id, "put", 1, recorded, data, credit_id)
    try:
        dal_contacts.insert_contact(
            sub,
            credit_id,
            f"{contact.date.isoformat()}#{recorded.isoformat()}#{contact_id}",
            data,
            models_files.MAX_CONTACTS,
            models_files.MAX_CONTACTS_TOTAL,
            change,
        )
    except dal_contacts.ContactRefused as error:
        if error.reason == "missing":
            raise not_found("credit") from error
        if error.reason == "account_full":
            total = models_files.MAX_CONTACTS_TOTAL
            raise limit_reached("credit_id", "api.contacts_total", float(total)) from error
        limit = models_files.MAX_CONTACTS
        raise limit_reached("credit_id", "api.contacts_full", float(limit)) from error
    return ContactOut.model_validate(data)


def delete_contact(sub: str, credit_id: str, contact_id: str) -> None:
    """Delete one note of the caller's credit, leaving a tombstone in the change feed; 404 when the
    credit or the note is not there (someone else's included)."""
    own_credit(sub, credit_id)
    found = dal_contacts.find_contact(sub, credit_id, contact_id)
    if found is None:
        raise not_found("contact")
    tombstone = Change("contact", contact_id, "delete", 2, clock.now(), None, credit_id)
    if not dal_contacts.delete_contact(sub, credit_id, found[0], tombstone):
        raise not_found("contact")  # deleted meanwhile (by another device)


def list_contacts(sub: str, credit_id: str) -> ContactList:
    own_credit(sub, credit_id)
    items = [ContactOut.model_validate(item) for item in dal_contacts.list_contacts(sub, credit_id)]
    return ContactList(credit_id=credit_id, items=items)
