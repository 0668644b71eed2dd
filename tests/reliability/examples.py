"""The committed OpenAPI document, and one valid body per operation that takes one."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tests.api.conftest import EXEMPTION, PROFILE, credit_body

ROOT = Path(__file__).resolve().parents[2]
OPENAPI = ROOT / "openapi" / "openapi.json"
SPEC: dict[str, Any] = json.loads(OPENAPI.read_text())
SCHEMAS: dict[str, Any] = SPEC["components"]["schemas"]

EVALUATE = {
    "triennium": "2026-2028",
    "credits": [{"id": "a", "type": "res_course", "date": "2026-03-10", "credits": 8}],
}
EVENT = {"type": "res_course", "date": "2026-03-10", "hours": 8, "participants": 30}
# Keyed "METHOD path" as in the OpenAPI document.
VALID_BODIES: dict[str, dict[str, Any]] = {
    "POST /v1/compliance/evaluate": EVALUATE,
    "POST /v1/event-credits": EVENT,
    "POST /v1/me/credits": credit_body(),
    "PUT /v1/me/credits/{credit_id}": credit_body(),
    "POST /v1/me/exemptions": EXEMPTION,
    "PUT /v1/me/profile": PROFILE,
    "PATCH /v1/me/credits/{credit_id}": {"title": "Bob's title", "provider": None},
    "PATCH /v1/me/exemptions/{exemption_id}": {"end": "2026-05-31"},
    "PATCH /v1/me/profile": {"discipline": "Pediatria"},
    "POST /v1/me/credits/{credit_id}/certificate": {"content_type": "application/pdf"},
    "POST /v1/me/credits/{credit_id}/contacts": {"date": "2026-05-02", "channel": "pec", "note": "PEC"},
}


def operations() -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in SPEC["paths"].items():
        for method, op in item.items():
            yield method.upper(), path, op


def private(op: dict[str, Any]) -> bool:
    return bool(op.get("security"))


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    """Follow $ref, and take the non-null branch of an optional field."""
    if "$ref" in schema:
        return resolve(SCHEMAS[schema["$ref"].rsplit("/", 1)[-1]])
    if "anyOf" in schema:
        branches = [b for b in schema["anyOf"] if b.get("type") != "null"]
        return resolve(branches[0])
    return schema
