"""Write the API's OpenAPI 3.1 document from the resolvers (``make openapi``); a test fails when it drifts.

The document is built here, at build time, and committed: the functions never serve it, which keeps it
off the cold-start path and out of the public surface.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from aws_lambda_powertools.event_handler.openapi.models import HTTPBearer

from .app import FILE_ROUTES, make_resolver
from .routes import account, certificates, compliance, credits, exemptions, profile, public
from .routes import status as status_route

OUTPUT = Path(__file__).resolve().parents[2] / "openapi" / "openapi.json"
DESCRIPTION = (
    "Credits API of the ECM tracker. Private routes take a Cognito access token as a Bearer token; "
    "the professional is the token's `sub`. Errors share one shape: `{error: {status, code, message, "
    "field, msg, params, details}}`. Results are estimates: only the Ordine certifies compliance. "
    "Texts (explanation lines, warnings, what-if reasons, error messages) are in Italian or English as "
    "the `Accept-Language` header asks (default Italian), said in `Content-Language`; each also carries "
    "its message id (`msg`) and values (`params`), whose templates are in `GET /v1/rules` (`messages`)."
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
    for module in (public, certificates, profile, credits, exemptions, compliance, status_route, account):
        app.include_router(module.router)
    text = app.get_openapi_json_schema(
        title="ECM tracker credits API",
        version="1.0.0",
        openapi_version="3.1.0",
        description=DESCRIPTION,
        security_schemes=SECURITY_SCHEMES,
    )
    spec = _languages(_one_error_shape(_file_bodies(json.loads(text))))
    return json.dumps(spec, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _languages(spec: dict[str, Any]) -> dict[str, Any]:
    """Every operation takes Accept-Language and every answer of the API says Content-Language.

    Declared here rather than on each resolver: app.run negotiates the language for all routes.
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
    """The routes whose body is a file (app.FILE_ROUTES) read it from the raw event, so the resolver does
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
    with ErrorBody; a route without inputs cannot answer 422 at all; a 204 has no body.
    """
    error_ref = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
    for operations in spec["paths"].values():
        for operation in operations.values():
            responses = operation["responses"]
            has_input = bool(operation.get("parameters") or operation.get("requestBody"))
            for status, response in list(responses.items()):
                schema_ref = json.dumps(response.get("content", {}))
                if status == "204":
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


def main() -> int:
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(document(), encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(Path.cwd()) if OUTPUT.is_relative_to(Path.cwd()) else OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
