"""Per-professional limits: what one person can store, sized from real use with a wide margin.

A professional records tens of credits a year (150 credits a triennium, typically 10 to 40 events,
rarely more than 100 short online courses). The limits below are several times that, and small enough
that every answer about one person (the export above all) stays far under Lambda's 6 MB response limit:
``tests/reliability/test_sizes.py`` fills an account to every limit with the longest accented fields
and checks each answer's size through the local adapter, which enforces Lambda's limits.

Each cap is kept in a counter item and checked by the transaction that writes (``dal_credits.insert_credit``).
"""

from __future__ import annotations

from decimal import Decimal

from . import dal

# Credit records per professional, all trienni together: the rule book knows six trienni (from 2011),
# and 100 records a triennium is five times what a typical professional records. The export of this
# many, with every text field at its longest, is about 5 MB as a Lambda payload (the limit is 6 MB).
MAX_CREDITS = 600
# Credit records counted in one triennium: ten times the typical 20 events, twice a heavy user of short
# online courses.
MAX_CREDITS_PER_TRIENNIUM = 200
# Sum of the credits counted in one triennium: the rule book's balances lie within ±1000, and an
# obligation is 150; more than 1,000 recorded in three years is a typing error.
MAX_CREDITS_SUM_PER_TRIENNIUM = Decimal(1000)
# Esoneri and esenzioni per professional: the rule book's profile accepts at most 50.
MAX_EXEMPTIONS = 50

EXEMPTIONS = "exemptions"
CREDITS = "credits"


def ceiling(counter: str) -> Decimal:
    if counter == EXEMPTIONS:
        return Decimal(MAX_EXEMPTIONS)
    if counter == CREDITS:
        return Decimal(MAX_CREDITS)
    if counter.startswith("sum "):
        return MAX_CREDITS_SUM_PER_TRIENNIUM
    return Decimal(MAX_CREDITS_PER_TRIENNIUM)


def credit_changes(triennium: str, amount: Decimal, sign: int = 1) -> dal.Changes:
    """Counter changes for adding (sign 1) or removing (sign -1) one credit of ``amount``."""
    names = (CREDITS, dal.credit_count(triennium), dal.credit_sum(triennium))
    deltas = (Decimal(sign), Decimal(sign), amount * sign)
    return {name: (delta, ceiling(name)) for name, delta in zip(names, deltas, strict=True)}


def move_changes(old_triennium: str, old_amount: Decimal, triennium: str, amount: Decimal) -> dal.Changes:
    """Counter changes for replacing a credit: the old one out, the new one in (net per counter)."""
    changes: dict[str, Decimal] = {}
    for changeset in (credit_changes(old_triennium, old_amount, -1), credit_changes(triennium, amount)):
        for name, (delta, _) in changeset.items():
            changes[name] = changes.get(name, Decimal(0)) + delta
    return {name: (delta, ceiling(name)) for name, delta in changes.items() if delta}


def exemption_changes(sign: int = 1) -> dal.Changes:
    return {EXEMPTIONS: (Decimal(sign), ceiling(EXEMPTIONS))}


def refusal(error: dal.LimitReached) -> tuple[str, str, Decimal, dict[str, str]]:
    """(field, catalogue message id, limit, other params) for a counter that refused a write."""
    counter = error.counter
    limit = ceiling(counter)
    if counter == EXEMPTIONS:
        return "exemptions", "api.limit_exemptions", limit, {}
    if counter == CREDITS:
        return "credits", "api.limit_credits", limit, {}
    triennium = counter.split(" ", 1)[1]
    if counter.startswith("sum "):
        return "credits", "api.limit_sum", limit, {"triennium": triennium}
    return "counted_in", "api.limit_per_triennium", limit, {"triennium": triennium}
