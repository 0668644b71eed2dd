"""Explanation lines and notices: every step of a result as a message id, its values and its text.

Texts are rendered in the current language (Italian unless inside ``messages.language(...)``, which
the API sets per request) when a result is built; ``localize`` renders a whole result again in another.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, TypeVar

from pydantic import BaseModel

from .messages import check_lang, current_lang, params_of, render
from .models import Confidence, Line, Notice, SourceRef
from .parameters import ParamValue, Source, load_rulebook


def source_ref(source: Source, lang: str | None = None) -> SourceRef:
    """A source as results cite it: its title in ``lang`` (default: the current language)."""
    return SourceRef(id=source.id, title=source.title_in(lang or current_lang()), url=source.url)


def _ref(source: Source) -> SourceRef:
    return source_ref(source)


T = TypeVar("T")


def make_line(param: ParamValue, amount: Decimal, msg: str, **params: Any) -> Line:
    """A line for ``param``'s rule: ``msg`` is a catalogue id, ``params`` its placeholders' values."""
    values = params_of(params)
    return Line(
        rule=param.param,
        amount=amount,
        msg=msg,
        params=values,
        text=render(msg, values),
        source=_ref(param.source),
        reported_by=None if param.reported_by is None else _ref(param.reported_by),
        confidence=Confidence(param.confidence),
    )


def notice(field: str | None, msg: str, **params: Any) -> Notice:
    """A warning or reason: ``field`` is the input it concerns (None for the whole request)."""
    values = params_of(params)
    return Notice(field=field, msg=msg, params=values, text=render(msg, values))


def localize(value: T, lang: str) -> T:
    """``value`` (a result model, or lists and dicts of them) with every text rendered in ``lang``."""
    localized: T = _walk(value, check_lang(lang))
    return localized


def _walk(value: Any, lang: str) -> Any:
    if isinstance(value, SourceRef):
        known = load_rulebook().sources.get(value.id)
        return value if known is None else value.model_copy(update={"title": known.title_in(lang)})
    if isinstance(value, Line):
        return value.model_copy(
            update={
                "text": render(value.msg, value.params, lang),
                "source": _walk(value.source, lang),
                "reported_by": None if value.reported_by is None else _walk(value.reported_by, lang),
            }
        )
    if isinstance(value, Notice):
        return value.model_copy(update={"text": render(value.msg, value.params, lang)})
    if isinstance(value, BaseModel):
        update = {}
        for name in type(value).model_fields:
            current = getattr(value, name)
            if isinstance(current, BaseModel | list | dict):
                update[name] = _walk(current, lang)
        return value.model_copy(update=update) if update else value
    if isinstance(value, list):
        return [_walk(item, lang) for item in value]
    if isinstance(value, dict):
        return {key: _walk(item, lang) for key, item in value.items()}
    return value


class Explanation:
    """Collects lines whose amounts add up to the result by construction."""

    def __init__(self) -> None:
        self.lines: list[Line] = []

    def add(self, param: ParamValue, amount: Decimal, msg: str, **params: Any) -> None:
        self.lines.append(make_line(param, amount, msg, **params))

    def extend(self, lines: list[Line]) -> None:
        self.lines.extend(lines)

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal(0))

    @property
    def uncertain(self) -> bool:
        return any(line.confidence is not Confidence.HIGH for line in self.lines if line.amount != 0)
