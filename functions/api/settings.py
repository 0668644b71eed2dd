"""Runtime configuration, read from the environment names the template (and the local stack) set."""

from __future__ import annotations

import os
from functools import cache

from pydantic import BaseModel, ConfigDict, Field


class Settings(BaseModel):
    model_config = ConfigDict(defer_build=True)  # built on first use: a shorter cold start

    table_name: str = Field(min_length=1)
    idempotency_table_name: str = Field(min_length=1)
    # A replay window long enough for a phone that retries after a night offline, short enough that
    # a stored response (which may contain personal data) does not outlive a deletion request by much.
    idempotency_ttl_seconds: int = Field(default=3600, ge=60, le=86400)


@cache
def settings() -> Settings:
    """Read once per container; tests that change the environment call ``settings.cache_clear()``."""
    return Settings(
        table_name=os.environ.get("TABLE_NAME", ""),
        idempotency_table_name=os.environ.get("IDEMPOTENCY_TABLE_NAME", ""),
        idempotency_ttl_seconds=int(os.environ.get("IDEMPOTENCY_TTL_SECONDS", "3600")),
    )
