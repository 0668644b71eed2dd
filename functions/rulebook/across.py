"""Across trienni: compensation of debts with surpluses, and the what-if of moving one credit."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from .compliance import counts_in, evaluate_compliance
from .errors import RuleInputError
from .explain import Explanation, notice
from .models import (
    CompensationInput,
    CompensationResult,
    ComplianceInput,
    ComplianceResult,
    CreditRecord,
    MoveInput,
    MoveResult,
    Notice,
    Profile,
    Transfer,
)
from .parameters import load_rulebook
from .trienni import get_triennium

_RULE_DATE = date(2025, 7, 3)  # Delibera CNFC 1/2025: the compensation rule read as of its approval


def compensate(request: CompensationInput) -> CompensationResult:
    """Surpluses, newest triennium first, cover the debts of the trienni the delibera names."""
    param = load_rulebook().at("compensation.rule", _RULE_DATE)
    creditors: list[str] = param.value["creditors"]
    debtors: list[str] = param.value["debtors"]
    balances: dict[str, Decimal] = {}
    for index, item in enumerate(request.balances):
        get_triennium(item.triennium, f"balances.{index}.triennium")
        if item.triennium in balances:
            raise RuleInputError(
                f"balances.{index}.triennium", "error.listed_twice", triennium=item.triennium
            )
        balances[item.triennium] = item.balance

    explanation = Explanation()
    transfers: list[Transfer] = []
    for debtor in sorted(t for t in balances if t in debtors and balances[t] < 0):
        for creditor in sorted((t for t in balances if t in creditors), reverse=True):
            if creditor == debtor or balances[creditor] <= 0 or balances[debtor] >= 0:
                continue
            moved = min(balances[creditor], -balances[debtor])
            balances[creditor] -= moved
            balances[debtor] += moved
            transfers.append(Transfer(source=creditor, target=debtor, credits=moved))
            explanation.add(param, moved, "line.compensation", moved=moved, creditor=creditor, debtor=debtor)
    # A net debt: what compensation cannot cover must still be earned, as surplus, by the deadline.
    deadline: date = param.value["deadline"]
    still = {t: -b for t, b in sorted(balances.items()) if t in debtors and b < 0}
    warnings = [
        notice(f"balances.{t}", "warn.compensation.debt_left", triennium=t, credits=c, deadline=deadline)
        for t, c in still.items()
    ]
    return CompensationResult(
        transfers=transfers,
        balances=balances,
        certifiable={t: b >= 0 for t, b in balances.items()},
        lines=explanation.lines,
        still_to_earn=still,
        deadline=deadline,
        warnings=warnings,
    )


def what_if_move(request: MoveInput) -> MoveResult:
    """Both trienni before and after moving one credit, and whether the registry would allow it."""
    param = load_rulebook().at("moves.rule", _RULE_DATE)
    matches = [r for r in request.credits if r.id == request.credit_id]
    if not matches:
        raise RuleInputError("credit_id", "error.no_credit", id=request.credit_id)
    record = matches[0]
    source = counts_in(record)
    if source is None:
        raise RuleInputError("credit_id", "error.credit_outside", date=record.date)
    target = get_triennium(request.target, "target").id
    if target == source:
        raise RuleInputError("target", "error.already_counts", triennium=source)
    for key in request.profiles:
        get_triennium(key, f"profiles.{key}")

    moved = [r.model_copy(update={"triennium": target}) if r.id == record.id else r for r in request.credits]

    def evaluate(triennium: str, credits: list[CreditRecord]) -> ComplianceResult:
        profile = request.profiles.get(triennium, Profile())
        return evaluate_compliance(ComplianceInput(triennium=triennium, profile=profile, credits=credits))

    before = {t: evaluate(t, list(request.credits)) for t in (source, target)}
    after = {t: evaluate(t, moved) for t in (source, target)}

    reasons: list[Notice] = []
    allowed = True
    surplus_only = load_rulebook().at("moves.certified_surplus_only", _RULE_DATE).value is True
    if surplus_only and before[source].certifiable and not after[source].certifiable:
        allowed = False
        reasons.append(
            notice(None, "reason.move.surplus_only", source=source, surplus=before[source].surplus)
        )
    deadline = param.value["deadlines"].get(target)
    as_of = request.as_of or date.today()
    if deadline is not None and as_of > deadline:
        allowed = False
        reasons.append(notice("target", "reason.move.closed", target=target, deadline=deadline))
    gained = after[target].counted - before[target].counted
    lost = before[source].counted - after[source].counted
    reasons.append(notice(None, "reason.move.effect", target=target, gained=gained, source=source, lost=lost))
    return MoveResult(
        credit_id=record.id,
        source=source,
        target=target,
        allowed=allowed,
        reasons=reasons,
        before=before,
        after=after,
    )
