"""Figures of the missing-credit claim pack (functions/documents/claim_pack.py): how long building the
PDF takes, cold (the first pack of a process: fpdf2 and pypdf imported) and warm, with no attestato, a
provider's one-page PDF appended, and a phone photo (12 megapixels, JPEG) placed on a page.

Run: /work/main/.venv/bin/python -m tests.benchmarks.bench_claim_pack
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from decimal import Decimal
from io import BytesIO

from functions.documents.claim_pack import Claim, Contact, build_claim_pack
from tests.attestati.pdfs import national

RUNS = 20


def claim(attachment: tuple[bytes, str] | None) -> Claim:
    return Claim(
        lang="it",
        today=dt.date(2026, 11, 29),
        title="Scompenso cardiaco: dalla diagnosi alla terapia",
        event_code="1234-98765-2",
        provider="Formazione Sanitaria Italiana S.r.l.",
        start_date=dt.date(2025, 3, 10),
        end_date=dt.date(2025, 3, 11),
        credits=Decimal("15"),
        role="participant",
        person=[("claim.field.name", "Maria Bianchi"), ("claim.field.tax_code", "BNCMRA80A41H501X")],
        contacts=[Contact(dt.date(2025, 8, 1), "pec", "Chiesto al provider di trasmettere i crediti.")] * 3,
        attachment=attachment,
    )


def photo() -> bytes:
    from PIL import Image

    out = BytesIO()
    Image.effect_noise((4000, 3000), 20).convert("RGB").save(out, "JPEG", quality=70)
    return out.getvalue()


def main() -> None:
    started = time.perf_counter()
    build_claim_pack(claim(None))
    print(f"first pack of the process (imports fpdf2): {1000 * (time.perf_counter() - started):.0f} ms")
    jpeg = photo()
    cases = {
        "front page only": None,
        "with a 1-page PDF attestato": (national()[0], "application/pdf"),
        f"with a 12-MP JPEG photo ({len(jpeg) / 1e6:.1f} MB)": (jpeg, "image/jpeg"),
    }
    for name, attachment in cases.items():
        times, size = [], 0
        for _ in range(RUNS):
            start = time.perf_counter()
            size = len(build_claim_pack(claim(attachment)))
            times.append(time.perf_counter() - start)
        print(
            f"{name}: median {1000 * statistics.median(times):.0f} ms, max {1000 * max(times):.0f} ms "
            f"over {RUNS} runs; PDF {size / 1000:.0f} kB"
        )


if __name__ == "__main__":
    main()
