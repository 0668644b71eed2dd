"""The profile's profession and discipline, checked against the rule book's official lists.

The lists are the rule book's parameters ``profession.list`` (the 31 professions of L. 3/2018, as ids
such as ``medico_chirurgo``) and ``profession.disciplines.medico_chirurgo`` (the physicians'
disciplines), both in ``GET /v1/rules``. They are read when a request or the OpenAPI document first
needs them, never at a function's cold start; the document declares them as ``enum``s. Under the API's
enum policy, lists may gain values: clients must accept an id they do not know.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

PROFESSIONS = "profession.list"
PHYSICIAN = "medico_chirurgo"
DISCIPLINES = f"profession.disciplines.{PHYSICIAN}"


@cache
def official(parameter: str) -> tuple[str, ...]:
    """The newest values of ``parameter`` (PROFESSIONS: their ids; DISCIPLINES: the names), in order."""
    from functions.rulebook import load_rulebook

    values: list[Any] = load_rulebook().parameters[parameter].values[-1].value
    return tuple(item["id"] if isinstance(item, dict) else str(item) for item in values)


def _profession(value: str) -> str:
    if value not in official(PROFESSIONS):
        raise PydanticCustomError(
            "error.profession_unknown", "is not a profession of the official list", {"where": PROFESSIONS}
        )
    return value


def _discipline(value: str) -> str:
    if value not in official(DISCIPLINES):
        raise PydanticCustomError(
            "error.discipline_unknown", "is not a discipline in the list", {"where": DISCIPLINES}
        )
    return value


def _enum_of(parameter: str) -> Any:
    # Called when the JSON schema is generated (make openapi), so the lists stay out of cold starts.
    def extra(schema: dict[str, Any]) -> None:
        schema["enum"] = list(official(parameter))

    return extra


ProfessionId = Annotated[
    str,
    AfterValidator(_profession),
    Field(
        description="Profession id from the official list (rules.json 'profession.list'), e.g. 'infermiere'",
        json_schema_extra=_enum_of(PROFESSIONS),
        examples=["medico_chirurgo"],
    ),
]
Discipline = Annotated[
    str,
    AfterValidator(_discipline),
    Field(
        description=f"Physicians only: a discipline of the official list (rules.json '{DISCIPLINES}')",
        json_schema_extra=_enum_of(DISCIPLINES),
        examples=["Cardiologia"],
    ),
]


def check_discipline(profession: str, discipline: str | None) -> None:
    """A discipline is given for physicians only (PydanticCustomError otherwise)."""
    if discipline is not None and profession != PHYSICIAN:
        raise PydanticCustomError("error.discipline_physicians_only", "a discipline is for physicians only")
