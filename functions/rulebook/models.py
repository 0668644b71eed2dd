"""Inputs and results of the rule book: the contract shared by the CLI, the API and the exports.

Credits are ``Decimal`` with one decimal place and serialise to JSON numbers. Field names are English;
enum values are stable identifiers that the browser calculators and the API also use.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    JsonValue,
    PlainSerializer,
    StrictBool,
    field_validator,
)
from pydantic_core import PydanticCustomError


def json_number(value: object) -> object:
    """A number as JSON writes it: not a string ("1_0", "8"), not true; a float enters as its text."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise PydanticCustomError("error.number", "must be a number")
    return value if isinstance(value, Decimal) else Decimal(str(value))


# JSON numbers out, exact decimals in: floats never enter the arithmetic.
Credits = Annotated[
    Decimal,
    PlainSerializer(lambda d: float(d), return_type=float, when_used="json"),
]
Hours = Annotated[
    Decimal,
    BeforeValidator(json_number),
    Field(gt=0, le=100000, max_digits=9, decimal_places=2),
    PlainSerializer(lambda d: float(d), return_type=float, when_used="json"),
]
CreditAmount = Annotated[
    Decimal,
    BeforeValidator(json_number),
    Field(ge=0, le=1000, max_digits=6, decimal_places=1),
    PlainSerializer(lambda d: float(d), return_type=float, when_used="json"),
]

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date_only(value: object) -> object:
    """A date written as YYYY-MM-DD: lax parsing would read 0, 1773100800 or "1773100800" as timestamps."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError as error:
            raise PydanticCustomError(
                "error.date_real", "must be a real date written as YYYY-MM-DD"
            ) from error
    # The error type is the message id (data/messages.toml), so every front end can say it in its language.
    raise PydanticCustomError("error.date_written", "must be a date written as YYYY-MM-DD")


# C0 and C1 controls, DEL, bidi embeddings/overrides/isolates and marks, zero-width characters and BOM:
# invisible in a title, they reorder or hide what a reader (or a spreadsheet) sees.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]"
)
_LINE_BREAKS = re.compile("[\t\n\r\u2028\u2029]+")


def clean_text(value: object) -> object:
    """Free text as a person typed it: line breaks and tabs become one space, invisible and direction-
    changing characters are removed, and the ends are trimmed (so " " or a NUL alone is empty)."""
    if not isinstance(value, str):
        raise PydanticCustomError("error.text", "must be a string")
    return _INVISIBLE.sub("", _LINE_BREAKS.sub(" ", value)).strip()


# Wide bounds: first registrations go back decades; nothing in ECM happens after 2100.
FIRST_DAY = dt.date(1940, 1, 1)
LAST_DAY = dt.date(2100, 12, 31)


def _within_bounds(value: dt.date) -> dt.date:
    if not FIRST_DAY <= value <= LAST_DAY:
        raise PydanticCustomError(
            "error.date_range",
            "must be between {first} and {last}",
            {"first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()},
        )
    return value


Day = Annotated[dt.date, BeforeValidator(_iso_date_only), AfterValidator(_within_bounds)]

TRIENNIUM_PATTERN = re.compile(r"^(\d{4})-(\d{4})$")


class Strict(BaseModel):
    # Validators and serializers are built on first use, not at import: most cold starts of the API
    # never touch most of these models, and building them all took about a third of a second.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class EventType(StrEnum):
    """The official tipologie formative, plus the individual (non-provider) activities."""

    RES_COURSE = "res_course"  # formazione residenziale: corso di aggiornamento
    RES_CONGRESS = "res_congress"  # convegni, congressi, simposi, conferenze (> 200 participants)
    RES_WORKSHOP = "res_workshop"  # workshop, seminari, corsi teorici inside a congress
    RES_INTERACTIVE = "res_interactive"  # formazione residenziale interattiva
    FSC_TRAINING = "fsc_training"  # training individualizzato
    FSC_IMPROVEMENT_GROUP = "fsc_improvement_group"  # gruppi di miglioramento
    FSC_IMPROVEMENT_PROJECT = "fsc_improvement_project"  # progetti di miglioramento
    FSC_RESEARCH = "fsc_research"  # attività di ricerca
    FSC_AUDIT = "fsc_audit"  # audit clinico e/o assistenziale
    FAD_SELF_STUDY = "fad_self_study"  # autoapprendimento senza tutoraggio
    FAD_SELF_STUDY_TUTORED = "fad_self_study_tutored"  # autoapprendimento con tutoraggio
    FAD_ELEARNING = "fad_elearning"  # FAD e-learning (with or without tutor)
    FAD_WEBINAR = "fad_webinar"  # FAD sincrona, eventi seminariali in rete
    BLENDED = "blended"  # formazione blended: sum of its parts
    PUBLICATION = "publication"
    CLINICAL_TRIAL = "clinical_trial"
    INDIVIDUAL_TUTORING = "individual_tutoring"
    AUTOFORMAZIONE = "autoformazione"
    ABROAD = "abroad"


PROVIDER_TYPES = frozenset(
    {
        EventType.RES_COURSE,
        EventType.RES_CONGRESS,
        EventType.RES_WORKSHOP,
        EventType.RES_INTERACTIVE,
        EventType.FSC_TRAINING,
        EventType.FSC_IMPROVEMENT_GROUP,
        EventType.FSC_IMPROVEMENT_PROJECT,
        EventType.FSC_RESEARCH,
        EventType.FSC_AUDIT,
        EventType.FAD_SELF_STUDY,
        EventType.FAD_SELF_STUDY_TUTORED,
        EventType.FAD_ELEARNING,
        EventType.FAD_WEBINAR,
        EventType.BLENDED,
    }
)
INDIVIDUAL_TYPES = frozenset(set(EventType) - PROVIDER_TYPES)


class Role(StrEnum):
    PARTICIPANT = "participant"  # discente
    TEACHER = "teacher"  # docente, relatore (and FAD content expert)
    MODERATOR = "moderator"
    SCIENTIFIC_LEAD = "scientific_lead"  # responsabile scientifico
    FSC_TUTOR = "fsc_tutor"  # tutor or coordinator of formazione sul campo
    FAD_TUTOR = "fad_tutor"  # tutor of asynchronous FAD
    CLASSROOM_TUTOR = "classroom_tutor"  # tutor d'aula at RES events, tutor of synchronous FAD


class PublicationKind(StrEnum):
    INDEXED = "indexed"  # journal indexed in Scopus or Web of Science
    JOURNAL = "journal"  # non-indexed journal or congress proceedings
    BOOK = "book"  # book chapter or monograph


class Confidence(StrEnum):
    HIGH = "HIGH"
    MED = "MED"
    LOW = "LOW"


class SourceRef(Strict):
    id: str
    title: str
    url: str


MessageParams = dict[str, JsonValue]
MSG_DESCRIPTION = "Stable message id in the catalogue (rules export 'messages'), e.g. 'line.event_cap'"
PARAMS_DESCRIPTION = "The message's values: numbers as numbers, dates as ISO dates, ids as strings"


class Line(Strict):
    """One step of an explanation: which rule, from which source, how sure, and how much."""

    rule: str = Field(description="Parameter id in the rules export, e.g. 'event.res.course.bands'")
    amount: Credits = Field(description="Signed contribution to the result")
    msg: str = Field(description=MSG_DESCRIPTION)
    params: MessageParams = Field(description=PARAMS_DESCRIPTION)
    text: str = Field(description="The step in words, rendered from msg and params in the reader's language")
    source: SourceRef = Field(description="The official document the rule comes from (cited first)")
    reported_by: SourceRef | None = Field(
        default=None, description="The page where the number was read, when it is not the source itself"
    )
    confidence: Confidence


class Notice(Strict):
    """A warning or a what-if reason: a message with its values and, when it concerns one, the input field."""

    field: str | None = Field(default=None, description="Input the notice is about, dotted, e.g. 'hours'")
    msg: str = Field(description=MSG_DESCRIPTION)
    params: MessageParams = Field(description=PARAMS_DESCRIPTION)
    text: str = Field(description="Rendered from msg and params in the reader's language")

    def __str__(self) -> str:
        return self.text


class EventInput(Strict):
    """One event (or individual activity) as printed on its certificate."""

    type: EventType
    role: Role = Role.PARTICIPANT
    date: Day = Field(description="Start date of the event; it decides which rules apply")
    end_date: Day | None = Field(default=None, description="Needed for research and clinical trials")
    hours: Hours | None = Field(default=None, description="Duration in hours (participants)")
    interactive_hours: Annotated[
        Decimal,
        Field(ge=0, le=100000, max_digits=9, decimal_places=2),
        PlainSerializer(lambda d: float(d), return_type=float, when_used="json"),
    ] = Decimal(0)
    participants: int | None = Field(default=None, ge=1, le=100000)
    teachers: int | None = Field(default=None, ge=1, le=10000)
    special_topic: StrictBool = False
    concluding_document: StrictBool = False
    external_tutor: StrictBool = False
    tutor: StrictBool = Field(default=False, description="FAD e-learning with tutor or expert support")
    teaching_minutes: int | None = Field(default=None, ge=1, le=100000)
    sessions: int | None = Field(default=None, ge=1, le=1000)
    months: int | None = Field(default=None, ge=1, le=120)
    event_credits: CreditAmount | None = Field(
        default=None, description="Scientific lead: the participants' credits of the event"
    )
    publication_kind: PublicationKind | None = None
    lead_author: StrictBool = Field(default=False, description="First or last author")
    stated_credits: CreditAmount | None = Field(
        default=None, description="Abroad: credits stated by the event"
    )
    country: str | None = Field(
        default=None,
        min_length=2,
        max_length=2,
        description="Abroad: ISO 3166-1 alpha-2 code of the country where the training took place, e.g. 'DE'",
    )
    profession: str | None = Field(
        default=None,
        max_length=60,
        description="The credit's owner's profession (rules.json 'profession.list'); some rules depend on it",
    )
    attendance_percent: Annotated[Decimal, Field(ge=0, le=100, max_digits=5, decimal_places=2)] | None = (
        Field(default=None, description="Participant: share of the programme attended, in %")
    )
    test_score_percent: Annotated[Decimal, Field(ge=0, le=100, max_digits=5, decimal_places=2)] | None = (
        Field(default=None, description="Participant: correct answers in the learning test, in %")
    )
    components: list[EventInput] | None = Field(default=None, max_length=20, description="Blended parts")


class EventResult(Strict):
    credits: Credits
    rules_version: str
    lines: list[Line]
    warnings: list[Notice] = []
    uncertain: bool = Field(description="True when a rule with confidence below HIGH decided the result")


def _check_triennium(value: str) -> str:
    match = TRIENNIUM_PATTERN.match(value)
    if not match or int(match.group(2)) - int(match.group(1)) != 2:
        raise PydanticCustomError("error.triennium_form", "must look like '2026-2028' (three calendar years)")
    return value


Triennium = Annotated[str, Field(pattern=r"^\d{4}-\d{4}$", examples=["2026-2028"])]


def _whole_number(value: object) -> object:
    """An integer as written in JSON (or read back from storage as a whole Decimal): not "2026", not true."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise ValueError("must be a whole number")
    if isinstance(value, Decimal) and value != value.to_integral_value():
        raise ValueError("must be a whole number")
    return int(value)


# A calendar year inside the date bounds.
Year = Annotated[int, BeforeValidator(_whole_number), Field(ge=FIRST_DAY.year, le=LAST_DAY.year)]


class ExemptionKind(StrEnum):
    ESONERO_COURSE = "esonero_course"  # university course of >= 60 CFU a year: 1/3 per year
    ESONERO_HOURS = "esonero_hours"  # other courses: 1 credit per 3 hours
    ESENZIONE = "esenzione"  # suspension of professional activity


class Exemption(Strict):
    kind: ExemptionKind
    start: Day
    end: Day
    hours: Hours | None = Field(default=None, description="Attendance hours, for esonero_hours")
    reason: Annotated[str, BeforeValidator(clean_text)] | None = Field(default=None, max_length=200)
    attributed_years: list[Year] | None = Field(
        default=None, max_length=10, description="esonero_course: the calendar years chosen for the esonero"
    )


class Dossier(Strict):
    kind: Literal["individual", "group"]
    triennium: Triennium = Field(description="Triennium in which the dossier was built")
    built_on: Day | None = None
    objectives_met: StrictBool = Field(default=False, description="At least 70 % of its objectives met")


class RegistrationGap(Strict):
    """A period of cancellation from the Ordine (Delibera CNFC 5/2025)."""

    cancelled_on: Day
    reregistered_on: Day | None = None


class Profile(Strict):
    """What the obligation depends on, besides the triennium."""

    first_registration: Day | None = Field(
        default=None, description="First registration with the Ordine (or qualifying title)"
    )
    registration_gaps: list[RegistrationGap] = Field(default=[], max_length=20)
    previous_triennium_credits: CreditAmount | None = None
    previous_triennium_met: StrictBool | None = None
    dossiers: list[Dossier] = Field(default=[], max_length=10)
    certified_trienni_at_2025_07_03: list[Triennium] = Field(
        default=[], max_length=5, description="Trienni in good standing on 3 Jul 2025 (premialità)"
    )
    exemptions: list[Exemption] = Field(default=[], max_length=50)
    profession: str | None = Field(
        default=None,
        max_length=60,
        description="Profession id from the rule book's list (rules.json 'profession.list'), e.g. farmacista",
    )
    discipline: str | None = Field(
        default=None,
        max_length=200,
        description="Physicians only: discipline from 'profession.disciplines.medico_chirurgo'",
    )
    employment: Literal["employee", "self_employed"] | None = Field(
        default=None,
        description="2011-2013 yearly limits: 'employee' (dipendente, convenzionato) or 'self_employed'",
    )
    retired_on: Day | None = Field(
        default=None,
        description="Retired, practising only occasionally, since this date: the esenzione applies by itself",
    )
    medical_exposure: StrictBool = Field(
        default=False,
        description="Works in a field directly connected with medical exposure (D.Lgs 101/2020 art. 162): "
        "at least 10 % of the triennium's credits on radioprotection of the patient, from 2020-2022",
    )
    radiology_complementary: StrictBool = Field(
        default=False,
        description="Physicians and dentists who perform complementary radiological activity: the "
        "radioprotection quota is 15 % (implies medical_exposure)",
    )


class ObligationInput(Strict):
    triennium: Triennium
    # A factory, not Profile(): an instance here would build the deferred models at import.
    profile: Profile = Field(
        default_factory=Profile, description="Omitted: an empty profile (every field at its default)"
    )

    _t = field_validator("triennium")(_check_triennium)


class ObligationResult(Strict):
    triennium: str
    base: Credits
    obligation: Credits
    obligated_years: int
    lines: list[Line]
    uncertain: bool


class CreditRecord(Strict):
    id: str = Field(min_length=1, max_length=64)
    title: str | None = Field(
        default=None,
        min_length=1,
        max_length=300,
        description="The credit's title as the professional wrote it; the status answer names credits by it",
    )
    type: EventType
    role: Role = Role.PARTICIPANT
    date: Day = Field(description="Date the credits were earned (end of the event)")
    credits: CreditAmount
    sponsored: StrictBool = Field(default=False, description="Recruited by a sponsor (reclutato)")
    abroad: StrictBool = False
    autoformazione: StrictBool = False
    during_exemption: StrictBool = Field(
        default=False,
        description="Earned during an esenzione not recorded in the profile (recorded ones decide by date)",
    )
    event_code: str | None = Field(
        default=None,
        min_length=1,
        max_length=64,
        description="Event code on the attestato (provider-event[-edition]) or, without one, the event's "
        "identity given by the user; records sharing it count once (one role per person per event)",
    )
    triennium: Triennium | None = Field(
        default=None, description="Triennium the credit counts in, when moved; otherwise its date decides"
    )
    end_date: Day | None = Field(
        default=None, description="Official end of the event (the registry clock runs from it; default: date)"
    )
    provider_scope: Literal["national", "regional"] | None = Field(
        default=None,
        description="Provider accredited nationally or by a region (regional credits take longer)",
    )
    in_registry: bool | None = Field(
        default=None, description="Seen in the Co.Ge.A.P.S. registry (false: not yet; null: not checked)"
    )
    radioprotection: StrictBool = Field(
        default=False,
        description="The event's national objective is radioprotection of the patient (D.Lgs 101/2020)",
    )


class ComplianceInput(Strict):
    triennium: Triennium
    # A factory, not Profile(): an instance here would build the deferred models at import.
    profile: Profile = Field(
        default_factory=Profile, description="Omitted: an empty profile (every field at its default)"
    )
    credits: list[CreditRecord] = Field(default=[], max_length=20000)

    _t = field_validator("triennium")(_check_triennium)


class ComplianceResult(Strict):
    triennium: str
    obligation: ObligationResult
    recorded: Credits = Field(description="Credits recorded in the triennium, before caps")
    counted: Credits = Field(description="Credits that count, after exclusions and caps")
    credit_lines: list[Line] = Field(description="From recorded to counted; they add up to counted")
    learner: Credits = Field(description="Counted credits as learner at providers' events")
    learner_minimum: Credits
    certifiable_threshold: Credits
    insurance_threshold: Credits | None = Field(
        description="70 % of this triennium's obligation (art. 38-bis DL 152/2021); null for trienni before "
        "2023-2025. It decides policies from insurance_applies_from, not while the triennium runs"
    )
    certifiable: bool
    insurance_ok: bool | None = Field(description="Null when the triennium has no insurance threshold")
    missing: Credits = Field(
        description="Credits still needed to reach 100 % (and the learner and radioprotection minimums)"
    )
    missing_for_insurance: Credits | None = Field(
        description="Credits still needed to reach THIS triennium's 70 %; null before 2023-2025. An insurer "
        "looks at it only for policies from insurance_applies_from (during 2026-2028 it looks at 2023-2025: "
        "see the status answer's 'insurance')"
    )
    insurance_applies_from: dt.date | None = Field(
        default=None,
        description="First day of the policies whose effectiveness depends on this triennium's 70 % (the day "
        "after it ends: 2026-01-01 for 2023-2025, 2029-01-01 for 2026-2028); null before 2023-2025",
    )
    insurance_notice: Notice | None = Field(
        default=None,
        description="That in one sentence (msg compliance.insurance.applies_from), or that an obligation "
        "of 0 leaves no threshold (compliance.insurance.no_obligation); null before 2023-2025",
    )
    surplus: Credits
    ignored_records: list[str] = Field(description="Ids of records that belong to another triennium")
    uncertain: bool
    radioprotection: Credits | None = Field(
        default=None,
        description="Counted credits on radioprotection of the patient; null when no quota applies",
    )
    radioprotection_minimum: Credits | None = Field(
        default=None,
        description="At least 10 % or 15 % of the obligation (D.Lgs 101/2020 art. 162 c. 4); null when "
        "the profile does not work with medical exposure or the triennium is before 2020-2022",
    )
    radioprotection_lines: list[Line] = Field(
        default=[], description="How the radioprotection quota was found; they add up to radioprotection"
    )


class Balance(Strict):
    triennium: Triennium
    balance: Annotated[Decimal, Field(ge=-1000, le=1000, decimal_places=1)] = Field(
        description="Counted minus obligation: positive is a surplus, negative a debt"
    )


class CompensationInput(Strict):
    balances: list[Balance] = Field(min_length=1, max_length=10)


class Transfer(Strict):
    source: str
    target: str
    credits: Credits


class CompensationResult(Strict):
    transfers: list[Transfer]
    balances: dict[str, Credits]
    certifiable: dict[str, bool]
    lines: list[Line]
    still_to_earn: dict[str, Credits] = Field(
        default={}, description="Debts compensation cannot cover: credits still to earn, per triennium"
    )
    deadline: dt.date | None = Field(
        default=None, description="Until when surpluses can cover them (Delibera CNFC 1/2025: 31 Dec 2028)"
    )
    warnings: list[Notice] = []


class MoveInput(Strict):
    credit_id: str
    target: Triennium
    profiles: dict[str, Profile] = Field(default={}, description="Profile per triennium (default: empty)")
    credits: list[CreditRecord] = Field(max_length=20000)
    as_of: Day | None = Field(default=None, description="Date of the move, for deadlines (default: today)")


class MoveResult(Strict):
    credit_id: str
    source: str
    target: str
    allowed: bool
    reasons: list[Notice]
    before: dict[str, ComplianceResult]
    after: dict[str, ComplianceResult]
