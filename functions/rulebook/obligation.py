"""The obligation of one professional for one triennium, every reduction explained."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from .errors import RuleInputError
from .exemptions import exemption_reductions
from .explain import Explanation
from .models import Exemption, ExemptionKind, ObligationInput, ObligationResult, Profile
from .parameters import RuleBook, load_rulebook, to_decimal
from .professions import check_profile
from .rounding import tenth
from .trienni import Triennium, get_triennium, previous_triennium


def _cutoff(book: RuleBook, year: int, triennium: Triennium) -> date:
    month, day = str(book.at("obligation.registration_cutoff", triennium.start).value).split("-")
    return date(year, int(month), int(day))


def _gap_years(book: RuleBook, triennium: Triennium, profile: Profile) -> set[int]:
    """Calendar years without obligation because of a cancellation (Delibera CNFC 5/2025)."""
    free: set[int] = set()
    for index, gap in enumerate(profile.registration_gaps):
        back = gap.reregistered_on
        if back is not None and back < gap.cancelled_on:
            raise RuleInputError(
                f"profile.registration_gaps.{index}.reregistered_on", "error.not_before", other="cancelled_on"
            )
        first = gap.cancelled_on.year
        last = back.year if back is not None else triennium.end.year
        for year in range(first, last + 1):
            if back is not None and first == back.year:
                continue  # cancelled and re-registered in the same year: the obligation stays
            if year == first and gap.cancelled_on > _cutoff(book, year, triennium):
                continue
            if back is not None and year == back.year and back <= _cutoff(book, year, triennium):
                continue
            free.add(year)
    return free


def _retired_esenzione(
    book: RuleBook, triennium: Triennium, profile: Profile, explanation: Explanation
) -> list[Exemption]:
    """Retired professionals practising occasionally: the esenzione runs from the profile's date by itself.

    Source: Delibera CNFC 4 Feb 2021 (ecm-rules.md §5.2, §11.6). The period is the rest of the triennium
    from the later of the retirement date and the delibera; it is then counted like any esenzione.
    """
    since = profile.retired_on
    if since is None:
        return []
    in_force = [v for v in book.parameters["exemption.retired"].values if not v.absent]
    if not in_force:
        return []
    param = in_force[0]
    start = max(since, param.valid_from, triennium.start)
    if start > triennium.end:
        return []
    explanation.add(param, Decimal(0), "line.obligation.retired", since=since, start=start, end=triennium.end)
    return [Exemption(kind=ExemptionKind.ESENZIONE, start=start, end=triennium.end, reason="retired")]


def compute_obligation(request: ObligationInput) -> ObligationResult:
    """Base obligation, minus exemptions, pro rata, reductions and bonuses; never below zero."""
    book = load_rulebook()
    triennium = get_triennium(request.triennium)
    profile = request.profile
    on = triennium.start
    check_profile(book, profile, on)
    explanation = Explanation()

    base_param = book.at("obligation.base", on)
    base = base_param.decimal()
    explanation.add(base_param, base, "line.obligation.base", triennium=triennium.id)

    start_year = profile.first_registration.year + 1 if profile.first_registration else None
    before_start = {y for y in triennium.years if start_year is not None and y < start_year}
    gaps = _gap_years(book, triennium, profile) - before_start
    years = set(triennium.years) - before_start - gaps

    exemptions = profile.exemptions + _retired_esenzione(book, triennium, profile, explanation)
    for reduction in exemption_reductions(book, triennium, exemptions, base, years):
        explanation.add(reduction.param, -reduction.amount, reduction.msg, **reduction.params)

    net = explanation.total
    prorata = book.at("obligation.prorata", on)
    years_in_triennium = int(prorata.value)
    positive = max(net, Decimal(0))

    def years_share(count: int) -> Decimal:
        # Multiply before dividing: 3 of 3 years is exactly the net obligation (no 1e-27 left to round).
        return positive * count / years_in_triennium

    if before_start:
        param = prorata
        remaining = years_in_triennium - len(before_start)
        explanation.add(
            param,
            -years_share(len(before_start)),
            "line.obligation.start",
            start=date(start_year or triennium.start.year, 1, 1),
            remaining=remaining,
            years=years_in_triennium,
        )
    if gaps:
        param = book.at("obligation.registration_cutoff", on)
        explanation.add(param, -years_share(len(gaps)), "line.obligation.gap", years=sorted(gaps))

    _previous_credits(book, triennium, profile, explanation)
    _fixed_reductions(book, triennium, profile, explanation)
    _dossier(book, triennium, profile, explanation)
    _premialita(book, triennium, profile, explanation)

    floor_param = book.at("obligation.floor", on)
    floor = floor_param.decimal()
    if explanation.total < floor:
        explanation.add(floor_param, floor - explanation.total, "line.obligation.floor")
    total = explanation.total
    if tenth(total) != total:
        explanation.add(
            book.at("event.credit_rounding", on), tenth(total) - total, "line.rounded", total=total
        )
    return ObligationResult(
        triennium=triennium.id,
        base=base,
        obligation=explanation.total,
        obligated_years=len(years),
        lines=explanation.lines,
        uncertain=explanation.uncertain,
    )


def _previous_credits(
    book: RuleBook, triennium: Triennium, profile: Profile, explanation: Explanation
) -> None:
    param = book.at("obligation.previous_credits", triennium.start)
    earned = profile.previous_triennium_credits
    if param.absent or earned is None:
        return
    for band in param.value:
        upper = band.get("max")
        if earned >= band["min"] and (upper is None or earned <= upper):
            reduction = to_decimal(band["reduction"])
            previous = previous_triennium(triennium)
            if upper is not None:
                msg, bounds = "line.obligation.previous_band", {"min": band["min"], "max": upper}
            else:
                msg, bounds = "line.obligation.previous_band_open", {"min": band["min"]}
            explanation.add(param, -reduction, msg, earned=earned, previous=previous, **bounds)
            return


def _fixed_reductions(
    book: RuleBook, triennium: Triennium, profile: Profile, explanation: Explanation
) -> None:
    covid = book.at("obligation.covid", triennium.start)
    if not covid.absent:
        explanation.add(covid, -covid.decimal(), "line.obligation.covid")
    met = book.at("obligation.previous_met", triennium.start)
    if not met.absent and profile.previous_triennium_met:
        explanation.add(
            met, -met.decimal(), "line.obligation.previous_met", previous=previous_triennium(triennium)
        )


def _dossier(book: RuleBook, triennium: Triennium, profile: Profile, explanation: Explanation) -> None:
    previous = previous_triennium(triennium)
    build_best: tuple[Decimal, str] | None = None  # (amount, dossier kind)
    carry_best: tuple[Decimal, str] | None = None
    for index, dossier in enumerate(profile.dossiers):
        built_in = get_triennium(dossier.triennium, f"profile.dossiers.{index}.triennium")
        param = book.at("obligation.dossier", built_in.start)
        if param.absent:
            continue
        allowed_years = param.value.get("build_years")
        if allowed_years and dossier.built_on is not None and dossier.built_on.year not in allowed_years:
            raise RuleInputError(
                f"profile.dossiers.{index}.built_on",
                "error.dossier_years",
                triennium=built_in.id,
                years=list(allowed_years),
            )
        amounts = param.value[dossier.kind]
        if dossier.triennium == triennium.id:
            build = to_decimal(amounts["build"])
            if build_best is None or build > build_best[0]:
                build_best = (build, dossier.kind)
        elif dossier.triennium == previous and dossier.objectives_met:
            carry = to_decimal(amounts["carry"])
            if carry_best is None or carry > carry_best[0]:
                carry_best = (carry, dossier.kind)
    if build_best:
        explanation.add(
            book.at("obligation.dossier", triennium.start),
            -build_best[0],
            "line.dossier.built",
            kind=f"what.dossier.{build_best[1]}",
            triennium=triennium.id,
        )
    if carry_best:
        explanation.add(
            book.at("obligation.dossier", get_triennium(previous).start),
            -carry_best[0],
            "line.dossier.carried",
            kind=f"what.dossier.{carry_best[1]}",
            previous=previous,
        )


def _premialita(book: RuleBook, triennium: Triennium, profile: Profile, explanation: Explanation) -> None:
    param = book.at("obligation.premialita", triennium.start)
    if param.absent:
        return
    certified = set(profile.certified_trienni_at_2025_07_03)
    start_year = profile.first_registration.year + 1 if profile.first_registration else None
    groups = param.value["groups"]
    group = (
        groups[0] if start_year is None else next((g for g in groups if start_year <= g["started_by"]), None)
    )
    if group is None:
        return
    needed, key = set(group["trienni"]), group["key"]
    if needed <= certified:
        amount = to_decimal(param.value[key])
        explanation.add(
            param, -amount, "line.premialita", trienni=sorted(needed), date=param.value["status_date"]
        )
