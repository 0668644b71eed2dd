"""The rule book's TOML data files, read through a compiled JSON copy when that copy is current.

People edit ``data/*.toml``; Python's TOML parser is pure Python and took about 60 ms to read the seven
files (messages.toml alone about 30 ms), in every function's first request that explains a result or
answers an error. ``generated/data.json`` (written by ``make rules``, i.e. ``export.write_all``) holds
each file's parsed content next to the SHA-256 of the text it came from; the C JSON parser reads all of
it in a few milliseconds. A copy whose hash does not match its TOML file is ignored and the TOML is
parsed instead, so an edit without ``make rules`` is never read stale (and
tests/rulebook/test_data_and_exports.py fails until the copy is regenerated).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from functools import cache
from importlib import resources
from typing import Any

TOML_FILES = (
    "sources.toml",
    "events.toml",
    "obligation.toml",
    "professions.toml",
    "countries.toml",
    "confidence.toml",
    "messages.toml",
)
COMPILED = "data.json"
# TOML's local dates (the only non-JSON values in the data) are kept as {"$date": "YYYY-MM-DD"}.
DATE_TAG = "$date"


def read(name: str) -> dict[str, Any]:
    """The parsed content of ``data/<name>`` (one of ``TOML_FILES``): tables as dicts, arrays as lists,
    local dates as ``datetime.date``. Raises tomllib.TOMLDecodeError when the file is not valid TOML
    (only reachable when the compiled copy is stale) and FileNotFoundError for an unknown name."""
    text = _text(name)
    entry = _compiled().get(name)
    if entry is not None and entry["sha256"] == _digest(text):
        data: dict[str, Any] = _thaw(entry["data"])
        return data
    import tomllib  # only when the compiled copy is missing or stale

    return tomllib.loads(text)


def compile_all() -> dict[str, Any]:
    """The compiled copy of every TOML file: ``{name: {"sha256": hex, "data": JSON}}``, in
    ``TOML_FILES`` order (what ``export.write_all`` writes to ``generated/data.json``)."""
    import tomllib

    compiled = {}
    for name in TOML_FILES:
        text = _text(name)
        compiled[name] = {"sha256": _digest(text), "data": _freeze(tomllib.loads(text))}
    return compiled


def _text(name: str) -> str:
    return resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@cache
def _compiled() -> dict[str, Any]:
    try:
        text = resources.files(__package__).joinpath("generated", COMPILED).read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    compiled: dict[str, Any] = json.loads(text)
    return compiled


def _freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _freeze(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_freeze(item) for item in value]
    if isinstance(value, dt.datetime | dt.time):
        # The data has only local dates; a time or date-time would need its own tag.
        raise ValueError(f"unexpected TOML {type(value).__name__} {value!r} in the rule book's data")
    if isinstance(value, dt.date):
        return {DATE_TAG: value.isoformat()}
    return value


def _thaw(value: Any) -> Any:
    if isinstance(value, dict):
        if len(value) == 1 and DATE_TAG in value:
            return dt.date.fromisoformat(value[DATE_TAG])
        return {key: _thaw(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_thaw(item) for item in value]
    return value
