"""Runtime configuration, read from the environment names the template (and the local stack) set.

A plain dataclass, not a pydantic model: every function reads it at its first storage call, and three
checks do not justify loading pydantic before a request needs it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache

# A replay window long enough for a phone that retries after a night offline, short enough that a
# stored response (which may contain personal data) does not outlive a deletion request by much.
TTL_SECONDS_MIN, TTL_SECONDS_MAX, TTL_SECONDS_DEFAULT = 60, 86400, 3600


@dataclass(frozen=True)
class Settings:
    """``table_name`` and ``idempotency_table_name``: DynamoDB table names (non-empty);
    ``idempotency_ttl_seconds``: how long a replay record lives, 60-86,400 s. A deployment error, not a
    user's: ValueError names the environment variable and its limit."""

    table_name: str
    idempotency_table_name: str
    idempotency_ttl_seconds: int = TTL_SECONDS_DEFAULT

    def __post_init__(self) -> None:
        if not self.table_name:
            raise ValueError("TABLE_NAME must be set (the credits table)")
        if not self.idempotency_table_name:
            raise ValueError("IDEMPOTENCY_TABLE_NAME must be set (the idempotency table)")
        if not TTL_SECONDS_MIN <= self.idempotency_ttl_seconds <= TTL_SECONDS_MAX:
            raise ValueError(
                f"IDEMPOTENCY_TTL_SECONDS must be {TTL_SECONDS_MIN}-{TTL_SECONDS_MAX} seconds, "
                f"not {self.idempotency_ttl_seconds}"
            )


@cache
def settings() -> Settings:
    """Read once per container; tests that change the environment call ``settings.cache_clear()``.
    Raises ValueError for a missing table name or a TTL out of range (see ``Settings``)."""
    return Settings(
        table_name=os.environ.get("TABLE_NAME", ""),
        idempotency_table_name=os.environ.get("IDEMPOTENCY_TABLE_NAME", ""),
        idempotency_ttl_seconds=int(os.environ.get("IDEMPOTENCY_TTL_SECONDS", str(TTL_SECONDS_DEFAULT))),
    )
