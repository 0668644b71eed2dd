"""Compliance for a triennium, compensation across trienni, and the what-if of a credit move."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from functions.rulebook import compensate, evaluate_compliance, triennium_of, what_if_move
from functions.rulebook.models import (
    Balance,
    CompensationInput,
    ComplianceInput,
    ComplianceResult,
    MoveInput,
    Profile,
)
from functions.rulebook.trienni import all_trienni

from .. import dal_credits, dal_profile
from ..errors import not_found
from ..models import CompensationOut, ComplianceOut, MissingSuspected, TrienniumBalance, WhatIfOut
from . import clock
from .common import checked_triennium, one_decimal, rule_validation_error, rulebook_profile
from .credits import missing_claim, to_record

# CompensationInput accepts at most this many trienni; older ones are settled in practice.
MAX_TRIENNI = 10


def _evaluate(triennium: str, profile: Profile, items: Iterable[dict[str, Any]]) -> ComplianceResult:
    try:
        data = ComplianceInput(triennium=triennium, profile=profile, credits=[to_record(i) for i in items])
    except ValidationError as error:
        raise rule_validation_error(error) from error
    return evaluate_compliance(data)


def compliance(sub: str, triennium: str) -> ComplianceOut:
    checked_triennium(triennium)
    # Two key-range queries, whatever the number of credits (see dal's module docstring).
    items = dal_credits.credits_of_triennium(sub, triennium)
    stored_profile, exemptions = dal_profile.profile_and_exemptions(sub)
    result = _evaluate(triennium, rulebook_profile(stored_profile, exemptions), items)
    on = clock.today()
    suspected = []
    provisional = Decimal(0)
    for item in items:
        if item.get("registry_status") == "provisional":
            provisional += Decimal(item["credits"])
        claim = missing_claim(item, on)
        if claim is not None:
            suspected.append(
                MissingSuspected(
                    credit_id=item["id"],
                    title=item["title"],
                    event_code=item.get("event_code"),
                    end_date=item["end_date"],
                    credits=item["credits"],
                    claim=claim,
                )
            )
    return ComplianceOut(
        triennium=triennium,
        result=result,
        provisional_credits=one_decimal(provisional),
        missing_suspected=suspected,
    )


def _by_triennium(items: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        grouped.setdefault(str(item["triennium"]), []).append(item)
    return grouped


def _current_or_last_known(day: dt.date) -> str:
    """The triennium of ``day``; after the last triennium the rule book knows, that last one, so that
    the balances answer with what is known instead of refusing (from 2029 until the data grows)."""
    known = all_trienni()
    current = triennium_of(day)
    if current is not None:
        return current
    return known[-1].id if day > known[-1].end else known[0].id


def compensation(sub: str) -> CompensationOut:
    items = dal_credits.all_credits(sub)
    stored_profile, exemptions = dal_profile.profile_and_exemptions(sub)
    profile = rulebook_profile(stored_profile, exemptions)
    grouped = _by_triennium(items)
    current = _current_or_last_known(clock.today())
    trienni = sorted(set(grouped) | {current})[-MAX_TRIENNI:]
    rows = []
    for triennium in trienni:
        result = _evaluate(triennium, profile, grouped.get(triennium, []))
        balance = one_decimal(Decimal(result.counted) - Decimal(result.obligation.obligation))
        rows.append(
            TrienniumBalance(
                triennium=triennium,
                obligation=result.obligation.obligation,
                counted=result.counted,
                balance=balance,
            )
        )
    try:
        data = CompensationInput(balances=[Balance(triennium=r.triennium, balance=r.balance) for r in rows])
    except ValidationError as error:
        raise rule_validation_error(error) from error
    return CompensationOut(trienni=rows, result=compensate(data))


def what_if(sub: str, credit_id: str, target: str) -> WhatIfOut:
    checked_triennium(target, "query.target")
    items = dal_credits.all_credits(sub)
    if not any(item["id"] == credit_id for item in items):
        raise not_found("credit")
    stored_profile, exemptions = dal_profile.profile_and_exemptions(sub)
    profile = rulebook_profile(stored_profile, exemptions)
    trienni = {str(item["triennium"]) for item in items} | {target}
    try:
        data = MoveInput(
            credit_id=credit_id,
            target=target,
            profiles=dict.fromkeys(sorted(trienni), profile),
            credits=[to_record(item) for item in items],
            as_of=clock.today(),
        )
    except ValidationError as error:
        raise rule_validation_error(error) from error
    return WhatIfOut(result=what_if_move(data))
