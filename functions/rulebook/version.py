"""The rule book's version as documents print it: a fingerprint of its data files.

A statement or a calendar says which rules it was computed with. The data (parameters, sources,
messages) is what changes a result, so its fingerprint is the version: the first 12 hex digits of the
SHA-256 of every data file, read in name order. Two results with the same version came from the same rules.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"


@cache
def rulebook_version() -> str:
    """12 lowercase hex digits identifying the rule book's data (``functions/rulebook/data/*``)."""
    digest = hashlib.sha256()
    for path in sorted(DATA.iterdir()):
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
