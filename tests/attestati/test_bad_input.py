"""Files that are not readable attestati: each refused with the code naming the problem, within the
limits of memory and time the reader sets (functions/attestati/reader.py)."""

from __future__ import annotations

import logging
import time
import tracemalloc
import zlib
from io import BytesIO

import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen.canvas import Canvas

from functions.attestati.limits import MAX_PAGES, MAX_PDF_BYTES, MAX_SECONDS
from functions.attestati.reader import AttestatoError, read_attestato

from .pdfs import LAYOUTS, column, draw


def raw_pdf(page_extra: bytes = b"", content: bytes = b"", compress: bool = False) -> bytes:
    """A minimal one-page PDF written by hand (so a test can put anything in it), with a correct xref."""
    stream = zlib.compress(content, 9) if compress else content
    filters = b"/Filter /FlateDecode " if compress else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> " + page_extra + b">>",
        b"<< "
        + filters
        + b"/Length "
        + str(len(stream)).encode()
        + b" >>\nstream\n"
        + stream
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


TEXT = b"BT /F1 12 Tf 60 700 Td (Attestato ECM: crediti formativi n. 12) Tj ET"


def refused(data: bytes, max_seconds: float = MAX_SECONDS) -> AttestatoError:
    with pytest.raises(AttestatoError) as caught:
        read_attestato(data, max_seconds=max_seconds)
    return caught.value


def test_the_hand_written_pdf_is_readable() -> None:
    result = read_attestato(raw_pdf(content=TEXT))
    assert result.credits is not None and result.credits.value == 12.0


def test_over_the_size_limit() -> None:
    data, _ = LAYOUTS["national"]()
    padded = data + b"%" + b" " * (MAX_PDF_BYTES - len(data))
    error = refused(padded)
    assert (error.status, error.code, error.params) == (413, "pdf_too_large", {"limit": MAX_PDF_BYTES})


@pytest.mark.parametrize(
    "data",
    [b"", b"hello", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, b"PK\x03\x04 a zip", b"Crediti ECM: 12"],
)
def test_not_a_pdf(data: bytes) -> None:
    assert refused(data).code == "not_pdf"


def _encrypted(user_password: str) -> bytes:
    data, _ = LAYOUTS["national"]()
    writer = PdfWriter(clone_from=PdfReader(BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def test_encrypted_with_a_password() -> None:
    error = refused(_encrypted("secret"))
    assert (error.status, error.code, error.msg) == (422, "pdf_encrypted", "attestato.encrypted")


def test_restricted_but_readable_without_a_password_is_read() -> None:
    # Providers often protect attestati against editing only: an empty user password opens them.
    result = read_attestato(_encrypted(""))
    assert result.event_code is not None and result.event_code.value == "1234-98765"


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n" + b"garbage " * 200,
        raw_pdf(content=TEXT)[:120],
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF",
    ],
    ids=["garbage", "truncated", "dangling"],
)
def test_corrupt(data: bytes, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]) -> None:
    caplog.set_level(logging.DEBUG)
    error = refused(data)
    assert (error.status, error.code) == (422, "pdf_corrupt")
    # pypdf's warnings may quote the file: none reaches a log.
    assert [r for r in caplog.records if r.name.startswith("pypdf")] == []
    out, err = capfd.readouterr()
    assert out == err == ""


def test_truncated_real_attestato_is_corrupt_or_refused_never_read_wrong() -> None:
    data, _ = LAYOUTS["regional"]()
    for cut in (len(data) // 4, len(data) // 2, len(data) - 40):
        try:
            result = read_attestato(data[:cut])
        except AttestatoError as error:
            assert error.status == 422
            continue
        # pypdf rebuilds a cross-reference table when the end is lost: what it reads must still be right.
        if result.credits is not None:
            assert result.credits.value == 7.8


def test_too_many_pages() -> None:
    pages = [column([f"Pagina {i} dell'attestato ECM del corso"]) for i in range(MAX_PAGES + 1)]
    error = refused(draw(pages))
    assert (error.code, error.params) == ("pdf_too_many_pages", {"limit": MAX_PAGES, "got": MAX_PAGES + 1})


def test_huge_stream_bomb_stops_at_the_decompression_limit_in_bounded_memory() -> None:
    # 200 MB of spaces compress to about 200 kB: the reader must stop at its 8 MiB limit.
    bomb = raw_pdf(content=TEXT + b" " * 200_000_000, compress=True)
    assert len(bomb) < MAX_PDF_BYTES
    tracemalloc.start()
    started = time.perf_counter()
    error = refused(bomb)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert error.code == "pdf_too_complex"
    assert peak < 100_000_000, f"peak {peak / 1e6:.0f} MB"
    assert elapsed < 10, f"{elapsed:.1f} s"


def test_deep_nesting_bomb() -> None:
    depth = 50_000
    bomb = raw_pdf(page_extra=b"/Deep " + b"[" * depth + b"]" * depth + b" ", content=TEXT)
    error = refused(bomb)
    assert (error.status, error.code) == (422, "pdf_too_complex")


def test_deeply_nested_content_stream() -> None:
    bomb = raw_pdf(content=b"BT " + b"[" * 100_000 + b"]" * 100_000 + b" TJ ET " + TEXT)
    assert refused(bomb).code == "pdf_too_complex"


def test_the_time_limit_is_checked_after_each_page() -> None:
    data, _ = LAYOUTS["fad"]()
    assert refused(data, max_seconds=0).code == "pdf_too_complex"


def test_scanned_image_without_text() -> None:
    out = BytesIO()
    canvas = Canvas(out)
    canvas.rect(50, 50, 400, 600, fill=1)  # what a scan looks like to a text reader: marks, no text
    canvas.showPage()
    canvas.save()
    error = refused(out.getvalue())
    assert (error.status, error.code, error.msg) == (422, "pdf_no_text", "attestato.no_text")
