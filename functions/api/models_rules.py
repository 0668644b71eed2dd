"""The shape of ``GET /v1/rules`` (functions.rulebook.export.rules_export), for the API document.

The route returns the export as built by the rule book (the same JSON the browser calculators read, schema
2); these models describe it in openapi.json and a test validates the real export against them, so the
document cannot drift from the data. Texts a reader sees come in Italian and English.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Confidence = Literal["HIGH", "MED", "LOW"]


class _Export(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True, populate_by_name=True)


class BilingualText(_Export):
    """One text in both languages (neither is empty)."""

    it: str = Field(min_length=1, description="Italian")
    en: str = Field(min_length=1, description="English")


class RuleValueOut(_Export):
    """One dated value of a rule: it applies from ``from`` until the next value's ``from``."""

    from_: str = Field(alias="from", description="First day the value applies (ISO date)")
    value: Any = Field(
        description="The rule's value: a number, a share as text ('1/5'), a date, a list or a table; "
        "false means no such rule in this period"
    )
    source: str = Field(description="Id of the document the value comes from (a key of `sources`)")
    reported_by: str | None = Field(description="Id of the page the value was read on, if not the source")
    confidence: Confidence = Field(description="How sure the rule book is (see `confidence`)")
    note: BilingualText | None = Field(
        description="Why the value is what it is, in Italian and English; null when there is no note"
    )
    single_source: bool = Field(description="Only one source states this value (say so to the reader)")
    verified: str | None = Field(description="Day the value was last checked against its source (ISO)")


class ManualeCheckOut(_Export):
    """The edition of the Manuale sulla formazione continua the rule was last checked against."""

    edition: str = Field(description="Edition, e.g. '03-2024'")
    on: str = Field(description="Day of the check (ISO date)")
    how: BilingualText = Field(description="What the check was, in Italian and English")


class RuleParameterOut(_Export):
    """A rule with its dated values."""

    title: BilingualText
    unit: str = Field(description="Unit of the values, e.g. 'credits', 'share', 'date'")
    manuale_checked: ManualeCheckOut
    values: list[RuleValueOut] = Field(description="Dated values, oldest first")


class RuleSourceOut(_Export):
    """A document the rules cite."""

    title: str = Field(description="English title (kept for older readers; same as title_en)")
    official: bool = Field(description="The document itself (law, Accordo, Manuale, CNFC act)")
    title_it: str
    title_en: str
    url: str = Field(description="Where the document or the page about it can be read")
    official_url: str | None = Field(description="The official text, when known")
    adopted: str | None = Field(description="Day the act was adopted or published (ISO), for acts")
    applies_from: str | None = Field(description="First day the act applies (ISO), when not the adoption day")


class ConfidenceWords(_Export):
    """The words shown for one confidence code, in both languages."""

    label_it: str
    label_en: str
    help_it: str
    help_en: str


class RulesExport(_Export):
    """Every rule with its dated values and sources, the confidence words and the message catalogue."""

    schema_version: int = Field(alias="schema", description="Version of this shape (2: bilingual notes)")
    sources: dict[str, RuleSourceOut]
    confidence: dict[Confidence, ConfidenceWords]
    parameters: dict[str, RuleParameterOut] = Field(description="Rules by id, e.g. 'thresholds.insurance'")
    messages: dict[str, dict[str, Any]] = Field(
        description="The message catalogue: per id, its params and its 'it' and 'en' templates"
    )
