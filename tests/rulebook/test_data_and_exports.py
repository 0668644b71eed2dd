"""The rule data is complete and sourced, the exports match it, and the rule book stays free of AWS."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from functions.rulebook.conformance import build_vectors
from functions.rulebook.export import GENERATED, dumps, rules_export
from functions.rulebook.models import EventType, Role
from functions.rulebook.parameters import CONFIDENCES, load_rulebook

RULEBOOK_DIR = Path(__file__).resolve().parents[2] / "functions" / "rulebook"


def test_every_value_has_a_known_source_confidence_and_date() -> None:
    book = load_rulebook()
    assert len(book.parameters) > 60
    for parameter in book.parameters.values():
        assert parameter.title_it and parameter.title_en, parameter.id
        for value in parameter.values:
            assert value.source.id in book.sources
            assert value.source.url
            assert value.confidence in CONFIDENCES


def test_every_source_is_cited_by_some_parameter() -> None:
    book = load_rulebook()
    cited = {v.source.id for p in book.parameters.values() for v in p.values}
    assert set(book.sources) - cited == set()


@pytest.mark.parametrize("name", ["rules.json", "conformance.json"])
def test_committed_exports_match_the_data_and_engine(name: str) -> None:
    """Regenerate in memory; a drift means someone changed the data or engine without `make rules`."""
    fresh = rules_export() if name == "rules.json" else build_vectors()
    committed = (GENERATED / name).read_text(encoding="utf-8")
    assert committed == dumps(fresh), f"generated/{name} is stale: run `make rules`"


def test_vectors_cover_every_event_type_role_and_kind() -> None:
    cases = build_vectors()["cases"]
    event_inputs = [c["input"] for c in cases if c["kind"] == "event" and "expected" in c]
    assert {i["type"] for i in event_inputs} == {t.value for t in EventType}
    assert {i.get("role", "participant") for i in event_inputs} == {r.value for r in Role}
    assert {c["kind"] for c in cases} == {"event", "obligation", "compliance", "compensation", "move"}
    assert sum("error" in c for c in cases) >= 15
    for case in cases:
        assert ("error" in case) == case["name"].startswith("error:"), case["name"]


def test_rules_export_is_plain_json_with_every_parameter() -> None:
    exported = json.loads(json.dumps(rules_export()))
    assert set(exported["parameters"]) == set(load_rulebook().parameters)
    congress = exported["parameters"]["event.res.congress.per_hour"]["values"]
    assert [v["value"] for v in congress] == [0.2, 0.3]
    assert congress[1] == {
        "from": "2019-01-01",
        "value": 0.3,
        "source": "veneto_ecm_v3",
        "confidence": "MED",
        "note": "",
    }


def test_rule_book_imports_nothing_from_aws() -> None:
    forbidden = ("boto3", "botocore", "aws_lambda_powertools", "moto", "aws_xray_sdk")
    for path in RULEBOOK_DIR.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                assert not name.startswith(forbidden), f"{path.name} imports {name}"
