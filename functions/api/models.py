"""Request and response models of the API. Rule-book concepts are reused, never redefined."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StrictBool,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from functions.rulebook import render
from functions.rulebook.models import (
    CompensationResult,
    ComplianceResult,
    CreditAmount,
    Credits,
    Day,
    Dossier,
    EventResult,
    EventType,
    Exemption,
    Hours,
    MoveResult,
    PublicationKind,
    RegistrationGap,
    Role,
    Triennium,
    clean_text,
    json_number,
)

from .professions import Discipline, ProfessionId, check_discipline

# ECM started in 2002; nothing earlier can be a credit, and far-future dates are typing errors.
FIRST_DAY = dt.date(2002, 1, 1)
LAST_DAY = dt.date(2100, 12, 31)
EcmDate = Annotated[Day, Field(ge=FIRST_DAY, le=LAST_DAY)]
# Timestamps to the millisecond, written as ISO 8601 in UTC ("2026-03-10T12:00:00.123Z"), so that two
# changes in the same second stay ordered for a client comparing them.
Stamp = Annotated[
    dt.datetime,
    PlainSerializer(
        lambda d: d.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        return_type=str,
        when_used="json",
    ),
    WithJsonSchema({"type": "string", "format": "date-time", "examples": ["2026-03-10T12:00:00.123Z"]}),
]
# Every stored item has a version, 1 when created and one more at each write; its ETag derives from it.
Version = Annotated[int, Field(ge=1, description="1 when created, one more at each change")]
ETAG_DESCRIPTION = "The item's ETag (also in the ETag header): send it back as If-Match to change the item"
# Free text, cleaned of controls, bidi overrides and zero-width characters before its length is checked.
Text = Annotated[str, BeforeValidator(clean_text)]


def _notice() -> str:
    """The estimate's caveat in the request's language (catalogue: api.notice)."""
    return render("api.notice", {})


NOTICE = Field(
    default_factory=_notice,
    description="Results are estimates: only the Ordine certifies compliance (in the Content-Language)",
)


class ApiModel(BaseModel):
    # Built on first use, not at import (a shorter cold start; see functions.rulebook.models.Strict).
    model_config = ConfigDict(extra="forbid", defer_build=True)


# Who accredited the event's provider: the registry clock gives regional providers a longer margin.
ProviderScope = Literal["national", "regional"]
PROVIDER_SCOPE = (
    "Provider accredited by Agenas ('national', the default) or by a region ('regional'); a regional "
    "provider's credits can take months to reach the registry, so they are suspected missing later"
)


# certificate: as printed on the attestato; computed: by the rule book; overridden: the professional's
# value replaces a computation whose inputs and rules version are kept.
CreditsSource = Literal["certificate", "computed", "overridden"]


class RegistryStatus(StrEnum):
    PROVISIONAL = "provisional"  # recorded by the professional from the certificate
    REGISTERED = "registered"  # seen in the national registry


class ProfileIn(ApiModel):
    profession: ProfessionId
    discipline: Discipline | None = None
    first_registration: EcmDate | None = Field(
        default=None, description="First registration with the Ordine, or start of the obligation"
    )
    registration_gaps: list[RegistrationGap] = Field(default=[], max_length=20)
    previous_triennium_credits: CreditAmount | None = None
    previous_triennium_met: StrictBool | None = None
    dossiers: list[Dossier] = Field(default=[], max_length=10)
    certified_trienni_at_2025_07_03: list[Triennium] = Field(
        default=[], max_length=5, description="Trienni in good standing on 3 July 2025 (premialità)"
    )
    medical_exposure: StrictBool = Field(
        default=False,
        description="Works in a field directly connected with medical exposure: at least 10 % of the "
        "triennium's credits on radioprotection of the patient, from 2020-2022 (D.Lgs 101/2020 art. 162)",
    )
    radiology_complementary: StrictBool = Field(
        default=False,
        description="Physician or dentist performing complementary radiological activity: the "
        "radioprotection quota is 15 % (implies medical_exposure)",
    )

    @model_validator(mode="after")
    def _discipline_for_physicians(self) -> ProfileIn:
        check_discipline(self.profession, self.discipline)
        return self


class ProfileOut(ProfileIn):
    # Plain text on the way out: a profile saved before the official list was enforced (free text)
    # must still be readable; it is checked again when it is next saved.
    profession: str = Field(
        min_length=1, description="Profession id from the official list (rules.json 'profession.list')"
    )
    discipline: str | None = Field(
        default=None, description="Physicians only: a discipline of 'profession.disciplines.medico_chirurgo'"
    )
    updated_at: Stamp
    version: Version
    etag: str = Field(description=ETAG_DESCRIPTION)

    @model_validator(mode="after")
    def _discipline_for_physicians(self) -> ProfileOut:
        return self


# A percentage as the rule book takes it (attendance, test score): 0-100 with two decimals.
Percent = Annotated[
    Decimal,
    BeforeValidator(json_number),
    Field(ge=0, le=100, max_digits=5, decimal_places=2),
    PlainSerializer(lambda d: float(d), return_type=float, when_used="json"),
]


class EventDetails(ApiModel):
    """What the rule book needs beyond the certificate's basics to compute an event's credits."""

    interactive_hours: (
        Annotated[
            Decimal,
            BeforeValidator(json_number),
            Field(ge=0, le=100000, max_digits=9, decimal_places=2),
            PlainSerializer(lambda d: float(d), return_type=float, when_used="json"),
        ]
        | None
    ) = None
    teachers: int | None = Field(default=None, ge=1, le=10000)
    special_topic: StrictBool = False
    concluding_document: StrictBool = False
    external_tutor: StrictBool = False
    tutor: StrictBool = False
    teaching_minutes: int | None = Field(default=None, ge=1, le=100000)
    sessions: int | None = Field(default=None, ge=1, le=1000)
    months: int | None = Field(default=None, ge=1, le=120)
    event_credits: CreditAmount | None = None
    publication_kind: PublicationKind | None = None
    lead_author: StrictBool = False
    stated_credits: CreditAmount | None = None
    country: Text | None = Field(
        default=None,
        min_length=2,
        max_length=2,
        pattern=r"^[A-Z]{2}$",
        description="Abroad: ISO 3166-1 alpha-2 code of the country where the training took place, e.g. 'DE'",
    )
    attendance_percent: Percent | None = Field(
        default=None, description="Participant: share of the programme attended, in %"
    )
    test_score_percent: Percent | None = Field(
        default=None, description="Participant: correct answers in the learning test, in %"
    )


class CreditIn(ApiModel):
    title: Text = Field(min_length=1, max_length=300)
    event_code: Text | None = Field(
        default=None, min_length=1, max_length=40, description="The event's ECM id, as on the certificate"
    )
    provider: Text | None = Field(default=None, min_length=1, max_length=200)
    type: EventType
    role: Role = Role.PARTICIPANT
    start_date: EcmDate
    end_date: EcmDate | None = Field(default=None, description="Official end of the event (default: start)")
    hours: Hours | None = None
    participants: int | None = Field(default=None, ge=1, le=100000)
    credits: CreditAmount | None = Field(
        default=None, description="As on the certificate; leave out to have the rule book compute them"
    )
    details: EventDetails | None = Field(default=None, description="Extra inputs for computing credits")
    sponsored: StrictBool = Field(default=False, description="Recruited by a sponsor (reclutato)")
    abroad: StrictBool = False
    autoformazione: StrictBool = False
    during_exemption: StrictBool = Field(default=False, description="Earned during an esenzione")
    radioprotection: StrictBool = Field(
        default=False, description="The event's national objective is radioprotection of the patient"
    )
    registry_status: RegistryStatus = RegistryStatus.PROVISIONAL
    provider_scope: ProviderScope = Field(default="national", description=PROVIDER_SCOPE)
    counted_in: Triennium | None = Field(
        default=None, description="Triennium the credit was moved to in the registry, if any"
    )
    credits_source: CreditsSource | None = Field(
        default=None,
        description="Where `credits` comes from. Required when sending `credits` for a credit stored as "
        "computed or overridden: `overridden` keeps the computation's inputs and rules version next to "
        "your value, `certificate` drops the rules version, `computed` (with `credits` left out or null) "
        "computes them again",
    )

    @field_validator("end_date")
    @classmethod
    def _end_not_before_start(cls, end: dt.date | None, info: ValidationInfo) -> dt.date | None:
        # A field validator, not a model one: the refusal names end_date, the field to correct, not "body".
        start = info.data.get("start_date")
        if end is not None and start is not None and end < start:
            raise PydanticCustomError("error.end_before_start", "must not be before start")
        return end

    @property
    def last_day(self) -> dt.date:
        return self.end_date or self.start_date


class MissingClaim(ApiModel):
    suspected_since: dt.date = Field(description="Day after the reporting window plus margin ended")
    needs: list[str] = Field(
        description="What a missing-credit claim to Co.Ge.A.P.S. needs, in the reader's language"
    )


class CreditOut(ApiModel):
    id: str
    triennium: str = Field(description="Triennium the credit counts in")
    title: str
    event_code: str | None
    provider: str | None
    type: EventType
    role: Role
    start_date: dt.date
    end_date: dt.date
    hours: Credits | None
    participants: int | None
    credits: Credits
    credits_source: CreditsSource
    rules_version: str | None = Field(description="Rule book version used when the credits were computed")
    details: EventDetails | None
    sponsored: bool
    abroad: bool
    autoformazione: bool
    during_exemption: bool
    radioprotection: bool = Field(description="On the objective radioprotection of the patient")
    registry_status: RegistryStatus
    # Credits stored before the field existed were all treated as national.
    provider_scope: Annotated[ProviderScope, BeforeValidator(lambda v: v or "national")] = Field(
        default="national", description=PROVIDER_SCOPE
    )
    counted_in: str | None
    missing_suspected: bool
    missing_claim: MissingClaim | None
    created_at: Stamp
    updated_at: Stamp
    version: Version
    etag: str = Field(description=ETAG_DESCRIPTION)


class CreditWritten(CreditOut):
    computation: EventResult | None = Field(
        description="The rule book's explanation, when it computed credits"
    )


class CreditPage(ApiModel):
    triennium: str | None = Field(description="The triennium listed, or null when every triennium is")
    items: list[CreditOut]
    next_cursor: str | None = Field(description="Pass as ?cursor= for the next page; null on the last page")


class ExemptionOut(ApiModel):
    id: str
    exemption: Exemption
    created_at: Stamp
    updated_at: Stamp | None = Field(default=None, description="Last change (null if never changed)")
    version: Version
    etag: str = Field(description=ETAG_DESCRIPTION)


class ExemptionList(ApiModel):
    items: list[ExemptionOut]


class MissingSuspected(ApiModel):
    credit_id: str
    title: str
    event_code: str | None
    end_date: dt.date
    credits: Credits
    claim: MissingClaim


class ComplianceOut(ApiModel):
    triennium: str
    result: ComplianceResult
    provisional_credits: Credits = Field(description="Counted-in credits not yet seen in the registry")
    missing_suspected: list[MissingSuspected]
    notice: str = NOTICE


class TrienniumBalance(ApiModel):
    triennium: str
    obligation: Credits
    counted: Credits
    balance: Credits


class CompensationOut(ApiModel):
    trienni: list[TrienniumBalance]
    result: CompensationResult
    notice: str = NOTICE


class WhatIfOut(ApiModel):
    result: MoveResult
    notice: str = NOTICE


class ExportedFile(ApiModel):
    """An attestato kept with a credit, as a short-lived link (the export stays JSON, not a ZIP)."""

    credit_id: str
    size: int = Field(description="Bytes")
    uploaded_at: Stamp | None
    url: str = Field(description="Presigned download link, valid `expires_in` seconds")
    expires_in: int


class ContactRecord(ApiModel):
    """A dated note of a contact with a credit's provider (POST /v1/me/credits/{id}/contacts)."""

    id: str
    credit_id: str
    date: dt.date
    channel: str
    note: str
    recorded_at: Stamp


class ExportOut(ApiModel):
    exported_at: Stamp
    profile: ProfileOut | None
    credits: list[CreditOut]
    exemptions: list[ExemptionOut]
    contacts: list[ContactRecord] = Field(default=[], description="Notes of contacts with providers")
    files: list[ExportedFile] = Field(
        default=[],
        description="The attestati kept with the credits, as download links valid a few minutes: a ZIP "
        "of up to 600 files of 5 MiB would not fit a Lambda answer (6 MB) and would have to be "
        "assembled and stored as one more copy of the documents",
    )


class DeletedOut(ApiModel):
    deleted_items: int
    user_deleted: bool = Field(
        description="Whether a sign-in account was deleted too (false if it was already gone)"
    )
