"""Credits for one event or individual activity, under the rules in force on the event's date."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from .country_names import country_names
from .errors import RuleInputError
from .explain import Explanation, notice
from .messages import params_of, render, step
from .models import PROVIDER_TYPES, EventInput, EventResult, EventType, Notice, Role
from .parameters import ParamValue, RuleBook, load_rulebook, to_decimal
from .rounding import tenth, tenth_up, whole_hours

RES_TYPES = frozenset(
    {EventType.RES_COURSE, EventType.RES_CONGRESS, EventType.RES_WORKSHOP, EventType.RES_INTERACTIVE}
)
FSC_TYPES = frozenset(
    {
        EventType.FSC_TRAINING,
        EventType.FSC_IMPROVEMENT_GROUP,
        EventType.FSC_IMPROVEMENT_PROJECT,
        EventType.FSC_RESEARCH,
        EventType.FSC_AUDIT,
    }
)
FAD_TYPES = frozenset(
    {
        EventType.FAD_SELF_STUDY,
        EventType.FAD_SELF_STUDY_TUTORED,
        EventType.FAD_ELEARNING,
        EventType.FAD_WEBINAR,
    }
)


class _Calc:
    """State of one computation: the rules on the event's date, the lines so far, the warnings."""

    def __init__(self, event: EventInput) -> None:
        self.book: RuleBook = load_rulebook()
        self.event = event
        self.day: date = event.date
        self.explanation = Explanation()
        self.warnings: list[Notice] = []

    def rule(self, param_id: str) -> ParamValue:
        return self.book.at(param_id, self.day)

    def add(self, param: ParamValue, amount: Decimal, msg: str, **params: Any) -> None:
        self.explanation.add(param, amount, msg, **params)

    def warn(self, field: str, msg: str, **params: Any) -> None:
        self.warnings.append(notice(field, msg, **params))

    def require(self, name: str) -> Any:
        value = getattr(self.event, name)
        if value is None:
            raise RuleInputError(
                name, "error.required_for", type=self.event.type.value, role=self.event.role.value
            )
        return value

    def hours(self) -> int:
        hours: Decimal = self.require("hours")
        limit = self.rule("event.max_hours").decimal()
        if hours > limit:
            raise RuleInputError("hours", "error.at_most_got", limit=limit, got=hours)
        return self.whole_hours(hours, "what.duration", refuse_below_one=True)

    def whole_hours(self, hours: Decimal, what: str, refuse_below_one: bool = False) -> int:
        """Whole hours under event.hour_rounding (hours are not fractionable, ecm-rules.md §1.3); when
        that changes the hours given, a line of 0 credits says so (``what`` labels the field)."""
        rule = self.rule("event.hour_rounding")
        mode = str(rule.value)
        whole = whole_hours(hours, mode)
        if refuse_below_one and whole < 1:
            raise RuleInputError("hours", "error.whole_hour", got=hours)
        if whole != hours:
            self.add(rule, Decimal(0), f"line.hours_rounded.{mode}", what=what, hours=hours, counted=whole)
        return whole

    def participants(self, limit_param: str | None = None) -> int:
        participants: int = self.require("participants")
        if limit_param is not None:
            limit = int(self.rule(limit_param).value)
            if participants > limit:
                raise RuleInputError(
                    "participants",
                    "error.participants_for_type",
                    type=self.event.type.value,
                    limit=limit,
                    got=participants,
                )
        return participants

    def per_hour(self, param: ParamValue, hours: int, what: str) -> None:
        """``what`` is a label id (what.*) naming the activity in the line."""
        rate = param.decimal()
        self.add(param, rate * hours, "line.per_hour", what=what, hours=hours, rate=rate)

    def bonus(self, param_id: str, hours: int, applies: bool, what: str) -> None:
        param = self.rule(param_id)
        if param.absent or not applies:
            return
        rate = to_decimal(param.value["per_hour"] if isinstance(param.value, dict) else param.value)
        self.add(param, rate * hours, "line.per_hour", what=what, hours=hours, rate=rate)

    def cap(self, param_id: str) -> None:
        param = self.rule(param_id)
        limit = param.decimal()
        total = self.explanation.total
        if total > limit:
            self.add(param, limit - total, "line.event_cap", limit=limit)

    def min_hours_warning(self, param_id: str, hours: int) -> None:
        minimum = int(self.rule(param_id).value)
        if hours < minimum:
            self.warn("hours", "warn.min_hours", hours=hours, minimum=minimum, type=self.event.type.value)

    def finish(self) -> EventResult:
        total = self.explanation.total
        rounded = tenth(total)
        if rounded != total:
            self.add(
                self.rule("event.credit_rounding"),
                rounded - total,
                "line.rounded_to",
                total=total,
                rounded=rounded,
            )
        return EventResult(
            credits=self.explanation.total,
            rules_version=str(self.rule("event.rules_version").value),
            lines=self.explanation.lines,
            warnings=self.warnings,
            uncertain=self.explanation.uncertain,
        )


# ---- participants at provider events ---------------------------------------------------------


def _res_course_like(calc: _Calc, interactive_default: bool) -> None:
    event = calc.event
    hours = calc.hours()
    participants = calc.participants("event.res.course.max_participants")
    interactive = calc.whole_hours(event.interactive_hours, "what.interactive_hours")
    if interactive_default and interactive == 0:
        interactive = hours
    if interactive > hours:
        raise RuleInputError("interactive_hours", "error.interactive_hours", hours=hours)
    calc.min_hours_warning("event.res.min_hours", hours)
    old_interactive = calc.rule("event.res.interactive.per_hour")
    bands = calc.rule("event.res.course.bands")
    if not old_interactive.absent:
        # 2010 criteria: frontal hours by participant band, interactive hours at their own rate.
        frontal = hours - interactive
        if frontal:
            rate = _band_rate(calc, bands, participants)
            calc.add(
                bands,
                rate * frontal,
                "line.res.frontal_hours",
                hours=frontal,
                rate=rate,
                participants=participants,
            )
        if interactive:
            calc.per_hour(old_interactive, interactive, "what.interactive_hours")
    else:
        rate = _band_rate(calc, bands, participants)
        calc.add(bands, rate * hours, "line.res.band", hours=hours, rate=rate, participants=participants)
        _res_bonuses(calc, hours, participants, interactive)
        calc.bonus("event.bonus.special_topic", hours, event.special_topic, "what.special_topic")
    calc.cap("event.max_credits")


def _band_rate(calc: _Calc, bands: ParamValue, participants: int) -> Decimal:
    low = 1
    for band in bands.value:
        if participants <= band["max_participants"]:
            if band["per_hour"] == "decreasing":
                table = calc.rule("event.res.course.decreasing").value
                return to_decimal(table[participants - low])
            return to_decimal(band["per_hour"])
        low = band["max_participants"] + 1
    raise RuleInputError("participants", "error.course_participants", limit=low - 1, got=participants)


def _res_bonuses(calc: _Calc, hours: int, participants: int, interactive: int) -> None:
    small = calc.rule("event.res.bonus.small_group")
    if not small.absent:
        calc.bonus(
            "event.res.bonus.small_group",
            hours,
            participants <= small.value["max_participants"],
            "what.small_group",
        )
    inter = calc.rule("event.res.bonus.interactive")
    if inter.absent or interactive == 0:
        return
    limit = int(inter.value["max_participants"])
    per_teacher = int(inter.value["learners_per_teacher"])
    teachers = calc.event.teachers
    if participants > limit:
        calc.warn("participants", "warn.interactive_participants", limit=limit)
        return
    if teachers is not None and participants > teachers * per_teacher:
        calc.warn("teachers", "warn.interactive_teachers", per_teacher=per_teacher)
        return
    if teachers is None and participants > per_teacher:
        calc.warn("teachers", "warn.teachers_assumed", per_teacher=per_teacher)
    calc.bonus("event.res.bonus.interactive", hours, True, "what.interactive_methods")


def _res_course(calc: _Calc) -> None:
    _res_course_like(calc, interactive_default=False)


def _res_interactive(calc: _Calc) -> None:
    _res_course_like(calc, interactive_default=True)


def _res_congress(calc: _Calc) -> None:
    hours = calc.hours()
    participants = calc.participants()
    minimum = int(calc.rule("event.res.congress.min_participants").value)
    if participants <= minimum:
        raise RuleInputError("participants", "error.congress_participants", minimum=minimum, got=participants)
    calc.min_hours_warning("event.res.min_hours", hours)
    calc.per_hour(calc.rule("event.res.congress.per_hour"), hours, "what.congress")
    calc.cap("event.res.congress.max_credits")


def _res_workshop(calc: _Calc) -> None:
    hours = calc.hours()
    participants = calc.participants("event.res.workshop.max_participants")
    interactive = calc.whole_hours(calc.event.interactive_hours, "what.interactive_hours")
    if interactive > hours:
        raise RuleInputError("interactive_hours", "error.interactive_hours", hours=hours)
    calc.min_hours_warning("event.res.min_hours", hours)
    calc.per_hour(calc.rule("event.res.workshop.per_hour"), hours, "what.workshop")
    _res_bonuses(calc, hours, participants, interactive)
    calc.cap("event.max_credits")


def _fsc_training(calc: _Calc) -> None:
    hours = calc.hours()
    calc.per_hour(calc.rule("event.fsc.training.per_hour"), hours, "what.individual_training")
    calc.cap("event.fsc.training.max_credits")


def _fsc_improvement(calc: _Calc) -> None:
    hours = calc.hours()
    if calc.event.participants is not None:
        calc.participants("event.fsc.max_participants")
    calc.min_hours_warning("event.fsc.improvement.min_hours", hours)
    # The same rates for a group and a project, each named as what it is.
    project = calc.event.type == EventType.FSC_IMPROVEMENT_PROJECT
    what = "what.improvement_project" if project else "what.improvement_group"
    calc.per_hour(calc.rule("event.fsc.improvement.per_hour"), hours, what)
    calc.bonus("event.fsc.bonus.document", hours, calc.event.concluding_document, "what.concluding_document")
    calc.bonus("event.fsc.bonus.external_tutor", hours, calc.event.external_tutor, "what.external_tutor")
    calc.cap("event.max_credits")


def _fsc_audit(calc: _Calc) -> None:
    hours = calc.hours()
    if calc.event.participants is not None:
        calc.participants("event.fsc.max_participants")
    calc.min_hours_warning("event.fsc.audit.min_hours", hours)
    calc.per_hour(calc.rule("event.fsc.audit.per_hour"), hours, "what.audit")
    calc.bonus("event.fsc.bonus.external_tutor", hours, calc.event.external_tutor, "what.external_tutor")
    calc.cap("event.max_credits")


def _duration_days(calc: _Calc) -> int:
    end: date = calc.require("end_date")
    return (end - calc.day).days + 1


def _by_duration(calc: _Calc, param_id: str, what: str, longest_field: str = "end_date") -> None:
    param = calc.rule(param_id)
    days = _duration_days(calc)
    for band in param.value:
        if days <= band["max_days"]:
            credits = to_decimal(band["credits"])
            calc.add(
                param,
                credits,
                "line.by_duration",
                what=what,
                days=days,
                max_days=band["max_days"],
                credits=credits,
            )
            return
    longest = param.value[-1]["max_days"]
    raise RuleInputError(longest_field, "error.duration", what=what, longest=longest, got=days)


def _fsc_research(calc: _Calc) -> None:
    _by_duration(calc, "event.fsc.research.bands", "what.research_project")


def _fad(rate_param: str, what: str) -> Callable[[_Calc], None]:
    def compute(calc: _Calc) -> None:
        hours = calc.hours()
        param = calc.rule(rate_param)
        if param.absent:
            raise RuleInputError(
                "type",
                "error.type_not_yet",
                type=calc.event.type.value,
                date=calc.day,
                since=calc.book.first_rule_date(rate_param),
            )
        calc.per_hour(param, hours, what)
        calc.bonus("event.bonus.special_topic", hours, calc.event.special_topic, "what.special_topic")
        calc.cap("event.max_credits")

    return compute


def _fad_elearning(calc: _Calc) -> None:
    if calc.event.tutor:
        _fad("event.fad.tutor_per_hour", "what.elearning_tutored")(calc)
    else:
        _fad("event.fad.per_hour", "what.elearning")(calc)


def _blended(calc: _Calc) -> None:
    parts = calc.event.components
    if not parts or len(parts) < 2:
        raise RuleInputError("components", "error.blended_parts")
    for index, part in enumerate(parts):
        if part.type not in PROVIDER_TYPES or part.type is EventType.BLENDED:
            raise RuleInputError(f"components.{index}.type", "error.blended_part_type")
        if part.role is not Role.PARTICIPANT:
            raise RuleInputError(f"components.{index}.role", "error.blended_part_role")
        try:
            result = compute_event_credits(part)
        except RuleInputError as error:
            raise RuleInputError(f"components.{index}.{error.field}", error.msg, **error.params) from error
        for line in result.lines:
            params = {"part": index + 1, "step": step(line.msg, line.params)}
            calc.explanation.extend([line.model_copy(update=_rendered("line.blended_part", params))])
        for warning in result.warnings:
            field = f"components.{index}.{warning.field}" if warning.field else f"components.{index}"
            calc.warnings.append(warning.model_copy(update={"field": field}))
    calc.cap("event.max_credits")


def _rendered(msg: str, params: dict[str, Any]) -> dict[str, Any]:
    values = params_of(params)
    return {"msg": msg, "params": values, "text": render(msg, values)}


# ---- individual activities -------------------------------------------------------------------


def _publication(calc: _Calc) -> None:
    kind = calc.require("publication_kind")
    param = calc.rule("individual.publication")
    position = "lead" if calc.event.lead_author else "other"
    if kind.value not in param.value:
        # Only journals indexed in Scopus or Web of Science count now (ecm-rules.md §11.12).
        calc.add(param, Decimal(0), "line.publication_not_indexed", kind=f"what.publication.{kind.value}")
        return
    credits = to_decimal(param.value[kind.value][position])
    who = "what.lead_author" if calc.event.lead_author else "what.co_author"
    calc.add(
        param, credits, "line.publication", kind=f"what.publication.{kind.value}", who=who, credits=credits
    )


def _clinical_trial(calc: _Calc) -> None:
    _by_duration(calc, "individual.clinical_trial", "what.clinical_trial")


def _psychologist_supervision(calc: _Calc) -> bool:
    """Psychologists supervising post-lauream internships: 4 credits a month, at most 25 a year (§11.3)."""
    if calc.event.profession != "psicologo":
        return False
    param_id = "profession.psicologo.internship_supervision"
    if calc.day < calc.book.parameters[param_id].values[0].valid_from:
        return False
    _per_month(calc, calc.rule(param_id), "line.tutoring_months", cap_key="max_per_year")
    return True


def _per_month(calc: _Calc, param: ParamValue, line: str, cap_key: str | None = None) -> None:
    """Credits by whole months (``per_month`` × months), capped by ``param.value[cap_key]`` when given."""
    months: int = calc.require("months")
    rate = to_decimal(param.value["per_month"])
    calc.add(param, rate * months, line, months=months, rate=rate)
    if cap_key is None:
        return
    limit = to_decimal(param.value[cap_key])
    total = calc.explanation.total
    if total > limit:
        calc.add(param, limit - total, "line.event_cap", limit=limit)


def _individual_tutoring(calc: _Calc) -> None:
    param = calc.rule("individual.tutoring")
    if param.absent:
        raise RuleInputError(
            "date", "error.tutoring_before", since=calc.book.first_rule_date("individual.tutoring")
        )
    if _psychologist_supervision(calc):
        return
    if "per_month" in param.value:
        _per_month(calc, param, "line.tutoring_months")
        return
    hours = calc.hours()
    unit = int(param.value["unit_hours"])
    credits = to_decimal(param.value["credits"]) * (hours // unit)
    calc.add(param, credits, "line.tutoring_hours", hours=hours, unit=unit)


def _autoformazione(calc: _Calc) -> None:
    calc.per_hour(calc.rule("individual.autoformazione.per_hour"), calc.hours(), "what.autoformazione")


def _abroad_country(calc: _Calc) -> bool:
    """False when the training took place where it cannot be recognised (then the caller gives 0)."""
    code = calc.event.country
    if code is None:
        calc.warn("country", "warn.country_missing")
        return True
    if code not in country_names():
        raise RuleInputError("country", "error.country_unknown", got=code)
    if code == calc.rule("country.home").value:
        raise RuleInputError("country", "error.country_home", got=code)
    return _recognised(calc, code)


def _recognised(calc: _Calc, code: str) -> bool:
    """A zero-amount line says which list the country is on (or that it is on none: then 0 credits)."""
    country = {"country": f"country.{code}", "code": code}
    eu = calc.rule("country.eu_members")
    if code in eu.value:
        calc.add(eu, Decimal(0), "line.country.eu", date=calc.day, **country)
        return True
    outside = calc.rule("country.abroad_outside_eu")
    if code in outside.value:
        calc.add(outside, Decimal(0), "line.country.outside_eu", **country)
        return True
    calc.add(outside, Decimal(0), "line.country.not_recognised", date=calc.day, **country)
    return False


def _abroad(calc: _Calc) -> None:
    if not _abroad_country(calc):
        return
    stated = calc.event.stated_credits
    hours_given = calc.event.hours is not None
    if stated is None and not hours_given:
        raise RuleInputError("stated_credits", "error.abroad_needs")
    per_hour = calc.rule("event.abroad.per_hour_unstated")
    base: Decimal
    if stated is not None and hours_given:
        by_hours = per_hour.decimal() * calc.hours()
        base = min(stated, by_hours)
        calc.add(per_hour, base, "line.abroad.lower", stated=stated, by_hours=by_hours)
    elif stated is not None:
        base = stated
        calc.add(per_hour, base, "line.abroad.stated", stated=stated)
    else:
        calc.per_hour(per_hour, calc.hours(), "what.abroad_hours")
    calc.cap("event.max_credits")
    share = calc.rule("event.abroad.share")
    total = calc.explanation.total
    kept = total * share.decimal()
    calc.add(share, kept - total, "line.abroad.share", percent=share.decimal() * 100)
    calc.cap("event.abroad.max_credits")


PARTICIPANT_RULES: dict[EventType, Callable[[_Calc], None]] = {
    EventType.RES_COURSE: _res_course,
    EventType.RES_INTERACTIVE: _res_interactive,
    EventType.RES_CONGRESS: _res_congress,
    EventType.RES_WORKSHOP: _res_workshop,
    EventType.FSC_TRAINING: _fsc_training,
    EventType.FSC_IMPROVEMENT_GROUP: _fsc_improvement,
    EventType.FSC_IMPROVEMENT_PROJECT: _fsc_improvement,
    EventType.FSC_AUDIT: _fsc_audit,
    EventType.FSC_RESEARCH: _fsc_research,
    EventType.FAD_SELF_STUDY: _fad("event.fad.per_hour", "what.self_study"),
    EventType.FAD_SELF_STUDY_TUTORED: _fad("event.fad.tutor_per_hour", "what.self_study_tutored"),
    EventType.FAD_ELEARNING: _fad_elearning,
    EventType.FAD_WEBINAR: _fad("event.fad.webinar_per_hour", "what.webinar"),
    EventType.BLENDED: _blended,
    EventType.PUBLICATION: _publication,
    EventType.CLINICAL_TRIAL: _clinical_trial,
    EventType.INDIVIDUAL_TUTORING: _individual_tutoring,
    EventType.AUTOFORMAZIONE: _autoformazione,
    EventType.ABROAD: _abroad,
}


# ---- other roles ("Docenza, tutoring e altri ruoli") ----------------------------------------

ROLE_TYPES: dict[Role, frozenset[EventType]] = {
    Role.TEACHER: RES_TYPES | FAD_TYPES | FSC_TYPES | {EventType.BLENDED},
    Role.MODERATOR: RES_TYPES | {EventType.FAD_WEBINAR, EventType.BLENDED},
    Role.SCIENTIFIC_LEAD: frozenset(PROVIDER_TYPES),
    Role.FSC_TUTOR: FSC_TYPES,
    Role.FAD_TUTOR: FAD_TYPES - {EventType.FAD_WEBINAR},
    Role.CLASSROOM_TUTOR: RES_TYPES | {EventType.FAD_WEBINAR, EventType.BLENDED},
}


def _existing(calc: _Calc, param_id: str) -> ParamValue:
    param = calc.rule(param_id)
    if param.absent:
        role = calc.event.role.value
        raise RuleInputError(
            "role",
            "error.role_not_documented",
            role=role,
            date=calc.day,
            since=calc.book.first_rule_date(param_id),
        )
    return param


def _per_time_unit(calc: _Calc, param: ParamValue, minutes: int, what: str) -> None:
    unit = int(param.value["unit_minutes"])
    per_unit = to_decimal(param.value["credits"])
    units = minutes // unit
    calc.add(
        param,
        per_unit * units,
        "line.per_time_unit",
        what=what,
        minutes=minutes,
        units=units,
        unit=unit,
        per_unit=per_unit,
    )


def _teacher(calc: _Calc) -> None:
    minutes: int = calc.require("teaching_minutes")
    _per_time_unit(calc, _existing(calc, "role.teacher"), minutes, "what.teaching")
    calc.cap("event.max_credits")


def _fsc_tutor(calc: _Calc) -> None:
    hours = calc.hours()
    _per_time_unit(calc, _existing(calc, "role.fsc_tutor"), hours * 60, "what.tutoring")
    calc.cap("event.max_credits")


def _moderator(calc: _Calc) -> None:
    param = _existing(calc, "role.moderator")
    sessions: int = calc.require("sessions")
    rate = param.decimal()
    calc.add(param, rate * sessions, "line.moderator", sessions=sessions, rate=rate)
    calc.cap("event.max_credits")


def _classroom_tutor(calc: _Calc) -> None:
    hours = calc.hours()
    _per_time_unit(calc, _existing(calc, "role.classroom_tutor"), hours * 60, "what.classroom_tutoring")
    calc.cap("event.max_credits")


def _scientific_lead(calc: _Calc) -> None:
    if calc.event.type in FSC_TYPES:
        # Point 11: at an FSC event the scientific lead who coordinates is paid per hour, not 20 %.
        hours = calc.hours()
        param = _existing(calc, "role.fsc_scientific_lead")
        _per_time_unit(calc, param, hours * 60, "what.fsc_coordination")
        calc.cap("event.max_credits")
        return
    param = _existing(calc, "role.scientific_lead")
    share = param.decimal()
    event_credits = calc.event.event_credits
    if event_credits is None:
        as_participant = calc.event.model_copy(update={"role": Role.PARTICIPANT})
        try:
            event_credits = compute_event_credits(as_participant).credits
        except RuleInputError as error:
            # The participants' inputs (hours, participants) are not the lead's to give: ask for the credits.
            raise RuleInputError(
                "event_credits", "error.scientific_lead_event_credits", percent=share * 100
            ) from error
    raw = event_credits * share
    calc.add(param, raw, "line.scientific_lead", percent=share * 100, event_credits=event_credits)
    rounding = calc.rule("role.scientific_lead_rounding")
    mode, disputed = str(rounding.value["mode"]), str(rounding.value["disputed"])
    kept, other = _round_tenth(raw, mode), _round_tenth(raw, disputed)
    if kept != raw:
        calc.add(
            rounding,
            kept - raw,
            "line.scientific_lead_rounding",
            raw=raw,
            mode=f"what.rounding.{mode}",
            rounded=kept,
        )
    if other != kept:
        # The sources disagree (ecm-rules.md §11.1): say so whenever the other reading changes the number.
        calc.warn(
            "role",
            "warn.scientific_lead_rounding_disputed",
            other=other,
            other_mode=f"what.rounding.{disputed}",
        )


def _round_tenth(value: Decimal, mode: str) -> Decimal:
    if mode == "up":
        return tenth_up(value)
    if mode == "half_up":
        return tenth(value)
    raise ValueError(f"unknown rounding mode {mode!r}")


def _fad_tutor(calc: _Calc) -> None:
    _per_month(calc, _existing(calc, "role.fad_tutor"), "line.fad_tutor_months", cap_key="max_credits")


ROLE_RULES: dict[Role, Callable[[_Calc], None]] = {
    Role.TEACHER: _teacher,
    Role.MODERATOR: _moderator,
    Role.SCIENTIFIC_LEAD: _scientific_lead,
    Role.FSC_TUTOR: _fsc_tutor,
    Role.FAD_TUTOR: _fad_tutor,
    Role.CLASSROOM_TUTOR: _classroom_tutor,
}


def roles_allowed(event_type: EventType) -> list[str]:
    """The roles an event type allows, participant first (for the refusal that lists them)."""
    others = sorted(role.value for role, types in ROLE_TYPES.items() if event_type in types)
    return [Role.PARTICIPANT.value, *others]


def _check_dates(calc: _Calc) -> None:
    event = calc.event
    earliest_param = calc.book.parameters["event.earliest_date"].values[0]
    earliest: date = earliest_param.value
    if event.date < earliest:
        raise RuleInputError("date", "error.before_earliest", earliest=earliest, got=event.date)
    if event.end_date is not None and event.end_date < event.date:
        raise RuleInputError("end_date", "error.end_before_date", date=event.date)


def _check_applicable(calc: _Calc) -> None:
    """Inputs that belong to other types or roles are refused, not ignored."""
    event = calc.event
    if event.profession is not None:
        ids = [p["id"] for p in calc.rule("profession.list").value]
        if event.profession not in ids:
            raise RuleInputError("profession", "error.one_of", expected=ids)
    if event.country is not None and event.type is not EventType.ABROAD:
        raise RuleInputError(
            "country", "error.only_for_type", type=EventType.ABROAD.value, got=event.type.value
        )
    learner = event.role is Role.PARTICIPANT and event.type in PROVIDER_TYPES
    for name in ("attendance_percent", "test_score_percent"):
        if getattr(event, name) is not None and not learner:
            raise RuleInputError(name, "error.only_for_learner")


def _participation(calc: _Calc) -> None:
    """Credits are earned only with enough attendance and, where there is a test, enough correct answers."""
    checks = (
        ("attendance_percent", "event.participation.min_attendance", "what.attendance"),
        ("test_score_percent", "event.participation.min_test_score", "what.test_score"),
    )
    for name, param_id, what in checks:
        given: Decimal | None = getattr(calc.event, name)
        if given is None:
            continue
        param = calc.rule(param_id)
        share = param.share()
        minimum = Decimal(share.numerator * 100) / share.denominator  # the inputs are percentages
        if given >= minimum:
            calc.add(param, Decimal(0), "line.participation.met", what=what, given=given, minimum=minimum)
            continue
        total = calc.explanation.total
        calc.add(param, -total, "line.participation.not_met", what=what, given=given, minimum=minimum)


def compute_event_credits(event: EventInput) -> EventResult:
    """Credits for one event, with the explanation of every step.

    Raises RuleInputError (field, limit) for input no rule accepts. Sources: the parameters cited by
    each line (rules export); roles follow point 11 of the Criteri from 1 Jan 2023 (ecm-rules.md §11.1).
    """
    calc = _Calc(event)
    _check_dates(calc)
    _check_applicable(calc)
    if event.role is Role.PARTICIPANT:
        PARTICIPANT_RULES[event.type](calc)
    else:
        if event.type not in ROLE_TYPES[event.role]:
            raise RuleInputError(
                "role",
                "error.role_not_for_type",
                type=event.type.value,
                roles=roles_allowed(event.type),
                got=event.role.value,
            )
        ROLE_RULES[event.role](calc)
    if event.role is Role.PARTICIPANT and event.type in PROVIDER_TYPES:
        _participation(calc)
    return calc.finish()
