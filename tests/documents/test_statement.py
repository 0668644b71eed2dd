"""The statement PDF builder (functions/documents/statement.py): fonts, encoding, determinism."""

from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader

from functions.documents.statement import ENCODING, TYPOGRAPHIC, _printable, statement_pdf
from functions.rulebook import evaluate_compliance, render
from functions.rulebook.messages import catalogue
from functions.rulebook.models import ComplianceInput


def test_every_text_the_statement_prints_fits_the_core_fonts() -> None:
    # The PDF uses the core Helvetica font (no font file to package); its encoding must hold every
    # catalogue text once its typographic signs (the minus sign) take their plain spelling, so that no
    # Italian letter is ever replaced.
    for definition in catalogue().values():
        for template in definition.templates.values():
            forms = [template] if isinstance(template, str) else list(template.values())
            for form in forms:
                # Raises, naming the character, if one does not fit.
                str(form).translate(TYPOGRAPHIC).encode(ENCODING)
    assert render("doc.statement.missing_full", {"missing": 60}, "it") == "Per il 100 %: mancano 60 crediti"


def test_a_character_outside_the_encoding_becomes_its_base_letter() -> None:
    assert _printable("Università «è» – €") == "Università «è» – €"
    # ó is in the encoding; ź and ā decompose to z and a; Ł has no decomposition: "?".
    assert _printable("Łódź ā") == "?ódz a"
    assert _printable("≥ 40 − 2") == ">= 40 - 2"
    assert _printable("≈ 40") == "? 40"


def test_the_same_result_on_the_same_day_gives_the_same_file() -> None:
    result = evaluate_compliance(ComplianceInput(triennium="2023-2025"))
    first = statement_pdf(result, dt.date(2026, 11, 29), "it")
    assert first == statement_pdf(result, dt.date(2026, 11, 29), "it")
    reader = PdfReader(io.BytesIO(first))
    assert reader.metadata is not None
    assert reader.metadata.title == "Riepilogo ECM del triennio 2023-2025"
    english = PdfReader(io.BytesIO(statement_pdf(result, dt.date(2026, 11, 29), "en")))
    text = " ".join(english.pages[0].extract_text().split())
    assert "ECM summary of the triennium 2023-2025" in text
    assert "Computed on 29 November 2026" in text
    assert "Page 1 of 1" in text
