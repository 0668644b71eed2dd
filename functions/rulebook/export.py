"""The rules export (for the browser calculators and other apps) and the conformance vectors.

``python -m functions.rulebook.export`` rewrites ``generated/rules.json`` and ``generated/conformance.json``;
a test fails when the committed files drift from the data or the engine.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from . import data_files
from .messages import catalogue_export
from .parameters import ParamValue, confidence_labels, load_rulebook

GENERATED = Path(__file__).parent / "generated"
# 2: a value's ``note`` and ``manuale_checked.how`` are {"it", "en"} (were English strings), and each
# value says ``single_source``.
SCHEMA_VERSION = 2


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def _note(value: ParamValue) -> dict[str, str] | None:
    """A value's note in both languages, or None when it has none (the loader keeps both or neither)."""
    if not value.note:
        return None
    return {"it": value.note_in("it"), "en": value.note_in("en")}


def rules_export() -> dict[str, Any]:
    """Every parameter with its dated values, sources and confidence, and the message catalogue.

    Texts a reader sees come in both languages, shaped like a parameter's ``title``: a value's
    ``note`` is ``{"it", "en"}`` or null, ``manuale_checked.how`` is ``{"it", "en"}``. A value's
    ``single_source`` is true when only one source states it (rules/data: ``single_source = true``).
    """
    book = load_rulebook()
    return {
        "schema": SCHEMA_VERSION,
        "sources": {
            s.id: {
                "title": s.title,
                "official": s.official,
                "title_it": s.title_in("it"),
                "title_en": s.title_en,
                "url": s.url,
                "official_url": s.official_url or None,
                "adopted": s.adopted.isoformat() if s.adopted else None,
                "applies_from": s.applies_from.isoformat() if s.applies_from else None,
            }
            for s in book.sources.values()
        },
        "confidence": confidence_labels(),
        "parameters": {
            p.id: {
                "title": {"it": p.title_it, "en": p.title_en},
                "unit": p.unit,
                "manuale_checked": {
                    "edition": p.manuale_checked.edition,
                    "on": p.manuale_checked.on.isoformat(),
                    "how": {"it": p.manuale_checked.how_in("it"), "en": p.manuale_checked.how_in("en")},
                },
                "values": [
                    {
                        "from": v.valid_from.isoformat(),
                        "value": _jsonable(v.value),
                        "source": v.source.id,
                        "reported_by": None if v.reported_by is None else v.reported_by.id,
                        "confidence": v.confidence,
                        "note": _note(v),
                        "single_source": v.single_source,
                        "verified": None if v.verified is None else v.verified.isoformat(),
                    }
                    for v in p.values
                ],
            }
            for p in book.parameters.values()
        },
        # The browser engine renders explanation lines, warnings and errors from the same catalogue.
        "messages": catalogue_export(),
    }


def dumps(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def write_all(directory: Path = GENERATED) -> list[Path]:
    from .conformance import build_vectors

    directory.mkdir(parents=True, exist_ok=True)
    written = []
    documents = (
        ("rules.json", rules_export()),
        ("conformance.json", build_vectors()),
        (data_files.COMPILED, data_files.compile_all()),
    )
    for name, document in documents:
        path = directory / name
        path.write_text(dumps(document), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_all():
        print(f"wrote {path}")
