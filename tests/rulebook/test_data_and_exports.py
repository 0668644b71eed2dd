"""The rule data is complete and sourced, the exports match it, and the rule book stays free of AWS."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from functions.rulebook.conformance import build_vectors
from functions.rulebook.data_files import TOML_FILES, compile_all, read
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
    cited |= {v.reported_by.id for p in book.parameters.values() for v in p.values if v.reported_by}
    assert set(book.sources) - cited == set()


REGIONAL_IMPLEMENTATIONS = ("veneto_",)


def test_primary_sources_first() -> None:
    """Issue 10 item 8 (ecm-rules.md §11.10): the official document is the source, the page read is the
    `reported_by`; a regional implementation is a cross-check, never the source of a rule."""
    book = load_rulebook()
    for parameter in book.parameters.values():
        for value in parameter.values:
            where = f"{parameter.id} from {value.valid_from}"
            assert not value.source.id.startswith(REGIONAL_IMPLEMENTATIONS), where
            if value.reported_by is not None:
                assert value.source.official, f"{where}: reported_by goes with an official source"
                assert not value.reported_by.official, f"{where}: reported_by is the page read"
    official = [p for p in book.parameters.values() if all(v.source.official for v in p.values)]
    # Most parameters now cite the official document first; the rest are named in the closing note.
    assert len(official) >= 0.8 * len(book.parameters)


def test_every_parameter_records_the_manuale_edition_checked() -> None:
    """Issue 10 item 8: the Manuale sulla formazione continua is re-issued every December (§11.8)."""
    book = load_rulebook()
    for parameter in book.parameters.values():
        check = parameter.manuale_checked
        assert re.fullmatch(r"\d{2}-\d{4}", check.edition), parameter.id
        assert check.on.year >= 2024 and check.how_in("it") and check.how_in("en"), parameter.id


@pytest.mark.parametrize("name", ["rules.json", "conformance.json", "data.json"])
def test_committed_exports_match_the_data_and_engine(name: str) -> None:
    """Regenerate in memory; a drift means someone changed the data or engine without `make rules`."""
    fresh = {"rules.json": rules_export, "conformance.json": build_vectors, "data.json": compile_all}[name]()
    committed = (GENERATED / name).read_text(encoding="utf-8")
    assert committed == dumps(fresh), f"generated/{name} is stale: run `make rules`"


def test_vectors_cover_every_event_type_role_and_kind() -> None:
    cases = build_vectors()["cases"]
    event_inputs = [c["input"] for c in cases if c["kind"] == "event" and "expected" in c]
    assert {i["type"] for i in event_inputs} == {t.value for t in EventType}
    assert {i.get("role", "participant") for i in event_inputs} == {r.value for r in Role}
    assert {c["kind"] for c in cases} == {
        "event",
        "obligation",
        "compliance",
        "compensation",
        "move",
        "status",
        "calendar",
    }
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
        "source": "doc_manuale_accreditamento",
        "reported_by": "veneto_ecm_v3",
        "confidence": "MED",
        "note": None,  # no note in the data: null, not an empty text in one language
        "single_source": False,
        "verified": "2026-11-29",
    }
    assert exported["sources"]["doc_manuale_accreditamento"]["official"] is True
    assert exported["messages"]["country.JP"] == {"it": "Giappone", "en": "Japan"}


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


def test_country_names_match_babel_and_iso_3166() -> None:
    """data/country_names.json is generated from Babel (CLDR): 249 ISO 3166-1 alpha-2 countries with
    Italian and English names; regenerate with `python -m functions.rulebook.country_names`."""
    from functions.rulebook.country_names import build, country_names

    assert country_names() == build()
    assert len(country_names()) == 249
    assert country_names()["CH"] == {"it": "Svizzera", "en": "Switzerland"}
    book = load_rulebook()
    for parameter_id in ("country.eu_members", "country.abroad_outside_eu"):
        for value in book.parameters[parameter_id].values:
            assert set(value.value) <= set(country_names()), parameter_id


def test_vectors_cover_issue_10_rules() -> None:
    """Every new role, profession rule, country class and the attendance rule has a conformance vector,
    so the browser engine is checked on each (issue 10)."""
    cases = [c for c in build_vectors()["cases"] if "expected" in c]
    rules = {
        line["rule"]
        for c in cases
        for key in ("lines", "credit_lines")
        for line in c["expected"].get(key, [])
    }
    obligations = [
        c["expected"]["obligation"] for c in cases if isinstance(c["expected"].get("obligation"), dict)
    ]
    rules |= {line["rule"] for o in obligations for line in o["lines"]}
    wanted = {
        "role.classroom_tutor",
        "role.fsc_scientific_lead",
        "role.scientific_lead_rounding",
        "country.eu_members",
        "country.abroad_outside_eu",
        "event.participation.min_attendance",
        "event.participation.min_test_score",
        "profession.farmacista.internship_tutoring_max",
        "profession.psicologo.internship_supervision",
        "profession.infermiere.fad_max",
        "caps.tipologie_2_5_6_10_max",
        "caps.yearly_employee",
        "exemption.retired",
    }
    assert wanted - rules == set()
    messages = {line["msg"] for c in cases for line in c["expected"].get("lines", [])}
    assert {"line.country.eu", "line.country.outside_eu", "line.country.not_recognised"} <= messages


@pytest.mark.parametrize("name", TOML_FILES)
def test_the_compiled_copy_reads_as_the_toml_file(name: str) -> None:
    """The JSON copy gives back what Python's TOML parser reads, dates included."""
    import tomllib

    assert read(name) == tomllib.loads((RULEBOOK_DIR / "data" / name).read_text(encoding="utf-8"))


def test_a_stale_compiled_copy_is_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """An edited TOML file without `make rules`: its copy no longer matches its hash and the TOML wins."""
    from functions.rulebook import data_files

    copy = compile_all()
    copy["confidence.toml"]["data"]["HIGH"]["label_en"] = "label only in the copy"
    monkeypatch.setattr(data_files, "_compiled", lambda: copy)
    # The copy read while its hash matches the TOML text (so the next check is the hash's doing) ...
    assert read("confidence.toml")["HIGH"]["label_en"] == "label only in the copy"
    # ... and not once the TOML text it was made from has changed.
    copy["confidence.toml"]["sha256"] = "0" * 64
    assert read("confidence.toml")["HIGH"]["label_en"] != "label only in the copy"
