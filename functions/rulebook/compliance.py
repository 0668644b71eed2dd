"""Compliance for one triennium: which credits count after exclusions and caps, against which thresholds."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .errors import RuleInputError
from .explain import Explanation, notice
from .models import (
    INDIVIDUAL_TYPES,
    PROVIDER_TYPES,
    ComplianceInput,
    ComplianceResult,
    CreditRecord,
    EventType,
    ExemptionKind,
    Notice,
    ObligationInput,
    Profile,
    Role,
)
from .obligation import compute_obligation
from .parameters import RuleBook, load_rulebook
from .radioprotection import radioprotection_quota
from .rounding import share_of, tenth_down, tenth_up
from .special_caps import special_caps
from .trienni import Triennium, get_triennium, triennium_of

ZERO = Decimal(0)


def counts_in(record: CreditRecord) -> str | None:
    """The triennium a credit counts in: the one it was moved to, else the one of its date."""
    return record.triennium or triennium_of(record.date)


def is_autoformazione(record: CreditRecord) -> bool:
    return record.autoformazione or record.type is EventType.AUTOFORMAZIONE


def is_abroad(record: CreditRecord) -> bool:
    return record.abroad or record.type is EventType.ABROAD


def is_individual(record: CreditRecord) -> bool:
    """Formazione individuale: not learning at an Italian provider's event (teaching counts here too)."""
    return (
        record.type in INDIVIDUAL_TYPES
        or record.role is not Role.PARTICIPANT
        or is_abroad(record)
        or is_autoformazione(record)
    )


def _validate(records: list[CreditRecord]) -> None:
    seen: set[str] = set()
    for index, record in enumerate(records):
        if record.id in seen:
            raise RuleInputError(f"credits.{index}.id", "error.duplicate_id", id=record.id)
        seen.add(record.id)
        if record.sponsored and (record.type not in PROVIDER_TYPES or is_individual(record)):
            raise RuleInputError(f"credits.{index}.sponsored", "error.sponsored_only")
        if record.triennium is not None:
            get_triennium(record.triennium, f"credits.{index}.triennium")


def _total(records: list[CreditRecord]) -> Decimal:
    return sum((r.credits for r in records), ZERO)


def _outside_esenzioni(
    book: RuleBook, triennium: Triennium, profile: Profile, mine: list[CreditRecord], explanation: Explanation
) -> list[CreditRecord]:
    """Drop credits earned during an esenzione: by the recorded esenzioni' dates, else by the user's flag.

    A credit dated within a recorded esenzione gets a line naming it (ecm-rules.md §11.6: it follows
    from the dates); the flag covers leave not recorded. Esoneri exclude nothing (current Manuale).
    """
    param = book.at("caps.exclude_during_esenzione", triennium.start)
    esenzioni = sorted(
        (e for e in profile.exemptions if e.kind is ExemptionKind.ESENZIONE), key=lambda e: (e.start, e.end)
    )
    left = list(mine)
    for esenzione in esenzioni:
        inside = [r for r in left if esenzione.start <= r.date <= esenzione.end]
        if inside:
            explanation.add(
                param,
                -_total(inside),
                "line.compliance.in_esenzione",
                count=len(inside),
                start=esenzione.start,
                end=esenzione.end,
            )
            left = [r for r in left if r not in inside]
    flagged = [r for r in left if r.during_exemption]
    if flagged:
        explanation.add(param, -_total(flagged), "line.compliance.during_esenzione", count=len(flagged))
    return [r for r in left if not r.during_exemption]


def _one_role_per_event(
    book: RuleBook, triennium: Triennium, records: list[CreditRecord], explanation: Explanation
) -> list[CreditRecord]:
    """Records sharing an event code in different roles count once: the role with the most credits.

    Ties go to the role whose first record id is smaller. Records of one role under one code all count
    (an event spanning years has one attestato per year).

    Source: point 11 of the Criteri (CNFC 8 Jun 2022): one person cannot add up credits from several
    roles at the same event. Every record set aside gets a line naming the one kept.
    """
    param = book.at("caps.one_role_per_event", triennium.start)
    groups: dict[str, list[CreditRecord]] = {}
    for record in records:
        if record.event_code is not None:
            groups.setdefault(record.event_code.strip().upper(), []).append(record)
    dropped: set[str] = set()
    for code in sorted(groups):
        by_role: dict[Role, list[CreditRecord]] = {}
        for record in groups[code]:
            by_role.setdefault(record.role, []).append(record)
        if len(by_role) < 2:
            continue  # one role: parts of one participation (e.g. one attestato per year), all count
        totals = {role: _total(rs) for role, rs in by_role.items()}
        kept_role = min(by_role, key=lambda role: (-totals[role], min(r.id for r in by_role[role])))
        kept = min(by_role[kept_role], key=lambda r: r.id)
        for record in sorted(groups[code], key=lambda r: r.id):
            if record.role is kept_role:
                continue
            dropped.add(record.id)
            explanation.add(
                param,
                -record.credits,
                "line.compliance.one_role",
                event=record.event_code,
                id=record.id,
                role=f"what.role.{record.role.value}",
                kept=kept.id,
                kept_role=f"what.role.{kept_role.value}",
                kept_credits=totals[kept_role],
            )
    return [r for r in records if r.id not in dropped]


def _insurance_reading(
    book: RuleBook, triennium: Triennium, owed: Decimal, threshold: Decimal | None
) -> tuple[dt.date | None, Notice | None]:
    """When this triennium's 70 % decides a policy, and that in one sentence.

    Art. 38-bis DL 152/2021 (ecm-rules.md §11.5): a policy depends on the last useful, i.e. closed,
    triennium; so this triennium's share is looked at for policies from the day after it ends (1 Jan
    2026 for 2023-2025, 1 Jan 2029 for 2026-2028), never while it runs. Before 2023-2025: no threshold.
    Returns (None, None) without a threshold; an obligation of 0 is said to leave nothing to test.
    """
    if threshold is None:
        return None, None
    applies_from = triennium.end + dt.timedelta(days=1)
    percent = book.at("thresholds.insurance", triennium.start).share() * 100
    if owed == 0:
        return applies_from, notice(
            None, "compliance.insurance.no_obligation", triennium=triennium.id, percent=percent
        )
    return applies_from, notice(
        None,
        "compliance.insurance.applies_from",
        triennium=triennium.id,
        percent=percent,
        threshold=threshold,
        policies_from=applies_from,
    )


def evaluate_compliance(request: ComplianceInput) -> ComplianceResult:
    book = load_rulebook()
    triennium = get_triennium(request.triennium)
    _validate(request.credits)
    obligation = compute_obligation(ObligationInput(triennium=request.triennium, profile=request.profile))
    owed = obligation.obligation
    on = triennium.start

    mine: list[CreditRecord] = []
    ignored: list[str] = []
    for record in request.credits:
        if counts_in(record) == triennium.id:
            mine.append(record)
        else:
            ignored.append(record.id)
    ignored.sort()
    explanation = Explanation()
    recorded = _total(mine)
    explanation.add(
        book.at("caps.recorded", on),
        recorded,
        "line.compliance.recorded",
        count=len(mine),
        triennium=triennium.id,
    )

    eligible = _outside_esenzioni(book, triennium, request.profile, mine, explanation)
    eligible = _one_role_per_event(book, triennium, eligible, explanation)

    def cap(param_id: str, amount: Decimal, what: str) -> Decimal:
        """Apply one cap (``what`` is a label id); return what is left of ``amount``."""
        param = book.at(param_id, on)
        share = param.share()
        limit = tenth_down(share_of(owed, share))
        if amount <= limit:
            return amount
        explanation.add(
            param, limit - amount, "line.compliance.cap", what=what, share=str(share), owed=owed, limit=limit
        )
        return limit

    removed = special_caps(book, triennium, request.profile, eligible, is_individual, explanation, owed)
    individual = [r for r in eligible if is_individual(r)]
    auto = cap(
        "caps.autoformazione_max",
        _total([r for r in individual if is_autoformazione(r)]),
        "what.cap.autoformazione",
    )
    abroad = cap(
        "caps.abroad_max",
        _total([r for r in individual if is_abroad(r) and not is_autoformazione(r)]),
        "what.cap.abroad",
    )
    others = (
        _total([r for r in individual if not is_abroad(r) and not is_autoformazione(r)]) - removed.individual
    )
    cap("caps.individual_max", auto + abroad + others, "what.cap.individual")

    learner_records = [r for r in eligible if not is_individual(r)]
    sponsored = _total([r for r in learner_records if r.sponsored])
    sponsored_kept = cap("caps.sponsored_max", sponsored, "what.cap.sponsored")
    learner = _total(learner_records) - removed.learner - (sponsored - sponsored_kept)

    counted = explanation.total
    learner_minimum = tenth_up(share_of(owed, book.at("caps.learner_min", on).share()))
    certifiable_threshold = tenth_up(share_of(owed, book.at("thresholds.certifiable", on).share()))
    insurance_threshold = None
    if on >= book.first_rule_date("thresholds.insurance"):
        insurance_threshold = tenth_up(share_of(owed, book.at("thresholds.insurance", on).share()))
    applies_from, insurance_notice = _insurance_reading(book, triennium, owed, insurance_threshold)
    # Those working with medical exposure owe a share on radioprotection of the patient (D.Lgs 101/2020).
    radio = radioprotection_quota(book, triennium, request.profile, eligible, owed, counted)
    certifiable = counted >= certifiable_threshold and learner >= learner_minimum and radio.shortfall == 0
    # Employees in 2011-2013 also owe what a year fell short of its minimum (special_caps).
    certifiable = certifiable and removed.yearly_shortfall == 0
    missing = max(
        certifiable_threshold - counted,
        learner_minimum - learner,
        removed.yearly_shortfall,
        radio.shortfall,
        ZERO,
    )
    uncertain = obligation.uncertain or explanation.uncertain
    return ComplianceResult(
        triennium=triennium.id,
        obligation=obligation,
        recorded=recorded,
        counted=counted,
        credit_lines=explanation.lines,
        learner=learner,
        learner_minimum=learner_minimum,
        certifiable_threshold=certifiable_threshold,
        insurance_threshold=insurance_threshold,
        certifiable=certifiable,
        insurance_ok=None if insurance_threshold is None else counted >= insurance_threshold,
        missing=missing,
        missing_for_insurance=(
            None if insurance_threshold is None else max(insurance_threshold - counted, ZERO)
        ),
        insurance_applies_from=applies_from,
        insurance_notice=insurance_notice,
        surplus=max(counted - owed, ZERO),
        ignored_records=ignored,
        uncertain=uncertain,
        radioprotection=radio.credits,
        radioprotection_minimum=radio.minimum,
        radioprotection_lines=radio.lines,
    )
