"""The professional's deadlines as a list of calendar events, from the status answer (issue 14).

Pure data in, pure data out, so the guide's calculator can port it to JavaScript line by line: each event
is a day, a catalogue message (id and params, rendered by the one renderer), a stable key for the UID
and how many days ahead the reminder rings. The iCalendar text itself is written elsewhere
(``functions.documents.ical``); this module decides *which* days matter and why:

- the last day of the current triennium (§2, the trienni parameter);
- every recovery and move deadline, per triennium (§6, §11.8);
- the compensation deadline (Delibera CNFC 1/2025: 31 Dec 2028), once, naming the trienni it concerns;
- for each credit not yet in the registry, the day it becomes missing suspected: the day after
  ``suspected_after`` (provider's 90 days + Agenas' lag, longer for regional providers; §11.8), whether
  that day is still ahead or has passed.

One rule for every event, whatever its kind: it sits on its own day. A day still ahead (or today) has a
reminder. A day passed within the last year stays, without a reminder: a subscribed calendar mirrors the
feed, so an event dropped the day after would vanish from the person's calendar as if it had never been,
while an alarm for a day gone is no reminder of anything (some apps even pop it up as "missed" on
import). Older days are left out. So a credit whose day has passed shows on that day, not on today: an
event moved to today would slide at every refresh and ring every morning, and the status answer already
says the credit is probably missing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Annotated, Any

from pydantic import Field, StringConstraints

from .explain import notice
from .models import Strict
from .status import StatusInput, StatusResult, evaluate_status

# A deadline's reminder rings two weeks ahead: time to take a course or ask the Ordine. A credit's
# registry day rings on the day itself, when there is something to check.
DEADLINE_REMINDER_DAYS = 14
REGISTRY_REMINDER_DAYS = 0
# A passed day stays in the feed this long, without a reminder, so that a subscribed calendar keeps it as
# history (see the module's docstring).
KEEP_PAST_DAYS = 365

_MESSAGES = {
    "recovery": "cal.recovery",
    "moves": "cal.moves",
    "compensation": "cal.compensation",
}


@dataclass(frozen=True)
class CalendarEvent:
    """One all-day event: ``day`` (a date), ``key`` (stable, unique within one person's feed, e.g.
    ``recovery-2023-2025`` or ``registry-<credit id>``), ``msg``/``params`` (the summary as a catalogue
    message), ``text`` (rendered in the current language), ``reminder_days`` (days before ``day`` the
    alarm rings, at 9:00; None, no alarm, for a day already passed), ``rule`` (the parameter id it comes
    from) and ``single_source``."""

    day: dt.date
    key: str
    msg: str
    params: Mapping[str, Any]
    text: str
    reminder_days: int | None
    rule: str
    single_source: bool = False


def _event(
    day: dt.date, key: str, msg: str, reminder: int, rule: str, single: bool = False, **params: Any
) -> CalendarEvent:
    said = notice(None, msg, **params)
    return CalendarEvent(
        day=day,
        key=key,
        msg=said.msg,
        params=said.params,
        text=said.text,
        reminder_days=reminder,
        rule=rule,
        single_source=single,
    )


def calendar_events(status: StatusResult, titles: Mapping[str, str] | None = None) -> list[CalendarEvent]:
    """The deadlines of ``status`` (a status answer) as calendar events, sorted by day then key.

    ``titles`` maps a credit id to the name the event gives it (optional; otherwise the credit's own
    title, else its id). Events come only from ``status``: no rule is recomputed here. Days before
    ``status.as_of`` come without a reminder, and only from the last ``KEEP_PAST_DAYS`` days.
    """
    titles = titles or {}
    as_of = status.as_of
    oldest = as_of - dt.timedelta(days=KEEP_PAST_DAYS)
    events: list[CalendarEvent] = []
    if status.current_timeline is not None:
        for rule in status.current_timeline.deadlines:
            if rule.kind == "end":
                events.append(
                    _event(
                        rule.date,
                        f"end-{status.current_timeline.triennium}",
                        "cal.end",
                        DEADLINE_REMINDER_DAYS,
                        rule.rule,
                        triennium=status.current_timeline.triennium,
                    )
                )
    compensation: dict[dt.date, tuple[str, bool, list[str]]] = {}
    for line in status.timelines:
        for rule in line.deadlines:
            if rule.kind == "end" or rule.date < oldest:
                continue
            if rule.kind == "compensation":
                entry = compensation.setdefault(rule.date, (rule.rule, rule.single_source, []))
                entry[2].append(line.triennium)
                continue
            msg = _MESSAGES[rule.kind]
            if rule.single_source:
                msg += "_single_source"
            events.append(
                _event(
                    rule.date,
                    f"{rule.kind}-{line.triennium}",
                    msg,
                    DEADLINE_REMINDER_DAYS,
                    rule.rule,
                    rule.single_source,
                    triennium=line.triennium,
                )
            )
    for day, (rule_id, single, trienni) in compensation.items():
        events.append(
            _event(
                day,
                f"compensation-{day.isoformat()}",
                "cal.compensation",
                DEADLINE_REMINDER_DAYS,
                rule_id,
                single,
                trienni=sorted(trienni),
            )
        )
    for item in [*status.pending, *status.missing_suspected]:
        day = item.suspected_after + dt.timedelta(days=1)
        if day < oldest:
            continue
        events.append(
            _event(
                day,
                f"registry-{item.id}",
                "cal.registry",
                REGISTRY_REMINDER_DAYS,
                "registry.reporting_days",
                title=titles.get(item.id) or item.title or item.id,
            )
        )
    # A day gone has no reminder (see the module's docstring); today's still rings.
    events = [replace(e, reminder_days=None) if e.day < as_of else e for e in events]
    events.sort(key=lambda e: (e.day, e.key))
    return events


class CalendarInput(StatusInput):
    """A status request plus ``titles`` (credit id -> the name its registry event shows, 1-300 characters):
    the guide's calculator names a credit by its type and event code, the API by the title stored."""

    titles: dict[str, Annotated[str, StringConstraints(min_length=1, max_length=300)]] = Field(
        default={}, max_length=20000
    )


class CalendarResult(Strict):
    """The events of ``calendar_answer``: the day of the answer and the events, sorted by day then key."""

    as_of: dt.date
    events: list[CalendarEvent]


def calendar_answer(request: CalendarInput) -> CalendarResult:
    """The status answer of ``request`` (``evaluate_status``) as its calendar events (``calendar_events``):
    the one entry point the conformance vectors and the browser engine's ``deadlineCalendar`` share."""
    status = evaluate_status(StatusInput(**request.model_dump(exclude={"titles"})))
    return CalendarResult(as_of=status.as_of, events=calendar_events(status, request.titles))
