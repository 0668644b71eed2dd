"""The missing-credit claim pack (a PDF): built by the documents function, with the other PDFs.

It reads the credit and its contacts (DynamoDB) and the kept attestato (S3); the contacts are written by
the records function (``logic.claims``). fpdf2, pypdf and Pillow are imported by the first pack built,
not at the function's cold start.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from functions.documents.claim_pack import AttachmentError, Claim, Contact, build_claim_pack

from .. import dal_contacts, files
from ..errors import refused
from ..models import RegistryStatus
from . import clock
from .certificates import own_credit, stored_file
from .credits import missing_claim

# A claim pack up to this size is the answer itself; a larger one (a large attestato appended) would
# not fit Lambda's 6 MB response once base64-encoded, and is answered with a link to a copy in S3.
MAX_DIRECT_BYTES = 4 * 1024 * 1024


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

        # The credit's own scope, as missing_claim reads it: a regional provider's wait is longer.
        scope = item.get("provider_scope") or "national"
        after = missing_suspected_after(dt.date.fromisoformat(str(item["end_date"])), scope)
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
