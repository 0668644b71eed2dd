"""The API's notion of "now", in one place so tests can move it."""

from __future__ import annotations

import datetime as dt


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def today() -> dt.date:
    # Deadlines in the rules are Italian calendar days; UTC is at most two hours off, on the safe side
    # for "missing suspected" (it flags a credit a few hours later, never earlier).
    return now().date()
