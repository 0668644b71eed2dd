"""What the local stack reads from a template: routes, authorizer, CORS, tables, environment."""

from __future__ import annotations

from infra.local.auth import LOCAL_AUDIENCE, LOCAL_ISSUER
from infra.local.template import LocalTemplate, Route, load_template
from tests.local.harness import FIXTURE_TEMPLATE

HANDLER = "tests.local.fixtures.handlers.lambda_handler"


def load(local_origins: tuple[str, ...] = ()) -> LocalTemplate:
    return load_template(
        FIXTURE_TEMPLATE,
        local_issuer=LOCAL_ISSUER,
        local_audience=LOCAL_AUDIENCE,
        local_origins=local_origins,
    )


def test_routes_follow_events_and_the_default_authorizer() -> None:
    assert set(load().routes) == {
        Route("GET", "/v1/me/items", "PrivateFunction", HANDLER, "Cognito"),
        Route("POST", "/v1/me/items", "PrivateFunction", HANDLER, "Cognito"),
        Route("GET", "/v1/me/items/{item_id}", "PrivateFunction", HANDLER, "Cognito"),
        Route("GET", "/v1/me/crash", "PrivateFunction", HANDLER, "Cognito"),
        Route("POST", "/v1/echo", "PublicFunction", HANDLER, None),
        Route("GET", "/v1/hello", "PublicFunction", HANDLER, None),
    }


def test_the_authorizer_is_the_local_issuer_with_the_identity_header() -> None:
    authorizer = load().authorizers["Cognito"]
    assert (authorizer.issuer, authorizer.audience, authorizer.identity_header) == (
        LOCAL_ISSUER,
        (LOCAL_AUDIENCE,),
        "authorization",
    )


def test_cors_origin_parameter_becomes_the_local_site() -> None:
    deployed = load().cors
    assert deployed is not None and deployed.allow_origins == ("https://guide.example.org",)
    local = load(local_origins=("http://127.0.0.1:8000",)).cors
    assert local is not None
    assert local.allow_origins == ("http://127.0.0.1:8000",)
    assert local.allow_methods == ("GET", "POST", "PUT", "DELETE", "OPTIONS")
    assert local.allow_headers == ("authorization", "content-type", "idempotency-key")
    assert (local.expose_headers, local.max_age, local.allow_credentials) == (("x-request-id",), 600, False)


def test_tables_come_from_the_template_with_resolved_names() -> None:
    tables = load().tables
    assert tables["ItemsTable"]["TableName"] == "ecm-local-items"
    assert tables["ItemsTable"]["KeySchema"] == [
        {"AttributeName": "pk", "KeyType": "HASH"},
        {"AttributeName": "sk", "KeyType": "RANGE"},
    ]
    assert tables["IdempotencyTable"]["TableName"] == "IdempotencyTable"
    assert tables["IdempotencyTable"]["_ttl_attribute"] == "expiration"


def test_function_environment_references_resolve_to_local_table_names() -> None:
    template = load()
    private, public = template.environment["PrivateFunction"], template.environment["PublicFunction"]
    assert private["TABLE_NAME"] == public["TABLE_NAME"] == "ecm-local-items"
    assert private["IDEMPOTENCY_TABLE_NAME"] == "IdempotencyTable"
    # A function's own variables override the Globals' for that function only.
    assert (private["POWERTOOLS_SERVICE_NAME"], public["POWERTOOLS_SERVICE_NAME"]) == (
        "fixture",
        "fixture-public",
    )
    assert template.function_settings["PrivateFunction"]["timeout"] == 10
