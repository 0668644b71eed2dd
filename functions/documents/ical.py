"""The deadline calendar as iCalendar text (RFC 5545), written with the ``icalendar`` library.

Pure: events in (``functions.rulebook.deadline_events``), bytes out. Each event is an all-day VEVENT
(DTSTART a DATE, DTEND the next day, RFC 5545 §3.6.1) with a VALARM (ACTION:DISPLAY) that rings at 9:00
``reminder_days`` before (none for a day already passed, whose ``reminder_days`` is None), expressed
as a negative duration relative to the start (§3.8.6.3). UIDs are
stable between refreshes (``<key>-<scope>@<domain>``) so a subscribed calendar updates an event instead
of duplicating it; ``scope`` makes them unique per person without revealing who.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from icalendar import Alarm, Calendar, Event

from functions.rulebook import render
from functions.rulebook.deadline_events import CalendarEvent

PRODID = "-//ECM tracker//Scadenze ECM//IT"
UID_DOMAIN = "ecm-tracker"
REMINDER_HOUR = 9
# Calendar apps poll a subscribed feed at their own pace; these hint at once a day (RFC 7986 and the
# de-facto Microsoft property most clients read).
REFRESH = dt.timedelta(days=1)


def ics_calendar(
    events: Iterable[CalendarEvent], lang: str, scope: str, stamp: dt.datetime, description: str = ""
) -> bytes:
    """The events as an iCalendar document (UTF-8 bytes, CRLF lines folded at 75 octets).

    ``lang`` ("it" or "en") names the calendar; the events' texts are already in that language.
    ``scope`` is a short opaque string unique to the feed's owner (part of every UID). ``stamp`` is the
    DTSTAMP (UTC). ``description``, if given, is added to every event (e.g. who certifies).
    """
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = render("cal.name", {}, lang)
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "P1D")
    for item in events:
        event = Event()
        event.add("uid", f"{item.key}-{scope}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.day)
        event.add("dtend", item.day + dt.timedelta(days=1))
        event.add("summary", item.text)
        if description:
            event.add("description", description)
        event.add("transp", "TRANSPARENT")
        event.add("categories", ["ECM"])
        if item.reminder_days is not None:  # None: a day already passed, kept without an alarm
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", item.text)
            alarm.add("trigger", dt.timedelta(days=-item.reminder_days, hours=REMINDER_HOUR))
            event.add_component(alarm)
        calendar.add_component(event)
    return bytes(calendar.to_ical())
