"""Rule book access and value formatting for the guide's hook (hooks/ecm_rules.py).

Reads the rule book (``functions.rulebook``) without AWS, formats its values in Italian or English with
Babel (numbers, dates, shares, structured values) and says which dates are dates of law (``legal_from``).
Also the small helpers the markers share: dates in markers, ``rule(...)`` arguments, the OpenAPI file and
the API reference's examples computed by the engine.
"""

from __future__ import annotations

import ast
import html
import importlib
import importlib.util
import json
import logging
import os
import re
import sys
import types
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from babel import dates as babel_dates
from babel import lists as babel_lists
from babel import numbers as babel_numbers
from ecm_words import KEYS, UNITS, VALUE_LABELS, t
from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.hooks.ecm_rules")

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

OPENAPI_CANDIDATES = (
    ROOT / "openapi" / "openapi.json",
    ROOT / "openapi.json",
    ROOT / "docs" / "openapi.json",
)

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


def render(msg: str, params: dict[str, Any], lang: str) -> str:
    """A message of the rule book's catalogue (functions/rulebook/data/messages.toml) in ``lang``."""
    _import_parameters()  # the rule book's package, even while its other modules are missing
    messages = importlib.import_module("functions.rulebook.messages")
    return str(messages.render(msg, params, lang))


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


def fmt_period(start: date, end: date, lang: str) -> str:
    """ "dal 1° febbraio al 31 agosto 2024", "dall'8 marzo 2024 al 7 gennaio 2025" / "from 1 February to
    31 August 2024": the year is written once when both days share it."""
    first = fmt_month_day(start.month, start.day, lang) if start.year == end.year else fmt_date(start, lang)
    if lang != "it":
        return f"from {first} to {fmt_date(end, lang)}"
    since = "dall'" if start.day in (8, 11) else "dal "
    until = "all'" if end.day in (8, 11) else "al "
    return f"{since}{first} {until}{fmt_date(end, lang)}"


def fmt_input_item(item: dict[str, Any], short: Callable[[str, Any], str], lang: str) -> str:
    """One entry of a worked example's input list (an exemption, a credit record) as a short phrase:
    "esenzione dal 1° febbraio al 31 agosto 2024 · 30 ore"; ``short`` writes one field's value."""
    start, end = item.get("start"), item.get("end")
    dated = all(isinstance(d, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in (start, end))
    skipped = {"id", "start", "end"} if dated else {"id"}
    parts = [short(key, value) for key, value in item.items() if key not in skipped and value is not False]
    if dated:
        period = fmt_period(date.fromisoformat(str(start)), date.fromisoformat(str(end)), lang)
        parts[:1] = [f"{parts[0]} {period}"] if parts else [period]
    return " · ".join(parts)


def fmt_number(value: Any, lang: str) -> str:
    """A number as the reader writes it (decimal comma in Italian), with every significant decimal."""
    number = Decimal(str(value))
    # Amounts take the true minus sign ("−30"), as the rule book's texts do; CLDR's it/en use the hyphen.
    return babel_numbers.format_decimal(number, locale=LOCALES[lang], decimal_quantization=False).replace(
        "-", "−"
    )


def fmt_list(items: list[str], lang: str) -> str:
    """Items joined as prose: "2027 e 2028", "A, B e C" / "A, B and C" (Babel, CLDR list patterns)."""
    return babel_lists.format_list(items, locale=LOCALES[lang]) if items else ""


def fmt_year(value: Any) -> str:
    """A calendar year: never a thousands separator ("2026", not "2.026")."""
    return str(value)


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
        return t("rule_true", lang)
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
    return _fmt_struct_rules(value, lang)


def _dossier_part(value: dict[str, Any], lang: str) -> str:
    return render("value.dossier_part", {"build": value["build"], "carry": value["carry"]}, lang)


def _iso(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def _fmt_struct_rules(value: dict[str, Any], lang: str) -> str | None:
    """Sentences (message catalogue, value.*) for the rule book's one-of-a-kind composite values."""
    keys = set(value)
    if keys == {"build", "carry"}:
        return _dossier_part(value, lang)
    if keys in ({"individual", "group"}, {"individual", "group", "build_years"}):
        kinds = ("individual", "group")
        parts = [f"{KEYS[kind][lang]}: {_dossier_part(value[kind], lang)}" for kind in kinds]
        if "build_years" in value:
            # Built in one of the years: "nel 2026 o nel 2027" (an alternative, not a list joined by "e").
            years = [fmt_year(year) for year in value["build_years"]]
            joined = babel_lists.format_list(years, style="or", locale=LOCALES[lang])
            joined = joined.replace(" o ", " o nel ") if lang == "it" else joined
            parts.append(render("value.dossier_years", {"years": joined}, lang))
        return "; ".join(parts)
    if keys == {"min", "max"}:
        return render("value.yearly_range", {"min": value["min"], "max": value["max"]}, lang)
    if keys == {"per_month", "max_per_year"}:
        return render(
            "value.per_month_max_year", {"per_month": value["per_month"], "max": value["max_per_year"]}, lang
        )
    if keys == {"mode", "disputed"}:
        mode, other = (
            VALUE_LABELS.get(str(value[k]), {}).get(lang, str(value[k])) for k in ("mode", "disputed")
        )
        return render("value.rounding_disputed", {"mode": mode, "disputed": other}, lang)
    if keys == {"first_triennium", "policies_from"}:
        params = {"first": str(value["first_triennium"]), "since": _iso(value["policies_from"])}
        return render("value.insurance_rule", params, lang)
    if keys == {"creditors", "debtors", "deadline"}:
        params = {
            "creditors": value["creditors"],
            "debtors": value["debtors"],
            "deadline": _iso(value["deadline"]),
        }
        return render("value.compensation_rule", params, lang)
    if keys == {"deadlines"} and isinstance(value["deadlines"], dict):
        items = [
            render("value.move_deadline", {"triennium": triennium, "deadline": _iso(day)}, lang)
            for triennium, day in value["deadlines"].items()
        ]
        return fmt_list(items, lang)
    return None


def fmt_value(value: Any, unit: str, lang: str, show_unit: bool = True) -> str:
    """Plain text for any value of the rule book (structured values become short lists)."""
    if isinstance(value, dict):
        sentence = fmt_struct(value, lang)
        if sentence is not None:
            return sentence
        parts = []
        for key, item in value.items():
            if key not in KEYS:
                # A raw key ("cogeaps_from_age", "cogeaps from age") would reach the page: give the value's
                # shape a sentence in fmt_struct, or its keys a label in ecm_words.KEYS.
                raise PluginError(f"no words for the key {key!r} of the rule value {value!r}")
            label = KEYS[key][lang]
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
