"""The product's notion of "now", in one place: the API, the local stack's demo seed and the guide's
build all read it, so one setting moves them together.

``ECM_TODAY=YYYY-MM-DD`` pins the day (noon UTC) for a demo, a reproducible build or the tests (the test
suite pins it in ``tests/conftest.py``); without it the real clock is used. ``ECM_DOCS_DATE``, the
guide build's earlier name for the same setting, is still read.
"""

from __future__ import annotations

import datetime as dt
import os

ENV = "ECM_TODAY"
_OLDER_ENV = "ECM_DOCS_DATE"


def pinned_day() -> dt.date | None:
    """The day set by ``ECM_TODAY`` (or ``ECM_DOCS_DATE``), if any; ValueError names a bad value."""
    text = os.environ.get(ENV) or os.environ.get(_OLDER_ENV)
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise ValueError(f"{ENV} must be a date written as YYYY-MM-DD (got {text!r})") from error


def now() -> dt.datetime:
    day = pinned_day()
    if day is not None:
        return dt.datetime.combine(day, dt.time(12), dt.UTC)
    moment = dt.datetime.now(dt.UTC)
    # Milliseconds, as the API writes its timestamps (models.Stamp): two changes in one second stay
    # ordered for a client, and what is stored equals what a client reads back.
    return moment.replace(microsecond=moment.microsecond - moment.microsecond % 1000)


def today() -> dt.date:
    # Deadlines in the rules are Italian calendar days; UTC is at most two hours off, on the safe side
    # for "missing suspected" (it flags a credit a few hours later, never earlier).
    return now().date()
