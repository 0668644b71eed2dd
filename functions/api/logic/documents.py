"""The insurer statement (PDF) and the deadline calendar (iCalendar) from the caller's records (issue 14).

Both print what the rule book's status and compliance answers already say (``logic.status``); the PDF
and the iCalendar text are written by the pure builders in ``functions.documents``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from typing import Any

from pydantic import ValidationError

from functions.rulebook import evaluate_compliance, language, render
from functions.rulebook.deadline_events import calendar_events
from functions.rulebook.messages import current_lang
from functions.rulebook.models import ComplianceInput
from functions.rulebook.status import timeline
from functions.rulebook.trienni import all_trienni

from .. import calendar_store, dal_credits, dal_profile
from ..documents_models import CalendarOut
from ..errors import not_found, refused
from . import clock
from .common import checked_triennium, rule_validation_error, rulebook_profile
from .credits import to_record
from .status import status

# 32 random bytes, base64url without padding: 43 characters, 256 bits.
SECRET_BYTES = 32
SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{43}$")
FEED_SUFFIX = ".ics"
DOCUMENT_SUFFIX = ".pdf"


def as_of_range() -> tuple[dt.date, dt.date]:
    """The days a statement can be asked for: from the first triennium the rule book knows to its last."""
    trienni = all_trienni()
    return trienni[0].start, trienni[-1].end


def checked_as_of(as_of: dt.date | None) -> dt.date:
    """``as_of`` (default: today) within ``as_of_range``; else a 422 naming ``query.as_of`` and the limit."""
    first, last = as_of_range()
    if as_of is None:
        return clock.today()
    if as_of < first:
        raise refused(422, "invalid_input", "error.date_min", "query.as_of", limit=first.isoformat())
    if as_of > last:
        raise refused(422, "invalid_input", "error.date_max", "query.as_of", limit=last.isoformat())
    return as_of


def insurance_statement(sub: str, as_of: dt.date | None) -> tuple[str, bytes]:
    """(file name, PDF) of the statement for the insurer on ``as_of``: the triennium it looks at."""
    # fpdf2 (with fontTools) is imported by the PDF routes only: the calendar's routes skip its cost.
    from functions.documents.statement import InsurerView, statement_pdf

    on = checked_as_of(as_of)
    answer = status(sub, on)
    insurance = answer.insurance
    sentence = next(s for s in answer.sentences if s.see.startswith("insurance"))
    view = InsurerView(sentence=sentence, rule=insurance.rule)
    pdf = statement_pdf(
        insurance.compliance,
        on,
        current_lang(),
        view,
        insurance.triennium,
        insurance.fix_deadline,
        computed=clock.today(),
    )
    return f"ecm-insurance-{insurance.triennium or on.isoformat()}.pdf", pdf


def triennium_statement(sub: str, document: str) -> tuple[str, bytes]:
    """(file name, PDF) of one triennium's statement; ``document`` is ``<triennium>.pdf``."""
    from functions.documents.statement import statement_pdf

    triennium = checked_triennium(document.removesuffix(DOCUMENT_SUFFIX), "path.document")
    items = dal_credits.credits_of_triennium(sub, triennium)
    stored_profile, exemptions = dal_profile.profile_and_exemptions(sub)
    try:
        data = ComplianceInput(
            triennium=triennium,
            profile=rulebook_profile(stored_profile, exemptions),
            credits=[to_record(i) for i in items],
        )
    except ValidationError as error:
        raise rule_validation_error(error) from error
    result = evaluate_compliance(data)
    on = clock.today()
    line = timeline(triennium, on)
    deadline = None
    if line.state in ("open", "recoverable"):
        deadline = max(d.date for d in line.deadlines if d.kind in ("end", "recovery"))
    return f"ecm-{triennium}.pdf", statement_pdf(result, on, current_lang(), deadline=deadline)


# --- the calendar feed ----------------------------------------------------------------------------


def _uid_scope(sub: str) -> str:
    """Part of every UID of the caller's feed: stable across rotations, and not the sub itself."""
    return hashlib.sha256(f"ecm-calendar-uid:{sub}".encode()).hexdigest()[:16]


def create_feed(sub: str, base_url: str) -> CalendarOut:
    """Create or rotate the caller's feed: a new secret (the old one stops working at once).

    The secret is returned here only; what is stored is its hash. The feed speaks the language of this
    request (Accept-Language), since calendar apps send none of their own.
    """
    secret = secrets.token_urlsafe(SECRET_BYTES)
    created = clock.now()
    calendar_store.put_feed(sub, calendar_store.secret_hash(secret), current_lang(), created.isoformat())
    path = f"/v1/calendar/{secret}{FEED_SUFFIX}"
    url = f"{base_url}{path}"
    webcal = re.sub(r"^https?://", "webcal://", url)
    return CalendarOut(url=url, webcal_url=webcal, path=path, lang=current_lang(), created_at=created)


def revoke_feed(sub: str) -> None:
    """Revoke the caller's feed; 404 when there is none."""
    if not calendar_store.delete_feed(sub):
        raise not_found("calendar")


def feed(name: str) -> bytes:
    """The iCalendar document behind ``<secret>.ics``; 404 for anything that is not a live secret."""
    secret = name.removesuffix(FEED_SUFFIX)
    if not name.endswith(FEED_SUFFIX) or not SECRET_PATTERN.match(secret):
        raise not_found("calendar")
    found = calendar_store.owner(secret)
    if found is None:
        raise not_found("calendar")
    sub, stored = found
    lang = stored.get("lang", "it")
    return _ics(sub, lang)


def _ics(sub: str, lang: str) -> bytes:
    from functions.documents.ical import ics_calendar

    titles: dict[str, Any] = {
        str(i["id"]): str(i.get("title") or i["id"]) for i in dal_credits.all_credits(sub)
    }
    with language(lang):
        answer = status(sub)
        events = calendar_events(answer, titles)
        description = render("api.notice", {}, lang)
    return ics_calendar(events, lang, _uid_scope(sub), clock.now(), description)
