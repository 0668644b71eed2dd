"""One entry point per kind of computation, taking and returning JSON-ready dicts (CLI, vectors)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ValidationError

from .across import compensate, what_if_move
from .compliance import evaluate_compliance
from .errors import RuleInputError
from .event_credits import compute_event_credits
from .models import CompensationInput, ComplianceInput, EventInput, MoveInput, ObligationInput
from .obligation import compute_obligation

KINDS: dict[str, tuple[type[BaseModel], Callable[[Any], BaseModel]]] = {
    "event": (EventInput, compute_event_credits),
    "obligation": (ObligationInput, compute_obligation),
    "compliance": (ComplianceInput, evaluate_compliance),
    "compensation": (CompensationInput, compensate),
    "move": (MoveInput, what_if_move),
}


def first_error(error: ValidationError) -> dict[str, str]:
    """The first pydantic error as {field, message}, with the dotted path the rule book uses."""
    detail = error.errors()[0]
    field = ".".join(str(part) for part in detail["loc"]) or "body"
    return {"field": field, "message": detail["msg"]}


def run(kind: str, payload: Any) -> dict[str, Any]:
    """Compute ``kind`` for ``payload``; raises RuleInputError or ValidationError on bad input."""
    if kind not in KINDS:
        raise RuleInputError("kind", f"must be one of {', '.join(KINDS)}")
    model, compute = KINDS[kind]
    result: dict[str, Any] = compute(model.model_validate(payload)).model_dump(mode="json")
    return result


def run_or_error(kind: str, payload: Any) -> tuple[dict[str, Any] | None, dict[str, str] | None]:
    try:
        return run(kind, payload), None
    except RuleInputError as error:
        return None, error.as_dict()
    except ValidationError as error:
        return None, first_error(error)
