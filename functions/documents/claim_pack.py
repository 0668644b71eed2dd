"""The missing-credit claim pack: one PDF with what Co.Ge.A.P.S. asks for (pure Python, no AWS).

``build_claim_pack(claim)`` returns the PDF's bytes: the professional's identifying data they chose to
include, the event (code, edition, provider, title, dates, credits, role), the registry clock (official
end, the provider's 90 days, Agenas' lag: the rule book's ``registry.*`` parameters, ecm-rules.md
§11.8), the log of contacts with the provider, the requirement Co.Ge.A.P.S. states (§11.9: an attestato
showing the event code and the credits, plus proof of the contact), and the attestato itself appended:
its PDF pages as they are (pypdf), or a photo placed on a page of its own (fpdf2, through Pillow).

Every sentence comes from the message catalogue (``claim.*``), in the language asked for. The page is
written with fpdf2's built-in Helvetica, whose encoding is Latin-1 (Italian's accented letters are
in it); characters outside it are transliterated where Unicode knows a plain form, else shown as "?".

Raises ``AttachmentError`` when the attestato cannot be appended (not readable as its type says).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO

from functions.rulebook import language
from functions.rulebook.messages import format_day, format_number, render
from functions.rulebook.parameters import load_rulebook
from functions.rulebook.trienni import missing_suspected_after

# Punctuation people type that Latin-1 lacks, and its plain equivalent.
_PLAIN = str.maketrans(
    {"\u2013": "-", "\u2014": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}
    | {"\u2026": "...", "\u20ac": "EUR", "\u2022": "-", "\u00a0": " ", "\u202f": " "}
)
PAGE_MARGIN_MM = 18
# A4 less the margins: the largest box a photo of the attestato is scaled into.
IMAGE_BOX_MM = (210 - 2 * PAGE_MARGIN_MM, 297 - 2 * PAGE_MARGIN_MM)


class AttachmentError(Exception):
    """The attestato could not be appended: ``media_type`` says what it was taken for."""

    def __init__(self, media_type: str) -> None:
        super().__init__(media_type)
        self.media_type = media_type


@dataclass(frozen=True)
class Contact:
    day: dt.date
    channel: str  # a Channel value: email, pec, phone, letter, form, other
    note: str


@dataclass(frozen=True)
class Claim:
    """Everything the pack shows. ``person`` holds (catalogue label id, value) pairs, in order, only
    for the data the professional chose to include; ``attachment`` is the attestato's bytes and media
    type (application/pdf, image/jpeg or image/png), or None when none is kept."""

    lang: str
    today: dt.date
    title: str
    event_code: str | None
    provider: str | None
    start_date: dt.date
    end_date: dt.date
    credits: Decimal
    role: str  # a rule book Role value
    person: list[tuple[str, str]] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    attachment: tuple[bytes, str] | None = None


def split_event_code(code: str | None) -> tuple[str | None, str | None]:
    """``provider id - event id [- edition]`` (§11.9) -> (code without edition, edition or None).

    The edition is the third dash-separated number; codes with two parts have none."""
    if not code:
        return None, None
    parts = [p.strip() for p in code.split("-")]
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return f"{parts[0]}-{parts[1]}", parts[2]
    return code, None


def registry_clock(end: dt.date) -> tuple[dt.date, int, dt.date, int]:
    """(provider's deadline, its days, the day the registry should show the credits by, the lag days):
    the official end + ``registry.reporting_days``, then + Agenas' lag (``missing_suspected_after``)."""
    reporting = int(load_rulebook().at("registry.reporting_days", end).value)
    provider_by = end + dt.timedelta(days=reporting)
    registry_by = missing_suspected_after(end)
    return provider_by, reporting, registry_by, (registry_by - provider_by).days


def latin1(text: str) -> str:
    """The text in Helvetica's Latin-1: typographic punctuation made plain, accents kept, the rest
    decomposed to its base letter where Unicode has one, else '?'."""
    out = []
    for char in text.translate(_PLAIN):
        if ord(char) < 256:
            out.append(char)
            continue
        base = unicodedata.normalize("NFKD", char).encode("latin-1", "ignore").decode("latin-1")
        out.append(base or "?")
    return "".join(out)


def build_claim_pack(claim: Claim) -> bytes:
    """The claim pack as PDF bytes (see the module's docstring); raises AttachmentError."""
    with language(claim.lang):
        front = _front_pages(claim)
    if claim.attachment is None:
        return front
    data, media_type = claim.attachment
    if media_type == "application/pdf":
        return _append_pdf(front, data)
    return _append_image(front, data, media_type)


def _front_pages(claim: Claim) -> bytes:
    from fpdf import FPDF  # imported on use: only this route pays for it

    pdf = FPDF(format="A4")
    pdf.set_margins(PAGE_MARGIN_MM, PAGE_MARGIN_MM, PAGE_MARGIN_MM)
    pdf.set_auto_page_break(True, PAGE_MARGIN_MM)
    pdf.set_lang(claim.lang)
    pdf.set_title(latin1(render("claim.title", {})))
    pdf.set_creator("ECM tracker")
    pdf.set_creation_date(dt.datetime.combine(claim.today, dt.time(0), dt.UTC))
    pdf.add_page()
    width = pdf.epw

    def heading(text: str, size: int = 13) -> None:
        pdf.set_font("Helvetica", "B", size)
        pdf.multi_cell(width, size * 0.5, latin1(text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5)

    def paragraph(text: str, style: str = "") -> None:
        pdf.set_font("Helvetica", style, 10)
        pdf.multi_cell(width, 5, latin1(text), new_x="LMARGIN", new_y="NEXT")

    def row(label_msg: str, value: str) -> None:
        pdf.set_font("Helvetica", "B", 10)
        pdf.cell(48, 5.5, latin1(render(label_msg, {})))
        pdf.set_font("Helvetica", "", 10)
        pdf.multi_cell(width - 48, 5.5, latin1(value), new_x="LMARGIN", new_y="NEXT")

    heading(render("claim.title", {}), 16)
    paragraph(render("claim.subtitle", {}))
    paragraph(render("claim.prepared", {"day": claim.today.isoformat()}), "I")
    pdf.ln(4)

    if claim.person:
        heading(render("claim.section.person", {}))
        for label, value in claim.person:
            row(label, value)
        pdf.ln(3)

    heading(render("claim.section.event", {}))
    code, edition = split_event_code(claim.event_code)
    if code:
        row("claim.field.event_code", code)
    if edition:
        row("claim.field.edition", edition)
    if claim.provider:
        row("claim.field.provider", claim.provider)
    row("claim.field.title", claim.title)
    dates = {"start": claim.start_date.isoformat(), "end": claim.end_date.isoformat()}
    row(
        "claim.field.dates",
        format_day(claim.end_date, claim.lang)
        if claim.start_date == claim.end_date
        else render("claim.dates", dates),
    )
    row("claim.field.credits", format_number(claim.credits, claim.lang))
    row("claim.field.role", render(f"what.role.{claim.role}", {}))
    pdf.ln(3)

    heading(render("claim.section.clock", {}))
    provider_by, reporting, registry_by, lag = registry_clock(claim.end_date)
    paragraph(render("claim.clock.end", {"day": claim.end_date.isoformat()}))
    paragraph(render("claim.clock.provider", {"day": provider_by.isoformat(), "days": reporting}))
    paragraph(render("claim.clock.registry", {"day": registry_by.isoformat(), "days": lag}))
    since = registry_by + dt.timedelta(days=1)
    if claim.today >= since:
        paragraph(render("claim.clock.missing", {"day": since.isoformat()}), "B")
    pdf.ln(3)

    heading(render("claim.section.contacts", {}))
    if not claim.contacts:
        paragraph(render("claim.no_contacts", {}))
    for contact in claim.contacts:
        params = {"day": contact.day.isoformat(), "channel": f"what.channel.{contact.channel}"}
        paragraph(render("claim.contact", params), "B")
        paragraph(contact.note)
        pdf.ln(1.5)
    pdf.ln(3)

    heading(render("claim.section.attached", {}))
    paragraph(render("claim.requirement", {}))
    pdf.ln(1.5)
    paragraph(render("claim.attached" if claim.attachment else "claim.not_attached", {}), "B")
    pdf.ln(4)
    paragraph(render("claim.notice", {}), "I")
    return bytes(pdf.output())


def _append_pdf(front: bytes, data: bytes) -> bytes:
    """The front pages followed by every page of the attestato's PDF, as they are."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(BytesIO(front)))
    try:
        attestato = PdfReader(BytesIO(data))
        if attestato.is_encrypted and not attestato.decrypt(""):
            raise AttachmentError("application/pdf")
        writer.append(attestato)
    except AttachmentError:
        raise
    except Exception as error:  # a malformed file is the file's fault, said as such
        raise AttachmentError("application/pdf") from error
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


# A 12-megapixel phone photo is 12 million pixels; 40 million decoded as RGB is 120 MB, a safe share of
# the function's 512 MB. Pillow's own bomb limit (89 million, with only a warning up to twice that) is
# too generous for it.
MAX_IMAGE_PIXELS = 40_000_000


def _check_pixels(data: bytes) -> None:
    """Refuse an image whose header declares more than MAX_IMAGE_PIXELS before anything decodes it."""
    from PIL import Image

    with Image.open(BytesIO(data)) as image:
        width, height = image.size
    if width * height > MAX_IMAGE_PIXELS:
        raise ValueError("too many pixels")


def _append_image(front: bytes, data: bytes, media_type: str) -> bytes:
    """The front pages followed by a page holding the photo, scaled into the page's margins."""
    from fpdf import FPDF
    from pypdf import PdfReader, PdfWriter

    pdf = FPDF(format="A4")
    pdf.set_margins(PAGE_MARGIN_MM, PAGE_MARGIN_MM, PAGE_MARGIN_MM)
    pdf.set_auto_page_break(False)
    pdf.add_page()
    try:
        _check_pixels(data)
        box_w, box_h = IMAGE_BOX_MM
        pdf.image(BytesIO(data), x=PAGE_MARGIN_MM, y=PAGE_MARGIN_MM, w=box_w, h=box_h, keep_aspect_ratio=True)
        image_page = bytes(pdf.output())
    except Exception as error:  # not an image Pillow can decode (or too large for its limits)
        raise AttachmentError(media_type) from error
    writer = PdfWriter()
    writer.append(PdfReader(BytesIO(front)))
    writer.append(PdfReader(BytesIO(image_page)))
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
