"""The trienni known to the rule book, and the dates that hang on them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from .errors import RuleInputError
from .parameters import load_rulebook

# The list of trienni is itself dated data; any date after the last triennium started reads it.
_LIST_DATE = date(2100, 1, 1)


@dataclass(frozen=True)
class Triennium:
    id: str
    start: date
    end: date

    @property
    def years(self) -> tuple[int, int, int]:
        return (self.start.year, self.start.year + 1, self.start.year + 2)


@cache
def all_trienni() -> tuple[Triennium, ...]:
    """Every triennium of the ECM calendar the rule book knows (id, first and last day), oldest first."""
    raw = load_rulebook().at("trienni", _LIST_DATE).value
    return tuple(Triennium(t["id"], t["start"], t["end"]) for t in raw)


def get_triennium(triennium_id: str, field: str = "triennium") -> Triennium:
    for triennium in all_trienni():
        if triennium.id == triennium_id:
            return triennium
    known = [t.id for t in all_trienni()]
    raise RuleInputError(field, "error.unknown_triennium", triennium=triennium_id, known=known)


def triennium_of(day: date) -> str | None:
    for triennium in all_trienni():
        if triennium.start <= day <= triennium.end:
            return triennium.id
    return None


def previous_triennium(triennium: Triennium) -> str:
    return f"{triennium.start.year - 3}-{triennium.start.year - 1}"


def deadline(triennium_id: str, as_of: date) -> date:
    """The deadline to complete a triennium, as it stood on ``as_of`` (extensions are dated values)."""
    book = load_rulebook()
    param = book.parameters[f"deadline.{triennium_id}"]
    known = [v for v in param.values if v.valid_from <= as_of] or [param.values[0]]
    value: date = known[-1].value
    return value


def missing_suspected_after(event_end: date, provider_scope: str = "national") -> date:
    """The day after which a credit not yet in the registry is reported as missing suspected.

    ``event_end`` is the event's official end (the provider's 90 days run from it); Agenas adds its lag
    (15-20 days); a regional provider's credits can take up to the regional wait (ecm-rules.md §11.8).
    ``provider_scope`` is "national" or "regional".
    """
    book = load_rulebook()
    reporting = int(book.at("registry.reporting_days", event_end).value)
    margin = int(book.at("registry.missing_margin_days", event_end).value)
    days = reporting + margin
    if provider_scope == "regional" and event_end >= book.first_rule_date("registry.regional_days"):
        days = max(days, int(book.at("registry.regional_days", event_end).value))
    return event_end + timedelta(days=days)
