"""The missing-credit claim: the log of contacts with the provider, and the claim pack (a PDF)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from functions.documents.claim_pack import AttachmentError, Claim, Contact, build_claim_pack

from .. import dal_contacts, files, models_files
from ..dal_changes import Change
from ..errors import limit_reached, not_found, refused
from ..models import RegistryStatus
from ..models_files import ContactIn, ContactList, ContactOut
from . import clock
from .certificates import own_credit, stored_file
from .credits import missing_claim

# A claim pack up to this size is the answer itself; a larger one (a large attestato appended) would
# not fit Lambda's 6 MB response once base64-encoded, and is answered with a link to a copy in S3.
MAX_DIRECT_BYTES = 4 * 1024 * 1024


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


@dataclass(frozen=True)
class Identity:
    """What the professional chose to put on the pack (query parameters), each optional."""

    name: str | None = None
    tax_code: str | None = None
    profession: str | None = None
    discipline: str | None = None
    order: str | None = None
    email: str | None = None

    def rows(self) -> list[tuple[str, str]]:
        labels = (
            ("claim.field.name", self.name),
            ("claim.field.tax_code", self.tax_code),
            ("claim.field.profession", self.profession),
            ("claim.field.discipline", self.discipline),
            ("claim.field.order", self.order),
            ("claim.field.email", self.email),
        )
        return [(label, value) for label, value in labels if value]


@dataclass(frozen=True)
class Pack:
    """The built pack: ``data`` to answer directly, or ``url`` to a copy when it is too large."""

    data: bytes | None
    url: str | None
    filename: str


def claim_pack(sub: str, credit_id: str, identity: Identity, lang: str) -> Pack:
    """The claim pack of a credit that is missing suspected; 409 when it is not (yet, or any more)."""
    item = own_credit(sub, credit_id)
    today = clock.today()
    _check_missing(item, today)
    attachment = stored_file(sub, credit_id)
    if attachment is not None and attachment[1] == "application/pdf":
        _check_readable(attachment[0])
    contacts = [
        Contact(day=dt.date.fromisoformat(str(c["date"])), channel=str(c["channel"]), note=str(c["note"]))
        for c in dal_contacts.list_contacts(sub, credit_id)
    ]
    claim = Claim(
        lang=lang,
        today=today,
        title=str(item["title"]),
        event_code=item.get("event_code"),
        provider=item.get("provider"),
        start_date=dt.date.fromisoformat(str(item["start_date"])),
        end_date=dt.date.fromisoformat(str(item["end_date"])),
        credits=Decimal(item["credits"]),
        role=str(item["role"]),
        person=identity.rows(),
        contacts=contacts,
        attachment=attachment,
    )
    try:
        data = build_claim_pack(claim)
    except AttachmentError as error:
        raise refused(422, "pdf_corrupt", "attestato.corrupt", "certificate") from error
    filename = f"segnalazione-{credit_id}.pdf" if lang == "it" else f"claim-{credit_id}.pdf"
    if len(data) <= MAX_DIRECT_BYTES:
        return Pack(data=data, url=None, filename=filename)
    key = files.pack_key(sub, credit_id)
    files.put_temporary(key, data, "application/pdf")
    return Pack(data=None, url=files.download_url(key, filename), filename=filename)


def _check_missing(item: dict[str, Any], today: dt.date) -> None:
    if item.get("registry_status") != RegistryStatus.PROVISIONAL:
        raise refused(409, "not_missing", "api.not_provisional", "credit_id")
    if missing_claim(item, today) is None:
        from functions.rulebook import missing_suspected_after

        after = missing_suspected_after(dt.date.fromisoformat(str(item["end_date"])))
        since = after + dt.timedelta(days=1)
        raise refused(409, "not_missing", "api.not_missing_suspected", "credit_id", since=since.isoformat())


def _check_readable(data: bytes) -> None:
    """The kept PDF passes the attestato reader's checks (size, encryption, corruption, bomb limits)
    before its pages are copied: the same refusals as reading it."""
    from functions.attestati.reader import AttestatoError, pdf_text

    try:
        pdf_text(data, max_bytes=files.MAX_BYTES)
    except AttestatoError as error:
        raise refused(error.status, error.code, error.msg, "certificate", **error.params) from None
