"""The message catalogue (``data/messages.toml``) and its renderer: Italian and English from one file.

Every sentence the rule book shows people is a message id plus parameters; the text is rendered
here (and by ``ecm-engine.js`` from the same catalogue in the rules export) in the reader's language.
Numbers, dates and plural forms follow the locale through Babel (it_IT, en).

To add a message: add a table to ``data/messages.toml`` with ``params`` (placeholder types), ``it``
and ``en``; then pass its id and params where the line, warning, reason or error is made, e.g.
``explanation.add(param, amount, "line.event_cap", limit=limit)`` or
``raise RuleInputError("hours", "error.at_most_got", limit=limit, got=hours)``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import cache
from importlib import resources
from typing import Any

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.numbers import format_decimal

LANGS = ("it", "en")
DEFAULT_LANG = "it"
BABEL_LOCALES = {"it": "it_IT", "en": "en"}
BASE_TYPES = frozenset({"number", "date", "text", "list", "msg"})
PLACEHOLDER = re.compile(r"\{(\w+)\}")
# Written dates read "1 febbraio 2024" / "1 February 2024" (Intl: day numeric, month long, year numeric).
DATE_PATTERN = "d MMMM y"
HUNDREDTH = Decimal("0.01")

# What a param holds in data: JSON-ready, numbers as numbers, dates as ISO strings.
Params = dict[str, Any]


@dataclass(frozen=True)
class MessageDef:
    """One catalogue entry: placeholder types and, per language, a template or plural forms."""

    id: str
    params: Mapping[str, str]
    templates: Mapping[str, str | Mapping[str, str]]
    plural: str = "count"


def _parse(raw: dict[str, Any]) -> dict[str, MessageDef]:
    messages = {}
    for msg_id, table in raw.items():
        templates = {lang: table[lang] for lang in LANGS if lang in table}
        messages[msg_id] = MessageDef(
            msg_id, dict(table.get("params", {})), templates, str(table.get("plural", "count"))
        )
    return messages


@cache
def catalogue() -> dict[str, MessageDef]:
    """All messages by id, from the packaged ``data/messages.toml`` (parsed once per process)."""
    text = resources.files(__package__).joinpath("data", "messages.toml").read_text(encoding="utf-8")
    return _parse(tomllib.loads(text))


def catalogue_export() -> dict[str, Any]:
    """The catalogue as plain JSON for the rules export: {id: {params?, plural?, it, en}}."""
    out: dict[str, Any] = {}
    for msg_id, definition in catalogue().items():
        entry: dict[str, Any] = {}
        if definition.params:
            entry["params"] = dict(definition.params)
        if definition.plural != "count":
            entry["plural"] = definition.plural
        for lang, template in definition.templates.items():
            entry[lang] = template if isinstance(template, str) else dict(template)
        out[msg_id] = entry
    return out


def plain(value: Any) -> Any:
    """A param as data: Decimal/Fraction -> int when whole else float, date -> ISO, lists and dicts deep."""
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal | Fraction):
        return int(value) if value == int(value) else float(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def params_of(values: Mapping[str, Any]) -> Params:
    return {key: plain(value) for key, value in values.items()}


def step(msg: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """A whole message as the value of a ``msg`` param (e.g. the step inside a blended part)."""
    return {"msg": msg, "params": params_of(params)}


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"language must be one of {LANGS}, not {lang!r}")
    return lang


def format_number(value: Any, lang: str) -> str:
    """A number with the locale's separators and at most two decimals, halves rounded up (as Intl)."""
    number = Decimal(str(value)).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)
    return format_decimal(number, format="#,##0.##", locale=BABEL_LOCALES[lang])


def format_day(value: Any, lang: str) -> str:
    day = value if isinstance(value, date) else date.fromisoformat(str(value))
    return babel_format_date(day, DATE_PATTERN, locale=BABEL_LOCALES[lang])


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(BABEL_LOCALES[lang])


def plural_category(value: Any, lang: str) -> str:
    number = plain(value)
    return str(_locale(lang).plural_form(number))


def _template(definition: MessageDef, params: Mapping[str, Any], lang: str) -> str:
    template = definition.templates.get(lang)
    if template is None:
        raise KeyError(f"message {definition.id!r} has no {lang!r} template")
    if isinstance(template, str):
        return template
    category = plural_category(params[definition.plural], lang)
    return template.get(category) or template["other"]


def _value(kind: str, value: Any, lang: str) -> str:
    if kind == "number":
        return format_number(value, lang)
    if kind == "date":
        return format_day(value, lang)
    if kind == "list":
        return ", ".join(str(item) for item in value)
    if kind == "msg":
        if isinstance(value, Mapping):
            return render(str(value["msg"]), value.get("params") or {}, lang)
        return render(str(value), {}, lang)
    if kind.startswith("unit."):
        return render(kind, {"count": value}, lang)
    return str(value)


def render(msg: str, params: Mapping[str, Any], lang: str = DEFAULT_LANG) -> str:
    """The text of message ``msg`` in ``lang``; raises KeyError for an unknown id, language or param."""
    definition = catalogue()[msg]
    template = _template(definition, params, lang)

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in definition.params:
            raise KeyError(f"message {msg!r}: placeholder {{{name}}} is not declared in params")
        if name not in params:
            raise KeyError(f"message {msg!r}: no value for {{{name}}}")
        return _value(definition.params[name], params[name], lang)

    return PLACEHOLDER.sub(fill, template)
