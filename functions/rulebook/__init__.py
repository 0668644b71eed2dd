"""The ECM rule book: Italian continuing-medical-education rules as reviewed data plus a pure-Python engine.

Public entry points (everything else is internal):

- ``compute_event_credits(EventInput) -> EventResult``
- ``compute_obligation(ObligationInput) -> ObligationResult``
- ``evaluate_compliance(ComplianceInput) -> ComplianceResult``
- ``compensate(CompensationInput) -> CompensationResult``
- ``what_if_move(MoveInput) -> MoveResult``
- ``all_trienni() -> tuple[Triennium, ...]`` (id, start, end; oldest first),
  ``triennium_of(date) -> str | None``, ``deadline(triennium, as_of) -> date`` and
  ``missing_suspected_after(event_end) -> date``
- ``rules_export() -> dict`` (the JSON the browser calculators read)

- ``with language("en"): ...`` computes with English texts (Italian by default); ``negotiate(header)``
  picks it or en from an Accept-Language header; ``localize(result, lang)`` renders a result again;
  ``render(msg, params, lang)`` one message of the catalogue (data/messages.toml)

Bad input raises ``RuleInputError`` (field, message id, params) or pydantic's ``ValidationError``
(``from_validation`` turns one of its errors into a RuleInputError).
This package imports nothing from AWS.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .across import compensate, what_if_move
    from .compliance import evaluate_compliance
    from .errors import RuleInputError, from_validation, validation_message
    from .event_credits import compute_event_credits
    from .explain import localize
    from .export import rules_export
    from .messages import DEFAULT_LANG, LANGS, language, negotiate, render
    from .obligation import compute_obligation
    from .parameters import load_rulebook
    from .trienni import all_trienni, deadline, missing_suspected_after, triennium_of

# Each public name and the module that defines it. They are imported when first used (PEP 562), so
# a Lambda function that only needs the message catalogue or the errors does not build the engine's
# models at its cold start.
_EXPORTS = {
    "DEFAULT_LANG": "messages",
    "LANGS": "messages",
    "RuleInputError": "errors",
    "all_trienni": "trienni",
    "compensate": "across",
    "compute_event_credits": "event_credits",
    "compute_obligation": "obligation",
    "deadline": "trienni",
    "evaluate_compliance": "compliance",
    "from_validation": "errors",
    "language": "messages",
    "load_rulebook": "parameters",
    "localize": "explain",
    "missing_suspected_after": "trienni",
    "negotiate": "messages",
    "render": "messages",
    "rules_export": "export",
    "triennium_of": "trienni",
    "validation_message": "errors",
    "what_if_move": "across",
}
__all__ = [
    "DEFAULT_LANG",
    "LANGS",
    "RuleInputError",
    "all_trienni",
    "compensate",
    "compute_event_credits",
    "compute_obligation",
    "deadline",
    "evaluate_compliance",
    "from_validation",
    "language",
    "load_rulebook",
    "localize",
    "missing_suspected_after",
    "negotiate",
    "render",
    "rules_export",
    "triennium_of",
    "validation_message",
    "what_if_move",
]


def __getattr__(name: str) -> Any:
    """The public name ``name``, imported from its module on first use (AttributeError if unknown)."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
