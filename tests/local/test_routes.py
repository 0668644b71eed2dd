"""The local API routes exactly as template.yaml declares, and the handlers serve exactly those routes."""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Any

import pytest
from aws_lambda_powertools.event_handler.api_gateway import ApiGatewayResolver
from samtranslator.yaml_helper import yaml_parse

from infra.local.__main__ import main
from infra.local.auth import LOCAL_AUDIENCE, LOCAL_ISSUER
from infra.local.events import Router
from infra.local.template import load_template
from tests.local.harness import FIXTURE_TEMPLATE, ROOT

TEMPLATES = [
    pytest.param(ROOT / "template.yaml", id="template.yaml"),
    pytest.param(FIXTURE_TEMPLATE, id="fixture"),
]


def declared(path: Path) -> set[tuple[str, str, str, bool]]:
    """(method, path, function, private) read straight from the YAML, the way a reviewer would."""
    doc = yaml_parse(path.read_text())
    routes = set()
    for name, resource in doc["Resources"].items():
        if resource["Type"] != "AWS::Serverless::Function":
            continue
        for event in resource["Properties"].get("Events", {}).values():
            if event["Type"] == "HttpApi":
                props = event["Properties"]
                private = props.get("Auth", {}).get("Authorizer") != "NONE"
                routes.add((props["Method"].upper(), props["Path"], name, private))
    return routes


def local_table(path: Path) -> Router:
    template = load_template(path, local_issuer=LOCAL_ISSUER, local_audience=LOCAL_AUDIENCE)
    return Router(template.routes)


def example_path(path: str) -> str:
    return re.sub(r"\{(\w+)\+?\}", lambda m: f"example-{m[1]}", path)


@pytest.mark.parametrize("template", TEMPLATES)
def test_local_routing_table_equals_the_template(template: Path) -> None:
    if not template.exists():
        pytest.skip(f"{template} not written yet")
    router = local_table(template)
    local = {(r.method, r.path, r.function, r.authorizer is not None) for r in router.routes}
    assert local == declared(template)
    # Each declared route is the one a request for it reaches (no shadowing by a broader route).
    for route in router.routes:
        match = router.match(route.method, example_path(route.path))
        assert match is not None and match.route == route


def resolver_routes(handler: str) -> set[tuple[str, str]]:
    module = importlib.import_module(handler.rpartition(".")[0])
    routers = getattr(module, "routers", None)
    # The API's handlers make their resolver and load their routers on a first request (entry.Routers).
    apps = (
        [routers.load_all()]
        if routers is not None
        else [v for v in vars(module).values() if isinstance(v, ApiGatewayResolver)]
    )
    assert len(apps) == 1, f"{handler}: expected one Powertools resolver in its module"
    routes: list[Any] = apps[0]._static_routes + apps[0]._dynamic_routes
    return {(r.method, r.openapi_path) for r in routes}


@pytest.mark.parametrize("template", TEMPLATES)
def test_each_function_serves_exactly_its_declared_routes(template: Path) -> None:
    if not template.exists():
        pytest.skip(f"{template} not written yet")
    routes = local_table(template).routes
    for handler in {r.handler for r in routes}:
        in_template = {(r.method, r.path) for r in routes if r.handler == handler}
        assert resolver_routes(handler) == in_template, handler


def test_routes_command_prints_one_line_per_declared_route(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ECM_TEMPLATE", str(FIXTURE_TEMPLATE))
    assert main(["routes"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(declared(FIXTURE_TEMPLATE))
    assert lines[0].split() == ["POST", "/v1/echo", "PublicFunction", "public"]
