"""Helpers shared by the logic modules: trienni, decimals, and conversions from stored items."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_EVEN, Decimal
from functools import cache
from typing import Any

from pydantic import ValidationError

from functions.rulebook import RuleInputError, all_trienni, triennium_of, validation_message
from functions.rulebook.models import ComplianceInput, Exemption, Profile

from ..error_models import field_of
from ..errors import ApiError, refused

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
        raise refused(422, "invalid_input", "api.triennium_unknown", field, trienni=list(known_trienni()))
    return value


def rule_validation_error(error: ValidationError, renames: dict[str, str] | None = None) -> ApiError:
    """The first problem of a rule-book model built by the API, named as the API's client knows it."""
    first = error.errors()[0]
    field = field_of(first.get("loc", ()))
    head = field.split(".", 1)[0]
    if renames and head in renames:
        field = renames[head] + field[len(head) :]
    msg, params = validation_message(first)
    return refused(422, "invalid_input", msg, field, **params)


def rulebook_profile(stored: dict[str, Any] | None, exemptions: list[dict[str, Any]]) -> Profile:
    """The rule book's profile from the stored one (or a profile body) and the stored exemptions.

    Every field the rule book reads is passed, the profession and discipline included: the
    profession decides the radioprotection share (10 % or 15 %, D.Lgs 101/2020 art. 162, ecm-rules.md
    §11.11) and the profession's own caps (§11.3). A profile stored before the official list was
    enforced may hold a free-text profession: the rule book then refuses it by name
    (``profile.profession``, 422) rather than computing as if there were none.
    """
    kept_out = ("updated_at", "version", "etag")
    data = {k: v for k, v in (stored or {}).items() if k not in kept_out}
    data["exemptions"] = [Exemption.model_validate(item["exemption"]) for item in exemptions]
    return Profile.model_validate(data)


@cache
def known_trienni() -> tuple[str, ...]:
    """Every triennium of the rule book's calendar, oldest first."""
    return tuple(triennium.id for triennium in all_trienni())


def check_readable(profile: Profile, field_of_error: dict[str, str]) -> None:
    """Refuse now, with the rule book's own message, a profile that compliance would refuse later.

    Compliance is evaluated (without credits) for every triennium the rule book knows, since stored
    dossiers, gaps and exemptions are read for each. ``field_of_error`` renames the rule book's field
    prefixes (e.g. ``profile.exemptions.0.`` -> ``''`` for an exemption's own body) to the client's.
    """
    # Imported here: reading a profile or a credit needs no compliance engine, only writing one does.
    from functions.rulebook import evaluate_compliance

    for triennium in known_trienni():
        try:
            evaluate_compliance(ComplianceInput(triennium=triennium, profile=profile))
        except RuleInputError as error:
            field = error.field
            for prefix, replacement in field_of_error.items():
                if field.startswith(prefix):
                    field = replacement + field[len(prefix) :]
                    break
            raise refused(422, "invalid_input", error.msg, field, **error.params) from error
