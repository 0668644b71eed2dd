"""Load the rule book's data files and answer "what was parameter X on date D".

The TOML files under ``data/`` are the single source of every number. A parameter is any table with a
``values`` list; each value applies from its ``from`` date until the next value's ``from``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from functools import cache
from typing import Any

from . import data_files
from .errors import RuleInputError

DATA_FILES = ("events.toml", "obligation.toml", "professions.toml", "countries.toml")
CONFIDENCES = ("HIGH", "MED", "LOW")


@dataclass(frozen=True)
class Source:
    """A document the rule book cites.

    ``title`` is the English title (kept under its old name for existing readers); ``title_it`` the
    Italian one. ``adopted`` is the date the act itself was adopted or published, when the source is
    (or reports) a dated act; None for pages that only explain the rules.
    """

    id: str
    title: str
    url: str
    official: bool = False  # the document itself (law, Accordo, Manuale, CNFC act), not a page about it
    title_it: str = ""
    adopted: date | None = None
    applies_from: date | None = None
    official_url: str = ""

    @property
    def act_start(self) -> date | None:
        """The first day the act applies (``applies_from``, else ``adopted``); None for non-acts."""
        return self.applies_from or self.adopted

    @property
    def title_en(self) -> str:
        return self.title

    def title_in(self, lang: str) -> str:
        """The title in ``lang`` ("it" or "en"); an Italian title falls back to English only if missing."""
        return (self.title_it or self.title) if lang == "it" else self.title


@dataclass(frozen=True)
class ManualeCheck:
    """The edition of the Manuale sulla formazione continua a parameter was last checked against.

    ``how`` says in English what the check was (kept under its old name for existing readers),
    ``how_it`` the same in Italian; the data file gives both (``how = { it = ..., en = ... }``).
    """

    edition: str
    on: date
    how: str
    how_it: str = ""

    def how_in(self, lang: str) -> str:
        """What the check was, in ``lang`` ("it" or "en")."""
        return self.how_it if lang == "it" else self.how


@dataclass(frozen=True)
class ParamValue:
    """One dated value of a parameter, with the evidence behind it.

    ``note`` is the English remark on the value (kept under its old name for existing readers) and
    ``note_it`` the same remark in Italian; both are empty when the value has no note, and the loader
    refuses a note in one language only. ``single_source`` is True when only one source states the
    value (the data's ``single_source = true``): the status answer and the calendar say so.
    """

    param: str
    valid_from: date
    value: Any
    source: Source
    confidence: str
    note: str
    reported_by: Source | None = None  # the page where the number was read, when not the source itself
    # The day this value was last checked against its source (ecm-rules.md §11.10); the loader requires it.
    verified: date | None = None
    # False when ``valid_from`` is the project's boundary, not a date read in a source (shown as no date).
    from_known: bool = True
    note_it: str = ""
    single_source: bool = False

    @property
    def note_en(self) -> str:
        return self.note

    def note_in(self, lang: str) -> str:
        """The note in ``lang`` ("it" or "en"); "" when the value has none."""
        return self.note_it if lang == "it" else self.note

    @property
    def absent(self) -> bool:
        """``false`` in the data means: no such rule in this period."""
        return self.value is False

    def decimal(self) -> Decimal:
        return to_decimal(self.value)

    def share(self) -> Fraction:
        return Fraction(str(self.value))


@dataclass(frozen=True)
class Parameter:
    id: str
    title_it: str
    title_en: str
    unit: str
    values: tuple[ParamValue, ...]
    manuale_checked: ManualeCheck


def to_decimal(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise TypeError(f"not a number: {value!r}")
    # str() first: Decimal(0.3) would carry the float's binary error into the rule book.
    return Decimal(str(value))


class RuleBook:
    def __init__(self, sources: dict[str, Source], parameters: dict[str, Parameter]) -> None:
        self.sources = sources
        self.parameters = parameters

    def at(self, param_id: str, on: date) -> ParamValue:
        parameter = self.parameters[param_id]
        current: ParamValue | None = None
        for value in parameter.values:
            if value.valid_from <= on:
                current = value
        if current is None:
            raise RuleInputError(
                "date", "error.no_rule_before", rule=param_id, since=parameter.values[0].valid_from
            )
        return current

    def first_rule_date(self, param_id: str) -> date:
        """The first date from which ``param_id`` has a rule (its first value that is not ``false``)."""
        values = self.parameters[param_id].values
        return next((v.valid_from for v in values if not v.absent), values[-1].valid_from)


def _walk(prefix: str, table: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for key, item in table.items():
        if not isinstance(item, dict):
            continue
        path = f"{prefix}.{key}" if prefix else key
        if "values" in item:
            found[path] = item
        else:
            found.update(_walk(path, item))
    return found


def _bilingual(raw: Any, where: str, field: str) -> tuple[str, str]:
    """``{ it = "...", en = "..." }`` as (Italian, English); ValueError naming ``where`` and ``field``
    when it is not such a table or either text is missing or empty (a reader of either language would
    get less than the other)."""
    if not isinstance(raw, dict):
        raise ValueError(f'{where}: {field} must be {{ it = "...", en = "..." }}, not {raw!r}')
    texts = {}
    for lang in ("it", "en"):
        text = raw.get(lang)
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"{where}: {field} has no {lang} text")
        texts[lang] = text
    unknown = sorted(set(raw) - {"it", "en"})
    if unknown:
        raise ValueError(f"{where}: {field} has unknown languages {unknown}")
    return texts["it"], texts["en"]


def _check(raw: dict[str, Any], where: str) -> ManualeCheck:
    try:
        edition, on, how = str(raw["edition"]), raw["on"], raw["how"]
    except (KeyError, TypeError) as error:
        raise ValueError(f"{where}: manuale_checked needs edition, on and how") from error
    how_it, how_en = _bilingual(how, where, "manuale_checked.how")
    return ManualeCheck(edition, on, how_en, how_it)


def _note(entry: dict[str, Any], where: str) -> tuple[str, str]:
    """A value's note as (Italian, English): ("", "") without one, both texts when it has one."""
    if "note" not in entry:
        return "", ""
    return _bilingual(entry["note"], where, "note")


def _single_source(entry: dict[str, Any], where: str) -> bool:
    flag = entry.get("single_source", False)
    if not isinstance(flag, bool):
        raise ValueError(f"{where}: single_source must be true or false, not {flag!r}")
    return flag


def _source(key: str, raw: dict[str, Any]) -> Source:
    # ``title`` alone (the format before titles were bilingual) still loads, as the English title.
    title_en = raw.get("title_en", raw.get("title"))
    if not title_en:
        raise ValueError(f"source {key!r}: title_en is missing")
    # Titles reach readers of both languages (explanation lines, links, PDFs): Italian is required too.
    if not raw.get("title_it"):
        raise ValueError(f"source {key!r}: title_it is missing")
    dates = {}
    for field in ("adopted", "applies_from"):
        value = raw.get(field)
        if value is not None and not isinstance(value, date):
            raise ValueError(f"source {key!r}: {field} must be a TOML date, not {value!r}")
        dates[field] = value
    if dates["applies_from"] is not None and dates["adopted"] is None:
        raise ValueError(f"source {key!r}: applies_from needs adopted")
    official = str(raw.get("official_url", ""))
    if official and not official.startswith("https://"):
        raise ValueError(f"source {key!r}: official_url must be an https address")
    return Source(
        key,
        str(title_en),
        str(raw["url"]),
        official=raw.get("kind") == "official",
        title_it=str(raw.get("title_it", "")),
        official_url=official,
        **dates,
    )


def _build(sources_raw: dict[str, Any], tables: list[dict[str, Any]]) -> RuleBook:
    sources = {key: _source(key, raw) for key, raw in sources_raw.items()}
    parameters: dict[str, Parameter] = {}
    for table in tables:
        table = dict(table)
        default_check = table.pop("manuale_checked", None)
        for param_id, raw in _walk("", table).items():
            check_raw = raw.get("manuale_checked", default_check)
            if check_raw is None:
                raise ValueError(f"{param_id}: no manuale_checked (per parameter or per file)")
            check = _check(check_raw, param_id)
            default_verified = raw.get("verified")
            values = []
            for entry in raw["values"]:
                verified = entry.get("verified", default_verified)
                if not isinstance(verified, date):
                    raise ValueError(
                        f"{param_id}: 'verified' (the day the rule was last checked against its source) "
                        f"must be a TOML date, per parameter or per value; got {verified!r}"
                    )
                source_id = entry["source"]
                if source_id not in sources:
                    raise ValueError(f"{param_id}: unknown source {source_id!r}")
                reported_id = entry.get("reported_by")
                if reported_id is not None and reported_id not in sources:
                    raise ValueError(f"{param_id}: unknown reported_by {reported_id!r}")
                if entry["confidence"] not in CONFIDENCES:
                    raise ValueError(f"{param_id}: confidence must be one of {CONFIDENCES}")
                where = f"{param_id} (from {entry['from']})"
                note_it, note_en = _note(entry, where)
                values.append(
                    ParamValue(
                        param=param_id,
                        valid_from=entry["from"],
                        value=entry["value"],
                        source=sources[source_id],
                        confidence=entry["confidence"],
                        note=note_en,
                        reported_by=None if reported_id is None else sources[reported_id],
                        verified=verified,
                        from_known=bool(entry.get("from_known", True)),
                        note_it=note_it,
                        single_source=_single_source(entry, where),
                    )
                )
            ordered = tuple(sorted(values, key=lambda v: v.valid_from))
            if len({v.valid_from for v in ordered}) != len(ordered):
                raise ValueError(f"{param_id}: two values start on the same date")
            title = raw["title"]
            parameters[param_id] = Parameter(
                param_id, title["it"], title["en"], str(raw["unit"]), ordered, check
            )
    return RuleBook(sources, parameters)


def _read(name: str) -> dict[str, Any]:
    return data_files.read(name)


@cache
def confidence_labels() -> dict[str, dict[str, str]]:
    """Reader-facing words for each confidence code: ``{"MED": {"label_it", "label_en", "help_it",
    "help_en"}}``, from ``data/confidence.toml``. Raises ValueError when a code or a language is missing."""
    raw = _read("confidence.toml")
    fields = ("label_it", "label_en", "help_it", "help_en")
    labels: dict[str, dict[str, str]] = {}
    for code in CONFIDENCES:
        entry = raw.get(code)
        if not isinstance(entry, dict) or any(not entry.get(f) for f in fields):
            raise ValueError(f"confidence.toml: {code} needs {', '.join(fields)}")
        labels[code] = {f: str(entry[f]) for f in fields}
    return labels


@cache
def load_rulebook() -> RuleBook:
    """The rule book from the packaged data files (parsed once per process)."""
    return _build(_read("sources.toml"), [_read(name) for name in DATA_FILES])
