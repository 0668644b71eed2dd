"""The ECM statement as a PDF: for the insurer (art. 38-bis DL 152/2021) or for one triennium (issue 14).

Pure: the rule book's results in, PDF bytes out (fpdf2, core Helvetica font). It prints what the rule
book already computed, never a number of its own: the triennium and why the insurer looks at it (the
status answer's sentence and the rule's line with its source), the obligation with each of its lines
and sources, the credits from recorded to counted with each cap's line, the 70 % and 100 % results,
what is missing, the day computed and the rule book's version, and the notice that only the Ordine
certifies. Every text is a catalogue message rendered by ``functions.rulebook.render`` in ``lang``;
the explanation lines are re-rendered from their ``msg`` and ``params``.

Sources: ecm-rules.md §11.5 (insurance: which triennium, 70 %), §2 (obligation and reductions), §4
(caps), §11.8 (deadlines).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from functions.rulebook import load_rulebook, render
from functions.rulebook.models import ComplianceResult, Line, Notice
from functions.rulebook.trienni import get_triennium
from functions.rulebook.version import rulebook_version

with warnings.catch_warnings():
    # fpdf2 warns when Pillow is absent; the statement draws no image, so Pillow is not packaged.
    warnings.simplefilter("ignore")
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

# The core fonts' encoding: every catalogue text fits in it (tests/documents checks); a character of a
# user's own text that does not is written as its closest unaccented form (see _printable).
ENCODING = "windows-1252"
FONT = "Helvetica"
MARGIN_MM = 18


@dataclass(frozen=True)
class InsurerView:
    """Why the insurer looks at the triennium: the status answer's insurance sentence (a Notice) and the
    rule's explanation line (art. 38-bis, with its source)."""

    sentence: Notice
    rule: Line


# Typographic signs the catalogue uses that the core fonts' encoding lacks, and their plain spelling.
TYPOGRAPHIC = str.maketrans({"\u2212": "-", "\u2265": ">=", "\u2264": "<=", "\u202f": " "})


def _printable(text: str) -> str:
    """``text`` in the core fonts' encoding: a typographic sign becomes its plain spelling (the minus
    sign a hyphen), another character outside it its decomposed base letter (e.g. 'ā' -> 'a'), or '?'
    when it has none."""
    text = text.translate(TYPOGRAPHIC)
    try:
        text.encode(ENCODING)
        return text
    except UnicodeEncodeError:
        out = []
        for char in text:
            try:
                char.encode(ENCODING)
                out.append(char)
            except UnicodeEncodeError:
                base = unicodedata.normalize("NFKD", char).encode(ENCODING, "ignore").decode(ENCODING)
                out.append(base or "?")
        return "".join(out)


class _Pdf(FPDF):
    def __init__(self, footer_text: str) -> None:
        super().__init__(format="A4")
        self._footer_text = footer_text
        self.core_fonts_encoding = ENCODING

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, size=8)
        self.set_text_color(90, 90, 90)
        text = self._footer_text.replace("{page}", str(self.page_no()))
        self.cell(0, 6, _printable(text), align="C")


class _Writer:
    def __init__(self, pdf: _Pdf, lang: str) -> None:
        self.pdf = pdf
        self.lang = lang
        self.sources = load_rulebook().sources

    def say(self, msg: str, params: Mapping[str, Any] | None = None) -> str:
        return render(msg, params or {}, self.lang)

    def title(self, text: str) -> None:
        self.pdf.set_font(FONT, "B", 15)
        self.pdf.multi_cell(0, 7, _printable(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.pdf.ln(1)

    def heading(self, text: str) -> None:
        self.pdf.ln(3)
        self.pdf.set_font(FONT, "B", 11.5)
        self.pdf.multi_cell(0, 6, _printable(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.pdf.ln(0.5)

    def para(self, text: str, bold: bool = False, size: float = 10) -> None:
        self.pdf.set_font(FONT, "B" if bold else "", size)
        self.pdf.set_text_color(0, 0, 0)
        self.pdf.multi_cell(0, 5, _printable(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def source(self, line: Line) -> None:
        source = self._title(line.source.id, line.source.title)
        if line.reported_by is None:
            text = self.say("doc.statement.source", {"source": source})
        else:
            reported = self._title(line.reported_by.id, line.reported_by.title)
            text = self.say("doc.statement.source_reported", {"source": source, "reported_by": reported})
        self.pdf.set_font(FONT, "I", 8.5)
        self.pdf.set_text_color(70, 70, 70)
        self.pdf.set_x(self.pdf.l_margin + 5)
        self.pdf.multi_cell(0, 4.2, _printable(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.pdf.set_text_color(0, 0, 0)

    def lines(self, lines: Iterable[Line]) -> None:
        for line in lines:
            self.pdf.set_font(FONT, "", 10)
            text = self.say(line.msg, line.params)
            if line.amount:  # a rule's own line (amount 0) carries no amount
                text = f"{text}  [{_signed(line.amount, self.lang)}]"
            self.pdf.multi_cell(0, 5, _printable(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.source(line)
            self.pdf.ln(0.8)

    def _title(self, source_id: str, fallback: str) -> str:
        known = self.sources.get(source_id)
        return known.title_in(self.lang) if known is not None else fallback


def _signed(amount: Decimal, lang: str) -> str:
    text = render("unit.credits", {"count": abs(amount)}, lang)
    return f"-{text}" if amount < 0 else f"+{text}" if amount > 0 else text


def insurance_percent(triennium: str) -> Fraction:
    """The insurance share of ``triennium`` as a percentage (70), read from the rules data."""
    start = get_triennium(triennium).start
    return load_rulebook().at("thresholds.insurance", start).share() * 100


def statement_pdf(
    result: ComplianceResult | None,
    as_of: dt.date,
    lang: str,
    insurer: InsurerView | None = None,
    triennium: str | None = None,
    deadline: dt.date | None = None,
    computed: dt.date | None = None,
) -> bytes:
    """The statement as PDF bytes, every text in ``lang`` ("it" or "en").

    ``result`` is the rule book's compliance result for the triennium (None only when the insurer looks
    at no triennium yet, as before 2023-2025); ``insurer`` is given for the insurer's statement (title,
    and the section saying which triennium and why); ``triennium`` names the triennium when ``result``
    is None, and when that is None too (no triennium measured yet) the insurer's title names none.
    ``as_of`` is the day the statement speaks of (the rules and deadlines in force then); ``computed``
    is the day it was made (default ``as_of``), which dates the file too, so the same inputs on the same
    day give the same bytes; a different ``as_of`` is said on a line of its own. ``deadline``, until
    when the triennium can still be completed (None when it is closed), is said next to what is missing.
    """
    made = computed or as_of
    named = result.triennium if result is not None else triennium
    # fpdf2 replaces "{nb}" with the page count; the footer puts in each page's number.
    footer = render("doc.statement.page", {"page": "{page}", "pages": "{nb}"}, lang)
    pdf = _Pdf(footer)
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(True, margin=18)
    if named is None:
        # Before 2023-2025 an insurer measures no triennium (§11.5): a title without one ("triennio -"
        # read as a fault); the section below says which triennium is first measured.
        title = render("doc.statement.insurance_title_none", {}, lang)
    else:
        title_msg = (
            "doc.statement.insurance_title" if insurer is not None else "doc.statement.triennium_title"
        )
        title = render(title_msg, {"triennium": named}, lang)
    pdf.set_title(_printable(title))
    pdf.set_subject(_printable(render("doc.statement.subject", {}, lang)))
    pdf.set_lang(lang)
    pdf.set_creator("ECM tracker")
    # A fixed creation date: the same records and rules on the same day give the same file.
    pdf.set_creation_date(dt.datetime.combine(made, dt.time(12), dt.UTC))
    pdf.add_page()
    write = _Writer(pdf, lang)
    write.title(title)
    write.para(write.say("doc.statement.computed", {"day": made.isoformat(), "version": rulebook_version()}))
    if as_of != made:
        write.para(write.say("doc.statement.as_of", {"as_of": as_of.isoformat()}))

    if insurer is not None:
        write.heading(write.say("doc.statement.which_triennium"))
        write.para(write.say(insurer.sentence.msg, insurer.sentence.params))
        write.pdf.ln(0.8)
        write.lines([insurer.rule])

    if result is not None:
        _compliance_sections(write, result, deadline)

    write.pdf.ln(4)
    write.para(write.say("api.notice"), bold=True, size=9.5)
    return bytes(pdf.output())


def _compliance_sections(write: _Writer, result: ComplianceResult, deadline: dt.date | None) -> None:
    obligation = result.obligation
    write.heading(write.say("doc.statement.obligation"))
    write.lines(obligation.lines)
    write.para(write.say("doc.statement.obligation_total", {"obligation": obligation.obligation}), bold=True)

    write.heading(write.say("doc.statement.credits"))
    write.lines(result.credit_lines)  # the first line counts the records, even when there are none
    counts = {"recorded": result.recorded, "counted": result.counted}
    write.para(write.say("doc.statement.counted_total", counts), bold=True)

    write.heading(write.say("doc.statement.results"))
    percent: Fraction | None = None
    reading = result.insurance_notice  # from when an insurer looks at this triennium's 70 % (§11.5)
    # Nothing of this triennium entered is not "0 earned": no verdict and no "missing" figures (a
    # review read "non raggiunta, mancano 105" on a statement of a triennium with no credit entered).
    unknown = result.recorded == 0 and obligation.obligation > 0
    if unknown:
        _targets_without_credits(write, result, deadline)
        return
    if result.insurance_threshold is None:
        write.para(write.say("doc.statement.insurance_none", {"triennium": result.triennium}))
    elif obligation.obligation == 0 and reading is not None:
        write.para(write.say(reading.msg, reading.params))  # nothing owed: no threshold to meet
    else:
        percent = insurance_percent(result.triennium)
        params = {"percent": percent, "threshold": result.insurance_threshold, "counted": result.counted}
        met = "doc.statement.insurance_met" if result.insurance_ok else "doc.statement.insurance_not_met"
        write.para(write.say(met, params))
        if reading is not None:
            write.para(write.say(reading.msg, reading.params))
    full = "doc.statement.full_met" if result.certifiable else "doc.statement.full_not_met"
    write.para(write.say(full, {"obligation": obligation.obligation, "counted": result.counted}))

    write.heading(write.say("doc.statement.missing"))
    nothing = True
    if percent is not None and result.missing_for_insurance:
        nothing = False
        missing = {"percent": percent, "missing": result.missing_for_insurance}
        write.para(write.say("doc.statement.missing_insurance", missing))
    if result.missing:
        nothing = False
        write.para(write.say("doc.statement.missing_full", {"missing": result.missing}))
    if nothing:
        write.para(write.say("doc.statement.nothing_missing"))
    if deadline is not None and not nothing:
        write.para(write.say("doc.statement.deadline", {"deadline": deadline.isoformat()}))


def _targets_without_credits(write: _Writer, result: ComplianceResult, deadline: dt.date | None) -> None:
    """Results and what is missing for a triennium with no credit recorded: the targets, no verdict."""
    if result.insurance_threshold is not None:
        params = {"percent": insurance_percent(result.triennium), "threshold": result.insurance_threshold}
        write.para(write.say("doc.statement.insurance_unknown", params))
        if result.insurance_notice is not None:
            write.para(write.say(result.insurance_notice.msg, result.insurance_notice.params))
    else:
        write.para(write.say("doc.statement.insurance_none", {"triennium": result.triennium}))
    write.para(write.say("doc.statement.full_unknown", {"obligation": result.obligation.obligation}))
    write.heading(write.say("doc.statement.missing"))
    write.para(write.say("doc.statement.missing_unknown", {"triennium": result.triennium}))
    if deadline is not None:
        write.para(write.say("doc.statement.deadline", {"deadline": deadline.isoformat()}))
