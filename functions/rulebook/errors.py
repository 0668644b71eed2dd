"""The one error the rule book raises for input it cannot accept."""

from __future__ import annotations


class RuleInputError(ValueError):
    """Input that no rule accepts. ``field`` is a dotted path into the input, ``message`` names the limit."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}
