"""One entry point per kind of computation, taking and returning JSON-ready dicts (CLI, vectors)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ValidationError

from .across import compensate, what_if_move
from .compliance import evaluate_compliance
from .deadline_events import CalendarInput, calendar_answer
from .errors import RuleInputError, from_validation
from .event_credits import compute_event_credits
from .messages import DEFAULT_LANG, language
from .models import CompensationInput, ComplianceInput, EventInput, MoveInput, ObligationInput
from .obligation import compute_obligation
from .status import StatusInput, evaluate_status

KINDS: dict[str, tuple[type[BaseModel], Callable[[Any], BaseModel]]] = {
    "event": (EventInput, compute_event_credits),
    "obligation": (ObligationInput, compute_obligation),
    "compliance": (ComplianceInput, evaluate_compliance),
    "compensation": (CompensationInput, compensate),
    "move": (MoveInput, what_if_move),
    "status": (StatusInput, evaluate_status),
    "calendar": (CalendarInput, calendar_answer),
}


def first_error(error: ValidationError, lang: str = DEFAULT_LANG) -> dict[str, Any]:
    """The first pydantic error as {field, msg, params, message}, with the rule book's dotted path."""
    return from_validation(error.errors()[0]).as_dict(lang)


def run(kind: str, payload: Any, lang: str = DEFAULT_LANG) -> dict[str, Any]:
    """Compute ``kind`` for ``payload``, texts in ``lang``; raises RuleInputError or ValidationError."""
    if kind not in KINDS:
        raise RuleInputError("kind", "error.one_of", expected=list(KINDS))
    model, compute = KINDS[kind]
    with language(lang):
        result: dict[str, Any] = compute(model.model_validate(payload)).model_dump(mode="json")
    return result


def run_or_error(
    kind: str, payload: Any, lang: str = DEFAULT_LANG
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """(result, None) or (None, {field, msg, params, message}) with texts in ``lang``."""
    try:
        return run(kind, payload, lang), None
    except RuleInputError as error:
        return None, error.as_dict(lang)
    except ValidationError as error:
        return None, first_error(error, lang)
