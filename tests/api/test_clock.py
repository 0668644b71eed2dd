"""The API's clock keeps milliseconds, as the README and the OpenAPI examples promise ("…00.123Z")."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from pydantic import TypeAdapter

from functions.api.logic import clock
from functions.api.models import Stamp


class _Moment(dt.datetime):
    """A real clock reading with a sub-millisecond part (10:20:30.123456 UTC)."""

    @classmethod
    def now(cls, tz: dt.tzinfo | None = None) -> _Moment:
        return cls(2026, 3, 10, 10, 20, 30, 123456, tzinfo=tz)


def test_the_real_clock_keeps_milliseconds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(clock.ENV, raising=False)
    monkeypatch.delenv("ECM_DOCS_DATE", raising=False)
    # Only the clock module sees the fake reading (patching datetime itself would reach pydantic too).
    fake = SimpleNamespace(datetime=_Moment, date=dt.date, time=dt.time, UTC=dt.UTC)
    monkeypatch.setattr("functions.api.logic.clock.dt", fake)
    moment = clock.now()
    moment = dt.datetime.fromisoformat(moment.isoformat())  # a plain datetime, as stored
    assert moment.microsecond == 123000
    written = TypeAdapter(Stamp).dump_json(moment).decode()
    assert written == '"2026-03-10T10:20:30.123Z"'
    # What is stored (isoformat) reads back as the same instant a client was shown.
    assert dt.datetime.fromisoformat(moment.isoformat()) == moment


def test_a_pinned_day_is_noon_utc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(clock.ENV, "2026-11-29")
    assert clock.now() == dt.datetime(2026, 11, 29, 12, tzinfo=dt.UTC)
