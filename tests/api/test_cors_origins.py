"""CORS origins come from template parameters: the guide's addresses plus the hybrid apps' list."""

from __future__ import annotations

from pathlib import Path

from infra.local.auth import LOCAL_AUDIENCE, LOCAL_ISSUER
from infra.local.gateway import Gateway
from infra.local.template import load_template
from tests.api.conftest import load_template as template_doc

TEMPLATE = Path(__file__).resolve().parents[2] / "template.yaml"
APPS = ("capacitor://localhost", "ionic://localhost")


def test_the_apps_origins_are_a_documented_list_parameter() -> None:
    parameter = template_doc()["Parameters"]["AppOrigins"]
    assert parameter["Type"] == "String"  # comma-separated: SAM's CORS takes no list-valued intrinsic
    assert tuple(parameter["Default"].split(",")) == APPS
    assert "Capacitor" in parameter["Description"]


def test_deployed_cors_allows_the_guide_and_the_apps() -> None:
    cors = load_template(TEMPLATE, local_issuer=LOCAL_ISSUER, local_audience=LOCAL_AUDIENCE).cors
    assert cors is not None
    guide = template_doc()["Parameters"]["GuideOrigin"]["Default"]
    assert cors.allow_origins[0] == guide
    assert cors.allow_origins[1].startswith("https://")  # the CloudFront address
    assert cors.allow_origins[2:] == APPS


def test_the_local_stack_allows_its_site_and_the_apps() -> None:
    site = "http://127.0.0.1:8000"
    cors = load_template(
        TEMPLATE, local_issuer=LOCAL_ISSUER, local_audience=LOCAL_AUDIENCE, local_origins=(site,)
    ).cors
    assert cors is not None
    assert cors.allow_origins[0] == site and cors.allow_origins[2:] == APPS
    assert all(Gateway._origin_allowed(cors, origin) for origin in (site, *APPS))
    assert not Gateway._origin_allowed(cors, "capacitor://evil.example")
