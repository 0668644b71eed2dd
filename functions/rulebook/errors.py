"""The one error the rule book raises for input it cannot accept."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .messages import current_lang, params_of, render


class RuleInputError(ValueError):
    """Input that no rule accepts.

    ``field`` is a dotted path into the input; ``msg`` a catalogue id (data/messages.toml) whose
    ``params`` carry the limit and the value given, e.g. ``RuleInputError("hours", "error.at_most_got",
    limit=24, got=30)``. ``message`` is the text in the current language (messages.language); ``text(lang)``
    in a given one.
    """

    def __init__(self, field: str, msg: str, **params: Any) -> None:
        self.field = field
        self.msg = msg
        self.params = params_of(params)
        super().__init__(f"{field}: {self.message}")

    @property
    def message(self) -> str:
        return self.text()

    def text(self, lang: str | None = None) -> str:
        return render(self.msg, self.params, lang or current_lang())

    def as_dict(self, lang: str | None = None) -> dict[str, Any]:
        """{field, msg, params, message}: the machine fields and the sentence in ``lang``."""
        return {"field": self.field, "msg": self.msg, "params": self.params, "message": self.text(lang)}


# Pydantic's error types -> catalogue ids, and which context value is the limit.
_VALIDATION: dict[str, tuple[str, str | None]] = {
    "missing": ("error.missing", None),
    "extra_forbidden": ("error.extra_forbidden", None),
    "greater_than": ("error.greater_than", "gt"),
    "greater_than_equal": ("error.greater_than_equal", "ge"),
    "less_than": ("error.less_than", "lt"),
    "less_than_equal": ("error.less_than_equal", "le"),
    "decimal_max_places": ("error.decimal_places", "decimal_places"),
    "decimal_max_digits": ("error.decimal_digits", "max_digits"),
    "string_too_short": ("error.text_too_short", "min_length"),
    "string_too_long": ("error.text_too_long", "max_length"),
    "too_short": ("error.list_too_short", "min_length"),
    "too_long": ("error.list_too_long", "max_length"),
    "int_type": ("error.integer", None),
    "int_parsing": ("error.integer", None),
    "int_from_float": ("error.integer", None),
    "decimal_type": ("error.number", None),
    "decimal_parsing": ("error.number", None),
    "float_type": ("error.number", None),
    "float_parsing": ("error.number", None),
    "finite_number": ("error.number", None),
    "bool_type": ("error.boolean", None),
    "bool_parsing": ("error.boolean", None),
    "string_type": ("error.text", None),
    "dict_type": ("error.object", None),
    "model_type": ("error.object", None),
    "model_attributes_type": ("error.object", None),
    "list_type": ("error.list", None),
    "date_type": ("error.date", None),
    "date_parsing": ("error.date", None),
    "date_from_datetime_parsing": ("error.date", None),
    "date_from_datetime_inexact": ("error.date", None),
    "json_invalid": ("error.json", None),
}


# A bound on a date field ("ge": 2002-01-01) is written as a date, not as a number.
_DATE_BOUNDS = {
    "error.greater_than_equal": "error.date_min",
    "error.greater_than": "error.date_after",
    "error.less_than_equal": "error.date_max",
    "error.less_than": "error.date_before",
}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
# Powertools hands on some pydantic contexts as the bound's repr ("datetime.date(2002, 1, 1)").
_DATE_REPR = re.compile(r"^datetime\.date\((\d{4}), (\d{1,2}), (\d{1,2})\)$")


def _bound(value: Any) -> Any:
    if isinstance(value, str) and (found := _DATE_REPR.match(value)):
        year, month, day = (int(part) for part in found.groups())
        return f"{year:04d}-{month:02d}-{day:02d}"
    return value


# The API's patterns in words: a person is never shown a regular expression for a form they can fill
# (a reviewer read "non ha la forma richiesta (^\\d{4}-\\d{4}\\.pdf$)").
PATTERN_MESSAGES = {
    r"^\d{4}-\d{4}$": "error.pattern_triennium",
    r"^\d{4}-\d{4}\.pdf$": "error.pattern_statement",
    r"^[A-Za-z0-9_-]{1,64}$": "error.pattern_id",
    r"^[A-Za-z0-9]{16}$": "error.pattern_fiscal_code",
}


def validation_message(detail: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """The catalogue id and params for one pydantic error (``ValidationError.errors()`` item).

    Our own validators raise ``PydanticCustomError`` whose type is already a catalogue id.
    """
    kind = str(detail.get("type", ""))
    ctx = detail.get("ctx") or {}
    if kind.startswith("error."):
        return kind, params_of(ctx)
    if kind in ("enum", "literal_error"):
        expected = [part.strip(" '") for part in str(ctx.get("expected", "")).replace(" or ", ",").split(",")]
        return "error.one_of", {"expected": [e for e in expected if e]}
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        if pattern in PATTERN_MESSAGES:
            return PATTERN_MESSAGES[pattern], {}
        return "error.pattern", {"pattern": pattern}
    msg, limit_key = _VALIDATION.get(kind, ("error.invalid", None))
    if limit_key is None or limit_key not in ctx:
        return msg, {}
    limit = params_of({"limit": _bound(ctx[limit_key])})
    if msg in _DATE_BOUNDS and isinstance(limit["limit"], str) and _ISO_DATE.match(limit["limit"]):
        return _DATE_BOUNDS[msg], {"limit": limit["limit"][:10]}
    return msg, limit


def from_validation(detail: Mapping[str, Any]) -> RuleInputError:
    """One pydantic error as a RuleInputError with the dotted path the rule book uses."""
    field = ".".join(str(part) for part in detail.get("loc", ())) or "body"
    msg, params = validation_message(detail)
    return RuleInputError(field, msg, **params)
