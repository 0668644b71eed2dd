"""The committed OpenAPI document matches the code, covers the template's routes, documents every answer."""

from __future__ import annotations

import json
import re
from functools import cache

from functions.api.openapi import OUTPUT, document
from tests.api.conftest import template_routes


def test_committed_document_matches_the_resolvers() -> None:
    assert OUTPUT.exists(), "run `make openapi`"
    assert OUTPUT.read_text(encoding="utf-8") == _document(), (
        "openapi/openapi.json drifted: run `make openapi`"
    )


@cache
def _document() -> str:
    return document()


def _operations() -> dict[tuple[str, str], dict[str, object]]:
    spec = json.loads(_document())
    assert spec["openapi"].startswith("3.1")
    return {
        (method.upper(), path): operation
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
    }


def test_every_template_route_is_documented_and_nothing_else() -> None:
    documented = set(_operations())
    in_template = {(route.method, route.path) for route in template_routes()}
    assert documented == in_template


def test_private_routes_declare_the_bearer_scheme_and_public_ones_do_not() -> None:
    operations = _operations()
    for route in template_routes():
        security = operations[(route.method, route.path)].get("security")
        assert (security is None) == route.public, (route.method, route.path)


def test_every_response_has_a_schema_and_errors_share_one() -> None:
    for key, operation in _operations().items():
        responses = operation["responses"]
        assert isinstance(responses, dict)
        for status, response in responses.items():
            if status == "204":
                assert "content" not in response
                continue
            content = response["content"]
            (media,) = content.values()
            assert "schema" in media, (key, status)
            error_body = {"$ref": "#/components/schemas/ErrorBody"}
            if status == "401":
                # API Gateway's authorizer answers with its own body; the Lambda refuses ID tokens with ours.
                gateway = {"$ref": "#/components/schemas/GatewayMessage"}
                assert media["schema"]["anyOf"] == [error_body, gateway], (key, status)
            elif status.startswith(("4", "5")):
                assert media["schema"] == error_body, (key, status)


def test_path_parameters_match_the_template_names() -> None:
    for method, path in _operations():
        names = re.findall(r"\{(\w+)\}", path)
        operation = _operations()[(method, path)]
        declared = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}  # type: ignore[attr-defined]
        assert set(names) == declared
