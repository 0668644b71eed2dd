"""template.yaml checked offline: cfn-lint (pinned) and the SAM transform with assertions on what matters."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse

from functions.api.app import make_resolver
from functions.api.openapi import SECURITY_SCHEMES

# The transform reads the region from boto3's default session; nothing here talks to AWS.
os.environ.setdefault("AWS_DEFAULT_REGION", "eu-south-1")

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "template.yaml"
PUBLIC_ROUTES = {
    "POST /v1/event-credits",
    "POST /v1/compliance/evaluate",
    "GET /v1/rules",
    "POST /v1/certificates/read",
    "GET /v1/calendar/{feed}",
}
GUIDE_ORIGIN = "https://guide.test"
POWERTOOLS_LAYER = "AWSLambdaPowertoolsPythonV3-python313-arm64"
FORBIDDEN_ACTIONS = {"dynamodb:scan", "dynamodb:batchwriteitem", "dynamodb:*", "*"}


@cache
def source() -> dict[str, Any]:
    return dict(yaml_parse(TEMPLATE.read_text()))


class _NoManagedPolicies:
    def load(self) -> dict[str, str]:
        return {}


@cache
def transformed() -> dict[str, Any]:
    parameters = {
        "AWS::Region": "eu-south-1",
        "AWS::AccountId": "123456789012",
        "AWS::Partition": "aws",
        "GuideOrigin": GUIDE_ORIGIN,
        "PowertoolsLayerArn": f"arn:aws:lambda:eu-south-1:017000801446:layer:{POWERTOOLS_LAYER}:1",
    }
    template = json.loads(json.dumps(source()))
    for resource in template["Resources"].values():
        if resource["Type"] == "AWS::Serverless::Function":
            # What `sam package` does: the local folder becomes an uploaded artefact.
            resource["Properties"]["CodeUri"] = "s3://artefacts/ecm-credits-api.zip"
    return dict(transform(template, parameters, _NoManagedPolicies()))


def resources(kind: str) -> dict[str, dict[str, Any]]:
    return {name: r for name, r in transformed()["Resources"].items() if r["Type"] == kind}


def test_cfn_lint_is_the_pinned_version_and_passes() -> None:
    assert version("cfn-lint") == "1.53.3"
    result = subprocess.run(
        [str(Path(sys.executable).parent / "cfn-lint"), str(TEMPLATE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _api_body() -> dict[str, Any]:
    (api,) = resources("AWS::ApiGatewayV2::Api").values()
    return dict(api["Properties"]["Body"])


def test_private_routes_have_the_jwt_authorizer_and_only_the_listed_are_public() -> None:
    body = _api_body()
    schemes = body["components"]["securitySchemes"]
    assert list(schemes) == ["CognitoJwt"]
    authorizer = schemes["CognitoJwt"]["x-amazon-apigateway-authorizer"]
    assert authorizer["type"] == "jwt"
    assert authorizer["jwtConfiguration"]["audience"] == [{"Ref": "UserPoolClient"}]
    assert "${UserPool}" in authorizer["jwtConfiguration"]["issuer"]["Fn::Sub"]

    routes = {
        f"{method.upper()} {path}": operation
        for path, operations in body["paths"].items()
        for method, operation in operations.items()
    }
    # 19, then GET /v1/me/status (issue 11) and POST /v1/certificates/read (issue 14), then the two
    # statements, POST and DELETE /v1/me/calendar and the public feed GET /v1/calendar/{feed} (issue 14),
    # then issue 13's PATCH of a credit, an exemption and the profile, GET of one exemption and
    # GET /v1/me/changes, then the kept attestato (POST, GET, DELETE .../certificate, GET
    # .../certificate/fields), the contacts (POST, GET) and the claim pack (issue 14 items 1 and 3), then
    # the change feed's children: DELETE of a contact note and POST .../certificate/confirm (issue 13)
    assert len(routes) == 26 + 5 + 7 + 2
    public = {key for key, operation in routes.items() if operation["security"] == [{"NONE": []}]}
    assert public == PUBLIC_ROUTES
    for key, operation in routes.items():
        if key not in PUBLIC_ROUTES:
            assert operation["security"] == [{"CognitoJwt": ["aws.cognito.signin.user.admin"]}], key


def test_each_function_serves_its_share_of_the_routes() -> None:
    events = {
        name: {
            f"{e['Properties']['Method']} {e['Properties']['Path']}"
            for e in resource["Properties"]["Events"].values()
        }
        for name, resource in source()["Resources"].items()
        if resource["Type"] == "AWS::Serverless::Function"
    }
    # Counted by hand from the route list above: the calculators, the rules and reading an attestato; the
    # records' 21 writes, reads, attestati and contacts; compliance, compensation, what-if and status;
    # export (JSON, CSV) and erasure; the two statements, the calendar's three routes and the claim pack,
    # which the documents function builds with the other PDFs (so the records package carries no fpdf2).
    assert {name: len(routes) for name, routes in events.items()} == {
        "PublicFunction": 4,
        "RecordsFunction": 23,
        "ComplianceFunction": 4,
        "AccountFunction": 3,
        "DocumentsFunction": 6,
    }
    assert "GET /v1/me/credits/{credit_id}/claim.pdf" in events["DocumentsFunction"]
    assert "POST /v1/me/credits/{credit_id}/contacts" in events["RecordsFunction"]


def test_cors_is_configured_once_on_the_http_api() -> None:
    cors = _api_body()["x-amazon-apigateway-cors"]
    # The custom origin parameter, the guide's own CloudFront address (fed by the template), then up to
    # four of the hybrid apps' origins (AppOrigins), each present only when given.
    origins = cors["allowOrigins"]
    assert origins[:2] == [GUIDE_ORIGIN, {"Fn::Sub": "https://${GuideDistribution.DomainName}"}]
    assert [o["Fn::If"][0] for o in origins[2:]] == [f"HasAppOrigin{i}" for i in range(1, 5)]
    assert all(o["Fn::If"][2] == {"Ref": "AWS::NoValue"} for o in origins[2:])
    assert "idempotency-key" in cors["allowHeaders"]
    sources = (ROOT / "functions" / "api").glob("**/*.py")
    assert not any("cors" in path.read_text().lower() for path in sources), "no CORS in the functions"


def test_stage_has_throttling_and_access_logs() -> None:
    (stage,) = resources("AWS::ApiGatewayV2::Stage").values()
    props = stage["Properties"]
    assert props["DefaultRouteSettings"]["ThrottlingRateLimit"]
    assert props["DefaultRouteSettings"]["ThrottlingBurstLimit"]
    assert props["AccessLogSettings"]["DestinationArn"] == {"Fn::GetAtt": ["ApiAccessLogs", "Arn"]}
    assert "sub" not in props["AccessLogSettings"]["Format"], "no identity in access logs"


@pytest.mark.parametrize("table", ["CreditsTable", "IdempotencyTable"])
def test_tables_are_retained_encrypted_and_on_demand(table: str) -> None:
    resource = transformed()["Resources"][table]
    assert resource["DeletionPolicy"] == "Retain"
    assert resource["UpdateReplacePolicy"] == "Retain"
    props = resource["Properties"]
    assert props["BillingMode"] == "PAY_PER_REQUEST"
    assert props["SSESpecification"]["SSEEnabled"] is True


def test_credits_table_has_pitr_and_deletion_protection() -> None:
    props = transformed()["Resources"]["CreditsTable"]["Properties"]
    assert props["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    # The privacy notes promise erased data leaves the backups within 14 days.
    assert props["PointInTimeRecoverySpecification"]["RecoveryPeriodInDays"] == 14
    assert props["DeletionProtectionEnabled"] is True


def test_idempotency_table_expires_records_with_powertools_attribute() -> None:
    from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer

    props = transformed()["Resources"]["IdempotencyTable"]["Properties"]
    layer = DynamoDBPersistenceLayer(table_name="t", boto3_client=object())  # type: ignore[arg-type]
    assert props["TimeToLiveSpecification"] == {"AttributeName": layer.expiry_attr, "Enabled": True}
    assert props["KeySchema"] == [{"AttributeName": layer.key_attr, "KeyType": "HASH"}]


def _statements() -> dict[str, list[dict[str, Any]]]:
    by_role: dict[str, list[dict[str, Any]]] = {}
    for name, role in resources("AWS::IAM::Role").items():
        for policy in role["Properties"].get("Policies", []):
            by_role.setdefault(name, []).extend(policy["PolicyDocument"]["Statement"])
        assert not [
            arn for arn in role["Properties"].get("ManagedPolicyArns", []) if "Dynamo" in json.dumps(arn)
        ], name
    return by_role


def test_no_policy_grants_scan_batch_write_or_wildcards() -> None:
    for role, statements in _statements().items():
        for statement in statements:
            actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
            assert not {a.lower() for a in actions} & FORBIDDEN_ACTIONS, (role, actions)
            if any(a.startswith("dynamodb:") for a in actions):
                assert statement["Resource"] != "*", role


def test_each_function_gets_only_what_it_uses() -> None:
    statements = _statements()

    def actions(function: str) -> set[str]:
        return {
            action
            for statement in statements.get(f"{function}Role", [])
            for action in (
                statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
            )
            if action.startswith("dynamodb:")
        }

    assert actions("PublicFunction") == set()
    assert actions("ComplianceFunction") == {"dynamodb:Query"}
    assert actions("AccountFunction") == {"dynamodb:Query", "dynamodb:DeleteItem"}
    # The records (Query) and the calendar's two items; no UpdateItem, no credit is ever written here.
    assert actions("DocumentsFunction") == {
        "dynamodb:Query",
        "dynamodb:GetItem",
        "dynamodb:PutItem",
        "dynamodb:DeleteItem",
    }
    assert actions("RecordsFunction") <= {
        "dynamodb:GetItem",
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:DeleteItem",
        "dynamodb:Query",
    }


def test_functions_runtime_tracing_logging_and_layer() -> None:
    functions = resources("AWS::Lambda::Function")
    assert len(functions) == 5
    log_groups = resources("AWS::Logs::LogGroup")
    for name, function in functions.items():
        props = function["Properties"]
        assert props["Runtime"] == "python3.13", name
        assert props["Architectures"] == ["arm64"], name
        assert props["TracingConfig"] == {"Mode": "Active"}, name
        assert props["Layers"] == [{"Ref": "PowertoolsLayerArn"}], name
        assert props["LoggingConfig"]["LogFormat"] == "JSON", name
        group = props["LoggingConfig"]["LogGroup"]["Ref"]
        assert log_groups[group]["Properties"]["RetentionInDays"] == {"Ref": "LogRetentionDays"}
        env = props["Environment"]["Variables"]
        assert env["TABLE_NAME"] == {"Ref": "CreditsTable"}
        assert env["IDEMPOTENCY_TABLE_NAME"] == {"Ref": "IdempotencyTable"}


def _served(app: Any) -> set[str]:
    """The route keys a resolver serves, as API Gateway writes them ("GET /v1/me/credits/{credit_id}")."""
    return {
        f"{method.upper()} {path}"
        for path, operations in app.get_openapi_schema(security_schemes=SECURITY_SCHEMES).paths.items()
        for method in operations.model_dump(exclude_none=True)
    }


def test_handlers_exist_and_serve_exactly_their_template_routes() -> None:
    for function in source()["Resources"].values():
        if function["Type"] != "AWS::Serverless::Function":
            continue
        module_name, _, attribute = function["Properties"]["Handler"].rpartition(".")
        module = importlib.import_module(module_name)
        assert callable(getattr(module, attribute))
        declared = {
            f"{event['Properties']['Method'].upper()} {event['Properties']['Path']}"
            for event in function["Properties"]["Events"].values()
        }
        # The handler's table of lazily loaded routers lists exactly the template's routes...
        assert set(module.routers.by_key) == declared, module_name
        # ... and each router serves exactly the route keys the table sends to it.
        for router_module, keys in module.routers.modules.items():
            app = make_resolver()
            app.include_router(importlib.import_module(router_module).router)
            assert _served(app) == set(keys), router_module
        assert _served(module.routers.load_all()) == declared, module_name


def test_a_request_loads_only_the_router_of_its_route() -> None:
    # In a fresh interpreter, as Lambda starts one: GET /v1/me/profile must not load the rule book's
    # compliance engine, the credits' logic, the attestato reader or the idempotency utility.
    code = """
import json, sys
from functions.api.handlers import records
records.routers.load({"routeKey": "GET /v1/me/profile"})
watched = ["functions.api.routes.profile", "functions.api.routes.credits", "functions.api.logic.credits",
           "functions.attestati.fields", "functions.rulebook.compliance"]
modules = [m for m in watched if m in sys.modules]
print(json.dumps({"loaded": sorted(records.routers.loaded), "modules": modules}))
"""
    env = {**os.environ, "AWS_DEFAULT_REGION": "eu-south-1", "TABLE_NAME": "t", "IDEMPOTENCY_TABLE_NAME": "i"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT, env=env
    )
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["loaded"] == ["functions.api.routes.profile"]
    assert found["modules"] == ["functions.api.routes.profile"]


def test_the_user_pool_outlives_the_stack() -> None:
    pool = transformed()["Resources"]["UserPool"]
    assert pool["DeletionPolicy"] == pool["UpdateReplacePolicy"] == "Retain"
    assert pool["Properties"]["DeletionProtection"] == "ACTIVE"


def test_outputs() -> None:
    outputs = source()["Outputs"]
    assert {"ApiUrl", "UserPoolId", "UserPoolClientId", "CreditsTableName", "IdempotencyTableName"} <= set(
        outputs
    )
