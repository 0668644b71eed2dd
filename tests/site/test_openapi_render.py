"""The API reference renderer: every route with its parameters, body, responses and examples."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def _renderer() -> ModuleType:
    if str(ROOT / "hooks") not in sys.path:
        sys.path.insert(0, str(ROOT / "hooks"))  # as in the build: its sibling hooks are importable
    spec = importlib.util.spec_from_file_location("openapi_render", ROOT / "hooks" / "openapi_render.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("openapi_render", module)
    spec.loader.exec_module(module)
    return module


SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "ECM credits API", "version": "1.0.0"},
    "paths": {
        "/v1/me/credits/{credit_id}": {
            "get": {
                "summary": "One credit record",
                "security": [{"jwt": []}],
                "parameters": [
                    {"name": "credit_id", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {
                    "200": {
                        "description": "The record",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Credit"}}},
                    },
                    "404": {"description": "Not found"},
                },
            }
        },
        "/v1/event-credits": {
            "post": {
                "summary": "Credits for one event",
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["type", "date"],
                                "properties": {
                                    "type": {"type": "string", "enum": ["res_course", "res_congress"]},
                                    "date": {"type": "string", "format": "date"},
                                    "hours": {"anyOf": [{"type": "number"}, {"type": "null"}]},
                                },
                            }
                        }
                    }
                },
                "responses": {
                    "200": {
                        "description": "Credits",
                        "content": {"application/json": {"example": {"credits": 7.8}}},
                    }
                },
            }
        },
    },
    "components": {
        "schemas": {
            "Credit": {
                "type": "object",
                "required": ["id", "credits"],
                "properties": {"id": {"type": "string"}, "credits": {"type": "number"}},
            }
        }
    },
}


def test_every_route_has_tables_and_examples(tmp_path: Path) -> None:
    path = tmp_path / "openapi.json"
    path.write_text(json.dumps(SPEC), encoding="utf-8")
    html = _renderer().render_openapi(path, "en")
    assert "GET /v1/me/credits/{credit_id}" in html and "POST /v1/event-credits" in html
    assert html.count("Example request") == 2 and html.count("Example response") == 2
    assert "GET /v1/me/credits/c-2026-0001 HTTP/1.1" in html and "Authorization: Bearer" in html
    assert "&quot;type&quot;: &quot;res_course&quot;" in html and "2026-03-15" in html
    assert "&quot;credits&quot;: 7.8" in html
    assert '<th scope="col">' in html and "<script" not in html


def test_missing_document_gives_a_note() -> None:
    html = _renderer().render_openapi(None, "it")
    assert "non è ancora stato generato" in html
