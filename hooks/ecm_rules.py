"""MkDocs hook: every rule number on the guide comes from the rule book at build time.

Markers understood in the Markdown pages (nothing else may carry a rule number):

- ``{{ rule("event.res.congress.per_hour") }}``: the value in force today, linked to its source, with its
  confidence when it is not HIGH. Optional arguments: a date (``"2019-01-01"``, second positional or
  ``date=``), ``key="per_hour"`` for one field of a structured value (dotted for nested fields),
  ``unit=False`` to drop the unit, ``fmt="percent"`` to show a share as a percentage.
- ``<!-- rules-table: event.res -->``: the parameters under a prefix, with value, date, source, confidence.
- ``<!-- rule-history: obligation.covid obligation.base -->``: every dated value of the listed parameters.
- ``<!-- trienni-table -->``: the trienni with their deadlines and base obligation.
- ``<!-- event-example: {json EventInput} -->`` and ``<!-- obligation-example: {json ObligationInput} -->``:
  a worked example computed by the rule book engine, with its explanation lines.
- ``<!-- sources-list -->``: every document the rule book cites.
- ``<!-- openapi-reference -->``: the API reference from the committed OpenAPI document.

Front matter: ``last_verified: YYYY-MM-DD`` (required on every page) and ``estimate: true`` on pages
that show results (adds the statement that results are estimates and that the Ordine certifies).

The hook also publishes the rules export and the conformance vectors at ``assets/data/`` for the
browser calculators.
"""

from __future__ import annotations

import ast
import gzip
import html
import importlib
import importlib.util
import json
import logging
import os
import posixpath
import re
import sys
import types
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from babel import dates as babel_dates
from babel import numbers as babel_numbers
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.hooks.ecm_rules")

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

GENERATED = ROOT / "functions" / "rulebook" / "generated"
OPENAPI_CANDIDATES = (
    ROOT / "openapi" / "openapi.json",
    ROOT / "openapi.json",
    ROOT / "docs" / "openapi.json",
)
PLACEHOLDER_SCRIPTS = ("assets/javascripts/ecm-engine.js", "assets/javascripts/ecm-calculators.js")

RULE_MARKER = re.compile(r"\{\{\s*rule\((?P<args>.*?)\)\s*\}\}")
COMMENT_MARKER = re.compile(r"<!--\s*(?P<name>[a-z-]+)(?::(?P<arg>.*?))?\s*-->", re.DOTALL)
# Fenced code blocks and inline code are documentation of the markers, never replaced.
CODE = re.compile(r"^(`{3,}|~{3,}).*?^\1[ \t]*$|`[^`\n]+`", re.MULTILINE | re.DOTALL)
KNOWN_COMMENTS = {
    "rules-table",
    "rule-history",
    "trienni-table",
    "event-example",
    "obligation-example",
    "compliance-example",
    "sources-list",
    "today",
    "contact",
    "openapi-reference",
    "professions",
}

# ---------------------------------------------------------------------------------------------------
# Words
# ---------------------------------------------------------------------------------------------------

UNITS: dict[str, dict[str, str]] = {
    "credits/hour": {"it": "crediti/ora", "en": "credits/hour"},
    "credits": {"it": "crediti", "en": "credits"},
    "participants": {"it": "partecipanti", "en": "participants"},
    "hours": {"it": "ore", "en": "hours"},
    "days": {"it": "giorni", "en": "days"},
    "years": {"it": "anni", "en": "years"},
    "credits/session": {"it": "crediti per sessione", "en": "credits per session"},
    "credits/month": {"it": "crediti al mese", "en": "credits per month"},
    "hours/credit": {"it": "ore per credito", "en": "hours per credit"},
}
KEY_UNITS: dict[str, str] = {
    "per_hour": "credits/hour",
    "credits": "credits",
    "reduction": "credits",
    "max_participants": "participants",
    "min": "credits",
    "max": "credits",
    "max_days": "days",
    "days": "days",
    "min_days": "days",
    "unit_minutes": "minutes",
    "unit_hours": "hours",
    "per_month": "credits/month",
    "max_credits": "credits",
    "build": "credits",
    "carry": "credits",
    "all_three": "credits",
    "since_2017": "credits",
    "since_2020": "credits",
    "learners_per_teacher": "learners",
    "min_attendance_days": "days",
    "share": "share",
    "lead": "credits",
    "other": "credits",
}
UNITS["minutes"] = {"it": "minuti", "en": "minutes"}
UNITS["euro/year"] = {"it": "euro l'anno", "en": "euro a year"}
UNITS["age"] = {"it": "anni", "en": "years"}
KEY_UNITS["income_max"] = "euro/year"
KEY_UNITS["cogeaps_from_age"] = "age"
UNITS["learners"] = {"it": "discenti", "en": "learners"}

KEYS: dict[str, dict[str, str]] = {
    "per_hour": {"it": "crediti/ora", "en": "credits/hour"},
    "max_participants": {"it": "fino a partecipanti", "en": "up to participants"},
    "learners_per_teacher": {"it": "discenti per docente", "en": "learners per teacher"},
    "unit_minutes": {"it": "ogni minuti", "en": "every minutes"},
    "unit_hours": {"it": "ogni ore", "en": "every hours"},
    "credits": {"it": "crediti", "en": "credits"},
    "per_month": {"it": "crediti al mese", "en": "credits per month"},
    "max_credits": {"it": "massimo crediti", "en": "maximum credits"},
    "max_days": {"it": "fino a giorni", "en": "up to days"},
    "min": {"it": "da", "en": "from"},
    "max": {"it": "a", "en": "to"},
    "reduction": {"it": "riduzione", "en": "reduction"},
    "individual": {"it": "individuale", "en": "individual"},
    "group": {"it": "di gruppo", "en": "group"},
    "build": {"it": "costruzione", "en": "building"},
    "carry": {"it": "realizzazione (triennio successivo)", "en": "carrying out (next triennium)"},
    "build_years": {"it": "anni di costruzione", "en": "years for building"},
    "all_three": {"it": "in regola 2014-2022", "en": "in good standing 2014-2022"},
    "since_2017": {"it": "obbligo dal 2017-2019", "en": "obligation since 2017-2019"},
    "since_2020": {"it": "obbligo dal 2020-2022", "en": "obligation since 2020-2022"},
    "status_date": {"it": "situazione al", "en": "status on"},
    "share": {"it": "quota", "en": "share"},
    "min_attendance_days": {"it": "frequenza minima (giorni)", "en": "minimum attendance (days)"},
    "mode": {"it": "modalità", "en": "mode"},
    "days": {"it": "ogni giorni", "en": "every days"},
    "min_days": {"it": "giorni minimi nel mese", "en": "minimum days in the month"},
    "indexed": {"it": "rivista indicizzata", "en": "indexed journal"},
    "journal": {"it": "rivista non indicizzata o atti", "en": "non-indexed journal or proceedings"},
    "book": {"it": "libro o capitolo", "en": "book or chapter"},
    "lead": {"it": "primo o ultimo autore", "en": "first or last author"},
    "other": {"it": "altro autore", "en": "other author"},
    "creditors": {"it": "trienni che cedono", "en": "trienni giving"},
    "debtors": {"it": "trienni che ricevono", "en": "trienni receiving"},
    "deadline": {"it": "scadenza", "en": "deadline"},
    "deadlines": {"it": "scadenze", "en": "deadlines"},
    "id": {"it": "triennio", "en": "triennium"},
    "start": {"it": "inizio", "en": "start"},
    "end": {"it": "fine", "en": "end"},
    "first_triennium": {"it": "primo triennio misurato", "en": "first triennium measured"},
    "policies_from": {"it": "polizze dal", "en": "policies from"},
}
TEXT: dict[str, dict[str, str]] = {
    "rule": {"it": "Regola", "en": "Rule"},
    "value": {"it": "Valore", "en": "Value"},
    "from": {"it": "Da quando vale", "en": "Applies from"},
    "applies": {"it": "{d}", "en": "from {d}"},
    "act": {"it": "data dell'atto: {d}", "en": "act dated {d}"},
    "no_legal_date": {
        "it": "data dell'atto non nota: il valore è usato per calcolare i periodi precedenti",
        "en": "date of the act not known: the value is used to compute earlier periods",
    },
    "source": {"it": "Fonte", "en": "Source"},
    "rule_checked": {"it": "regola verificata il {d}", "en": "rule checked on {d}"},
    "confidence": {"it": "Affidabilità", "en": "Confidence"},
    "note": {"it": "Nota", "en": "Note"},
    "no_rule": {"it": "nessuna regola", "en": "no rule"},
    "yes": {"it": "sì", "en": "yes"},
    "source_of": {"it": "Fonte", "en": "Source"},
    "verified": {"it": "Ultima verifica dei contenuti", "en": "Content last verified"},
    "estimate_title": {"it": "Stima, non certificazione", "en": "An estimate, not a certification"},
    "estimate": {
        "it": "I risultati di questa pagina sono stime calcolate dalle regole pubblicate, con le fonti "
        "indicate. Solo l'Ordine professionale certifica il tuo stato formativo, sulla base dei dati "
        "di Co.Ge.A.P.S.: controlla sempre lì prima di decidere.",
        "en": "The results on this page are estimates computed from the published rules, with their "
        "sources. Only your Ordine (professional board) certifies your training status, from the "
        "Co.Ge.A.P.S. registry: always check there before you decide anything.",
    },
    "example": {"it": "Esempio calcolato", "en": "Worked example"},
    "input": {"it": "Dati dell'esempio", "en": "Example input"},
    "step": {"it": "Passaggio", "en": "Step"},
    "amount": {"it": "Crediti", "en": "Credits"},
    "result_event": {"it": "Crediti dell'evento", "en": "Credits for the event"},
    "result_obligation": {"it": "Obbligo individuale", "en": "Individual obligation"},
    "result_counted": {"it": "Crediti che contano", "en": "Credits that count"},
    "certifiable": {"it": "Obbligo soddisfatto (stima)", "en": "Obligation met (estimate)"},
    "missing": {"it": "Crediti mancanti", "en": "Credits still missing"},
    "radioprotection_minimum": {
        "it": "Minimo in radioprotezione del paziente",
        "en": "Minimum on radioprotection of the patient",
    },
    "radioprotection": {"it": "Crediti in radioprotezione", "en": "Credits on radioprotection"},
    "insurance_threshold": {"it": "Soglia assicurativa (crediti)", "en": "Insurance threshold (credits)"},
    "insurance_ok": {"it": "Soglia assicurativa raggiunta", "en": "Insurance threshold reached"},
    "missing_insurance": {
        "it": "Mancano per la soglia assicurativa",
        "en": "Missing for the insurance threshold",
    },
    "outcome": {"it": "Esito", "en": "Outcome"},
    "uncertain": {
        "it": "Almeno una regola usata non è confermata da una fonte ufficiale: vedi il metodo.",
        "en": "At least one rule used is not confirmed by an official source: see the method page.",
    },
    "warnings": {"it": "Avvertenze", "en": "Warnings"},
    "triennium": {"it": "Triennio", "en": "Triennium"},
    "start": {"it": "Inizio", "en": "Start"},
    "end": {"it": "Fine", "en": "End"},
    "deadline": {"it": "Termine per recuperare", "en": "Recovery deadline"},
    "base": {"it": "Obbligo base", "en": "Base obligation"},
    "adjustments": {
        "it": "Riduzioni e bonus principali (massimo)",
        "en": "Main reductions and bonuses (maximum)",
    },
    "adj_covid": {"it": "COVID", "en": "COVID"},
    "adj_previous_met": {"it": "obbligo precedente soddisfatto", "en": "previous obligation met"},
    "adj_dossier": {"it": "dossier individuale", "en": "individual dossier"},
    "adj_premialita": {"it": "premialità", "en": "premialità"},
    "none": {"it": "–", "en": "–"},
    "doc": {"it": "Documento", "en": "Document"},
    "cited_by": {"it": "Regole che lo citano", "en": "Rules citing it"},
    "link": {"it": "Collegamento", "en": "Link"},
    "method_page": {"it": "pagina del metodo", "en": "method page"},
    "compensation": {"it": "Con crediti compensativi fino al", "en": "With compensating credits until"},
    "official": {"it": "Testo ufficiale", "en": "Official text"},
    "read_on": {"it": "numero letto su", "en": "number read on"},
}
# Structured texts (several parts per language).
TODAY_TEXT: dict[str, dict[str, str]] = {
    "it": {
        "date": "Aggiornato al {d}.",
        "triennium": "Triennio in corso: {t}, fino al {e}; obbligo base {b}.",
    },
    "en": {
        "date": "Updated on {d}.",
        "triennium": "Triennium in progress: {t}, until {e}; base obligation {b}.",
    },
}
CONTACT_TEXT: dict[str, dict[str, str]] = {
    "it": {
        "email": "scrivi a {link};",
        "issues": "oppure apri una segnalazione pubblica su {link}.",
        "unset": "L'indirizzo per le segnalazioni non è ancora configurato in questa copia del sito.",
    },
    "en": {
        "email": "write to {link};",
        "issues": "or open a public report at {link}.",
        "unset": "The address for reports is not configured in this copy of the site yet.",
    },
}
VALUE_LABELS: dict[str, dict[str, str]] = {
    "half_down": {
        "it": "all'ora più vicina, la mezz'ora per difetto",
        "en": "to the nearest hour, half an hour rounded down",
    },
    "floor": {"it": "per difetto: contano solo le ore intere", "en": "down: only whole hours count"},
    "half_up": {"it": "al decimo più vicino, metà per eccesso", "en": "to the nearest tenth, half up"},
    "criteri-2010": {"it": "Criteri 2010", "en": "2010 criteria"},
    "manuale-2019": {"it": "Manuale nazionale 2019", "en": "2019 national manual"},
}

FIELD_LABELS: dict[str, dict[str, str]] = {
    "type": {"it": "Tipologia", "en": "Type"},
    "role": {"it": "Ruolo", "en": "Role"},
    "date": {"it": "Data dell'evento", "en": "Event date"},
    "end_date": {"it": "Data di fine", "en": "End date"},
    "hours": {"it": "Durata (ore)", "en": "Duration (hours)"},
    "interactive_hours": {"it": "Ore interattive", "en": "Interactive hours"},
    "participants": {"it": "Partecipanti", "en": "Participants"},
    "teachers": {"it": "Docenti", "en": "Teachers"},
    "special_topic": {"it": "Tematica speciale", "en": "Special topic"},
    "concluding_document": {"it": "Documento conclusivo", "en": "Concluding document"},
    "external_tutor": {"it": "Tutor esterno che valida", "en": "External validating tutor"},
    "tutor": {"it": "Con tutor", "en": "With tutor"},
    "teaching_minutes": {"it": "Minuti di docenza", "en": "Teaching minutes"},
    "sessions": {"it": "Sessioni moderate", "en": "Sessions moderated"},
    "months": {"it": "Mesi", "en": "Months"},
    "event_credits": {"it": "Crediti dei partecipanti", "en": "Participants' credits"},
    "stated_credits": {"it": "Crediti dichiarati", "en": "Stated credits"},
    "country": {"it": "Paese (codice ISO)", "en": "Country (ISO code)"},
    "attendance_percent": {"it": "Presenza (%)", "en": "Attendance (%)"},
    "test_score_percent": {"it": "Risposte corrette (%)", "en": "Correct answers (%)"},
    "profession": {"it": "Professione", "en": "Profession"},
    "discipline": {"it": "Disciplina", "en": "Discipline"},
    "employment": {"it": "Rapporto di lavoro", "en": "Employment"},
    "retired_on": {"it": "In pensione dal", "en": "Retired since"},
    "triennium": {"it": "Triennio", "en": "Triennium"},
    "first_registration": {"it": "Prima iscrizione all'Ordine", "en": "First registration"},
    "previous_triennium_credits": {
        "it": "Crediti nel triennio precedente",
        "en": "Credits in the previous triennium",
    },
    "previous_triennium_met": {"it": "Obbligo precedente soddisfatto", "en": "Previous obligation met"},
    "exemptions": {"it": "Esoneri ed esenzioni", "en": "Exemptions"},
    "dossiers": {"it": "Dossier formativo", "en": "Dossier formativo"},
    "credits": {"it": "Crediti registrati", "en": "Recorded credits"},
    "autoformazione": {"it": "autoformazione", "en": "autoformazione"},
    "abroad": {"it": "all'estero", "en": "abroad"},
    "sponsored": {"it": "da reclutamento", "en": "recruited by a sponsor"},
    "during_exemption": {"it": "durante un'esenzione", "en": "during an esenzione"},
    "radioprotection": {"it": "obiettivo radioprotezione", "en": "objective radioprotection"},
    "medical_exposure": {
        "it": "Lavora con esposizioni mediche",
        "en": "Works with medical exposure",
    },
    "radiology_complementary": {
        "it": "Attività radiologica complementare",
        "en": "Complementary radiological activity",
    },
    "kind": {"it": "Tipo", "en": "Kind"},
    "start": {"it": "Dal", "en": "From"},
    "end": {"it": "Al", "en": "To"},
    "reason": {"it": "Motivo", "en": "Reason"},
    "registration_gaps": {"it": "Cancellazione e reiscrizione", "en": "Cancellation and re-registration"},
    "cancelled_on": {"it": "Cancellazione", "en": "Cancellation"},
    "reregistered_on": {"it": "Reiscrizione", "en": "Re-registration"},
    "certified_trienni_at_2025_07_03": {
        "it": "Trienni certificati al 3 luglio 2025",
        "en": "Trienni certified on 3 July 2025",
    },
    "objectives_met": {"it": "Obiettivi del dossier raggiunti", "en": "Dossier objectives met"},
    "built_on": {"it": "Costruito il", "en": "Built on"},
    "attributed_years": {"it": "Anni a cui è attribuito", "en": "Years it is attributed to"},
}
ENUM_LABELS: dict[str, dict[str, str]] = {
    "res_course": {"it": "RES, corso di aggiornamento", "en": "Residential refresher course"},
    "res_congress": {"it": "RES, congresso o convegno", "en": "Residential congress"},
    "res_workshop": {"it": "RES, workshop o seminario", "en": "Residential workshop or seminar"},
    "res_interactive": {"it": "RES interattiva", "en": "Interactive residential training"},
    "fsc_training": {"it": "FSC, training individualizzato", "en": "Individual training (FSC)"},
    "fsc_improvement_group": {"it": "FSC, gruppo di miglioramento", "en": "Improvement group (FSC)"},
    "fsc_improvement_project": {"it": "FSC, progetto di miglioramento", "en": "Improvement project (FSC)"},
    "fsc_research": {"it": "FSC, attività di ricerca", "en": "Research activity (FSC)"},
    "fsc_audit": {"it": "FSC, audit clinico", "en": "Clinical audit (FSC)"},
    "fad_self_study": {"it": "FAD, autoapprendimento senza tutor", "en": "Self-study without tutor"},
    "fad_self_study_tutored": {"it": "FAD, autoapprendimento con tutor", "en": "Self-study with tutor"},
    "fad_elearning": {"it": "FAD e-learning", "en": "E-learning"},
    "fad_webinar": {"it": "FAD sincrona (webinar)", "en": "Webinar (synchronous FAD)"},
    "blended": {"it": "Blended", "en": "Blended"},
    "participant": {"it": "partecipante", "en": "participant"},
    "teacher": {"it": "docente o relatore", "en": "teacher or speaker"},
    "moderator": {"it": "moderatore", "en": "moderator"},
    "scientific_lead": {"it": "responsabile scientifico", "en": "scientific lead"},
    "fsc_tutor": {"it": "tutor FSC", "en": "on-the-job training tutor"},
    "fad_tutor": {"it": "tutor FAD", "en": "e-learning tutor"},
    "classroom_tutor": {
        "it": "tutor d'aula o di FAD sincrona",
        "en": "classroom or synchronous e-learning tutor",
    },
    "abroad": {"it": "Formazione all'estero", "en": "Training abroad"},
    "autoformazione": {"it": "Autoformazione", "en": "Autoformazione"},
    "publication": {"it": "Pubblicazione", "en": "Publication"},
    "clinical_trial": {"it": "Sperimentazione clinica", "en": "Clinical trial"},
    "individual_tutoring": {"it": "Tutoraggio individuale", "en": "Individual tutoring"},
    "esenzione": {"it": "esenzione", "en": "esenzione"},
    "esonero_hours": {
        "it": "esonero orario (corso sotto 60 CFU)",
        "en": "hourly esonero (course under 60 ECTS)",
    },
    "esonero_course": {
        "it": "esonero annuale (corso universitario)",
        "en": "yearly esonero (university course)",
    },
    "individual": {"it": "individuale", "en": "individual"},
    "group": {"it": "di gruppo", "en": "group"},
}


# Reductions and bonuses summarised per triennium in the trienni table (parameter, field or None).
TRIENNIUM_ADJUSTMENTS: tuple[tuple[str, str | None], ...] = (
    ("obligation.covid", None),
    ("obligation.previous_met", None),
    ("obligation.dossier", "individual.build"),
    ("obligation.premialita", "all_three"),
)
LINE_LABELS: dict[str, dict[str, str]] = {
    "caps.recorded": {"it": "Crediti registrati nel triennio", "en": "Credits recorded in the triennium"},
}


def t(key: str, lang: str) -> str:
    return TEXT[key][lang]


# ---------------------------------------------------------------------------------------------------
# Rule book access
# ---------------------------------------------------------------------------------------------------


def _import_parameters() -> types.ModuleType:
    """``functions.rulebook.parameters``; works even while the package's other modules are missing."""
    try:
        return importlib.import_module("functions.rulebook.parameters")
    except ImportError as error:
        log.debug("rule book package import failed (%s); loading parameters.py alone", error)
    for name in [n for n in sys.modules if n == "functions.rulebook" or n.startswith("functions.rulebook.")]:
        del sys.modules[name]
    importlib.import_module("functions")
    package_dir = ROOT / "functions" / "rulebook"
    spec = importlib.util.spec_from_file_location(
        "functions.rulebook", package_dir / "__init__.py", submodule_search_locations=[str(package_dir)]
    )
    if spec is None:
        raise PluginError("cannot locate functions/rulebook")
    package = importlib.util.module_from_spec(spec)
    sys.modules["functions.rulebook"] = package  # not executed: only its submodules are needed here
    return importlib.import_module("functions.rulebook.parameters")


def load_rulebook() -> Any:
    return _import_parameters().load_rulebook()


def confidence_labels() -> dict[str, dict[str, str]]:
    """Reader-facing confidence words (functions/rulebook/data/confidence.toml)."""
    labels: dict[str, dict[str, str]] = _import_parameters().confidence_labels()
    return labels


def engine() -> types.ModuleType | None:
    """The rule book package with its engine, or None while the engine has not landed."""
    try:
        module = importlib.import_module("functions.rulebook")
    except ImportError:
        return None
    if not hasattr(module, "compute_event_credits"):
        return None
    return module


def canonical(value: Any) -> str:
    """The JSON text a test compares with the rule book (``data-value``)."""
    return json.dumps(value, default=str, sort_keys=True, ensure_ascii=False)


def pick(value: Any, key: str | None) -> Any:
    if key is None:
        return value
    for part in key.split("."):
        if isinstance(value, dict):
            value = value[part]
        elif isinstance(value, list):
            value = value[int(part)]
        else:
            raise KeyError(part)
    return value


# ---------------------------------------------------------------------------------------------------
# Formatting
# ---------------------------------------------------------------------------------------------------


LOCALES = {"it": "it_IT", "en": "en_GB"}


def fmt_date(value: date, lang: str) -> str:
    """A date in a sentence: "20 luglio 2024", "1° gennaio 2019" / "20 July 2024" (Babel, CLDR data).

    CLDR has no ordinal day: the Italian "1°" for the first of the month is added here.
    """
    text = babel_dates.format_date(value, format="d MMMM y", locale=LOCALES[lang])
    return "1°" + text[1:] if lang == "it" and value.day == 1 else text


def fmt_from(value: date, lang: str) -> str:
    """ "dal 1° gennaio 2019", "dall'8 giugno 2022" / "from 1 January 2019"."""
    if lang != "it":
        return fmt_date(value, lang)
    text = fmt_date(value, lang)
    return ("dall'" if value.day in (8, 11) else "dal ") + text


def fmt_month_day(month: int, day: int, lang: str) -> str:
    """A yearly date without a year: "31 dicembre", "1° luglio" / "31 December"."""
    text = babel_dates.format_date(date(2000, month, day), format="d MMMM", locale=LOCALES[lang])
    return "1°" + text[1:] if lang == "it" and day == 1 else text


def fmt_number(value: Any, lang: str) -> str:
    """A number as the reader writes it (decimal comma in Italian), with every significant decimal."""
    number = Decimal(str(value))
    return babel_numbers.format_decimal(number, locale=LOCALES[lang], decimal_quantization=False)


def as_fraction(value: Any) -> Fraction | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and re.fullmatch(r"\d+/\d+|\d+(\.\d+)?", value):
        return Fraction(value)
    if isinstance(value, int | float):
        return Fraction(str(value))
    return None


def fmt_share(value: Any, lang: str) -> str:
    share = as_fraction(value)
    if share is None:
        return str(value)
    percent = share * 100
    if percent.denominator == 1:
        return f"{percent.numerator} %"
    if lang == "it" and share == Fraction(1, 3):
        return "un terzo"
    if share == Fraction(1, 3):
        return "one third"
    return f"{share.numerator}/{share.denominator}"


def fmt_scalar(value: Any, unit: str | None, lang: str, show_unit: bool = True) -> str:
    if value is False:
        return t("no_rule", lang)
    if value is True:
        return t("yes", lang)
    if isinstance(value, date):
        return fmt_date(value, lang)
    if unit == "share":
        return fmt_share(value, lang)
    if unit == "month-day" and isinstance(value, str) and re.fullmatch(r"\d{2}-\d{2}", value):
        month, day = (int(part) for part in value.split("-"))
        return fmt_month_day(month, day, lang)
    if isinstance(value, str) and value in VALUE_LABELS:
        return VALUE_LABELS[value][lang]
    if isinstance(value, int | float | Decimal):
        if show_unit and unit == "credits":
            return _credits(value, lang)
        text = fmt_number(value, lang)
        if show_unit and unit in SINGULAR and Decimal(str(value)) == 1:
            return f"{text} {SINGULAR[unit][lang]}"
        if show_unit and unit in UNITS:
            text += " " + UNITS[unit][lang]
        return text
    return str(value)


# The rule book writes "no upper limit" on a duration band as a very large number of days.
OPEN_ENDED_DAYS = 10000
SINGULAR = {
    "credits/hour": {"it": "credito/ora", "en": "credit/hour"},
    "credits/session": {"it": "credito per sessione", "en": "credit per session"},
    "credits/month": {"it": "credito al mese", "en": "credit per month"},
}


def _n(value: Any, lang: str) -> str:
    return fmt_number(value, lang)


def _credits(value: Any, lang: str) -> str:
    one = Decimal(str(value)) == 1
    word = ("credito" if one else "crediti") if lang == "it" else ("credit" if one else "credits")
    return f"{_n(value, lang)} {word}"


def fmt_struct(value: dict[str, Any], lang: str, in_list: bool = False) -> str | None:
    """Sentences for the structured values the rule book uses; None for other shapes."""
    it = lang == "it"
    keys = set(value)
    if keys == {"credits", "days", "income_max", "cogeaps_from_age"}:  # retired, practising occasionally
        income = fmt_scalar(value["income_max"], "euro/year", lang)
        age = _n(value["cogeaps_from_age"], lang)
        if it:
            return (
                f"{_credits(value['credits'], lang)} ogni {_n(value['days'], lang)} giorni, con un reddito"
                f" professionale fino a {income}; automatica dai {age} anni"
            )
        return (
            f"{_credits(value['credits'], lang)} for every {_n(value['days'], lang)} days, with professional"
            f" income up to {income}; automatic from age {age}"
        )
    if keys == {"mode", "credits", "days"}:
        tail = "giorni continuativi" if it else "continuous days"
        every = "ogni" if it else "for every"
        return f"{_credits(value['credits'], lang)} {every} {_n(value['days'], lang)} {tail}"
    if keys == {"mode", "credits", "min_days"}:
        days = _n(value["min_days"], lang)
        tail = (
            f"per ogni mese con almeno {days} giorni di sospensione"
            if it
            else f"for each month with at least {days} days of suspension"
        )
        return f"{_credits(value['credits'], lang)} {tail}"
    if keys == {"share", "min_attendance_days"}:
        days = _n(value["min_attendance_days"], lang)
        share = fmt_share(value["share"], lang)
        if it:
            return f"{share} per anno di frequenza (almeno {days} giorni nell'anno scelto)"
        return f"{share} per year of attendance (at least {days} days in the chosen year)"
    every = "ogni" if it else "every"
    if keys == {"unit_minutes", "credits"}:
        # Members count long units in hours: "1 credito ogni 6 ore", not "ogni 360 minuti".
        total = Decimal(str(value["unit_minutes"]))
        if total == 60:
            return f"{_credits(value['credits'], lang)} {'all' + chr(39) + 'ora' if it else 'per hour'}"
        if total > 60 and total % 60 == 0:
            hours = "ore" if it else "hours"
            return f"{_credits(value['credits'], lang)} {every} {_n(total / 60, lang)} {hours}"
        minutes = "minuti" if it else "minutes"
        return f"{_credits(value['credits'], lang)} {every} {_n(value['unit_minutes'], lang)} {minutes}"
    if keys == {"unit_hours", "credits"}:
        hours = "ore" if it else "hours"
        return f"{_credits(value['credits'], lang)} {every} {_n(value['unit_hours'], lang)} {hours}"
    if keys == {"lead", "other"}:
        lead, other = ("primo o ultimo autore", "altri") if it else ("first or last author", "others")
        return f"{_n(value['lead'], lang)} ({lead}), {_n(value['other'], lang)} ({other})"
    if keys == {"per_month"}:
        return f"{_credits(value['per_month'], lang)} {'al mese' if it else 'per month'}"
    if keys == {"per_month", "max_credits"}:
        return (
            f"{_credits(value['per_month'], lang)} {'al mese' if it else 'per month'}, "
            f"{'massimo' if it else 'at most'} {_credits(value['max_credits'], lang)}"
        )
    if keys == {"max_participants", "per_hour"} and in_list and not isinstance(value["per_hour"], str):
        return (
            f"{'fino a' if it else 'up to'} {_n(value['max_participants'], lang)} "
            f"{'partecipanti' if it else 'participants'}: "
            + fmt_scalar(value["per_hour"], "credits/hour", lang)
        )
    if keys == {"max_participants", "per_hour"} and in_list:
        return (
            f"{'fino a' if it else 'up to'} {_n(value['max_participants'], lang)} "
            f"{'partecipanti: valore decrescente' if it else 'participants: decreasing value'}"
        )
    if keys >= {"per_hour", "max_participants"}:
        text = (
            f"+{_n(value['per_hour'], lang)} {UNITS['credits/hour'][lang]}, "
            f"{'fino a' if it else 'up to'} {_n(value['max_participants'], lang)} "
            f"{'partecipanti' if it else 'participants'}"
        )
        if "learners_per_teacher" in value:
            ratio = _n(value["learners_per_teacher"], lang)
            learners = "discenti" if it else "learners"
            text += f", {'un docente ogni' if it else 'one teacher per'} {ratio} {learners}"
        return text
    if keys in ({"id", "it", "en"}, {"id", "it", "en", "code"}):
        # A profession of the rule book's list: its name in the page language, and the Agenas code if known.
        code = f" ({'codice' if it else 'code'} {value['code']})" if "code" in value else ""
        return f"{value[lang]}{code}"
    if keys == {"max_days", "credits"}:
        return (
            f"{'fino a' if it else 'up to'} {_n(value['max_days'], lang)} {'giorni' if it else 'days'}: "
            f"{_credits(value['credits'], lang)}"
        )
    if keys <= {"min", "max", "reduction"} and "reduction" in keys:
        low = _n(value["min"], lang)
        if "max" in keys:
            span = f"{'da' if it else 'from'} {low} {'a' if it else 'to'} {_n(value['max'], lang)}"
            span += " crediti" if it else " credits"
        else:
            span = f"{low} {'crediti o più' if it else 'credits or more'}"
        return f"{span}: −{_n(value['reduction'], lang)}"
    return None


def fmt_value(value: Any, unit: str, lang: str, show_unit: bool = True) -> str:
    """Plain text for any value of the rule book (structured values become short lists)."""
    if isinstance(value, dict):
        sentence = fmt_struct(value, lang)
        if sentence is not None:
            return sentence
        parts = []
        for key, item in value.items():
            label = KEYS.get(key, {}).get(lang, key.replace("_", " "))
            sub_unit = "share" if key == "share" else None
            parts.append(f"{label}: {fmt_value(item, sub_unit or '', lang, show_unit=False)}")
        return "; ".join(parts)
    if isinstance(value, list):
        parts = []
        for index, item in enumerate(value):
            if isinstance(item, dict) and item.get("max_days", 0) >= OPEN_ENDED_DAYS and index > 0:
                previous = _n(value[index - 1]["max_days"], lang)
                beyond = f"oltre {previous} giorni" if lang == "it" else f"beyond {previous} days"
                parts.append(f"{beyond}: {_credits(item['credits'], lang)}")
            elif isinstance(item, dict) and (sentence := fmt_struct(item, lang, in_list=True)) is not None:
                parts.append(sentence)
            else:
                parts.append(fmt_value(item, unit, lang, show_unit=False))
        return " · ".join(parts)
    return fmt_scalar(value, unit, lang, show_unit)


# The first day of the rule book's data (the ECM programme's start): a value dated so is the earliest
# value the engine knows, not a date read in a source.
DATA_START = date(2002, 1, 1)


def legal_from(found: Any) -> date | None:
    """The date from which ``found`` applies, if it is a date of law; None when it is a technical default.

    For an act (a source with ``adopted``) a value dated on or after the act's first day applies from
    that value's date; one dated earlier only fills the periods before the act. For other sources the
    date they report counts, except the data's own start (DATA_START).
    """
    if not getattr(found, "from_known", True):
        return None  # the project's boundary where no source gives the date (e.g. publications, §11.12)
    start = found.source.act_start
    if start is not None:
        return found.valid_from if found.valid_from >= start else None
    return None if found.valid_from <= DATA_START else found.valid_from


def esc(text: str) -> str:
    return html.escape(text, quote=True)


class Renderer:
    """Renders markers for one page in one language."""

    def __init__(
        self, book: Any, lang: str, page_url: str, lang_root: str, extra: dict[str, Any] | None = None
    ) -> None:
        extra = extra or {}
        self.contact_email = str(extra.get("contact_email") or "")
        self.issue_tracker = str(extra.get("issue_tracker") or "")
        self.book = book
        self.lang = lang
        self.page_url = page_url
        self.lang_root = lang_root

    # links -----------------------------------------------------------------------------------------

    def rel(self, target: str) -> str:
        """A link from this page to ``target`` (a URL relative to the language root)."""
        base = self.page_url
        base_dir = posixpath.dirname(base.rstrip("/") + "/x") if base else ""
        full = posixpath.join(self.lang_root, target)
        path, _, anchor = full.partition("#")
        relative = posixpath.relpath(path or ".", base_dir or ".")
        if path.endswith("/") and not relative.endswith("/"):
            relative += "/"
        return relative + (f"#{anchor}" if anchor else "")

    def source_href(self, source: Any) -> str:
        url = str(source.url)
        if url.startswith(("http://", "https://")):
            return url
        return self.rel(url)

    def source_title(self, source: Any) -> str:
        """The source's title in the page's language (Italian pages never show the English one)."""
        # Engine lines carry a SourceRef (id, English title, url): read the titles from the rule book.
        known = self.book.sources.get(source.id, source)
        return str(known.title_in(self.lang))

    def source_link(self, source: Any, text: str | None = None) -> str:
        title = self.source_title(source)
        label = text if text is not None else title
        return f'<a href="{esc(self.source_href(source))}" title="{esc(title)}">{esc(label)}</a>'

    def confidence_badge(self, confidence: str, always: bool = False) -> str:
        if confidence == "HIGH" and not always:
            return ""
        labels = confidence_labels()[confidence]
        word = labels[f"label_{self.lang}"]
        title = labels[f"help_{self.lang}"]
        return (
            f'<a class="ecm-conf ecm-conf--{confidence.lower()}" href="{esc(self.rel("metodo/#confidenza"))}"'
            f' title="{esc(title)}" aria-label="{esc(word + ": " + title)}">{esc(word)}</a>'
        )

    # inline values ---------------------------------------------------------------------------------

    def rule(
        self,
        param_id: str,
        on: str | None = None,
        *,
        date: str | None = None,
        key: str | None = None,
        unit: bool = True,
        fmt: str | None = None,
    ) -> str:
        if param_id not in self.book.parameters:
            raise PluginError(f"unknown rule '{param_id}' in a rule() marker")
        when = on or date
        day = _parse_date(when) if when else _today()
        parameter = self.book.parameters[param_id]
        found = self.book.at(param_id, day)
        try:
            value = pick(found.value, key)
        except (KeyError, IndexError, ValueError) as error:
            raise PluginError(f"rule('{param_id}', key='{key}'): no such field") from error
        if fmt == "since":
            return self.since(found)
        value_unit = KEY_UNITS.get(key.split(".")[-1], "") if key else parameter.unit
        if fmt == "percent":
            value_unit = "share"
        text = fmt_value(value, value_unit, self.lang, show_unit=unit)
        badge = self.confidence_badge(found.confidence)
        attrs = (
            f'class="ecm-rule" data-rule="{esc(param_id)}" data-date="{day.isoformat()}"'
            f' data-value="{esc(canonical(value))}" data-text="{esc(text)}"{self.verified_attr(found)}'
        )
        if key:
            attrs += f' data-key="{esc(key)}"'
        title = f"{t('source', self.lang)}: {self.source_title(found.source)} · {self.checked_text(found)}"
        link = f'<a href="{esc(self.source_href(found.source))}" title="{esc(title)}">{esc(text)}</a>'
        return f"<span {attrs}>{link}{(' ' + badge) if badge else ''}</span>"

    def verified_attr(self, found: Any) -> str:
        """``data-verified``: the day the value was last checked against its source (the build needs it)."""
        verified = getattr(found, "verified", None)
        return "" if verified is None else f' data-verified="{verified.isoformat()}"'

    def checked_text(self, found: Any) -> str:
        """ "regola verificata il 29 novembre 2026": the rule's own check date, in words."""
        verified = getattr(found, "verified", None)
        if verified is None:
            raise PluginError(f"rule '{found.param}': no 'verified' date in the rule book")
        return t("rule_checked", self.lang).format(d=fmt_date(verified, self.lang))

    def source_cell(self, found: Any) -> str:
        """A table's source cell: the source, then the day the rule was last checked against it."""
        verified = (
            f'<small class="ecm-checked"{self.verified_attr(found)}>{esc(self.checked_text(found))}</small>'
        )
        return f"{self.source_link(found.source)}<br>{verified}"

    def since(self, found: Any) -> str:
        """ "dal 1° gennaio 2023": when the value in force applies, as a date of law (see legal_from)."""
        legal = legal_from(found) or found.source.act_start
        if legal is None:
            raise PluginError(
                f"rule('{found.param}', fmt='since'): its value has no date of law (only the data's start)"
            )
        return (
            f'<span class="ecm-from" data-rule="{esc(found.param)}" data-source="{esc(found.source.id)}"'
            f' data-from="{legal.isoformat()}">{esc(fmt_from(legal, self.lang))}</span>'
        )

    def today_box(self) -> str:
        """The home page's dated line: today's date and the triennium in progress, from the rule book."""
        day = _today()
        trienni = self.book.at("trienni", day)
        current = next(
            (i for i, item in enumerate(trienni.value) if item["start"] <= day <= item["end"]), None
        )
        if current is None:
            raise PluginError(f"today: no triennium contains {day.isoformat()}")
        since = trienni.valid_from.isoformat()
        triennium = self.rule("trienni", since, key=f"{current}.id")
        end = self.rule("trienni", since, key=f"{current}.end")
        text = TODAY_TEXT[self.lang]
        return (
            f'<p class="ecm-today__date">{text["date"].format(d=esc(fmt_date(day, self.lang)))} '
            f"{text['triennium'].format(t=triennium, e=end, b=self.rule('obligation.base'))}</p>"
        )

    def contact(self) -> str:
        """How to report an error: the contact address and issue tracker set in mkdocs.yml ``extra``."""
        text = CONTACT_TEXT[self.lang]
        items = []
        if self.contact_email:
            address = esc(self.contact_email)
            items.append(text["email"].format(link=f'<a href="mailto:{address}">{address}</a>'))
        if self.issue_tracker:
            link = f'<a href="{esc(self.issue_tracker)}">{esc(self.issue_tracker)}</a>'
            items.append(text["issues"].format(link=link))
        if not items:
            return f"\n\n{text['unset']}\n\n"
        return "\n\n" + "".join(f"- {item}\n" for item in items) + "\n"

    def professions(self, arg: str) -> str:
        """``<!-- professions: PARAM KEY -->``: the professions a rule lists under KEY, named in the page's
        language from ``profession.list``, linked to the rule's source (e.g. the radioprotection quota's)."""
        tokens = arg.split()
        if len(tokens) != 2 or tokens[0] not in self.book.parameters:
            raise PluginError(f"professions: needs a known rule and a key, got '{arg}'")
        param_id, key = tokens
        day = _today()
        found = self.book.at(param_id, day)
        try:
            ids = pick(found.value, key)
        except (KeyError, IndexError, ValueError) as error:
            raise PluginError(f"professions: '{param_id}' has no '{key}'") from error
        names = {p["id"]: p[self.lang] for p in self.book.at("profession.list", _today()).value}
        unknown = [i for i in ids if i not in names]
        if unknown:
            raise PluginError(f"professions: {param_id}.{key} names unknown professions {unknown}")
        text = ", ".join(names[i].lower() if self.lang == "it" else names[i] for i in ids)
        badge = self.confidence_badge(found.confidence)
        title = f"{t('source', self.lang)}: {self.source_title(found.source)} · {self.checked_text(found)}"
        return (
            f'<span class="ecm-rule" data-rule="{esc(param_id)}" data-date="{day.isoformat()}"'
            f' data-key="{esc(key)}" data-value="{esc(canonical(ids))}"{self.verified_attr(found)}>'
            f'<a href="{esc(self.source_href(found.source))}" title="{esc(title)}">{esc(text)}</a>'
            f"{(' ' + badge) if badge else ''}</span>"
        )

    # tables ----------------------------------------------------------------------------------------

    def table(self, headers: list[str], rows: list[list[str]], caption: str | None = None) -> str:
        """A table with column headers; the first cell of each row heads its row."""
        head = "".join(f'<th scope="col">{esc(h)}</th>' for h in headers)
        body = "".join(
            "<tr>"
            + "".join(
                f'<th scope="row">{cell}</th>' if index == 0 else f"<td>{cell}</td>"
                for index, cell in enumerate(row)
            )
            + "</tr>"
            for row in rows
        )
        cap = f"<caption>{esc(caption)}</caption>" if caption else ""
        return (
            # A table wider than the phone scrolls: keyboard users reach it to scroll it.
            f'\n\n<div class="ecm-table-wrap" tabindex="0">'
            f'<table class="ecm-rules">{cap}<thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table></div>\n\n"
        )

    def value_cell(self, param: Any, found: Any) -> str:
        text = fmt_value(found.value, param.unit, self.lang)
        return (
            f'<span class="ecm-rule" data-rule="{esc(param.id)}" data-date="{found.valid_from.isoformat()}"'
            f' data-value="{esc(canonical(found.value))}" data-text="{esc(text)}"{self.verified_attr(found)}>'
            f"{esc(text)}</span>"
        )

    def from_cell(self, found: Any, current: bool) -> str:
        """When a value applies, as a date of law only: the act's dates, or the date a source reports.

        A value dated before its act (the data start a rule earlier so that every period can be
        computed) shows the act's date, never the technical start. ``data-from`` carries each date shown
        so that the build checks can compare it with the act (tests/site).
        """
        legal = legal_from(found)
        source = found.source
        shown: list[date] = []
        parts: list[str] = []
        if legal is None and current and source.act_start is not None:
            legal = source.act_start
        if legal is not None:
            parts.append(t("applies", self.lang).format(d=fmt_from(legal, self.lang)))
            shown.append(legal)
        if source.adopted is not None and source.adopted != legal:
            parts.append(t("act", self.lang).format(d=fmt_date(source.adopted, self.lang)))
            shown.append(source.adopted)
        attrs = (
            f'class="ecm-from" data-source="{esc(source.id)}"'
            f' data-from="{" ".join(d.isoformat() for d in shown)}"'
        )
        if not parts:
            return f'<span {attrs}><abbr title="{esc(t("no_legal_date", self.lang))}">–</abbr></span>'
        return f"<span {attrs}>{'<br>'.join(esc(p) for p in parts)}</span>"

    def title_of(self, param: Any) -> str:
        return str(param.title_it if self.lang == "it" else param.title_en)

    def rules_table(self, arg: str) -> str:
        tokens = arg.split()
        if not tokens:
            raise PluginError("rules-table needs a prefix")
        prefix = tokens[0]
        day = _today()
        for token in tokens[1:]:
            if token.startswith("date="):
                day = _parse_date(token[5:])
        params = [
            p for pid, p in self.book.parameters.items() if pid == prefix or pid.startswith(prefix + ".")
        ]
        if not params:
            raise PluginError(f"rules-table: no rule under '{prefix}'")
        rows = []
        for param in params:
            try:
                found = self.book.at(param.id, day)
            except Exception:
                continue
            rows.append(
                [
                    esc(self.title_of(param)),
                    self.value_cell(param, found),
                    self.from_cell(found, current=True),
                    self.source_cell(found),
                    self.confidence_badge(found.confidence, always=True),
                ]
            )
        headers = [t(k, self.lang) for k in ("rule", "value", "from", "source", "confidence")]
        return self.table(headers, rows)

    def rule_history(self, arg: str) -> str:
        rows = []
        for param_id in arg.split():
            if param_id not in self.book.parameters:
                raise PluginError(f"rule-history: unknown rule '{param_id}'")
            param = self.book.parameters[param_id]
            for found in param.values:
                row = [
                    esc(self.title_of(param)),
                    self.from_cell(found, current=False),
                    self.value_cell(param, found),
                    self.source_cell(found),
                    self.confidence_badge(found.confidence, always=True),
                ]
                if self.lang == "en":
                    row.append(esc(found.note))
                rows.append(row)
        headers = [t(k, self.lang) for k in ("rule", "from", "value", "source", "confidence")]
        if self.lang == "en":
            headers.append(t("note", self.lang))
        return self.table(headers, rows)

    def trienni_table(self) -> str:
        trienni = self.book.parameters["trienni"].values[-1]
        rows = []
        for index, item in enumerate(trienni.value):
            day = item["start"].isoformat()
            deadline_id = f"deadline.{item['id']}"
            deadline = self.rule(deadline_id) if deadline_id in self.book.parameters else t("none", self.lang)
            adjustments = []
            for param_id, key in TRIENNIUM_ADJUSTMENTS:
                found = self.book.at(param_id, item["start"])
                if found.value is False:
                    continue
                label = TEXT[f"adj_{param_id.split('.')[-1]}"][self.lang]
                adjustments.append(f"{esc(label)}: {self.rule(param_id, day, key=key)}")
            compensation = self.book.at("compensation.rule", _today())
            if compensation.value and item["id"] in compensation.value.get("debtors", []):
                # Closed for recovery, but a debt can still become certifiable (Delibera CNFC 1/2025).
                until = self.rule("compensation.rule", key="deadline")
                deadline += f"<br>{esc(t('compensation', self.lang))} {until}"
            rows.append(
                [
                    # The id says the years; each triennium ends on 31 December of its last one.
                    self.rule("trienni", trienni.valid_from.isoformat(), key=f"{index}.id"),
                    deadline,
                    self.rule("obligation.base", day),
                    "<br>".join(adjustments) or t("none", self.lang),
                ]
            )
        headers = [t(k, self.lang) for k in ("triennium", "deadline", "base", "adjustments")]
        return self.table(headers, rows)

    def official_then_read(self, source: Any) -> str:
        """The official text first (Normattiva, Agenas), then the page where the number was read."""
        read = self.source_link(source, self.source_href(source))
        if not getattr(source, "official_url", ""):
            return read
        official = f'<a href="{esc(source.official_url)}">{esc(t("official", self.lang))}</a>'
        return f"{official}<br>{esc(t('read_on', self.lang))}: {read}"

    def sources_list(self) -> str:
        cited: dict[str, list[str]] = {}
        for param in self.book.parameters.values():
            for value in param.values:
                cited.setdefault(value.source.id, [])
                if param.id not in cited[value.source.id]:
                    cited[value.source.id].append(param.id)
        rows = []
        for source in self.book.sources.values():
            rows.append(
                [
                    f'<span id="src-{esc(source.id)}">{esc(self.source_title(source))}</span>',
                    self.official_then_read(source),
                    ", ".join(f"<code>{esc(p)}</code>" for p in cited.get(source.id, [])),
                ]
            )
        return self.table([t("doc", self.lang), t("link", self.lang), t("cited_by", self.lang)], rows)

    # worked examples -------------------------------------------------------------------------------

    def plain_value(self, value: Any) -> str:
        """One value of an input list, as a reader writes it (labels for codes, dates in words)."""
        if isinstance(value, str) and value in ENUM_LABELS:
            return ENUM_LABELS[value][self.lang]
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return fmt_date(date.fromisoformat(value), self.lang)
        if isinstance(value, int | float):
            return fmt_number(value, self.lang)
        return str(value)

    def field_label(self, key: str) -> str:
        """The reader's label of an input field; a field without one stops the build (never show
        a machine name such as "certified_trienni_at_2025_07_03")."""
        if key not in FIELD_LABELS:
            raise PluginError(f"worked example: no label for the input field '{key}' (FIELD_LABELS)")
        return FIELD_LABELS[key][self.lang]

    def input_rows(self, data: dict[str, Any]) -> list[list[str]]:
        rows = []
        for key, value in data.items():
            if isinstance(value, dict):
                rows.extend(self.input_rows(value))
                continue
            label = self.field_label(key)
            if isinstance(value, bool):
                shown = t("yes", self.lang) if value else "no"
            elif isinstance(value, str) and value in ENUM_LABELS:
                shown = ENUM_LABELS[value][self.lang]
            elif isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                shown = fmt_date(date.fromisoformat(value), self.lang)
            elif isinstance(value, int | float):
                shown = fmt_number(value, self.lang)
            elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
                for item in value:
                    parts = []
                    for sub_key, sub_value in item.items():
                        if sub_key == "id" or sub_value is False:
                            continue
                        parts.append(self.short_value(sub_key, sub_value))
                    rows.append([esc(label), esc(" · ".join(parts))])
                continue
            elif isinstance(value, list):
                # A list of plain values (trienni, years) reads as words, never as JSON.
                parts = [self.plain_value(item) for item in value]
                rows.append([esc(label), esc(", ".join(parts)) if parts else t("none", self.lang)])
                continue
            else:
                shown = str(value)
            rows.append([esc(label), esc(shown)])
        return rows

    def short_value(self, key: str, value: Any) -> str:
        if value is True:
            return self.field_label(key)
        if isinstance(value, str) and value in ENUM_LABELS:
            return ENUM_LABELS[value][self.lang]
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return fmt_date(date.fromisoformat(value), self.lang)
        label = self.field_label(key)
        shown = fmt_number(value, self.lang) if isinstance(value, int | float) else str(value)
        return f"{label}: {shown}"

    def lines_table(self, lines: list[Any]) -> str:
        rows = []
        for line in lines:
            param = self.book.parameters.get(line.rule)
            title = (
                self.title_of(param) if param else LINE_LABELS.get(line.rule, {}).get(self.lang, line.rule)
            )
            # The rule book renders every step in the page's language (example() computes inside
            # rulebook.language), so both languages show the whole step under the rule's title.
            step = f"{esc(title)}<br><small>{esc(line.text)}</small>"
            rows.append(
                [
                    step,
                    esc(fmt_number(line.amount, self.lang)),
                    self.source_link(line.source, "↗ " + t("source", self.lang)),
                    self.confidence_badge(str(line.confidence), always=True),
                ]
            )
        return self.table([t(k, self.lang) for k in ("step", "amount", "source", "confidence")], rows)

    def example(self, kind: str, raw: str) -> str:
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as error:
            raise PluginError(f"{kind}: invalid JSON ({error})") from error
        rulebook = engine()
        if rulebook is None:
            if os.environ.get("ECM_DOCS_ALLOW_NO_ENGINE") == "1":
                return (
                    '\n\n!!! note "Engine pending"\n    The worked example appears when the engine lands.\n\n'
                )
            raise PluginError(
                f"{kind}: the rule book engine (functions.rulebook.compute_*) is not importable; "
                "set ECM_DOCS_ALLOW_NO_ENGINE=1 only while it is being written"
            )
        models = importlib.import_module("functions.rulebook.models")
        with rulebook.language(self.lang):
            return self._example(kind, data, rulebook, models)

    def _example(self, kind: str, data: dict[str, Any], rulebook: Any, models: Any) -> str:
        if kind == "event-example":
            result = rulebook.compute_event_credits(models.EventInput.model_validate(data))
            total, label, lines = result.credits, t("result_event", self.lang), result.lines
            warnings = list(result.warnings)
        elif kind == "compliance-example":
            result = rulebook.evaluate_compliance(models.ComplianceInput.model_validate(data))
            total, label = result.counted, t("result_counted", self.lang)
            lines = [*result.obligation.lines, *result.credit_lines]
            warnings = []
        else:
            result = rulebook.compute_obligation(models.ObligationInput.model_validate(data))
            total, label, lines = result.obligation, t("result_obligation", self.lang), result.lines
            warnings = []
        uncertain = bool(result.uncertain)
        summary = self.compliance_summary(result) if kind == "compliance-example" else ""
        parts = [
            f'\n\n<div class="ecm-example" data-example="{kind}" data-input=\'{esc(canonical(data))}\''
            f' data-result="{esc(canonical(float(total)))}">',
            f'<p class="ecm-example__title"><strong>{t("example", self.lang)}</strong></p>',
            self.table([t("input", self.lang), t("value", self.lang)], self.input_rows(data)),
            self.lines_table(lines),
            f'<p class="ecm-example__result">{esc(label)}: <strong class="ecm-example__total">'
            f"{esc(fmt_number(total, self.lang))}</strong></p>",
            summary,
        ]
        if kind == "compliance-example" and result.radioprotection_lines:
            # Apart from the lines above: these explain a minimum, they do not add to the credits counted.
            parts.append(self.lines_table(result.radioprotection_lines))
        if uncertain:
            parts.append(
                f'<p class="ecm-example__uncertain"><a href="{esc(self.rel("metodo/#confidenza"))}">'
                f"{esc(t('uncertain', self.lang))}</a></p>"
            )
        if warnings:
            items = "".join(f"<li>{esc(w.text)}</li>" for w in warnings)
            parts.append(f"<p>{t('warnings', self.lang)}:</p><ul>{items}</ul>")
        parts.append("</div>\n\n")
        return "".join(parts)

    def compliance_summary(self, result: Any) -> str:
        yes, no = t("yes", self.lang), "no"
        rows = [
            [t("result_obligation", self.lang), fmt_number(result.obligation.obligation, self.lang)],
            [t("certifiable", self.lang), yes if result.certifiable else no],
            [t("missing", self.lang), fmt_number(result.missing, self.lang)],
        ]
        if result.insurance_threshold is not None:  # none before 2023-2025 (art. 38-bis DL 152/2021)
            rows += [
                [t("insurance_threshold", self.lang), fmt_number(result.insurance_threshold, self.lang)],
                [t("insurance_ok", self.lang), yes if result.insurance_ok else no],
                [t("missing_insurance", self.lang), fmt_number(result.missing_for_insurance, self.lang)],
            ]
        if result.radioprotection_minimum is not None:  # D.Lgs 101/2020, from 2020-2022
            rows += [
                [
                    t("radioprotection_minimum", self.lang),
                    fmt_number(result.radioprotection_minimum, self.lang),
                ],
                [t("radioprotection", self.lang), fmt_number(result.radioprotection, self.lang)],
            ]
        return self.table(
            [t("outcome", self.lang), t("value", self.lang)], [[esc(a), esc(b)] for a, b in rows]
        )

    # dispatch --------------------------------------------------------------------------------------

    def comment(self, name: str, arg: str) -> str:
        if name == "rules-table":
            return self.rules_table(arg)
        if name == "rule-history":
            return self.rule_history(arg)
        if name == "trienni-table":
            return self.trienni_table()
        if name in ("event-example", "obligation-example", "compliance-example"):
            return self.example(name, arg)
        if name == "sources-list":
            return self.sources_list()
        if name == "today":
            return self.today_box()
        if name == "contact":
            return self.contact()
        if name == "professions":
            return self.professions(arg)
        if name == "openapi-reference":
            renderer = importlib.import_module("openapi_render")  # sibling module of this hook
            return str(renderer.render_openapi(find_openapi(), self.lang, api_examples()))
        raise PluginError(f"unknown marker '{name}'")


API_EVENT_EXAMPLE: dict[str, Any] = {
    "type": "res_course",
    "date": "2026-03-15",
    "hours": 6,
    "participants": 20,
}
API_COMPLIANCE_EXAMPLE: dict[str, Any] = {
    "triennium": "2026-2028",
    "credits": [
        {"id": "c-2026-0001", "type": "res_course", "date": "2026-03-15", "credits": 7.8},
        {"id": "c-2026-0002", "type": "fad_elearning", "date": "2026-05-04", "credits": 15},
    ],
}


def api_examples() -> dict[str, Any]:
    """Real request and response bodies for the rule book's own schemas, computed by the engine."""
    rulebook = engine()
    if rulebook is None:
        return {}
    models = importlib.import_module("functions.rulebook.models")
    event = rulebook.compute_event_credits(models.EventInput.model_validate(API_EVENT_EXAMPLE))
    compliance = rulebook.evaluate_compliance(models.ComplianceInput.model_validate(API_COMPLIANCE_EXAMPLE))
    event_json = event.model_dump(mode="json")
    return {
        "EventInput": API_EVENT_EXAMPLE,
        "EventResult": event_json,
        "ComplianceInput": API_COMPLIANCE_EXAMPLE,
        "ComplianceResult": compliance.model_dump(mode="json"),
        "ObligationResult": compliance.obligation.model_dump(mode="json"),
        "Line": event_json["lines"][0],
        "SourceRef": event_json["lines"][0]["source"],
    }


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise PluginError(f"bad date in a marker: {text!r}") from error


def _today() -> date:
    # The product's one clock: ECM_TODAY (or the older ECM_DOCS_DATE) pins the build's day.
    from functions.api.logic import clock

    return clock.today()


def parse_rule_args(args: str) -> tuple[list[Any], dict[str, Any]]:
    try:
        call = ast.parse(f"rule({args})", mode="eval").body
    except SyntaxError as error:
        raise PluginError(f"cannot parse rule({args})") from error
    if not isinstance(call, ast.Call):
        raise PluginError(f"cannot parse rule({args})")
    positional = [ast.literal_eval(a) for a in call.args]
    keywords = {k.arg: ast.literal_eval(k.value) for k in call.keywords if k.arg}
    return positional, keywords


def find_openapi() -> Path | None:
    forced = os.environ.get("ECM_OPENAPI_PATH")
    if forced:
        return Path(forced)
    for candidate in OPENAPI_CANDIDATES:
        if candidate.is_file():
            return candidate
    return None


# ---------------------------------------------------------------------------------------------------
# MkDocs events
# ---------------------------------------------------------------------------------------------------


def _language(config: MkDocsConfig) -> str:
    plugin = config.plugins.get("i18n")
    current = getattr(plugin, "current_language", None)
    if isinstance(current, str) and current in ("it", "en"):
        return current
    language = config.theme.get("language", "it") if config.theme else "it"
    return "en" if language == "en" else "it"


def _lang_root(config: MkDocsConfig, lang: str) -> str:
    plugin = config.plugins.get("i18n")
    default = getattr(plugin, "default_language", "it")
    return "" if lang == default else f"{lang}/"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    published = bool(os.environ.get("ECM_SITE_URL"))
    if published and not (config.extra.get("contact_email") and config.extra.get("issue_tracker")):
        # A published guide must say where to report an error ("Chi cura questa guida"). The deployed
        # build is the one given ECM_SITE_URL: `mkdocs serve` sets site_url to its own address.
        raise PluginError(
            "set ECM_CONTACT_EMAIL and ECM_ISSUE_TRACKER (mkdocs.yml extra) for a deployed build"
        )
    hooks_dir = str(Path(__file__).resolve().parent)
    if hooks_dir not in sys.path:
        sys.path.insert(0, hooks_dir)
    load_rulebook()  # fail early and clearly if the data do not load
    return config


def _rules_json() -> bytes:
    path = GENERATED / "rules.json"
    if path.is_file():
        return path.read_bytes()
    rulebook = engine()
    if rulebook is not None and hasattr(rulebook, "rules_export"):
        log.info("functions/rulebook/generated/rules.json missing: generating it with rules_export()")
        return json.dumps(rulebook.rules_export(), ensure_ascii=False, indent=1, default=str).encode()
    raise PluginError(
        "functions/rulebook/generated/rules.json is missing and rules_export() is not importable: "
        "run `make rules`"
    )


def _conformance_json() -> bytes:
    path = GENERATED / "conformance.json"
    if path.is_file():
        return path.read_bytes()
    try:
        conformance = importlib.import_module("functions.rulebook.conformance")
    except ImportError:
        conformance = None
    build = getattr(conformance, "build_vectors", None)
    if callable(build):
        log.info("functions/rulebook/generated/conformance.json missing: generating it with build_vectors()")
        return json.dumps(build(), ensure_ascii=False, indent=1, default=str).encode()
    raise PluginError(
        "functions/rulebook/generated/conformance.json is missing and cannot be generated: run `make rules`"
    )


@event_priority(-100)  # after mkdocs-static-i18n, which cannot handle generated files
def on_files(files: Files, config: MkDocsConfig) -> Files:
    allow_missing = os.environ.get("ECM_DOCS_ALLOW_NO_ENGINE") == "1"
    for name, producer in (("rules.json", _rules_json), ("conformance.json", _conformance_json)):
        uri = f"assets/data/{name}"
        if files.get_file_from_path(uri) is not None:
            continue
        try:
            content = producer()
        except PluginError:
            if not allow_missing:
                raise
            log.info("%s not available yet (ECM_DOCS_ALLOW_NO_ENGINE=1)", name)
            continue
        files.append(File.generated(config, uri, content=content))
    for uri in PLACEHOLDER_SCRIPTS:
        # Check the disk too: in the i18n plugin's second (English) pass the lookup misses the real
        # scripts, and the placeholder then overwrote them in the built site.
        if files.get_file_from_path(uri) is None and not Path(config.docs_dir, uri).is_file():
            log.info("%s not written yet: publishing an empty placeholder", uri)
            files.append(
                File.generated(config, uri, content="/* placeholder: calculators not built yet */\n")
            )
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    lang = _language(config)
    renderer = Renderer(load_rulebook(), lang, page.url, _lang_root(config, lang), dict(config.extra))

    def replace_rule(match: re.Match[str]) -> str:
        positional, keywords = parse_rule_args(match.group("args"))
        if not positional or not isinstance(positional[0], str):
            raise PluginError(f"rule() needs a rule id: {match.group(0)}")
        return renderer.rule(*positional, **keywords)

    def replace_comment(match: re.Match[str]) -> str:
        name = match.group("name")
        if name not in KNOWN_COMMENTS:
            return match.group(0)
        return renderer.comment(name, (match.group("arg") or "").strip())

    protected: list[str] = []

    def protect(match: re.Match[str]) -> str:
        protected.append(match.group(0))
        return f"\x00{len(protected) - 1}\x00"

    markdown = CODE.sub(protect, markdown)
    markdown = RULE_MARKER.sub(replace_rule, markdown)
    markdown = COMMENT_MARKER.sub(replace_comment, markdown)
    markdown = re.sub("\x00(\\d+)\x00", lambda m: protected[int(m.group(1))], markdown)

    meta = page.meta
    description = meta.get("description")
    if isinstance(description, str) and RULE_MARKER.search(description):
        # A rule in the meta description is plain text: the value as the page shows it, no link.
        def plain_rule(match: re.Match[str]) -> str:
            shown = re.search(r'data-text="([^"]*)"', replace_rule(match))
            if shown is None:
                raise PluginError(f"{page.file.src_uri}: {match.group(0)} has no text for the description")
            return html.unescape(shown.group(1))

        meta["description"] = RULE_MARKER.sub(plain_rule, description)
    if _page_checks().is_situation(page.file.src_uri, meta):
        problems = _page_checks().situation_problems(markdown, lang)
        if problems:
            raise PluginError(f"{page.file.src_uri} (situation page): " + "; ".join(problems))
    verified = meta.get("last_verified")
    if verified is None:
        log.warning("%s: front matter 'last_verified' is missing", page.file.src_uri)
    if meta.get("estimate"):
        notice = f'!!! warning "{t("estimate_title", lang)}"\n    {t("estimate", lang)}\n\n'
        markdown = _after_title(markdown, notice)
    if verified is not None:
        day = verified if isinstance(verified, date) else _parse_date(str(verified))
        markdown += (
            f'\n\n<p class="ecm-verified" data-verified="{day.isoformat()}">'
            f'{t("verified", lang)}: <time datetime="{day.isoformat()}">{fmt_date(day, lang)}</time></p>\n'
        )
    return markdown


def _page_checks() -> types.ModuleType:
    return importlib.import_module("page_checks")  # sibling module of this hook


# English labels that are also Italian words or names in the Italian pages.
# Words that read the same in both languages ("Discipline" is also the Italian plural of disciplina).
ITALIAN_ALLOWED = (
    "Blended",
    "E-learning",
    "Webinar",
    "premialità",
    "autoformazione",
    "Dossier formativo",
    "Discipline",
)


def on_page_content(html_text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Build checks on the rendered page (see hooks/page_checks.py) and its meta description."""
    checks = _page_checks()
    lang = _language(config)
    if not page.meta.get("description"):
        description = checks.describe(html_text)
        if description:
            page.meta["description"] = description
    unchecked = checks.rules_without_verified(html_text)
    if unchecked:
        raise PluginError(f"{page.file.src_uri}: rules shown without a 'verified' date: {unchecked[:10]}")
    stale = checks.stale_today_dates(html_text, _today().isoformat())
    if stale:
        raise PluginError(f"{page.file.src_uri}: the 'Oggi' box cites deadlines already past: {stale}")
    # The developers' area quotes the English OpenAPI document verbatim: it is checked by its own tests.
    if lang == "it" and "sviluppatori/" not in page.file.src_uri:
        labels = confidence_labels()
        tables = [TEXT, KEYS, UNITS, FIELD_LABELS, ENUM_LABELS, VALUE_LABELS, SINGULAR, TODAY_TEXT]
        tables.append({code: {"it": v["label_it"], "en": v["label_en"]} for code, v in labels.items()})
        problems = checks.italian_problems(html_text, checks.english_phrases(tables), ITALIAN_ALLOWED)
        if problems:
            raise PluginError(f"{page.file.src_uri}: " + "; ".join(problems[:10]))
    return html_text


def _after_title(markdown: str, block: str) -> str:
    """Insert a block after the first H1 and the paragraph that follows it."""
    title = re.search(r"^# .*$", markdown, flags=re.MULTILINE)
    if not title:
        return block + markdown
    end = title.end()
    rest = markdown[end:]
    body = len(rest) - len(rest.lstrip("\n"))
    if rest[body : body + 1] not in ("", "#", "<", "!", "{"):
        blank = rest.find("\n\n", body)
        end += len(rest) if blank < 0 else blank
    return markdown[:end] + "\n\n" + block + markdown[end:]


EMPTY_SITEMAP = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n'
)


# Every spelling of the registry's name a member types; the index gets one plain token for them all.
REGISTRY_SPELLINGS = re.compile(r"\bCo\.?\s?Ge\.?\s?A\.?\s?P\.?\s?S\b\.?", re.IGNORECASE)
REGISTRY_TOKEN = "<span hidden> cogeaps</span>"


def split_search_index(site_dir: Path, languages: dict[str, str]) -> dict[str, int]:
    """One search index per language: ``search/search_index.json`` (default language) and
    ``<lang>/search/search_index.json``, each with only its pages and its own lunr language.

    mkdocs-static-i18n merges every language into the root index, so a reader downloaded both and the
    result count included hidden pages. Locations in a language's index are relative to that language's
    root (the English pages' search base is ``/en/``, see overrides/main.html). Returns the bytes
    written per language. ``languages`` maps each language to its URL prefix ("" for the default).
    """
    path = site_dir / "search" / "search_index.json"
    index = json.loads(path.read_text(encoding="utf-8"))
    sizes: dict[str, int] = {}
    prefixes = {lang: prefix for lang, prefix in languages.items() if prefix}
    for lang, prefix in languages.items():
        docs = []
        for doc in index["docs"]:
            location = str(doc["location"])
            owner = next((other for other, p in prefixes.items() if location.startswith(p)), None)
            if (owner or next(k for k, v in languages.items() if not v)) != lang:
                continue
            entry = dict(doc, location=location[len(prefix) :])
            # The dotted name tokenises as "co.ge.a.p.s": add the plain word that "cogeaps" finds.
            for field in ("title", "text"):
                if field in entry and REGISTRY_SPELLINGS.search(str(entry[field])):
                    entry[field] = REGISTRY_SPELLINGS.sub(
                        lambda m: m.group(0) + REGISTRY_TOKEN, str(entry[field])
                    )
            docs.append(entry)
        document = {"config": dict(index["config"], lang=[lang]), "docs": docs}
        target = site_dir / prefix / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
        target.write_text(text, encoding="utf-8")
        sizes[lang] = len(text.encode())
    return sizes


@event_priority(-200)  # after mkdocs-static-i18n (-100) has built every language and merged the index
def on_post_build(config: MkDocsConfig) -> None:
    """Split the search index per language, and publish working sitemaps.

    Without a site_url MkDocs writes a sitemap of "None/..." addresses: publish an empty one instead.
    Material's language selector fetches sitemap.xml from the search base (``/`` or ``/en/``).
    """
    plugin = config.plugins.get("i18n")
    if plugin is not None and getattr(plugin, "building", False):
        return  # an inner pass of the i18n plugin: the other languages are not built yet
    site_dir = Path(config.site_dir)
    languages = {"it": "", "en": "en/"}
    if (site_dir / "search" / "search_index.json").is_file():
        sizes = split_search_index(site_dir, languages)
        log.info("search index bytes per language: %s", sizes)
    if not config.site_url:
        (site_dir / "sitemap.xml").write_text(EMPTY_SITEMAP, encoding="utf-8")
        with gzip.open(site_dir / "sitemap.xml.gz", "wt", encoding="utf-8") as handle:
            handle.write(EMPTY_SITEMAP)
    sitemap = site_dir / "sitemap.xml"
    for prefix in languages.values():
        if prefix and sitemap.is_file():
            (site_dir / prefix / "sitemap.xml").write_bytes(sitemap.read_bytes())
