"""Real PDFs for the extractor's tests, drawn with reportlab in the layouts providers use.

Each builder returns (pdf bytes, expected fields). The expected values are written here by hand from
the text the builder draws (the event code's shape from ecm-rules.md 11.9), never from the extractor.
A field missing from ``expected`` must come back absent.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

Expected = dict[str, Any]
WIDTH, HEIGHT = A4


def draw(pages: list[list[tuple[float, float, str]]], size: int = 11, **canvas_options: Any) -> bytes:
    """A PDF whose page i has the strings (x, y from the top, text) of pages[i], in Helvetica."""
    out = BytesIO()
    canvas = Canvas(out, pagesize=A4, **canvas_options)
    for lines in pages:
        canvas.setFont("Helvetica", size)
        for x, y, text in lines:
            canvas.drawString(x, HEIGHT - y, text)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def column(
    lines: list[str], x: float = 60, top: float = 70, step: float = 18
) -> list[tuple[float, float, str]]:
    return [(x, top + i * step, text) for i, text in enumerate(lines) if text is not None]


def national() -> tuple[bytes, Expected]:
    """A national provider's attestato (accredited by Agenas): prose, code and edition as separate words."""
    lines = [
        "Provider ECM n. 1234 – Formazione Sanitaria Italiana S.r.l.",
        "accreditato presso la Commissione Nazionale per la Formazione Continua",
        "",
        "ATTESTATO DI PARTECIPAZIONE",
        "Si attesta che il/la Dott./Dott.ssa MARIA BIANCHI",
        "Professione: Medico chirurgo",
        "Disciplina: Cardiologia",
        "ha partecipato in qualità di PARTECIPANTE all'evento formativo residenziale",
        "“Scompenso cardiaco: dalla diagnosi alla terapia”",
        "ID evento: 1234-98765 Edizione: 1",
        "svoltosi a Roma dal 10/05/2024 al 11/05/2024, durata: 12 ore",
        "Obiettivo formativo nazionale n. 18",
        "avendo superato la verifica dell'apprendimento, acquisendo 15 crediti formativi ECM",
        "per l'anno 2024.",
        "",
        "Roma, 20/05/2024                         Il Legale Rappresentante",
    ]
    expected = {
        "event_code": "1234-98765",
        "edition": 1,
        "provider_name": "Formazione Sanitaria Italiana S.r.l.",
        "provider_number": "1234",
        "title": "Scompenso cardiaco: dalla diagnosi alla terapia",
        "start_date": "2024-05-10",
        "end_date": "2024-05-11",
        "hours": 12.0,
        "roles": ["partecipante"],
        "credits": 15.0,
        "credits_year": 2024,
        "profession": "Medico chirurgo",
        "discipline": "Cardiologia",
    }
    return draw([column(lines)]), expected


def regional() -> tuple[bytes, Expected]:
    """The regional platform's layout (Veneto, 11.9): label/value rows, COD_PROVIDER-ID_EVENTO-n code."""
    rows = [
        ("Regione del Veneto – Sistema ECM regionale", ""),
        ("ATTESTATO ECM", ""),
        ("Provider:", "AZIENDA ULSS 6 EUGANEA (cod. 59)"),
        ("Codice evento:", "59-123456-2"),
        ("Titolo:", "Gestione del rischio clinico in corsia"),
        ("Data inizio:", "03/03/2025"),
        ("Data fine:", "04/04/2025"),
        ("Ore formative:", "7,5"),
        ("Partecipante:", "ROSSI LUCA"),
        ("Professione/Disciplina:", "Infermiere / Infermiere"),
        ("Ruolo:", "Docente"),
        ("Crediti ECM:", "7,8"),
        ("Anno di competenza:", "2025"),
        ("Obiettivo nazionale:", "6 - Sicurezza del paziente, risk management"),
    ]
    lines = [(60.0, 70.0 + i * 20, f"{label} {value}".strip()) for i, (label, value) in enumerate(rows)]
    expected = {
        "event_code": "59-123456",
        "edition": 2,
        "provider_name": "AZIENDA ULSS 6 EUGANEA",
        "provider_number": "59",
        "title": "Gestione del rischio clinico in corsia",
        "start_date": "2025-03-03",
        "end_date": "2025-04-04",
        "hours": 7.5,
        "roles": ["docente"],
        "credits": 7.8,
        "credits_year": 2025,
        "profession": "Infermiere",
        "discipline": "Infermiere",
    }
    return draw([lines]), expected


def fad() -> tuple[bytes, Expected]:
    """An online FAD platform's attestato: two pages, «» title, 'crediti formativi n. 15'."""
    page1 = [
        "SanitàOnline – piattaforma FAD",
        "Provider n. 4321 – Sanità Online S.p.A.",
        "ATTESTATO DI FORMAZIONE A DISTANZA",
        "Si certifica che GIULIA VERDI, Professione: Farmacista",
        "ha completato in qualità di discente il corso FAD",
        "«Antibiotico-resistenza: uso appropriato degli antimicrobici»",
        "Evento n. 4321-445566",
        "fruibile dal 1 gennaio 2025 al 31 dicembre 2025",
        "Ore formative: 10",
    ]
    page2 = [
        "Crediti formativi n. 15",
        "Crediti acquisiti per l'anno 2025",
        "Questo attestato è generato automaticamente dalla piattaforma.",
    ]
    expected = {
        "event_code": "4321-445566",
        "provider_name": "Sanità Online S.p.A.",
        "provider_number": "4321",
        "title": "Antibiotico-resistenza: uso appropriato degli antimicrobici",
        "start_date": "2025-01-01",
        "end_date": "2025-12-31",
        "hours": 10.0,
        "roles": ["discente"],
        "credits": 15.0,
        "credits_year": 2025,
        "profession": "Farmacista",
    }
    return draw([column(page1), column(page2)]), expected


def congress() -> tuple[bytes, Expected]:
    """A congress's attestato with several roles and credits per role, and the total."""
    lines = [
        "XXV Congresso Nazionale della Società Italiana di Cardiologia",
        "Provider: Società Italiana di Cardiologia – ID 555",
        "Codice evento 555-300100",
        "tenutosi a Bologna dal 12 al 14 giugno 2025 (durata: 18 ore)",
        "Si attesta che il Dott. PAOLO NERI",
        "Professione: Medico chirurgo",
        "Disciplina: Cardiologia",
        "ha preso parte al congresso in qualità di: Partecipante, Relatore, Moderatore",
        "Partecipante (12-14/06/2025): 4,5 crediti",
        "Relatore (sessione del 13/06/2025): 1 credito",
        "Moderatore (sessione del 14/06/2025): 0,5 crediti",
        "Totale crediti acquisiti: 6",
        "Crediti assegnati all'evento: 9",
        "I crediti sono riconosciuti per l'anno 2025.",
    ]
    expected = {
        "event_code": "555-300100",
        "provider_name": "Società Italiana di Cardiologia",
        "provider_number": "555",
        "start_date": "2025-06-12",
        "end_date": "2025-06-14",
        "hours": 18.0,
        "roles": ["partecipante", "relatore", "moderatore"],
        "credits": 6.0,
        "event_credits": 9.0,
        "credits_year": 2025,
        "profession": "Medico chirurgo",
        "discipline": "Cardiologia",
    }
    return draw([column(lines)], size=10), expected


def two_columns() -> tuple[bytes, Expected]:
    """Event data on the left, the professional's on the right, drawn row by row (as report tools do)."""
    left = [
        "Provider: MedEdu Srl",
        "Codice evento: 2020-77001-3",
        "Titolo: Ecografia clinica di base",
        "Data inizio: 05/02/2026",
        "Data fine: 06/02/2026",
        "Durata: 14 ore",
    ]
    right = [
        "Nome: ANNA GIALLI",
        "Professione: Fisioterapista",
        "Disciplina: Fisioterapista",
        "Ruolo: Partecipante",
        "Crediti ECM: 16,8",
        "Anno di competenza: 2026",
    ]
    lines = [(50.0, 60.0, "ATTESTATO DI PARTECIPAZIONE ECM")]
    for i, (a, b) in enumerate(zip(left, right, strict=True)):
        lines += [(50.0, 100.0 + i * 20, a), (310.0, 100.0 + i * 20, b)]
    expected = {
        "event_code": "2020-77001",
        "edition": 3,
        "provider_name": "MedEdu Srl",
        "title": "Ecografia clinica di base",
        "start_date": "2026-02-05",
        "end_date": "2026-02-06",
        "hours": 14.0,
        "roles": ["partecipante"],
        "credits": 16.8,
        "credits_year": 2026,
        "profession": "Fisioterapista",
        "discipline": "Fisioterapista",
    }
    return draw([lines]), expected


LAYOUTS = {
    "national": national,
    "regional": regional,
    "fad": fad,
    "congress": congress,
    "two_columns": two_columns,
}
