""" "Am I in order?": the current triennium, the insurer's triennium, deadlines and the registry clock.

Sources: art. 38-bis DL 152/2021 (insurance, from 2023-2025, policies from 1 Jan 2026; ecm-rules.md
§11.5), the dated deadlines of each triennium (§6, §11.8), Delibera CNFC 1/2025 (compensation until
31 Dec 2028) and the registry clock (provider's 90 days + Agenas' lag, longer for regional providers).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

from pydantic import Field

from .compliance import counts_in, evaluate_compliance
from .explain import make_line, notice, source_ref
from .models import (
    ComplianceInput,
    ComplianceResult,
    Confidence,
    CreditRecord,
    Credits,
    Day,
    Line,
    Notice,
    Profile,
    SourceRef,
    Strict,
    Triennium,
)
from .parameters import ParamValue, Source, load_rulebook
from .trienni import all_trienni, get_triennium, missing_suspected_after, triennium_of

ZERO = Decimal(0)
_RULE_DATE = dt.date(2025, 7, 3)  # Delibera CNFC 1/2025, read as of its approval (as across.py)


class DatedRule(Strict):
    """One deadline: its date, the parameter it comes from, its source and how sure it is."""

    kind: Literal["end", "recovery", "moves", "compensation"]
    date: dt.date
    rule: str = Field(description="Parameter id in the rules export")
    source: SourceRef
    reported_by: SourceRef | None = None
    confidence: Confidence
    single_source: bool = Field(description="Only one source states it (e.g. 2023-2025 until 2028)")


class Timeline(Strict):
    """A triennium's deadlines as they stood on ``as_of`` and where the date falls among them."""

    triennium: str
    state: Literal["open", "recoverable", "closed", "not_started"] = Field(
        description="open until its end; then recoverable until the recovery deadline; then closed"
    )
    deadlines: list[DatedRule]
    next_deadline: dt.date | None = Field(description="The nearest deadline still ahead of as_of, if any")


class Sentence(Notice):
    """One sentence of the status answer; ``see`` names the part of the result that explains it."""

    see: str = Field(
        description="Dotted path in the result to the explanation lines, e.g. 'current.credit_lines'"
    )


class InsuranceStatus(Strict):
    state: Literal["in_force", "not_yet_in_force", "none", "no_obligation", "no_credits_recorded"] = Field(
        description="in_force from policies_from; not_yet_in_force before it (the triennium named is the "
        "first one measured); none when no triennium is measured yet; no_obligation when the person owed "
        "nothing in the insurer's triennium (registered later, or exempt throughout): no threshold applies; "
        "no_credits_recorded (in force) when the person owed credits there but recorded none of that "
        "triennium: the threshold is given, met and missing are null (not entered is not known to be missing)"
    )
    triennium: str | None = Field(description="The last useful (closed) triennium an insurer looks at")
    policies_from: dt.date
    threshold: Credits | None = Field(
        description="70 % of the individual obligation in that triennium (after registration, esenzioni, "
        "esoneri); null when no triennium is measured or the person owed nothing there"
    )
    counted: Credits | None
    met: bool | None = Field(description="Null when no threshold applies or no credit of it is recorded")
    missing: Credits | None = Field(description="Null when met is null")
    fix_deadline: dt.date | None = Field(description="Until when that triennium can still be completed")
    fix_deadline_single_source: bool = Field(description="Only one source states that deadline (say so)")
    rule: Line = Field(description="The rule and its source (amount 0)")
    compliance: ComplianceResult | None


class RegistryItem(Strict):
    id: str
    title: str | None = Field(description="The credit's title, when the record has one")
    date: dt.date = Field(description="The date the credit was earned")
    suspected_after: dt.date = Field(description="After this day a credit not in the registry is suspect")


class StatusInput(Strict):
    as_of: Day | None = Field(default=None, description="The day of the answer (default: today)")
    profiles: dict[Triennium, Profile] = Field(
        default={}, description="Profile per triennium (default: empty)"
    )
    credits: list[CreditRecord] = Field(default=[], max_length=20000)


class StatusResult(Strict):
    as_of: dt.date
    sentences: list[Sentence] = Field(description="The answer, one sentence per subject, each with 'see'")
    current: ComplianceResult | None = Field(description="The triennium that contains as_of")
    current_timeline: Timeline | None
    insurance: InsuranceStatus
    timelines: list[Timeline] = Field(description="Every triennium's deadlines as of as_of")
    pending: list[RegistryItem] = Field(description="Not in the registry yet, still within the clock")
    missing_suspected: list[RegistryItem] = Field(description="Not in the registry after the clock ran out")


def _ref(source: Source) -> SourceRef:
    return source_ref(source)


def _dated(kind: str, day: dt.date, value: ParamValue) -> DatedRule:
    return DatedRule(
        kind=kind,
        date=day,
        rule=value.param,
        source=_ref(value.source),
        reported_by=None if value.reported_by is None else _ref(value.reported_by),
        confidence=Confidence(value.confidence),
        single_source=value.single_source,
    )


def _as_it_stood(param_id: str, as_of: dt.date) -> ParamValue:
    """The value in force on ``as_of``; before the first value, the first (what was known at the start)."""
    values = load_rulebook().parameters[param_id].values
    known = [v for v in values if v.valid_from <= as_of] or [values[0]]
    return known[-1]


def timeline(triennium_id: str, as_of: dt.date) -> Timeline:
    """End, recovery, moves and compensation deadlines of one triennium as they stood on ``as_of``."""
    book = load_rulebook()
    triennium = get_triennium(triennium_id)
    trienni_param = book.at("trienni", dt.date(2100, 1, 1))
    deadlines = [_dated("end", triennium.end, trienni_param)]
    recovery = _as_it_stood(f"deadline.{triennium.id}", as_of)
    recovery_day: dt.date = recovery.value
    if recovery_day > triennium.end:
        deadlines.append(_dated("recovery", recovery_day, recovery))
    moves = book.at("moves.rule", _RULE_DATE)
    if triennium.id in moves.value["deadlines"]:
        deadlines.append(_dated("moves", moves.value["deadlines"][triennium.id], moves))
    compensation = book.at("compensation.rule", _RULE_DATE)
    if triennium.id in compensation.value["debtors"] or triennium.id in compensation.value["creditors"]:
        deadlines.append(_dated("compensation", compensation.value["deadline"], compensation))
    deadlines.sort(key=lambda d: (d.date, d.kind))
    if as_of < triennium.start:
        state: Literal["open", "recoverable", "closed", "not_started"] = "not_started"
    elif as_of <= triennium.end:
        state = "open"
    elif as_of <= recovery_day:
        state = "recoverable"
    else:
        state = "closed"
    ahead = [d.date for d in deadlines if d.date >= as_of]
    return Timeline(
        triennium=triennium.id, state=state, deadlines=deadlines, next_deadline=min(ahead) if ahead else None
    )


# Facts about the person, true whatever triennium is asked: when the insurer's triennium has no profile
# of its own, its obligation still starts after the first registration, skips the years off the albo and
# is reduced by the dated esenzioni and esoneri (§2, §5, §11.5: 70 % of the INDIVIDUAL obligation). Answers
# about one triennium (previous_triennium_credits, previous_triennium_met) are not carried over.
PERSONAL_FACTS = (
    "first_registration",
    "registration_gaps",
    "exemptions",
    "retired_on",
    "profession",
    "discipline",
    "medical_exposure",
    "radiology_complementary",
)


def _profile_for(request: StatusInput, triennium_id: str, as_of: dt.date) -> Profile:
    """The profile given for ``triennium_id``; else the person's facts from the current triennium's profile
    (or, without one, from the latest triennium given); else an empty profile."""
    if triennium_id in request.profiles:
        return request.profiles[triennium_id]
    current = triennium_of(as_of)
    donor = request.profiles.get(current) if current else None
    if donor is None and request.profiles:
        donor = request.profiles[max(request.profiles)]
    if donor is None:
        return Profile()
    return Profile(**{name: getattr(donor, name) for name in PERSONAL_FACTS})


def _compliance(request: StatusInput, triennium_id: str, as_of: dt.date | None = None) -> ComplianceResult:
    profile = (
        request.profiles.get(triennium_id, Profile())
        if as_of is None
        else _profile_for(request, triennium_id, as_of)
    )
    return evaluate_compliance(
        ComplianceInput(triennium=triennium_id, profile=profile, credits=list(request.credits))
    )


def insurance_status(request: StatusInput, as_of: dt.date) -> InsuranceStatus:
    """The triennium an insurer looks at on ``as_of`` (the last closed one), its 70 % and what is missing.

    Before ``policies_from`` the rule is not yet in force: the triennium named is the first one measured
    (2023-2025), honestly flagged ``not_yet_in_force``. Trienni before 2023-2025 are never measured.
    """
    book = load_rulebook()
    param = book.at("insurance.rule", max(as_of, book.first_rule_date("insurance.rule")))
    first = get_triennium(param.value["first_triennium"])
    policies_from: dt.date = param.value["policies_from"]
    closed = [t for t in all_trienni() if t.end < as_of and t.start >= first.start]
    if as_of < policies_from:
        state: Literal["in_force", "not_yet_in_force", "none"] = "not_yet_in_force"
        target = first if as_of >= first.start else None
    else:
        state = "in_force"
        target = closed[-1] if closed else None
    rule = make_line(param, ZERO, "line.insurance.rule", first=first.id, policies_from=policies_from)
    if target is None:
        return InsuranceStatus(
            state="none",
            triennium=None,
            policies_from=policies_from,
            threshold=None,
            counted=None,
            met=None,
            missing=None,
            fix_deadline=None,
            fix_deadline_single_source=False,
            rule=rule,
            compliance=None,
        )
    result = _compliance(request, target.id, as_of)
    if result.obligation.obligation == 0:
        # Nothing owed there (registered later, or exempt throughout): 70 % of nothing is no test at all.
        return InsuranceStatus(
            state="no_obligation",
            triennium=target.id,
            policies_from=policies_from,
            threshold=None,
            counted=result.counted,
            met=None,
            missing=None,
            fix_deadline=None,
            fix_deadline_single_source=False,
            rule=rule,
            compliance=result,
        )
    recovery_value = _as_it_stood(f"deadline.{target.id}", as_of)
    recovery: dt.date = recovery_value.value
    open_to_fix = recovery >= as_of
    # No record of that triennium at all: the person has not entered them, which is not "0 earned" (a
    # review: "mancano 105" read as a verdict). Before policies_from the sentence only says what counts.
    unknown = state == "in_force" and not any(counts_in(record) == target.id for record in request.credits)
    return InsuranceStatus(
        state="no_credits_recorded" if unknown else state,
        triennium=target.id,
        policies_from=policies_from,
        threshold=result.insurance_threshold,
        counted=result.counted,
        met=None if unknown else result.insurance_ok,
        missing=None if unknown else result.missing_for_insurance,
        fix_deadline=recovery if open_to_fix else None,
        fix_deadline_single_source=open_to_fix and recovery_value.single_source,
        rule=rule,
        compliance=result,
    )


def _registry(credits: list[CreditRecord], as_of: dt.date) -> tuple[list[RegistryItem], list[RegistryItem]]:
    pending: list[RegistryItem] = []
    suspected: list[RegistryItem] = []
    for record in sorted(credits, key=lambda r: r.id):
        if record.in_registry is not False or record.date > as_of:
            continue
        after = missing_suspected_after(record.end_date or record.date, record.provider_scope or "national")
        item = RegistryItem(id=record.id, title=record.title, date=record.date, suspected_after=after)
        (suspected if as_of > after else pending).append(item)
    return pending, suspected


def _registry_sentence(msg: str, items: list[RegistryItem], credits: list[CreditRecord]) -> dict[str, Any]:
    """The params of a registry sentence: how many records, their credits in all, and each record as people
    know it: its title and date, or without a title its tipologia and credits (never its id)."""
    records = {record.id: record for record in credits}
    named = []
    for item in items:
        date = item.date.isoformat()
        if item.title:
            named.append({"msg": "what.credit_named", "params": {"title": item.title, "date": date}})
        else:
            record = records[item.id]
            params = {"type": record.type, "credits": record.credits, "date": date}
            named.append({"msg": "what.credit_unnamed", "params": params})
    amount = sum((records[item.id].credits for item in items), ZERO)
    return notice(None, msg, count=len(items), amount=amount, credits=named).model_dump()


def _current_sentence(current: ComplianceResult, line: Timeline) -> Sentence:
    deadline = line.next_deadline
    if current.certifiable:
        base = notice(
            None,
            "status.current.met",
            triennium=current.triennium,
            obligation=current.obligation.obligation,
            counted=current.counted,
        )
    else:
        base = notice(
            None,
            "status.current.missing",
            triennium=current.triennium,
            obligation=current.obligation.obligation,
            counted=current.counted,
            missing=current.missing,
            deadline=deadline,
        )
    return Sentence(**base.model_dump(), see="current.credit_lines")


def _insurance_percent(insurance: InsuranceStatus) -> Fraction:
    """The insurance share as a percentage (70), read from the rules data like the threshold itself."""
    on = get_triennium(insurance.triennium).start if insurance.triennium else insurance.policies_from
    return load_rulebook().at("thresholds.insurance", on).share() * 100


def _obligation_start(compliance: ComplianceResult) -> str | None:
    """The day the obligation starts when the first registration emptied the triennium (its line says so)."""
    for line in compliance.obligation.lines:
        if line.msg == "line.obligation.start" and line.params.get("remaining") == 0:
            start = line.params.get("start")
            return start if isinstance(start, str) else None
    return None


def _insurance_sentence(insurance: InsuranceStatus) -> Sentence:
    percent = _insurance_percent(insurance)
    if insurance.state == "none" or insurance.triennium is None:
        base = notice(None, "status.insurance.none", policies_from=insurance.policies_from, percent=percent)
        return Sentence(**base.model_dump(), see="insurance.rule")
    if insurance.state == "no_obligation" and insurance.compliance is not None:
        start = _obligation_start(insurance.compliance)
        if start is not None:
            base = notice(
                None,
                "status.insurance.no_obligation_registered",
                triennium=insurance.triennium,
                percent=percent,
                start=start,
            )
        else:
            base = notice(
                None, "status.insurance.no_obligation", triennium=insurance.triennium, percent=percent
            )
        return Sentence(**base.model_dump(), see="insurance.compliance.obligation.lines")
    # Every other sentence names the insurer's triennium, its share and its threshold, then what follows.
    common = {"triennium": insurance.triennium, "percent": percent, "threshold": insurance.threshold}
    if insurance.state == "no_credits_recorded":
        msg, params = "status.insurance.no_credits_recorded", {}
    elif insurance.state == "not_yet_in_force":
        msg = "status.insurance.not_yet"
        params = {"policies_from": insurance.policies_from, "counted": insurance.counted}
    elif insurance.met:
        msg, params = "status.insurance.met", {"counted": insurance.counted}
    elif insurance.fix_deadline is not None:
        single = insurance.fix_deadline_single_source
        msg = "status.insurance.missing_single_source" if single else "status.insurance.missing"
        params = {"missing": insurance.missing, "deadline": insurance.fix_deadline}
    else:
        msg, params = "status.insurance.missing_closed", {"missing": insurance.missing}
    base = notice(None, msg, **common, **params)
    see = "insurance.rule" if insurance.compliance is None else "insurance.compliance.credit_lines"
    return Sentence(**base.model_dump(), see=see)


def evaluate_status(request: StatusInput) -> StatusResult:
    """The status answer for ``request.as_of`` (default today): one sentence per subject, with the detail."""
    as_of = request.as_of or dt.date.today()
    for key in request.profiles:
        get_triennium(key, f"profiles.{key}")
    current_id = triennium_of(as_of)
    current = _compliance(request, current_id) if current_id else None
    current_line = timeline(current_id, as_of) if current_id else None
    insurance = insurance_status(request, as_of)
    pending, suspected = _registry(request.credits, as_of)
    sentences: list[Sentence] = []
    if current is not None and current_line is not None:
        sentences.append(_current_sentence(current, current_line))
    sentences.append(_insurance_sentence(insurance))
    if pending:
        base = _registry_sentence("status.pending", pending, request.credits)
        sentences.append(Sentence(**base, see="pending"))
    if suspected:
        base = _registry_sentence("status.missing_suspected", suspected, request.credits)
        sentences.append(Sentence(**base, see="missing_suspected"))
    return StatusResult(
        as_of=as_of,
        sentences=sentences,
        current=current,
        current_timeline=current_line,
        insurance=insurance,
        timelines=[timeline(t.id, as_of) for t in all_trienni()],
        pending=pending,
        missing_suspected=suspected,
    )
