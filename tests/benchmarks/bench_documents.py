"""Benchmark: building the insurer statement (PDF) and the deadline calendar (iCalendar); prints figures.

Run with `python -m tests.benchmarks.bench_documents`. The rule book's status answer is computed once;
the figures are what fpdf2 and icalendar add on top of it: the median of 20 builds, and the PDF's size.
The statement of a nurse with 40 records in 2023-2025, several capped (reclutato); the calendar with 20
credits still within the registry clock.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections.abc import Callable

from functions.documents.ical import ics_calendar
from functions.documents.statement import InsurerView, statement_pdf
from functions.rulebook.deadline_events import calendar_events
from functions.rulebook.models import CreditRecord, Profile
from functions.rulebook.status import StatusInput, evaluate_status

RUNS = 20


def _median_ms(build: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        build()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    credits = [
        CreditRecord(
            id=f"c{i}",
            type="res_course",
            date=dt.date(2023, 1, 10) + dt.timedelta(days=25 * i),
            credits=4,
            sponsored=i % 3 == 0,
        )
        for i in range(40)
    ] + [
        CreditRecord(
            id=f"p{i}",
            type="fad_elearning",
            date=dt.date(2026, 9, 1) + dt.timedelta(days=3 * i),
            credits=5,
            in_registry=False,
            end_date=dt.date(2026, 9, 1) + dt.timedelta(days=3 * i),
        )
        for i in range(20)
    ]
    request = StatusInput(
        as_of=dt.date(2026, 11, 29),
        profiles={"2023-2025": Profile(profession="infermiere")},
        credits=credits,
    )
    started = time.perf_counter()
    status = evaluate_status(request)
    status_ms = (time.perf_counter() - started) * 1000
    insurance = status.insurance
    sentence = next(s for s in status.sentences if s.see.startswith("insurance"))
    view = InsurerView(sentence=sentence, rule=insurance.rule)

    def pdf() -> bytes:
        return statement_pdf(insurance.compliance, status.as_of, "it", view, deadline=insurance.fix_deadline)

    events = calendar_events(status)
    stamp = dt.datetime(2026, 11, 29, 12, tzinfo=dt.UTC)

    def ics() -> bytes:
        return ics_calendar(events, "it", "0123456789abcdef", stamp, "notice")

    print(f"status answer (rule book, once): {status_ms:.1f} ms")
    print(f"statement PDF: {_median_ms(pdf):.1f} ms median of {RUNS}, {len(pdf()) / 1000:.1f} kB")
    calendar_ms = _median_ms(ics)
    print(
        f"calendar ({len(events)} events): {calendar_ms:.1f} ms median of {RUNS}, {len(ics()) / 1000:.1f} kB"
    )


if __name__ == "__main__":
    main()
