"""The PDF side of reading an attestato: pypdf under explicit limits, text per page, clear refusals.

Limits (each refusal names the one broken, see ``AttestatoError``): size, pages, decompressed bytes
and time as set in ``limits``; and nesting: a structure nested so deep that the parser runs out of
stack is refused as too complex, like a stream that decompresses past the limit.

Encrypted files open when they need no password to read (owner-password restrictions only, common
on providers' attestati); any other is refused. Nothing of the file is logged: pypdf's own logger is
silenced because its warnings may quote the file's objects.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from pypdf import PdfReader, apply_configuration
from pypdf.errors import (
    DependencyError,
    FileNotDecryptedError,
    LimitReachedError,
    PdfReadError,
)

from .fields import Attestato, find_fields
from .limits import MAX_DECOMPRESSED_BYTES, MAX_PAGES, MAX_PDF_BYTES, MAX_SECONDS

# Text below this many letters on every page is no text: a scan with at most a stamp or a page number.
MIN_LETTERS = 20

_LIMITS: dict[str, Any] = {
    name: MAX_DECOMPRESSED_BYTES
    for name in (
        "maximum_declared_stream_length",
        "array_based_stream_maximum_output_length",
        "jbig2_maximum_output_length",
        "lzw_maximum_output_length",
        "run_length_maximum_output_length",
        "zlib_maximum_output_length",
        "brotli_maximum_output_length",
        "flate_maximum_row_length",
        "image_maximum_buffer_size",
        "stream_decoding_work_maximum_length",
        "xmp_maximum_input_length",
        "xfa_decoding_work_maximum_length",
    )
} | {
    "zlib_maximum_recovery_input_length": 1_000_000,
    "stream_parsing_work_maximum_count": 500_000,
    "page_tree_maximum_entries": 1_000,
    "page_tree_maximum_depth": 20,
    "page_tree_maximum_page_entries": 100_000,
    "array_maximum_element_count": 100_000,
    "dictionary_maximum_element_count": 10_000,
    "xform_maximum_invocations_per_extraction": 200,
    "jbig2dec_binary": None,  # never start a process for an image we do not read
}

# Above CRITICAL: pypdf's modules log through child loggers ("pypdf._reader"), which take this level.
logging.getLogger("pypdf").setLevel(logging.CRITICAL + 1)


@dataclass
class AttestatoError(Exception):
    """A file that cannot be read: HTTP ``status``, stable ``code``, catalogue ``msg`` and its ``params``.

    Codes: pdf_too_large (413), not_pdf, pdf_encrypted, pdf_corrupt, pdf_too_many_pages,
    pdf_too_complex (a bomb: decompressed bytes, nesting or time over the limits), pdf_no_text (422).
    """

    status: int
    code: str
    msg: str
    params: dict[str, Any]

    def __str__(self) -> str:
        return self.code


def _refuse(code: str, msg: str, status: int = 422, **params: Any) -> AttestatoError:
    return AttestatoError(status, code, msg, params)


def read_attestato(
    data: bytes, *, max_seconds: float = MAX_SECONDS, max_bytes: int = MAX_PDF_BYTES
) -> Attestato:
    """The fields of the attestato in ``data`` (the PDF's bytes), each with the page and line it came from.

    Raises AttestatoError for a file over the limits, not a PDF, encrypted, corrupt, a bomb, or
    without text (a scanned image: reading scans is out of scope).
    """
    pages = pdf_text(data, max_seconds=max_seconds, max_bytes=max_bytes)
    if all(sum(c.isalpha() for c in page) < MIN_LETTERS for page in pages):
        raise _refuse("pdf_no_text", "attestato.no_text")
    return find_fields(pages)


def pdf_text(data: bytes, *, max_seconds: float = MAX_SECONDS, max_bytes: int = MAX_PDF_BYTES) -> list[str]:
    """The text of each page of the PDF in ``data``, within the module's limits (AttestatoError otherwise).

    ``max_bytes``: the size limit; a file kept in storage (5 MiB, see functions.api.files) came through
    S3's upload policy rather than a Lambda payload, and is read up to its own limit.
    """
    if len(data) > max_bytes:
        raise _refuse("pdf_too_large", "attestato.too_large", 413, limit=max_bytes)
    # The header may follow a little junk (the PDF specification's readers allow 1 kB of it).
    if b"%PDF-" not in data[:1024]:
        raise _refuse("not_pdf", "attestato.not_pdf")
    deadline = time.monotonic() + max_seconds
    try:
        with apply_configuration(**_LIMITS):
            return _pages(data, deadline)
    except AttestatoError:
        raise
    except (LimitReachedError, RecursionError, MemoryError) as error:
        raise _refuse("pdf_too_complex", "attestato.too_complex") from error
    except (FileNotDecryptedError, DependencyError) as error:
        raise _refuse("pdf_encrypted", "attestato.encrypted") from error
    except PdfReadError as error:
        if _bomb(error):
            raise _refuse("pdf_too_complex", "attestato.too_complex") from error
        raise _refuse("pdf_corrupt", "attestato.corrupt") from error
    except Exception as error:  # a parser fault on a malformed file is the file's fault
        raise _refuse("pdf_corrupt", "attestato.corrupt") from error


def _bomb(error: BaseException) -> bool:
    """Whether pypdf's read error wraps a limit it reached (it re-raises RecursionError as PdfReadError)."""
    seen: BaseException | None = error
    for _ in range(10):
        if seen is None:
            return False
        if (
            isinstance(seen, LimitReachedError | RecursionError | MemoryError)
            or "recursion" in str(seen).lower()
        ):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _pages(data: bytes, deadline: float) -> list[str]:
    reader = PdfReader(BytesIO(data))
    if reader.is_encrypted and not reader.decrypt(""):
        raise _refuse("pdf_encrypted", "attestato.encrypted")
    count = len(reader.pages)
    if count > MAX_PAGES:
        raise _refuse("pdf_too_many_pages", "attestato.too_many_pages", limit=MAX_PAGES, got=count)
    texts: list[str] = []
    total = 0
    for page in reader.pages:
        text = page.extract_text() or ""
        total += len(text)
        if total > MAX_DECOMPRESSED_BYTES or time.monotonic() > deadline:
            raise _refuse("pdf_too_complex", "attestato.too_complex")
        texts.append(text)
    return texts
