"""Render the committed OpenAPI document as plain HTML (no third-party JavaScript) for the guide.

Each route gets its parameters, request body fields, responses and an example request and response.
Examples come from the schema's own ``example``/``examples`` when present, otherwise they are
synthesised from the schema (types, formats, enums, defaults).
"""

from __future__ import annotations

import html
import importlib
import json
from pathlib import Path
from typing import Any

METHODS = ("get", "post", "put", "patch", "delete")
# Plausible strings by field name, for schemas that carry no example.
STRING_HINTS = {
    "id": "c-2026-0001",
    "credit_id": "c-2026-0001",
    "exemption_id": "e-2026-0001",
    "title": "Corso di aggiornamento",
    "url": "https://example.org/attestato.pdf",
    "text": "6 h × 1 credits/h",
    "rule": "event.res.course.bands",
    "provider": "Provider 1234",
    "event_code": "1234-56789",
    "reason": "congedo di maternità",
    "cursor": "eyJrIjoi…",
    "next_cursor": "eyJrIjoi…",
    "message": "…",
}

WORDS: dict[str, dict[str, str]] = {
    "missing": {
        "it": "Il documento OpenAPI dell'API non è ancora stato generato: questa pagina lo mostrerà "
        "appena sarà nel repository (<code>openapi/openapi.json</code>).",
        "en": "The API's OpenAPI document has not been generated yet: this page will show it as soon "
        "as it is in the repository (<code>openapi/openapi.json</code>).",
    },
    # The document's descriptions are in English, as the code's: said on the Italian page, not hidden.
    "described_in": {
        "it": "Le descrizioni di rotte, campi e risposte vengono dal documento OpenAPI, scritto in "
        "inglese come il codice; nomi, tipi e valori sono quelli da usare. Gli errori arrivano in "
        "italiano (o in inglese con <code>Accept-Language: en</code>).",
        "en": "",
    },
    "version": {"it": "Versione", "en": "Version"},
    "auth": {"it": "Autenticazione", "en": "Authentication"},
    "auth_required": {
        "it": "token JWT (Cognito) nell'intestazione <code>Authorization: Bearer …</code>",
        "en": "JWT (Cognito) in the <code>Authorization: Bearer …</code> header",
    },
    "public": {"it": "pubblica, senza autenticazione", "en": "public, no authentication"},
    "params": {"it": "Parametri", "en": "Parameters"},
    "name": {"it": "Nome", "en": "Name"},
    "in": {"it": "Dove", "en": "In"},
    "type": {"it": "Tipo", "en": "Type"},
    "required": {"it": "Obbligatorio", "en": "Required"},
    "description": {"it": "Descrizione", "en": "Description"},
    "body": {"it": "Corpo della richiesta", "en": "Request body"},
    "field": {"it": "Campo", "en": "Field"},
    "responses": {"it": "Risposte", "en": "Responses"},
    "status": {"it": "Stato", "en": "Status"},
    "ex_request": {"it": "Esempio di richiesta", "en": "Example request"},
    "ex_response": {"it": "Esempio di risposta", "en": "Example response"},
    "yes": {"it": "sì", "en": "yes"},
    "no": {"it": "no", "en": "no"},
    "routes": {"it": "Rotte", "en": "Routes"},
    "source": {
        "it": "Generato al momento della build da",
        "en": "Rendered at build time from",
    },
}


def w(key: str, lang: str) -> str:
    return WORDS[key][lang]


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def breakable(text: object) -> str:
    """``text`` escaped, with line-break chances after ``_`` and ``[``: on a phone a long field or type
    name (certified_trienni_at_2025_07_03, array[RegistrationGap]) wraps at its parts, not mid-word."""
    return esc(text).replace("_", "_<wbr>").replace("[", "[<wbr>")


class Spec:
    def __init__(self, document: dict[str, Any], examples: dict[str, Any] | None = None) -> None:
        self.doc = document
        # Real examples per component schema name (computed by the rule book), preferred to synthesis.
        self.examples = examples or {}

    def resolve(self, schema: Any) -> dict[str, Any]:
        seen = 0
        while isinstance(schema, dict) and "$ref" in schema and seen < 20:
            target: Any = self.doc
            for part in str(schema["$ref"]).lstrip("#/").split("/"):
                target = target.get(part, {}) if isinstance(target, dict) else {}
            schema = target
            seen += 1
        return schema if isinstance(schema, dict) else {}

    def type_name(self, schema: Any) -> str:
        raw = schema if isinstance(schema, dict) else {}
        if "$ref" in raw:
            return str(raw["$ref"]).rsplit("/", 1)[-1]
        for combo in ("anyOf", "oneOf"):
            if combo in raw:
                names = [self.type_name(s) for s in raw[combo]]
                return " | ".join(n for n in names if n)
        kind = raw.get("type", "")
        if kind == "array":
            return f"array[{self.type_name(raw.get('items', {}))}]"
        if isinstance(kind, list):
            kind = " | ".join(str(k) for k in kind)
        fmt = raw.get("format")
        if "enum" in raw:
            return f"{kind or 'string'} ({', '.join(str(v) for v in raw['enum'][:8])})"
        return f"{kind}{f' ({fmt})' if fmt else ''}" or "object"

    def example(self, schema: Any, depth: int = 0, name: str = "", request: bool = False) -> Any:
        raw = schema if isinstance(schema, dict) else {}
        ref_name = str(raw.get("$ref", "")).rsplit("/", 1)[-1]
        if ref_name and ref_name in self.examples:
            return self.examples[ref_name]
        if "example" in raw:
            return raw["example"]
        if isinstance(raw.get("examples"), list) and raw["examples"]:
            return raw["examples"][0]
        resolved = self.resolve(raw)
        if resolved is not raw:
            return self.example(resolved, depth, name, request)
        if depth > 12:
            return None
        if "default" in raw:
            return raw["default"]
        if raw.get("enum"):
            return raw["enum"][0]
        if "const" in raw:
            return raw["const"]
        for combo in ("anyOf", "oneOf"):
            if combo in raw:
                options = [s for s in raw[combo] if self.resolve(s).get("type") != "null"]
                return self.example(options[0] if options else {}, depth, name, request)
        if "allOf" in raw:
            merged: dict[str, Any] = {}
            for part in raw["allOf"]:
                value = self.example(part, depth, name, request)
                if isinstance(value, dict):
                    merged.update(value)
            return merged
        kind = raw.get("type")
        if isinstance(kind, list):
            kind = next((k for k in kind if k != "null"), None)
        if kind == "object" or "properties" in raw:
            props = raw.get("properties", {})
            required = set(raw.get("required", []))
            # A request shows what must be sent; a response shows everything that comes back.
            chosen = ({k: v for k, v in props.items() if k in required} or props) if request else props
            return {k: self.example(v, depth + 1, k, request) for k, v in chosen.items()}
        if kind == "array":
            return [self.example(raw.get("items", {}), depth + 1, name, request)]
        if kind == "integer":
            return raw.get("minimum", 1)
        if kind == "number":
            return raw.get("minimum", 1.0)
        if kind == "boolean":
            return False
        if kind == "string":
            fmt = raw.get("format")
            if fmt == "date":
                return "2026-03-15"
            if fmt == "date-time":
                return "2026-03-15T09:00:00Z"
            if fmt == "uuid":
                return "3f1c2a9e-0000-4000-8000-000000000000"
            pattern = raw.get("pattern", "")
            if "\\d{4}-\\d{4}" in pattern or name == "triennium":
                return "2026-2028"
            return STRING_HINTS.get(name, "…")
        return None

    def fields(self, schema: Any) -> list[tuple[str, str, bool, str]]:
        resolved = self.resolve(schema)
        props = resolved.get("properties", {})
        required = set(resolved.get("required", []))
        rows = []
        for name, sub in props.items():
            sub_resolved = self.resolve(sub) if "$ref" in sub else sub
            description = sub_resolved.get("description", "") or sub.get("description", "")
            rows.append((name, self.type_name(sub), name in required, str(description)))
        return rows


def _table(headers: list[str], rows: list[list[str]]) -> str:
    # The guide's one table writer (a sibling hook): on a phone a row of three columns or more is a card
    # ("Tipo: string", "Obbligatorio: sì"), as in the rule tables, instead of a table wider than the screen.
    ecm_table = importlib.import_module("ecm_table")
    return str(ecm_table.render_table(headers, rows, kind="ecm-api"))


def _code(text: str, language: str) -> str:
    return f'<pre class="ecm-api-example"><code class="language-{language}">{esc(text)}</code></pre>'


def _json_body(content: dict[str, Any]) -> dict[str, Any] | None:
    media = content.get("application/json")
    return media if isinstance(media, dict) else None


def _media_example(spec: Spec, media: dict[str, Any], request: bool = False) -> Any:
    if "example" in media:
        return media["example"]
    examples = media.get("examples")
    if isinstance(examples, dict) and examples:
        first = next(iter(examples.values()))
        if isinstance(first, dict) and "value" in first:
            return first["value"]
    return spec.example(media.get("schema", {}), request=request)


def render_route(spec: Spec, path: str, method: str, op: dict[str, Any], lang: str, secured: bool) -> str:
    summary = op.get("summary") or op.get("operationId") or ""
    anchor = f"{method}-{path}".replace("/", "-").replace("{", "").replace("}", "").strip("-").lower()
    parts = [f'<h2 id="{esc(anchor)}"><code>{method.upper()} {esc(path)}</code> {esc(summary)}</h2>']
    if op.get("description"):
        parts.append(f"<p>{esc(op['description'])}</p>")
    security = op.get("security")
    needs_auth = secured if security is None else bool(security) and security != [{}]
    auth_text = w("auth_required", lang) if needs_auth else w("public", lang)
    parts.append(f"<p><strong>{w('auth', lang)}:</strong> {auth_text}</p>")

    params = op.get("parameters", [])
    path_example = path
    query: list[str] = []
    if params:
        rows = []
        for raw in params:
            param = spec.resolve(raw) if "$ref" in raw else raw
            schema = param.get("schema", {})
            rows.append(
                [
                    f"<code>{breakable(param.get('name', ''))}</code>",
                    esc(param.get("in", "")),
                    breakable(spec.type_name(schema)),
                    w("yes", lang) if param.get("required") else w("no", lang),
                    esc(param.get("description", "")),
                ]
            )
            value = param.get("example", spec.example(schema, name=str(param.get("name", ""))))
            if param.get("in") == "path":
                path_example = path_example.replace("{" + str(param.get("name")) + "}", str(value))
            elif param.get("in") == "query" and param.get("required"):
                query.append(f"{param.get('name')}={value}")
        parts.append(f"<h3>{w('params', lang)}</h3>")
        parts.append(_table([w(k, lang) for k in ("name", "in", "type", "required", "description")], rows))

    request_lines = [f"{method.upper()} {path_example}{'?' + '&'.join(query) if query else ''} HTTP/1.1"]
    if needs_auth:
        request_lines.append("Authorization: Bearer <token>")
    body = op.get("requestBody")
    if isinstance(body, dict):
        body = spec.resolve(body) if "$ref" in body else body
        media = _json_body(body.get("content", {}))
        if media is not None:
            fields = spec.fields(media.get("schema", {}))
            if fields:
                parts.append(f"<h3>{w('body', lang)}</h3>")
                parts.append(
                    _table(
                        [w(k, lang) for k in ("field", "type", "required", "description")],
                        [
                            [
                                f"<code>{breakable(n)}</code>",
                                breakable(ty),
                                w("yes", lang) if r else w("no", lang),
                                esc(d),
                            ]
                            for n, ty, r, d in fields
                        ],
                    )
                )
            request_lines.append("Content-Type: application/json")
            request_lines.append("")
            request_lines.append(
                json.dumps(_media_example(spec, media, request=True), indent=2, ensure_ascii=False)
            )
    parts.append(f"<h3>{w('ex_request', lang)}</h3>")
    parts.append(_code("\n".join(request_lines), "http"))

    responses = op.get("responses", {})
    rows = []
    example_response: str | None = None
    for status, raw in responses.items():
        response = spec.resolve(raw) if "$ref" in raw else raw
        rows.append([f"<code>{esc(status)}</code>", esc(response.get("description", ""))])
        media = _json_body(response.get("content", {}) or {})
        if example_response is None and str(status).startswith("2"):
            payload = json.dumps(_media_example(spec, media), indent=2, ensure_ascii=False) if media else ""
            example_response = f"HTTP/1.1 {status}\n" + (
                f"Content-Type: application/json\n\n{payload}" if media else ""
            )
    if rows:
        parts.append(f"<h3>{w('responses', lang)}</h3>")
        parts.append(_table([w("status", lang), w("description", lang)], rows))
    if example_response is not None:
        parts.append(f"<h3>{w('ex_response', lang)}</h3>")
        parts.append(_code(example_response, "http"))
    return "\n".join(parts)


def render_openapi(path: Path | None, lang: str, examples: dict[str, Any] | None = None) -> str:
    if path is None:
        return f'\n\n<div class="admonition note ecm-openapi-missing"><p>{w("missing", lang)}</p></div>\n\n'
    document = json.loads(path.read_text(encoding="utf-8"))
    spec = Spec(document, examples)
    info = document.get("info", {})
    secured = bool(document.get("security"))
    out = [
        '\n\n<div class="ecm-openapi" data-openapi="rendered">',
        f"<p><strong>{esc(info.get('title', 'API'))}</strong> · {w('version', lang)} "
        f"<code>{esc(info.get('version', '?'))}</code> · OpenAPI "
        f"<code>{esc(document.get('openapi', '?'))}</code></p>",
    ]
    if info.get("description"):
        out.append(f"<p>{esc(info['description'])}</p>")
    out.append(
        f"<p><small>{w('source', lang)} <code>{esc(path.parent.name)}/{esc(path.name)}</code>.</small></p>"
    )
    if w("described_in", lang):
        out.append(f"<p><small>{w('described_in', lang)}</small></p>")
    for route, item in sorted(document.get("paths", {}).items()):
        for method in METHODS:
            op = item.get(method) if isinstance(item, dict) else None
            if isinstance(op, dict):
                out.append(render_route(spec, route, method, op, lang, secured))
    out.append("</div>\n\n")
    return "\n".join(out)
