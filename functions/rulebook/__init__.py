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

Bad input raises ``RuleInputError`` (field + message) or pydantic's ``ValidationError``.
This package imports nothing from AWS.
"""

from .across import compensate, what_if_move
from .compliance import evaluate_compliance
from .errors import RuleInputError
from .event_credits import compute_event_credits
from .export import rules_export
from .obligation import compute_obligation
from .parameters import load_rulebook
from .trienni import deadline, missing_suspected_after, triennium_of

__all__ = [
    "RuleInputError",
    "compensate",
    "compute_event_credits",
    "compute_obligation",
    "deadline",
    "evaluate_compliance",
    "load_rulebook",
    "missing_suspected_after",
    "rules_export",
    "triennium_of",
    "what_if_move",
]
