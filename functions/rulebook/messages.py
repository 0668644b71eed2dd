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
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from babel import Locale

from . import data_files
from .country_names import country_names

LANGS = ("it", "en")
DEFAULT_LANG = "it"
BABEL_LOCALES = {"it": "it_IT", "en": "en"}
# Lists in sentences are joined as prose, "2027 e 2028" / "2027 and 2028": British English as Intl's en-GB
# (no serial comma), the browser engine's locale.
LIST_LOCALES = {"it": "it_IT", "en": "en_GB"}
BASE_TYPES = frozenset({"number", "date", "text", "list", "msg", "fraction"})
# A param that holds a code (an event type, a role) and reads as its label: "name:what.type" renders
# "res_course" as the message what.type.res_course; "names:what.role" renders a list of codes. The
# params keep the codes (what the API takes); only the text has words.
NAME = "name:"
NAMES = "names:"
PLACEHOLDER = re.compile(r"\{(\w+)\}")
# Written dates read "20 febbraio 2024" / "1 February 2024" (Intl: day numeric, month long, year numeric);
# Italian writes the first of a month as an ordinal, "1° febbraio 2024", which CLDR has no pattern for.
DATE_PATTERN = "d MMMM y"
FIRST_OF_MONTH = {"it": "1°"}
HUNDREDTH = Decimal("0.01")
MINUS = "\u2212"
# Messages the browser engine never renders, kept out of the rules file it downloads: the guide's build
# sentences for value tables (value.*, hooks/ecm_format.py) and the API's own texts (api.*: refusals and
# notices; attestato.*: the attestato reader's refusals; claim.*, doc.*: the claim pack and the
# statement; what.item.*, what.channel.*: the API's names of records and of contact channels), the
# CLI's (error.read_*: a file it cannot read) and refusals only pydantic gives (error.json: a body
# that is not JSON; error.invalid: an error type without a message of its own; error.pattern_* but the
# triennium's: the API's own path and query forms; the browser engine checks
# parsed objects and names every refusal). The API and the CLI render these in Python with the same
# catalogue. The calendar's texts (cal.*) do go: the triennium calculator offers the same events as a
# downloadable .ics (issue 14).
NOT_FOR_BROWSER = (
    "value.",
    "api.",
    "attestato.",
    "claim.",
    "doc.",
    "what.item.",
    "what.channel.",
    "error.read_",
    "error.json",
    "error.invalid",
    "error.pattern_statement",
    "error.pattern_id",
    "error.pattern_fiscal_code",
)

# Labels made from the rules data itself, on both sides: the professions (profession.list) and the
# rules' own titles (what.rule.<parameter id>, for a refusal that names a rule). Kept out of the export's
# catalogue so the calculators do not download the names twice (rulebook.js adds them on load).
FROM_RULES = ("what.profession.", "what.rule.")

# What a param holds in data: JSON-ready, numbers as numbers, dates as ISO strings.
Params = dict[str, Any]

# The reader's language for texts rendered without an explicit one (the API sets it per request, from
# Accept-Language); results built inside ``language("en")`` carry English texts.
_CURRENT: ContextVar[str] = ContextVar("ecm_language", default=DEFAULT_LANG)


def current_lang() -> str:
    return _CURRENT.get()


@contextmanager
def language(lang: str) -> Iterator[str]:
    """Render texts in ``lang`` inside the block (per request or per call; contexts do not leak)."""
    token = _CURRENT.set(check_lang(lang))
    try:
        yield lang
    finally:
        _CURRENT.reset(token)


def negotiate(accept_language: str | None) -> str:
    """The language for an ``Accept-Language`` header: it or en by q-value (RFC 9110), else Italian.

    "en-GB;q=0.8, it;q=0.9" -> "it"; "en" -> "en"; "fr, *;q=0.1" -> "it"; missing or malformed -> "it".
    Equal q-values keep the header's order; ``q=0`` means "not this one".
    """
    best: tuple[float, int, str] | None = None
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, rest = part.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        quality = 1.0
        for parameter in rest.split(";"):
            name, _, value = parameter.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if primary == "*":
            primary = DEFAULT_LANG
        if primary not in LANGS or not 0 < quality <= 1:
            continue
        if best is None or quality > best[0]:
            best = (quality, position, primary)
    return best[2] if best else DEFAULT_LANG


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
    raw = data_files.read("messages.toml")
    # Country names are messages too ("country.JP": Giappone / Japan), from the CLDR list of
    # data/country_names.json: a line names the country in the reader's language (issue 10).
    for code, names in country_names().items():
        raw[f"country.{code}"] = {"it": names["it"], "en": names["en"]}
    # So are the professions ("what.profession.farmacista": farmacista / pharmacist), from the latest list
    # of data/professions.toml, with a small initial to sit inside a sentence (params name:what.profession).
    professions = data_files.read("professions.toml")["profession"]["list"]["values"][-1]["value"]
    for entry in professions:
        raw[f"what.profession.{entry['id']}"] = {"it": _inside(entry["it"]), "en": _inside(entry["en"])}
    # A rule by its title ("what.rule.trienni": "calendario dei trienni ECM"), never by its parameter id.
    from .parameters import load_rulebook  # parameters -> errors -> messages: imported here, not at the top

    for param_id, parameter in load_rulebook().parameters.items():
        raw[f"what.rule.{param_id}"] = {"it": _inside(parameter.title_it), "en": _inside(parameter.title_en)}
    return _parse(raw)


def _inside(name: str) -> str:
    """A name as it reads inside a sentence: "Medico chirurgo" -> "medico chirurgo" (acronyms kept)."""
    return name[0].lower() + name[1:] if name[1:2].islower() else name


def catalogue_export() -> dict[str, Any]:
    """The catalogue as plain JSON for the rules export: {id: {params?, plural?, it, en}}; the guide's
    own sentences and the API's texts (NOT_FOR_BROWSER) stay out of the browser's download, and so do
    the profession names and rule titles (FROM_RULES): the browser engine makes them from the export's
    parameters."""
    out: dict[str, Any] = {}
    for msg_id, definition in catalogue().items():
        if msg_id.startswith(NOT_FOR_BROWSER) or msg_id.startswith(FROM_RULES):
            continue
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
    kind = type(value)
    if kind is int or kind is str or kind is bool:  # the common cases first: this runs for every param
        return value
    if kind is Decimal or kind is Fraction:
        whole = int(value)
        return whole if value == whole else float(value)
    if kind is float:
        return int(value) if value.is_integer() else value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, Decimal | Fraction | int | float | str):  # subclasses (e.g. StrEnum)
        return plain(value.value if hasattr(value, "value") else kind.__mro__[1](value))
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


# Babel's formatting costs about 0.1 ms a call; the same hours, rates and limits recur in every
# explanation, so the results are kept (values are plain numbers and ISO strings, hence hashable).
@lru_cache(maxsize=4096)
def _number_text(value: Decimal | int | float | str, lang: str) -> str:
    number = Decimal(str(value)).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)
    from babel.numbers import format_decimal  # on first use: Babel is not needed to start a function

    # The true minus sign (U+2212) in both languages: CLDR's it/en use the hyphen.
    return format_decimal(number, format="#,##0.##", locale=_locale(lang)).replace("-", MINUS)


def format_number(value: Any, lang: str) -> str:
    """A number with the locale's separators and at most two decimals, halves rounded up (as Intl)."""
    return _number_text(plain(value), lang)


@lru_cache(maxsize=4096)
def _day_text(iso: str, lang: str) -> str:
    from babel.dates import format_date  # on first use: Babel is not needed to start a function

    day = date.fromisoformat(iso)
    text = format_date(day, DATE_PATTERN, locale=_locale(lang))
    return FIRST_OF_MONTH[lang] + text[1:] if day.day == 1 and lang in FIRST_OF_MONTH else text


def format_day(value: Any, lang: str) -> str:
    """A date as people write it: "1° febbraio 2024", "20 luglio 2024" / "1 February 2024"."""
    return _day_text(value.isoformat() if isinstance(value, date) else str(value)[:10], lang)


@cache
def _locale(lang: str) -> Locale:
    from babel import Locale

    return Locale.parse(BABEL_LOCALES[lang])


@lru_cache(maxsize=4096)
def _plural(number: int | float, lang: str) -> str:
    return str(_locale(lang).plural_form(number))


def plural_category(value: Any, lang: str) -> str:
    """CLDR plural category (one, many, other) of a number in ``lang``."""
    return _plural(plain(value), lang)


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
    if kind == "fraction":
        # "1/3" in words where the catalogue has them ("un terzo"), else as written.
        words = catalogue().get(f"fraction.{value}")
        return _render(words.id, {}, lang) if words else str(value)
    if kind == "list":
        from babel.lists import format_list  # on first use: Babel is not needed to start a function

        # Items are plain values or whole messages ({msg, params}), e.g. a credit named by its title.
        items = [_value("msg", item, lang) if isinstance(item, Mapping) else str(item) for item in value]
        return format_list(items, locale=LIST_LOCALES[lang]) if items else ""
    if kind == "msg":
        if isinstance(value, Mapping):
            return render(str(value["msg"]), value.get("params") or {}, lang)
        return render(str(value), {}, lang)
    if kind.startswith("unit."):
        return render(kind, {"count": value}, lang)
    if kind.startswith(NAMES):
        # A list of codes, each in words ("names:what.role": ["teacher", "moderator"]).
        return _value("list", [code_words(kind[len(NAMES) :], item, lang) for item in value], lang)
    if kind.startswith(NAME):
        return code_words(kind[len(NAME) :], value, lang)
    return str(value)


def code_words(prefix: str, code: Any, lang: str | None = None) -> str:
    """A code in words from its label ``<prefix>.<code>`` (``what.type`` and ``res_course`` -> "corso di
    aggiornamento"), in ``lang`` (default: the current language); a code with no label yet stays as
    given rather than failing the sentence (or the cell) that names it."""
    msg = f"{prefix}.{code}"
    return render(msg, {}, lang) if msg in catalogue() else str(code)


def render(msg: str, params: Mapping[str, Any], lang: str | None = None) -> str:
    """The text of message ``msg`` in ``lang`` (default: the current language, see ``language``);
    raises KeyError for an unknown id, language or param."""
    lang = lang or current_lang()
    if all(isinstance(v, int | float | str) for v in params.values()):
        return _render_scalars(msg, tuple(sorted(params.items())), lang)
    return _render(msg, params, lang)


@lru_cache(maxsize=8192)
def _render_scalars(msg: str, items: tuple[tuple[str, Any], ...], lang: str) -> str:
    # Most lines repeat (same rule, same hours, same rate): a kept text skips the formatting.
    return _render(msg, dict(items), lang)


def _render(msg: str, params: Mapping[str, Any], lang: str) -> str:
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


def _forms(template: str | Mapping[str, str]) -> list[str]:
    return [template] if isinstance(template, str) else list(template.values())


def catalogue_problems(messages: Mapping[str, MessageDef]) -> list[str]:
    """What is wrong with a catalogue: a missing language or plural form, an undeclared placeholder,
    a declared param that a language leaves out (Italian must show every step English shows), a type
    the renderer does not know."""
    problems = []
    for msg_id, definition in messages.items():
        for name, kind in definition.params.items():
            if kind.startswith((NAME, NAMES)):
                prefix = kind.split(":", 1)[1] + "."
                if not any(other.startswith(prefix) for other in messages):
                    problems.append(f"{msg_id}: param {name} names codes with no label {prefix}*")
            elif kind not in BASE_TYPES and not (kind.startswith("unit.") and kind in messages):
                problems.append(f"{msg_id}: param {name} has unknown type {kind!r}")
        for lang in LANGS:
            template = definition.templates.get(lang)
            if template is None:
                problems.append(f"{msg_id}: no {lang!r} template")
                continue
            if not isinstance(template, str):
                if "other" not in template:
                    problems.append(f"{msg_id}: {lang!r} plural forms lack 'other'")
                if definition.plural not in definition.params:
                    problems.append(f"{msg_id}: plural param {definition.plural!r} is not declared")
            used: set[str] = set()
            for form in _forms(template):
                names = set(PLACEHOLDER.findall(form))
                used |= names
                for name in sorted(names - set(definition.params)):
                    problems.append(f"{msg_id}: {lang!r} uses {{{name}}}, not declared in params")
            for name in sorted(set(definition.params) - used):
                problems.append(f"{msg_id}: {lang!r} never shows param {name}")
    return problems
