"""Reading a provider's attestato (ECM certificate) from a text PDF: pure Python, no AWS.

``read_attestato(data)`` returns an ``Attestato``: each field found with the page and the line of text
it was read from, absent when the text does not say it. Scanned images carry no text and are out of
scope (``text_found`` is false and nothing is guessed). Bad files raise ``AttestatoError``.
"""

from __future__ import annotations

from .fields import Attestato, Found, find_fields
from .reader import (
    MAX_DECOMPRESSED_BYTES,
    MAX_PAGES,
    MAX_PDF_BYTES,
    MAX_SECONDS,
    AttestatoError,
    read_attestato,
)

__all__ = [
    "MAX_DECOMPRESSED_BYTES",
    "MAX_PAGES",
    "MAX_PDF_BYTES",
    "MAX_SECONDS",
    "Attestato",
    "AttestatoError",
    "Found",
    "find_fields",
    "read_attestato",
]
