"""Decimal rounding in one place, so every module rounds the same way."""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_DOWN, ROUND_HALF_UP, Decimal
from fractions import Fraction

TENTH = Decimal("0.1")


def tenth(value: Decimal) -> Decimal:
    """Credits are stated with one decimal, rounded half up."""
    return value.quantize(TENTH, rounding=ROUND_HALF_UP)


def tenth_down(value: Decimal) -> Decimal:
    return value.quantize(TENTH, rounding=ROUND_FLOOR)


def tenth_up(value: Decimal) -> Decimal:
    return value.quantize(TENTH, rounding=ROUND_CEILING)


def whole_hours(hours: Decimal, mode: str) -> int:
    """Hours are not fractionable; the rule data says how a partial hour is dropped."""
    if mode == "floor":
        return int(hours.to_integral_value(rounding=ROUND_FLOOR))
    if mode == "half_down":
        return int(hours.to_integral_value(rounding=ROUND_HALF_DOWN))
    raise ValueError(f"unknown hour rounding {mode!r}")


def share_of(amount: Decimal, share: Fraction) -> Decimal:
    """Exact share of an amount, before any rounding."""
    return amount * share.numerator / share.denominator
