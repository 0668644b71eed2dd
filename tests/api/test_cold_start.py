"""What each Lambda function loads at its cold start (issue 13 item 8): no timing here, only what is
imported and built, since the benchmark (tests/benchmarks/bench_api.py) prints the times.

Each check runs in a fresh interpreter, as Lambda starts one, importing only the handler module.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
HANDLERS = ("public", "records", "compliance", "account", "documents")
PROBE = """
import json, sys
import functions.api.handlers.{name}
if "{name}" != "public":  # the public function stores nothing and has no DynamoDB client
    from functions.api import dal
    dal.client()
# What Lambda's initialisation loaded, before this probe's own imports below.
AT_INIT = sorted(sys.modules)
from pydantic import BaseModel
from functions.rulebook import models as rule_models
from functions.api import models as api_models

WATCHED = {{"boto3", "aws_xray_sdk", "babel", "pypdf", "fpdf", "PIL", "icalendar"}}
RESOLVER = ("aws_lambda_powertools.event_handler", "functions.api.app", "functions.api.routes",
            "functions.rulebook.models", "functions.api.models")

def built(module):
    return sorted(
        name for name, value in vars(module).items()
        if isinstance(value, type) and issubclass(value, BaseModel) and value.__module__ == module.__name__
        and value.__pydantic_complete__
    )

print(json.dumps({{
    "modules": sorted(m for m in sys.modules if m.split(".")[0] in WATCHED),
    "ours": sorted(m for m in sys.modules if m.startswith(("functions.api.routes", "functions.api.logic"))),
    "idempotency": "aws_lambda_powertools.utilities.idempotency" in sys.modules,
    "built": built(rule_models) + built(api_models),
    "resolver_at_init": [m for m in AT_INIT if m.split(".")[0] == "pydantic" or m.startswith(RESOLVER)],
}}))
"""


def _probe(name: str) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_ENDPOINT_URL")}
    env.update(AWS_DEFAULT_REGION="eu-south-1", TABLE_NAME="credits", IDEMPOTENCY_TABLE_NAME="idem")
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(name=name)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=env,
    )
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize("name", HANDLERS)
def test_no_function_loads_the_xray_sdk_babel_or_a_document_library_at_import(name: str) -> None:
    # Traces come from Lambda's active tracing; Babel, pypdf, fpdf2, Pillow and icalendar are imported
    # by the request needing them.
    loaded = _probe(name)["modules"]
    kinds = ("aws_xray_sdk", "babel", "pypdf", "fpdf", "PIL", "icalendar")
    assert not [m for m in loaded if m.split(".")[0] in kinds], loaded


@pytest.mark.parametrize("name", HANDLERS)
def test_no_router_is_loaded_before_its_first_request(name: str) -> None:
    # entry.Routers: the routes, their logic and models are loaded by the first request of a route.
    assert _probe(name)["ours"] == []


@pytest.mark.parametrize("name", HANDLERS)
def test_only_the_records_function_loads_the_idempotency_utility(name: str) -> None:
    # Its idempotent POSTs need it (and its errors mapped); no other function has one.
    assert _probe(name)["idempotency"] is (name == "records")


@pytest.mark.parametrize("name", HANDLERS)
def test_no_model_is_built_before_its_first_request(name: str) -> None:
    # defer_build: validators are built when a request first needs them, not at the cold start.
    assert _probe(name)["built"] == []


@pytest.mark.parametrize("name", HANDLERS)
def test_a_cold_start_loads_neither_the_resolver_nor_pydantic(name: str) -> None:
    # The handler module and the DynamoDB client leave the resolver (Powertools' event handler with its
    # validation), pydantic, the routes and the models to the first request (entry.Routers): they were
    # most of the cold start.
    assert _probe(name)["resolver_at_init"] == []


def test_the_public_function_starts_without_boto3() -> None:
    # It stores nothing: no DynamoDB client, no idempotency layer, no storage error handlers.
    assert "boto3" not in _probe("public")["modules"]


def test_the_rule_books_lazy_exports_are_its_declared_public_names() -> None:
    import functions.rulebook as rulebook

    assert sorted(rulebook.__all__) == sorted(rulebook._EXPORTS)
    for name in rulebook.__all__:
        assert getattr(rulebook, name) is not None
    with pytest.raises(AttributeError):
        _ = rulebook.no_such_name
