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
        security = operations[(route.method, route.path)]["security"]
        # Public routes say `security: []` so generators do not attach the default scheme.
        assert security == ([] if route.public else [{"cognito": []}]), (route.method, route.path)


def test_every_response_has_a_schema_and_errors_share_one() -> None:
    for key, operation in _operations().items():
        responses = operation["responses"]
        assert isinstance(responses, dict)
        for status, response in responses.items():
            if status in ("204", "303"):  # no body; a redirect says where in Location
                assert "content" not in response
                continue
            content = response["content"]
            (media,) = content.values()
            assert "schema" in media, (key, status)
            error_body = {"$ref": "#/components/schemas/ErrorBody"}
            gateway = {"$ref": "#/components/schemas/GatewayMessage"}
            if status in ("401", "413"):
                # API Gateway answers with its own body (authorizer, its body limit); the Lambda with ours.
                assert media["schema"]["anyOf"] == [error_body, gateway], (key, status)
            elif status == "429":
                assert media["schema"] == gateway, (key, status)
            elif status == "412":
                # The error shape plus the current item (StaleCredit: {error, current}), and its ETag.
                name = media["schema"]["$ref"].rsplit("/", 1)[-1]
                schema = json.loads(_document())["components"]["schemas"][name]
                assert schema["properties"]["error"] == {"$ref": "#/components/schemas/ErrorInfo"}, key
                assert set(schema["required"]) == {"error", "current"}, key
                assert "ETag" in response["headers"], key
            elif status.startswith(("4", "5")):
                assert media["schema"] == error_body, (key, status)


def test_path_parameters_match_the_template_names() -> None:
    for method, path in _operations():
        names = re.findall(r"\{(\w+)\}", path)
        operation = _operations()[(method, path)]
        declared = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}  # type: ignore[attr-defined]
        assert set(names) == declared


def test_every_route_documents_throttling_and_retry_after() -> None:
    for key, operation in _operations().items():
        responses = operation["responses"]
        assert isinstance(responses, dict)
        assert "429" in responses, key
        for status in ("409", "503"):
            if status in responses:
                assert responses[status]["headers"]["Retry-After"]["schema"]["type"] == "integer", key


def test_operation_ids_are_short_and_unique() -> None:
    ids = [str(operation["operationId"]) for operation in _operations().values()]
    assert len(set(ids)) == len(ids)
    for operation_id in ids:
        assert re.fullmatch(r"[a-z][A-Za-z]{2,30}", operation_id), operation_id
    assert {"createCredit", "listCredits", "getCredit", "updateCredit", "deleteCredit"} <= set(ids)


def test_schema_titles_are_unique_and_decimals_are_numbers() -> None:
    spec = json.loads(_document())
    schemas = spec["components"]["schemas"]
    titles = [s.get("title", name) for name, s in schemas.items()]
    assert len(set(titles)) == len(titles), sorted(titles)
    assert not any(name.endswith(("-Input", "-Output")) for name in schemas)
    text = _document()
    for leaked in ('"decimal_places"', '"max_digits"', '"ge"', '"le"'):
        assert leaked not in text, leaked
    credit_in = schemas["CreditIn"]["properties"]
    # Certificates print credits with one decimal (max 1000), hours with two (models.CreditAmount, Hours).
    credits = credit_in["credits"]["anyOf"][0]
    assert credits["type"] == "number" and credits["multipleOf"] == 0.1, credits
    assert (credits["minimum"], credits["maximum"]) == (0, 1000)
    hours = credit_in["hours"]["anyOf"][0]
    assert hours["multipleOf"] == 0.01 and hours["exclusiveMinimum"] == 0, hours
    # The same field reads back with the same precision: answers reuse the request's schema.
    details = schemas["EventDetails"]["properties"]["event_credits"]["anyOf"][0]
    assert details["multipleOf"] == 0.1
    start = credit_in["start_date"]
    assert (start["x-minimum-date"], start["x-maximum-date"]) == ("2002-01-01", "2100-12-31")
    assert "2002-01-01" in start["description"]


def test_request_fields_with_defaults_are_optional() -> None:
    credit_in = json.loads(_document())["components"]["schemas"]["CreditIn"]
    assert set(credit_in["required"]) == {"title", "type", "start_date"}
    assert "default" not in credit_in["properties"]["sponsored"]
    assert "Default: false" in credit_in["properties"]["sponsored"]["description"]


def test_unknown_enum_policy_is_stated() -> None:
    description = json.loads(_document())["info"]["description"]
    assert "must accept a value it does not know" in description
