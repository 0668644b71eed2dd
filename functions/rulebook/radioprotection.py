"""The radioprotection quota: a minimum share of the triennium's credits on radioprotection of the patient.

Source: D.Lgs 101/2020 art. 162 c. 4, adopted into ECM by a CNFC delibera from the 2020-2022 triennium
(ecm-rules.md §11.11). Those who work in fields directly connected with medical exposure owe at least
10 % of the triennium's credits on the national objective "radioprotezione del paziente" (medici
specialisti, MMG, pediatri di famiglia, TSRM, infermieri, infermieri pediatrici); specialists in fisica
medica, and medici specialisti and odontoiatri who perform complementary radiological activity, owe at
least 15 %. Whether someone works with medical exposure is the user's statement (``Profile.medical_exposure``,
``Profile.radiology_complementary``); the rule book's lists (``radioprotection.professions``, MED) say
which share applies to which profession.

The quota is a minimum inside the obligation, like the learner minimum: it changes neither the
obligation nor the credits counted, only whether the triennium is certifiable and what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from .errors import RuleInputError
from .explain import Explanation
from .models import CreditRecord, Line, Profile
from .parameters import ParamValue, RuleBook
from .rounding import share_of, tenth_up
from .trienni import Triennium

ZERO = Decimal(0)


@dataclass
class RadioprotectionQuota:
    """The quota's outcome: ``credits`` counted on the objective, ``minimum`` owed, and their lines."""

    credits: Decimal | None = None
    minimum: Decimal | None = None
    lines: list[Line] = field(default_factory=list)

    @property
    def shortfall(self) -> Decimal:
        """Credits on radioprotection still to earn (0 when no quota applies or it is met)."""
        if self.minimum is None or self.credits is None:
            return ZERO
        return max(self.minimum - self.credits, ZERO)


def _percent(share: Fraction) -> Decimal:
    return Decimal(share.numerator * 100) / Decimal(share.denominator)


def _rate(book: RuleBook, triennium: Triennium, profile: Profile) -> tuple[ParamValue, str] | None:
    """The share parameter that applies and the label of who it is for; None when no quota applies.

    Raises RuleInputError on ``profile.radiology_complementary`` or ``profile.medical_exposure`` when
    the profile's profession is not among those the law names for that share.
    """
    if not (profile.medical_exposure or profile.radiology_complementary):
        return None
    on = triennium.start
    base = book.at("caps.radioprotection_min", on)
    if base.absent:
        return None  # trienni before 2020-2022 have no quota
    lists: dict[str, list[str]] = book.at("radioprotection.professions", on).value
    profession = profile.profession
    higher = book.at("caps.radioprotection_min_higher", on)
    if profile.radiology_complementary:
        if profession is not None and profession not in lists["complementary"]:
            raise RuleInputError(
                "profile.radiology_complementary",
                "error.radioprotection_profession",
                profession=profession,
                professions=lists["complementary"],
            )
        return higher, "what.radioprotection.complementary"
    if profession in lists["higher"]:
        return higher, "what.radioprotection.higher"
    if profession is None or profession in lists["base"]:
        return base, "what.radioprotection.base"
    if profession in lists["complementary"]:
        # Dentists appear only with complementary radiological activity: ask rather than guess.
        raise RuleInputError(
            "profile.radiology_complementary", "error.radioprotection_complementary", profession=profession
        )
    raise RuleInputError(
        "profile.medical_exposure",
        "error.radioprotection_profession",
        profession=profession,
        professions=lists["base"] + lists["higher"],
    )


def radioprotection_quota(
    book: RuleBook,
    triennium: Triennium,
    profile: Profile,
    eligible: list[CreditRecord],
    owed: Decimal,
    counted: Decimal,
) -> RadioprotectionQuota:
    """The quota for one triennium: minimum = share × ``owed`` rounded up to the tenth (like the learner
    minimum); credits = the ``radioprotection`` records among ``eligible`` (those left after esenzioni and
    the one-role rule), never more than ``counted``.

    ``owed`` and ``counted`` are credits; raises RuleInputError (see ``_rate``) for a profession the
    law does not name. Lines: the minimum (amount 0), then the credits found (their total).
    """
    rate = _rate(book, triennium, profile)
    if rate is None:
        return RadioprotectionQuota()
    param, who = rate
    share = param.share()
    minimum = tenth_up(share_of(owed, share))
    on_objective = [r for r in eligible if r.radioprotection]
    credits = min(sum((r.credits for r in on_objective), ZERO), counted)
    explanation = Explanation()
    explanation.add(
        param,
        ZERO,
        "line.compliance.radioprotection_minimum",
        who=who,
        percent=_percent(share),
        owed=owed,
        minimum=minimum,
    )
    explanation.add(param, credits, "line.compliance.radioprotection", count=len(on_objective))
    return RadioprotectionQuota(credits=credits, minimum=minimum, lines=explanation.lines)
