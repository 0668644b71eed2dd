"""Write the API's OpenAPI 3.1 document from the resolvers (``make openapi``); a test fails when it drifts.

The document is built here, at build time, and committed: the functions never serve it, which keeps it
off the cold-start path and out of the public surface.
"""

from __future__ import annotations

import json
import re
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from aws_lambda_powertools.event_handler.openapi.models import HTTPBearer

from .app import make_resolver
from .entry import FILE_ROUTES, JSON, MERGE_PATCH
from .logic.common import known_trienni
from .models import FIRST_DAY, LAST_DAY
from .openapi_enums import open_answer_enums, schemas_reached
from .routes import (
    account,
    certificate_files,
    certificates,
    changes,
    claim_pack,
    claims,
    compliance,
    credits,
    documents,
    exemptions,
    profile,
    public,
)
from .routes import status as status_route
from .routes.versions import ETAG_ROUTES, PATCH_BODIES

OUTPUT = Path(__file__).resolve().parents[2] / "openapi" / "openapi.json"
DESCRIPTION = (
    "Credits API of the ECM tracker. Private routes take a Cognito access token as a Bearer token; "
    "the professional is the token's `sub`. Errors share one shape: `{error: {status, code, message, "
    "field, msg, params, details}}`. Results are estimates: only the Ordine certifies compliance. "
    "Texts (explanation lines, warnings, what-if reasons, error messages) are in Italian or English as "
    "the `Accept-Language` header asks (default Italian), said in `Content-Language`; each also carries "
    "its message id (`msg`) and values (`params`), whose templates are in `GET /v1/rules` (`messages`).\n\n"
    "Numbers: credits, hours and every other decimal are JSON numbers in requests and answers alike; "
    "their precision is declared with `multipleOf` (0.1 for credits, 0.01 for hours) and their range "
    "with `minimum`/`maximum`. Dates are ISO days from 2002-01-01 (ECM began in 2002) to 2100-12-31; "
    "trienni are those of the ECM calendar (`GET /v1/rules`).\n\n"
    "Enumerations may gain values in a later version without a new API version: a client must accept "
    "a value it does not know (keep it, show the item's texts, treat it as 'other') rather than fail. "
    "Optional request fields may be left out; the server applies the default each one states.\n\n"
    'Edits and sync: every item has a `version` and a strong `ETag` (`"v3"`, also a field of listed '
    "items); send it back as `If-Match` on PUT, PATCH and DELETE, and a stale one answers 412 with the "
    "current item. PATCH takes a JSON Merge Patch (RFC 7396, `application/merge-patch+json`). "
    "`GET /v1/me/changes` lists every write (tombstones for deletions) since a cursor; changes are kept "
    "30 days, after which 410 `resync_required` asks for a full read.\n\n"
    "Limits: API Gateway may answer 401, 413 and 429 itself with `{message}`; a 409 or 503 says when "
    "to retry in `Retry-After` (seconds)."
)

LANGUAGES = ["it", "en"]
ACCEPT_LANGUAGE: dict[str, Any] = {
    "name": "Accept-Language",
    "in": "header",
    "required": False,
    "description": "Language of the texts: it or en, with q-values (e.g. 'en-GB,en;q=0.9,it;q=0.8'); "
    "any other language, or none, gives Italian",
    "schema": {"type": "string"},
    "example": "it",
}
CONTENT_LANGUAGE: dict[str, Any] = {
    "description": "The language of the texts in this response",
    "schema": {"type": "string", "enum": LANGUAGES},
}

SECURITY_SCHEMES: dict[str, Any] = {
    "cognito": HTTPBearer(bearerFormat="JWT", description="Cognito access token")
}


def document() -> str:
    app = make_resolver()
    modules = (
        public,
        certificates,
        profile,
        credits,
        exemptions,
        changes,
        compliance,
        status_route,
        account,
        documents,
        certificate_files,
        claims,
        claim_pack,
    )
    for module in modules:
        app.include_router(module.router)
    text = app.get_openapi_json_schema(
        title="ECM tracker credits API",
        version="1.0.0",
        openapi_version="3.1.0",
        description=DESCRIPTION,
        security_schemes=SECURITY_SCHEMES,
    )
    spec = _versions(_for_generators(_languages(_one_error_shape(_file_bodies(json.loads(text))))))
    spec = open_answer_enums(_canonical_headers(spec))
    return json.dumps(spec, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _languages(spec: dict[str, Any]) -> dict[str, Any]:
    """Every operation takes Accept-Language and every answer of the API says Content-Language.

    Declared here rather than on each resolver: entry.run negotiates the language for all routes.
    API Gateway's own 401 (no token) carries no Content-Language, so that response is left as it is.
    """
    # Inline, not $ref: the guide's API page and the limit tests read each operation's parameters.
    for operations in spec["paths"].values():
        for operation in operations.values():
            operation.setdefault("parameters", []).append(dict(ACCEPT_LANGUAGE))
            for status, response in operation["responses"].items():
                if status != "401":
                    response.setdefault("headers", {})["Content-Language"] = dict(CONTENT_LANGUAGE)
    return spec


def _file_bodies(spec: dict[str, Any]) -> dict[str, Any]:
    """The routes whose body is a file (entry.FILE_ROUTES) read it from the raw event, so the resolver does
    not know their request body: declare it here, with its media type and size limit."""
    for (method, path), (media_type, limit) in FILE_ROUTES.items():
        operation = spec["paths"][path][method.lower()]
        schema = {"type": "string", "format": "binary", "maxLength": limit}
        operation["requestBody"] = {"required": True, "content": {media_type: {"schema": schema}}}
    return spec


# Containers first: ValidationError is only referenced from the other two.
_LIBRARY_ERRORS = ("HTTPValidationError", "ResponseValidationError", "ValidationError")


def _one_error_shape(spec: dict[str, Any]) -> dict[str, Any]:
    """Replace the error schemas Powertools adds on its own with the API's real error shape.

    Powertools documents 422 and 500 with its default bodies, but the API's exception handlers answer
    with ErrorBody; a route without inputs cannot answer 422 at all; a 204 or a 303 has no body.
    """
    error_ref = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
    for operations in spec["paths"].values():
        for operation in operations.values():
            responses = operation["responses"]
            has_input = bool(operation.get("parameters") or operation.get("requestBody"))
            for status, response in list(responses.items()):
                schema_ref = json.dumps(response.get("content", {}))
                if status in ("204", "303"):  # no body (a redirect says where in Location)
                    response.pop("content", None)
                elif any(f"/{name}" in schema_ref for name in _LIBRARY_ERRORS):
                    if status == "422" and not has_input:
                        del responses[status]
                        continue
                    response["content"] = error_ref
                    if status == "500":
                        response["description"] = "Server fault (no internals are disclosed)"
                    elif status == "422":
                        response["description"] = "Invalid input: the field at fault and the limit it broke"
    schemas = spec["components"]["schemas"]
    for name in _LIBRARY_ERRORS:
        if f"#/components/schemas/{name}" not in json.dumps(spec):
            schemas.pop(name, None)
    return spec


# Operation ids a client's method names come from: the resolver's function name in camelCase, except
# where that name alone would not say what it does.
_OPERATION_IDS = {
    ("post", "/v1/compliance/evaluate"): "evaluateCompliance",
    ("post", "/v1/event-credits"): "computeEventCredits",
    ("get", "/v1/rules"): "getRules",
    ("get", "/v1/me/export"): "exportMyData",
    ("get", "/v1/me/export/credits.csv"): "exportCreditsCsv",
    ("put", "/v1/me/profile"): "putProfile",
    ("delete", "/v1/me"): "deleteMe",
}
RETRY_AFTER: dict[str, Any] = {
    "description": "Seconds to wait before retrying the same request",
    "schema": {"type": "integer", "minimum": 1},
}
_DATE_RANGE = f"From {FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}."
# Pydantic's constraints on a Decimal that JSON Schema cannot express on its "number or string" union.
_DECIMAL_BOUNDS = {"ge": "minimum", "gt": "exclusiveMinimum", "le": "maximum", "lt": "exclusiveMaximum"}


def _for_generators(spec: dict[str, Any]) -> dict[str, Any]:
    """What client generators (openapi-python-client, openapi-typescript, openapi-generator) need.

    Decimals become JSON numbers with multipleOf and bounds; the -Input/-Output pairs pydantic makes
    of one model become one schema; operation ids are short; public routes say ``security: []``;
    gateway answers (429) and Retry-After are declared; request fields with defaults are optional.
    """
    trienni = ", ".join(known_trienni())
    triennium_text = f"A triennium of the ECM calendar: {trienni}."
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            operation["operationId"] = _OPERATION_IDS.get((method, path)) or _camel(
                operation["operationId"], method, path
            )
            operation.setdefault("security", [])
            responses = operation["responses"]
            responses.setdefault("429", error_responses_429())
            for status in ("409", "503"):
                if status in responses:
                    responses[status].setdefault("headers", {})["Retry-After"] = dict(RETRY_AFTER)
            for parameter in operation.get("parameters", []):
                if parameter["name"] == "triennium":
                    parameter["description"] = triennium_text
    spec = _walk(spec, triennium_text)
    spec = _merge_input_output(spec)
    _optional_request_fields(spec)
    return spec


ETAG_HEADER: dict[str, Any] = {
    "description": 'The item\'s strong ETag, e.g. "v3": send it as If-Match to change the item',
    "schema": {"type": "string"},
}


def _canonical_headers(spec: dict[str, Any]) -> dict[str, Any]:
    """Request headers under their canonical names (``If-Match``, as ``Accept-Language``).

    HTTP header names are case-insensitive and the API reads them so, but generated clients are not:
    openapi-typescript types ``{"if-match": ...}`` and refuses ``{"If-Match": ...}`` (TS2353) when the
    document declares the lowercase name the resolver derives from the parameter ``if_match``.
    """
    for operations in spec["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "header":
                    parameter["name"] = "-".join(part.capitalize() for part in parameter["name"].split("-"))
    return spec


def _versions(spec: dict[str, Any]) -> dict[str, Any]:
    """What the resolver cannot declare for edits: the PATCH routes' merge-patch bodies (read from the
    raw event by routes.versions) and the ETag header of item answers (and of the 412)."""
    schemas = spec["components"]["schemas"]
    for (method, path), model in PATCH_BODIES.items():
        name = model.removesuffix("In") + "Patch"
        base = schemas[model]
        properties = {
            field: prop if "null" in json.dumps(prop) else {"anyOf": [prop, {"type": "null"}]}
            for field, prop in base.get("properties", {}).items()
        }
        schemas[name] = {
            "title": name,
            "type": "object",
            "additionalProperties": False,
            "description": f"A JSON Merge Patch (RFC 7396) of {model}: only the fields to change; null "
            "removes an optional field. The patched item must be valid as a whole.",
            "properties": properties,
        }
        ref = {"schema": {"$ref": f"#/components/schemas/{name}"}}
        spec["paths"][path][method]["requestBody"] = {
            "required": True,
            "content": {MERGE_PATCH: ref, JSON: ref},
        }
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                if status == "412" or (status in ("200", "201") and (method, path) in ETAG_ROUTES):
                    response.setdefault("headers", {})["ETag"] = dict(ETAG_HEADER)
    return spec


def error_responses_429() -> dict[str, Any]:
    return {
        "description": 'Too many requests: API Gateway\'s throttling answers {"message": "Too Many '
        'Requests"}; retry later with exponential backoff',
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/GatewayMessage"}}},
    }


def _camel(generated: str, method: str, path: str) -> str:
    suffix = "_" + re.sub(r"\W", "_", path).lstrip("_") + "_" + method
    name = generated.removesuffix(suffix)
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _walk(node: Any, triennium_text: str) -> Any:
    """Decimals as numbers with their precision; date bounds and trienni stated."""
    if isinstance(node, list):
        return [_walk(child, triennium_text) for child in node]
    if not isinstance(node, dict):
        return node
    node = {key: _walk(value, triennium_text) for key, value in node.items()}
    branches = node.get("anyOf", [])
    kinds = sorted(str(b.get("type")) for b in branches if isinstance(b, dict))
    union = kinds == ["number", "string"] and any("pattern" in b for b in branches)
    if union or (node.get("type") == "number" and "decimal_places" in node):
        node.pop("anyOf", None)
        node.pop("max_digits", None)
        node["type"] = "number"
        places = node.pop("decimal_places", None)
        if places is not None:
            node["multipleOf"] = float(Decimal(1).scaleb(-int(places)))
        for pydantic_name, schema_name in _DECIMAL_BOUNDS.items():
            if pydantic_name in node:
                node[schema_name] = float(node.pop(pydantic_name))
    if node.get("type") == "integer":
        for pydantic_name, schema_name in _DECIMAL_BOUNDS.items():
            if pydantic_name in node:
                node[schema_name] = node.pop(pydantic_name)
    if node.get("format") == "date" and ("ge" in node or "le" in node):
        # JSON Schema has no bound on a date string: say it, and keep the bounds as extensions.
        node["x-minimum-date"] = str(node.pop("ge", FIRST_DAY))
        node["x-maximum-date"] = str(node.pop("le", LAST_DAY))
        node["description"] = (node.get("description", "") + " " + _DATE_RANGE).strip()
    if node.get("type") == "string" and node.get("pattern") == r"^\d{4}-\d{4}$":
        node["description"] = (node.get("description", "") + " " + triennium_text).strip()
    return node


def _merge_input_output(spec: dict[str, Any]) -> dict[str, Any]:
    """One schema per model: pydantic's 'X-Input' and 'X-Output' share the title X, which generators
    refuse as a duplicate. The input form is kept (it has the bounds); answers are stored inputs."""
    schemas = spec["components"]["schemas"]
    renames: dict[str, str] = {}
    for name in [n for n in schemas if n.endswith("-Input")]:
        base = name.removesuffix("-Input")
        output = schemas.get(base + "-Output")
        if output is None or set(output.get("properties", {})) != set(schemas[name].get("properties", {})):
            continue
        schemas[base] = schemas.pop(name)
        schemas.pop(base + "-Output")
        renames[f"#/components/schemas/{name}"] = f"#/components/schemas/{base}"
        renames[f"#/components/schemas/{base}-Output"] = f"#/components/schemas/{base}"
    text = json.dumps(spec)
    for old, new in renames.items():
        text = text.replace(f'"{old}"', f'"{new}"')
    merged: dict[str, Any] = json.loads(text)
    return merged


def _optional_request_fields(spec: dict[str, Any]) -> None:
    """A field with a default may be left out of a request: its default moves into its description.

    openapi-typescript (and others) make a property with a default required, since an answer always
    has it; in a request type that forces the client to send every default.
    """
    schemas = spec["components"]["schemas"]
    for name in schemas_reached(spec, ("requestBody",)):
        for prop in schemas[name].get("properties", {}).values():
            if "default" in prop:
                default = json.dumps(prop.pop("default"), ensure_ascii=False)
                prop["description"] = (
                    prop.get("description", "").rstrip(".") + f". Default: {default}."
                ).lstrip(". ")


def main() -> int:
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(document(), encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(Path.cwd()) if OUTPUT.is_relative_to(Path.cwd()) else OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
