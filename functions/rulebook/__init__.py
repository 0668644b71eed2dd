"""The ECM rule book: Italian continuing-medical-education rules as reviewed data plus a pure-Python engine.

Public entry points (everything else is internal):

- ``compute_event_credits(EventInput) -> EventResult``
- ``compute_obligation(ObligationInput) -> ObligationResult``
- ``evaluate_compliance(ComplianceInput) -> ComplianceResult``
- ``compensate(CompensationInput) -> CompensationResult``
- ``what_if_move(MoveInput) -> MoveResult``
- ``triennium_of(date) -> str | None``, ``deadline(triennium, as_of) -> date`` and
  ``missing_suspected_after(event_end) -> date``
- ``rules_export() -> dict`` (the JSON the browser calculators read)

- ``with language("en"): ...`` computes with English texts (Italian by default); ``negotiate(header)``
  picks it or en from an Accept-Language header; ``localize(result, lang)`` renders a result again;
  ``render(msg, params, lang)`` one message of the catalogue (data/messages.toml)

Bad input raises ``RuleInputError`` (field, message id, params) or pydantic's ``ValidationError``
(``from_validation`` turns one of its errors into a RuleInputError).
This package imports nothing from AWS.
"""

from .across import compensate, what_if_move
from .compliance import evaluate_compliance
from .errors import RuleInputError, from_validation, validation_message
from .event_credits import compute_event_credits
from .explain import localize
from .export import rules_export
from .messages import DEFAULT_LANG, LANGS, language, negotiate, render
from .obligation import compute_obligation
from .parameters import load_rulebook
from .trienni import deadline, missing_suspected_after, triennium_of

__all__ = [
    "DEFAULT_LANG",
    "LANGS",
    "RuleInputError",
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
