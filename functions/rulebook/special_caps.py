"""Caps that apply only to one profession or one period, before the general caps of compliance.

- Pharmacists: internship tutoring counts up to 50 % of the net obligation (ecm-rules.md §11.3).
- Psychologists: internship supervision at most 25 credits a year (§11.3; one Ordine, MED).
- Nurses, 2011-2013: FAD counts up to 60 % of the obligation (§4, §11.3).
- 2011-2013: tipologie 2, 5, 6 and 10 together up to 60 % (§11.4); employees 25 to 75 credits a year (§3).

Each cap returns how much it removed from the learner pool (credits as learner at providers' events)
and from the individual pool, so that compliance can apply the general caps to what is left.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from .explain import Explanation
from .models import CreditRecord, EventType, Profile, Role
from .parameters import ParamValue, RuleBook
from .professions import profession_rule
from .rounding import share_of, tenth_down
from .trienni import Triennium

ZERO = Decimal(0)
FAD = frozenset(
    {
        EventType.FAD_SELF_STUDY,
        EventType.FAD_SELF_STUDY_TUTORED,
        EventType.FAD_ELEARNING,
        EventType.FAD_WEBINAR,
    }
)
# Tipologie 2 (congressi), 5 (gruppi di miglioramento), 6 (ricerca) of the 2010 criteria; 10 (docenza,
# tutoring) is every role other than participant and individual tutoring.
TIPOLOGIE_2_5_6 = frozenset(
    {
        EventType.RES_CONGRESS,
        EventType.FSC_IMPROVEMENT_GROUP,
        EventType.FSC_IMPROVEMENT_PROJECT,
        EventType.FSC_RESEARCH,
    }
)


@dataclass
class Removed:
    """Credits removed by these caps, by pool; ``yearly_shortfall`` is owed on top (yearly minimum)."""

    learner: Decimal = ZERO
    individual: Decimal = ZERO
    yearly_shortfall: Decimal = ZERO


def _total(records: list[CreditRecord]) -> Decimal:
    return sum((r.credits for r in records), ZERO)


def _is_tipologia_10(record: CreditRecord) -> bool:
    return record.role is not Role.PARTICIPANT or record.type is EventType.INDIVIDUAL_TUTORING


class _Caps:
    def __init__(self, explanation: Explanation, owed: Decimal) -> None:
        self.explanation = explanation
        self.owed = owed
        self.removed = Removed()

    def share_cap(self, param: ParamValue, amount: Decimal, what: str) -> Decimal:
        """Cap ``amount`` at the parameter's share of the obligation; return the excess removed."""
        share = param.share()
        limit = tenth_down(share_of(self.owed, share))
        if amount <= limit:
            return ZERO
        self.explanation.add(
            param,
            limit - amount,
            "line.compliance.profession_cap",
            what=what,
            share=str(share),
            owed=self.owed,
            limit=limit,
        )
        return amount - limit

    def take(self, excess: Decimal, individual_part: Decimal) -> None:
        """Remove ``excess`` from the individual pool first (it has its own cap too), then from learning."""
        from_individual = min(excess, individual_part)
        self.removed.individual += from_individual
        self.removed.learner += excess - from_individual


def special_caps(
    book: RuleBook,
    triennium: Triennium,
    profile: Profile,
    records: list[CreditRecord],
    is_individual: Callable[[CreditRecord], bool],
    explanation: Explanation,
    owed: Decimal,
) -> Removed:
    """Apply the profession's and the period's own caps; lines go to ``explanation``.

    Nothing is scanned unless a profession or the 2011-2013 rules apply (the common case costs nothing).
    """
    on = triennium.start
    caps = _Caps(explanation, owed)
    supervision = profession_rule(book, profile, "internship_supervision", on)
    internship = profession_rule(book, profile, "internship_tutoring_max", on)
    tutoring = (
        [r for r in records if r.type is EventType.INDIVIDUAL_TUTORING]
        if supervision is not None or internship is not None
        else []
    )
    if supervision is not None and tutoring:
        limit = Decimal(int(supervision.value["max_per_year"]))
        by_year: dict[int, Decimal] = defaultdict(lambda: ZERO)
        for record in tutoring:
            by_year[record.date.year] += record.credits
        for year in sorted(by_year):
            if by_year[year] > limit:
                excess = by_year[year] - limit
                explanation.add(
                    supervision, -excess, "line.compliance.psychologist_yearly", year=year, limit=limit
                )
                caps.removed.individual += excess

    if internship is not None and tutoring:
        caps.removed.individual += caps.share_cap(
            internship, _total(tutoring) - caps.removed.individual, "what.cap.pharmacist_internship_tutoring"
        )

    fad_cap = profession_rule(book, profile, "fad_max", on)
    if fad_cap is not None:
        fad = [r for r in records if r.type in FAD and not is_individual(r)]
        caps.removed.learner += caps.share_cap(fad_cap, _total(fad), "what.cap.nurse_fad")

    tipologie = book.at("caps.tipologie_2_5_6_10_max", on)
    if not tipologie.absent:
        kinds = [r for r in records if r.type in TIPOLOGIE_2_5_6 or _is_tipologia_10(r)]
        individual_part = _total([r for r in kinds if is_individual(r)])
        excess = caps.share_cap(tipologie, _total(kinds), "what.cap.tipologie_2_5_6_10")
        caps.take(excess, individual_part)

    yearly = book.at("caps.yearly_employee", on)
    if not yearly.absent and profile.employment == "employee":
        _yearly_limits(caps, yearly, triennium, records, is_individual)
    return caps.removed


def _yearly_limits(
    caps: _Caps,
    param: ParamValue,
    triennium: Triennium,
    records: list[CreditRecord],
    is_individual: Callable[[CreditRecord], bool],
) -> None:
    """Employees in 2011-2013: credits above the yearly maximum do not count; below the minimum is owed."""
    low, high = Decimal(int(param.value["min"])), Decimal(int(param.value["max"]))
    for year in triennium.years:
        of_year = [r for r in records if r.date.year == year]
        total = _total(of_year)
        if total > high:
            excess = total - high
            caps.explanation.add(param, -excess, "line.compliance.yearly_max", year=year, limit=high)
            caps.take(excess, _total([r for r in of_year if is_individual(r)]))
        caps.removed.yearly_shortfall += max(low - min(total, high), ZERO)
