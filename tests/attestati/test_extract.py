"""The extractor on real PDFs: every field right or absent, never wrong.

Expected values are written by hand from the text each fixture draws (tests/attestati/pdfs.py).
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from functions.attestati.fields import Attestato
from functions.attestati.reader import read_attestato

from .pdfs import LAYOUTS, column, draw

FIELDS = [
    "event_code",
    "edition",
    "provider_name",
    "provider_number",
    "title",
    "start_date",
    "end_date",
    "hours",
    "credits",
    "credits_year",
    "event_credits",
    "profession",
    "discipline",
]


def values(result: Attestato) -> dict[str, Any]:
    found: dict[str, Any] = {name: getattr(result, name) for name in FIELDS}
    out = {name: f.value for name, f in found.items() if f is not None}
    if result.roles:
        out["roles"] = [r.value for r in result.roles]
    return out


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_each_layout_reads_every_field_it_states_and_nothing_else(layout: str) -> None:
    data, expected = LAYOUTS[layout]()
    assert values(read_attestato(data)) == expected


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_each_field_says_where_it_was_read(layout: str) -> None:
    data, _ = LAYOUTS[layout]()
    result = read_attestato(data)
    for name in FIELDS:
        found = getattr(result, name)
        if found is not None:
            assert 1 <= found.page <= result.pages
            assert len(found.text) <= 240
            # The snippet holds the value as written (numbers and dates in their printed form aside).
            if isinstance(found.value, str) and not found.value[:4].isdigit():
                assert found.value in found.text, (name, found)


def test_fields_on_the_second_page_name_that_page() -> None:
    data, _ = LAYOUTS["fad"]()
    result = read_attestato(data)
    assert result.pages == 2
    assert result.credits is not None and result.credits.page == 2
    assert result.credits.text == "Crediti formativi n. 15"
    assert result.event_code is not None and result.event_code.page == 1


def one_line(*lines: str) -> Attestato:
    return read_attestato(draw([column(["ATTESTATO DI PARTECIPAZIONE ECM", *lines])]))


@pytest.mark.parametrize(
    ("line", "credits"),
    [
        ("ha conseguito 7,8 crediti", 7.8),
        ("crediti formativi n. 12", 12.0),
        ("Crediti ECM: 12,5", 12.5),
        ("ha acquisito 24 (ventiquattro) crediti formativi", 24.0),
        ("sono stati attribuiti n. 3,2 crediti ECM", 3.2),
        ("crediti ECM pari a 10", 10.0),
        ("ha ottenuto 1 credito", 1.0),
        ("Totale crediti: 50", 50.0),
    ],
)
def test_italian_credit_formats(line: str, credits: float) -> None:
    result = one_line(line)
    assert result.credits is not None and result.credits.value == credits
    assert result.credits.text == line


@pytest.mark.parametrize(
    ("line", "code", "edition"),
    [
        ("Codice evento: 1234-567890", "1234-567890", None),
        ("Codice evento: 1234-567890-2", "1234-567890", 2),
        ("Codice evento: 1234 - 567890 - 3", "1234-567890", 3),
        ("ID evento 1234-567890 edizione n. 4", "1234-567890", 4),
        ("Cod. ECM 59-123456 ed. 2", "59-123456", 2),
        ("Evento ECM n. 6012-22", "6012-22", None),
        ("Riferimento evento: 321-7654, 2ª edizione", "321-7654", 2),
    ],
)
def test_event_code_with_and_without_edition(line: str, code: str, edition: int | None) -> None:
    result = one_line(line)
    assert result.event_code is not None and result.event_code.value == code
    assert (result.edition.value if result.edition else None) == edition


@pytest.mark.parametrize(
    "line",
    [
        "Roma, 20/05/2024",  # the signature's date is not the event's
        "Protocollo 2024-05-10",  # a number shaped like a code, without the event code's label
        "Telefono 06-1234567",
        "Data di stampa: 10/06/2024",
        "Pagina 1 di 2",
    ],
)
def test_unlabelled_numbers_and_dates_stay_unread(line: str) -> None:
    assert values(one_line(line)) == {}


def test_two_different_credit_figures_without_a_total_are_left_absent() -> None:
    result = one_line("Relatore: 1 credito", "Moderatore: 0,5 crediti")
    assert result.credits is None


def test_day_range_in_words_takes_the_end_dates_month() -> None:
    result = one_line("evento ECM svoltosi dal 3 al 5 marzo 2025")
    assert result.start_date is not None and result.start_date.value == "2025-03-03"
    assert result.end_date is not None and result.end_date.value == "2025-03-05"


@pytest.mark.parametrize(
    "line",
    [
        "evento ECM svoltosi dal 30/02/2025 al 31/02/2025",
        "evento ECM svoltosi dal 31 al 5 febbraio 2025",  # day 31 of February
        "evento ECM svoltosi dal 12/06/2025 al 10/06/2025",  # ends before it starts
    ],
)
def test_an_impossible_date_is_not_read(line: str) -> None:
    result = one_line(line)
    assert result.start_date is None and result.end_date is None


def test_a_single_day_event_starts_and_ends_that_day() -> None:
    result = one_line("evento ECM svoltosi a Milano il 7 ottobre 2025")
    assert result.start_date is not None and result.end_date is not None
    assert result.start_date.value == result.end_date.value == "2025-10-07"


# Words of ordinary documents (a meeting notice, an invoice) with numbers, dates and labels that are not
# ECM's; a document without "ECM", "crediti formativi", "provider", Agenas or Co.Ge.A.P.S. is not read.
SENTENCE = (
    "riunione condominio verbale fattura importo euro totale sala ore giorno dal al il data durata titolo "
    "codice evento edizione ruolo partecipante docente n. anno per l'anno professione disciplina crediti "
    "10/05/2024 12 maggio 2025 7,8 12 1234-5678 59-123456-2 2024 : - « » ( )"
)
WORDS = SENTENCE.split()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.sampled_from(WORDS), min_size=3, max_size=12), min_size=3, max_size=15))
def test_a_pdf_without_ecm_content_yields_no_fields(lines: list[list[str]]) -> None:
    text = ["Verbale della riunione ordinaria", *(" ".join(words) for words in lines)]
    result = read_attestato(draw([column(text)]))
    assert result.ecm is False
    assert values(result) == {}


def test_extraction_time_per_page_is_printed() -> None:
    data, _ = LAYOUTS["national"]()
    started = time.perf_counter()
    runs = 20
    for _ in range(runs):
        read_attestato(data)
    per_page = (time.perf_counter() - started) / runs
    print(f"extraction: {per_page * 1000:.1f} ms per page (national layout, {runs} runs)")
    assert per_page < 2.0  # a sanity bound far above the figure, not a timing target
