"""Reductions of the obligation for esoneri (study) and esenzioni (suspended activity)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

from .errors import RuleInputError
from .models import Exemption, ExemptionKind
from .parameters import ParamValue, RuleBook
from .rounding import share_of
from .trienni import Triennium


@dataclass(frozen=True)
class Reduction:
    param: ParamValue
    amount: Decimal  # positive: how much the obligation goes down
    msg: str
    params: dict[str, Any]


def _days(start: date, end: date) -> int:
    return (end - start).days + 1


def _clip(start: date, end: date, low: date, high: date) -> tuple[date, date] | None:
    s, e = max(start, low), min(end, high)
    return (s, e) if s <= e else None


def _year_days(start: date, end: date, year: int) -> int:
    clipped = _clip(start, end, date(year, 1, 1), date(year, 12, 31))
    return _days(*clipped) if clipped else 0


def _merge(periods: Iterable[tuple[date, date]]) -> list[tuple[date, date]]:
    merged: list[tuple[date, date]] = []
    for start, end in sorted(periods):
        if merged and start <= merged[-1][1] + timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _subtract(periods: list[tuple[date, date]], holes: list[tuple[date, date]]) -> list[tuple[date, date]]:
    result = periods
    for hole_start, hole_end in holes:
        next_result: list[tuple[date, date]] = []
        for start, end in result:
            if hole_end < start or hole_start > end:
                next_result.append((start, end))
                continue
            if start < hole_start:
                next_result.append((start, hole_start - timedelta(days=1)))
            if end > hole_end:
                next_result.append((hole_end + timedelta(days=1), end))
        result = next_result
    return result


def _course_years(index: int, exemption: Exemption, min_days: int) -> list[int]:
    years = range(exemption.start.year, exemption.end.year + 1)
    if exemption.attributed_years is not None:
        for year in exemption.attributed_years:
            if _year_days(exemption.start, exemption.end, year) < min_days:
                raise RuleInputError(
                    f"exemptions.{index}.attributed_years",
                    "error.esonero_year_days",
                    year=year,
                    min_days=min_days,
                )
        if len(set(exemption.attributed_years)) != len(exemption.attributed_years):
            raise RuleInputError(f"exemptions.{index}.attributed_years", "error.year_once")
        return sorted(exemption.attributed_years)
    # One esonero per year of course, each attributed to the calendar year with more attendance.
    course_years = max(1, round(_days(exemption.start, exemption.end) / 365))
    by_attendance = sorted(years, key=lambda y: (-_year_days(exemption.start, exemption.end, y), y))
    return sorted(by_attendance[:course_years])


def exemption_reductions(
    book: RuleBook, triennium: Triennium, exemptions: list[Exemption], base: Decimal, years: set[int]
) -> list[Reduction]:
    """Reductions for the obligated calendar years of one triennium, in a stable order."""
    earliest: date = book.at("exemption.earliest_date", triennium.start).value
    for index, exemption in enumerate(exemptions):
        if exemption.end < exemption.start:
            raise RuleInputError(f"exemptions.{index}.end", "error.end_before_start")
        if exemption.start < earliest:
            raise RuleInputError(f"exemptions.{index}.start", "error.exemption_earliest", earliest=earliest)
        if exemption.kind is ExemptionKind.ESONERO_HOURS and exemption.hours is None:
            raise RuleInputError(f"exemptions.{index}.hours", "error.required_for_kind", kind="esonero_hours")

    reductions: list[Reduction] = []
    reductions += _course_reductions(book, triennium, exemptions, base, years)
    reductions += _hours_reductions(book, triennium, exemptions, years)
    reductions += _esenzione_reductions(book, triennium, exemptions, years)
    return reductions


def _course_reductions(
    book: RuleBook, triennium: Triennium, exemptions: list[Exemption], base: Decimal, years: set[int]
) -> list[Reduction]:
    param = book.at("exemption.esonero_year", triennium.start)
    share = Fraction(str(param.value["share"]))
    min_days = int(param.value["min_attendance_days"])
    per_year = share_of(base, share)
    taken: set[int] = set()
    reductions = []
    for index, exemption in enumerate(exemptions):
        if exemption.kind is not ExemptionKind.ESONERO_COURSE:
            continue
        counted = [y for y in _course_years(index, exemption, min_days) if y in years and y not in taken]
        taken.update(counted)
        if counted:
            reductions.append(
                Reduction(
                    param,
                    per_year * len(counted),
                    "line.esonero.course",
                    {"years": counted, "share": str(share)},
                )
            )
    return reductions


def _hours_reductions(
    book: RuleBook, triennium: Triennium, exemptions: list[Exemption], years: set[int]
) -> list[Reduction]:
    param = book.at("exemption.esonero_hours", triennium.start)
    per_credit = int(param.value)
    reductions = []
    for exemption in exemptions:
        # The hours are attributed to the year the course ended (not documented; see the method page).
        if exemption.kind is not ExemptionKind.ESONERO_HOURS or exemption.end.year not in years:
            continue
        assert exemption.hours is not None
        credits = Decimal(int(exemption.hours) // per_credit)
        reductions.append(
            Reduction(
                param, credits, "line.esonero.hours", {"hours": exemption.hours, "per_credit": per_credit}
            )
        )
    return reductions


def _esenzione_reductions(
    book: RuleBook, triennium: Triennium, exemptions: list[Exemption], years: set[int]
) -> list[Reduction]:
    param = book.at("exemption.esenzione", triennium.start)
    windows = [(date(y, 1, 1), date(y, 12, 31)) for y in sorted(years)]
    suspended = _merge(
        clipped
        for e in exemptions
        if e.kind is ExemptionKind.ESENZIONE
        for window in windows
        if (clipped := _clip(e.start, e.end, *window))
    )
    esoneri = _merge((e.start, e.end) for e in exemptions if e.kind is not ExemptionKind.ESENZIONE)
    remaining = _subtract(suspended, esoneri)
    overlap = sum(_days(*p) for p in suspended) - sum(_days(*p) for p in remaining)
    # The overlap is told in the line, with its own message (an optional clause is a separate sentence).
    suffix, extra = ("_overlap", {"overlap": overlap}) if overlap else ("", {})
    credits = Decimal(int(param.value["credits"]))
    if param.value["mode"] == "days":
        unit = int(param.value["days"])
        reductions = []
        for start, end in remaining:
            blocks = _days(start, end) // unit
            if blocks:
                days = _days(start, end)
                values = {"start": start, "end": end, "days": days, "blocks": blocks, "unit": unit, **extra}
                reductions.append(Reduction(param, credits * blocks, "line.esenzione.days" + suffix, values))
        return reductions
    # Older rule: a fixed amount for each calendar month with more than 15 days of suspension.
    min_days = int(param.value["min_days"])
    months = 0
    for year in sorted(years):
        for month in range(1, 13):
            first = date(year, month, 1)
            last = (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)
            in_month = sum(_days(*c) for p in remaining if (c := _clip(p[0], p[1], first, last)))
            months += in_month >= min_days
    if not months:
        return []
    return [
        Reduction(
            param,
            credits * months,
            "line.esenzione.months" + suffix,
            {"months": months, "min_days": min_days - 1, **extra},
        )
    ]
