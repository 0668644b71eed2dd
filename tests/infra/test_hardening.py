"""Abuse and operations, asserted on template.yaml after the SAM transform (issue: outside attack, item 7).

Each test names what an attacker or an outage would meet: per-route throttles, reserved concurrency,
scopes at the gateway, the Powertools layer pinned to AWS's account, alarms, no caching of personal
answers, the guide's CSP and TLS, access logs, and per-client rate limiting at the edge.
"""

from __future__ import annotations

import re
from typing import Any

from tests.infra.test_template import PUBLIC_ROUTES, resources, source, transformed


def _stage() -> dict[str, Any]:
    (stage,) = resources("AWS::ApiGatewayV2::Stage").values()
    return dict(stage["Properties"])


def test_public_routes_and_erasure_have_their_own_smaller_throttles() -> None:
    settings = _stage()["RouteSettings"]
    assert set(settings) == PUBLIC_ROUTES | {"DELETE /v1/me"}
    default = source()["Parameters"]
    assert default["PublicThrottlingRateLimit"]["Default"] < default["ThrottlingRateLimit"]["Default"]
    for route in PUBLIC_ROUTES:
        assert settings[route]["ThrottlingRateLimit"] == {"Ref": "PublicThrottlingRateLimit"}
        assert 0 < settings[route]["ThrottlingBurstLimit"] < default["ThrottlingBurstLimit"]["Default"]


def test_every_function_has_reserved_concurrency() -> None:
    for name, function in resources("AWS::Lambda::Function").items():
        reserved = function["Properties"].get("ReservedConcurrentExecutions")
        assert reserved == {"Ref": name.replace("Function", "Concurrency")}, name
    total = sum(
        source()["Parameters"][f"{n}Concurrency"]["Default"]
        for n in ("Public", "Records", "Compliance", "Account")
    )
    assert total <= 50, "leaves most of a default account's 1,000 for everything else"


def test_the_gateway_requires_the_access_token_scope() -> None:
    (http_api,) = resources("AWS::ApiGatewayV2::Api").values()
    body = http_api["Properties"]["Body"]
    private = [
        operation
        for path, operations in body["paths"].items()
        for method, operation in operations.items()
        if f"{method.upper()} {path}" not in PUBLIC_ROUTES
    ]
    assert private and all(
        op["security"] == [{"CognitoJwt": ["aws.cognito.signin.user.admin"]}] for op in private
    )


def test_the_powertools_layer_comes_only_from_aws_account() -> None:
    pattern = re.compile(source()["Parameters"]["PowertoolsLayerArn"]["AllowedPattern"])
    good = "arn:aws:lambda:eu-south-1:017000801446:layer:AWSLambdaPowertoolsPythonV3-python313-arm64:18"
    assert pattern.match(good)
    for bad in (
        good.replace("017000801446", "123456789012"),
        good.replace("PythonV3-python313-arm64", "PythonV3-python313-arm64-evil"),
        good + "x",
    ):
        assert not pattern.match(bad), bad


def test_alarms_cover_5xx_lambda_errors_and_throttles_and_dynamodb_throttles() -> None:
    alarms = resources("AWS::CloudWatch::Alarm")
    metrics = set()
    for alarm in alarms.values():
        props = alarm["Properties"]
        assert props["AlarmActions"] == [{"Ref": "AlarmTopic"}]
        if "MetricName" in props:
            metrics.add((props["Namespace"], props["MetricName"]))
        for query in props.get("Metrics", []):
            if "MetricStat" in query:
                metric = query["MetricStat"]["Metric"]
                metrics.add((metric["Namespace"], metric["MetricName"]))
    assert {
        ("AWS/ApiGateway", "5xx"),
        ("AWS/Lambda", "Errors"),
        ("AWS/Lambda", "Throttles"),
        ("AWS/DynamoDB", "ReadThrottleEvents"),
        ("AWS/DynamoDB", "WriteThrottleEvents"),
    } <= metrics
    functions = {
        dim["Value"]["Ref"]
        for alarm in alarms.values()
        for query in alarm["Properties"].get("Metrics", [])
        if "MetricStat" in query and query["MetricStat"]["Metric"]["Namespace"] == "AWS/Lambda"
        for dim in query["MetricStat"]["Metric"]["Dimensions"]
    }
    assert functions == set(resources("AWS::Lambda::Function"))


def test_access_logs_have_source_address_and_user_agent_but_no_identity() -> None:
    log_format = _stage()["AccessLogSettings"]["Format"]
    assert "$context.identity.sourceIp" in log_format and "$context.identity.userAgent" in log_format
    assert "claims" not in log_format and "sub" not in log_format.replace("sourceIp", "")


def _distribution() -> dict[str, Any]:
    return dict(transformed()["Resources"]["GuideDistribution"]["Properties"]["DistributionConfig"])


def test_guide_csp_lets_scripts_connect_only_to_the_site_itself() -> None:
    policy = transformed()["Resources"]["GuideSecurityHeaders"]["Properties"]["ResponseHeadersPolicyConfig"]
    csp = policy["SecurityHeadersConfig"]["ContentSecurityPolicy"]["ContentSecurityPolicy"]
    text = csp["Fn::Sub"] if isinstance(csp, dict) else csp
    assert "connect-src 'self';" in text and "execute-api" not in text and "*" not in text


def test_guide_serves_tls_12_with_its_certificate_logs_and_can_have_a_web_acl() -> None:
    config = _distribution()
    with_cert, without = config["ViewerCertificate"]["Fn::If"][1:]
    assert config["ViewerCertificate"]["Fn::If"][0] == "HasGuideCertificate"
    assert (
        with_cert["MinimumProtocolVersion"] == "TLSv1.2_2021" and with_cert["SslSupportMethod"] == "sni-only"
    )
    assert without == {"CloudFrontDefaultCertificate": True}
    assert config["Logging"]["Bucket"] == {"Fn::GetAtt": ["GuideLogsBucket", "RegionalDomainName"]}
    logs = transformed()["Resources"]["GuideLogsBucket"]["Properties"]
    assert logs["LifecycleConfiguration"]["Rules"][0]["ExpirationInDays"] <= 90
    assert logs["PublicAccessBlockConfiguration"]["RestrictPublicBuckets"] is True
    assert config["WebACLId"] == {
        "Fn::If": ["HasEdgeWebAcl", {"Ref": "EdgeWebAclArn"}, {"Ref": "AWS::NoValue"}]
    }
    acl = re.compile(source()["Parameters"]["EdgeWebAclArn"]["AllowedPattern"])
    assert acl.match("arn:aws:wafv2:us-east-1:123456789012:global/webacl/ecm/abc")
    assert not acl.match("arn:aws:wafv2:eu-south-1:123456789012:regional/webacl/ecm/abc")


def test_erasure_may_delete_only_users_of_its_own_pool() -> None:
    (role,) = [r for name, r in resources("AWS::IAM::Role").items() if name == "AccountFunctionRole"]
    statements = [s for p in role["Properties"]["Policies"] for s in p["PolicyDocument"]["Statement"]]
    cognito = [s for s in statements if any(str(a).startswith("cognito-idp:") for a in s["Action"])]
    assert cognito == [
        {
            "Sid": "EraseOwnSignIn",
            "Effect": "Allow",
            "Action": ["cognito-idp:AdminDeleteUser"],
            "Resource": {"Fn::GetAtt": ["UserPool", "Arn"]},
        }
    ]
    function = transformed()["Resources"]["AccountFunction"]["Properties"]
    assert function["Environment"]["Variables"]["USER_POOL_ID"] == {"Ref": "UserPool"}
