"""Helpers shared by the logic modules: trienni, decimals, and conversions from stored items."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from pydantic import ValidationError

from functions.rulebook import triennium_of
from functions.rulebook.models import Exemption, Profile

from ..errors import ApiError, field_of, invalid

TENTH = Decimal("0.1")


def one_decimal(value: Decimal) -> Decimal:
    """Normalise the exponent (5 -> 5.0) of a credit amount, refusing to round one.

    Inputs are validated to one decimal place and the rule book rounds by its own rules, so a finer
    value here is a bug to surface (a 500), never something to round away quietly.
    """
    normal = value.quantize(TENTH, rounding=ROUND_HALF_EVEN)
    if normal != value:
        raise ValueError(f"credit amount {value} has more than one decimal place")
    return normal


def checked_triennium(value: str, field: str = "path.triennium") -> str:
    """A triennium the rule book knows, such as '2026-2028'."""
    try:
        first = int(value[:4])
        known = triennium_of(dt.date(first, 1, 1)) == value
    except ValueError:
        known = False
    if not known:
        raise invalid(field, "must be a triennium of the ECM calendar, such as '2026-2028'")
    return value


def rule_validation_error(error: ValidationError, renames: dict[str, str] | None = None) -> ApiError:
    """The first problem of a rule-book model built by the API, named as the API's client knows it."""
    first = error.errors()[0]
    field = field_of(first.get("loc", ()))
    head = field.split(".", 1)[0]
    if renames and head in renames:
        field = renames[head] + field[len(head) :]
    return invalid(field, str(first.get("msg", "is invalid")))


def rulebook_profile(stored: dict[str, Any] | None, exemptions: list[dict[str, Any]]) -> Profile:
    data = {k: v for k, v in (stored or {}).items() if k not in ("profession", "discipline", "updated_at")}
    data["exemptions"] = [Exemption.model_validate(item["exemption"]) for item in exemptions]
    return Profile.model_validate(data)
