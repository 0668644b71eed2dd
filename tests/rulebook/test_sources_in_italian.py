"""No English in the Italian product from the rule book's data: source titles, parameter titles, claim texts.

A fresh tester found English source titles in the Italian calculators ("CNFC, 8 Jun 2022: new point 11 …",
"Delibera CNFC on the 2026-2028 triennium …", "(edition 03-2024)") and in the API's Italian answers.
Every source must have an Italian title, and every result rendered in Italian, by either engine, cites
its sources in Italian (the English titles appear only in English results).
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from functions.rulebook.dispatch import run_or_error
from functions.rulebook.export import rules_export
from functions.rulebook.parameters import _source, load_rulebook

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "functions" / "rulebook" / "data"
VECTORS = json.loads((ROOT / "functions/rulebook/generated/conformance.json").read_text(encoding="utf-8"))[
    "cases"
]
INPUTS = [{"id": str(i), "kind": v["kind"], "input": v["input"]} for i, v in enumerate(VECTORS)]


def _for_the_browser(rules: dict[str, Any]) -> Any:
    """The guide hook's reduction of the rules export (hooks/bundle_scripts.py, loaded from its file as
    MkDocs does: the hooks are not a package)."""
    spec = importlib.util.spec_from_file_location(
        "bundle_scripts_under_test", ROOT / "hooks" / "bundle_scripts.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.for_the_browser(rules)


def _english_only_titles() -> set[str]:
    """Titles that exist only in the English version of a source (some are the same in both)."""
    return {s.title for s in load_rulebook().sources.values() if s.title != s.title_in("it")}


def _refs(value: Any) -> Iterator[dict[str, Any]]:
    """Every cited source ({id, title, url}) anywhere in a result."""
    if isinstance(value, dict):
        if set(value) == {"id", "title", "url"}:
            yield value
        for item in value.values():
            yield from _refs(item)
    elif isinstance(value, list):
        for item in value:
            yield from _refs(item)


def _check(result: dict[str, Any], lang: str) -> list[str]:
    book = load_rulebook()
    problems = [
        f"{ref['id']}: {ref['title']!r}"
        for ref in _refs(result)
        if ref["id"] in book.sources and ref["title"] != book.sources[ref["id"]].title_in(lang)
    ]
    if lang == "it":
        text = json.dumps(result, ensure_ascii=False)
        problems += [f"English title in Italian output: {t!r}" for t in _english_only_titles() if t in text]
    return problems


def test_every_source_in_the_data_has_an_italian_and_an_english_title() -> None:
    raw = tomllib.loads((DATA / "sources.toml").read_text(encoding="utf-8"))
    assert [key for key, value in raw.items() if not value.get("title_it")] == []
    assert [key for key, value in raw.items() if not (value.get("title_en") or value.get("title"))] == []


def test_every_parameter_title_has_an_italian_version() -> None:
    assert [p.id for p in load_rulebook().parameters.values() if not p.title_it.strip()] == []


def test_a_source_without_an_italian_title_does_not_load() -> None:
    with pytest.raises(ValueError, match="title_it is missing"):
        _source("s", {"title_en": "A source", "url": "https://example.org"})


def test_the_python_engine_cites_sources_in_the_readers_language() -> None:
    seen = 0
    for item in INPUTS:
        for lang in ("it", "en"):
            result, error = run_or_error(item["kind"], item["input"], lang)
            if error is not None or result is None:
                continue
            seen += 1
            assert _check(result, lang) == [], (VECTORS[int(item["id"])]["name"], lang)
    assert seen > 250


def test_the_browser_engine_with_the_served_rules_cites_sources_in_the_readers_language(
    tmp_path: Path,
) -> None:
    node = shutil.which("node")
    assert node, "node (>= 18) is required"
    inputs = tmp_path / "inputs.json"
    inputs.write_text(json.dumps(INPUTS), encoding="utf-8")
    rules = tmp_path / "rules.json"
    # The rules file the guide serves to the calculators (hooks/bundle_scripts.for_the_browser).
    rules.write_text(json.dumps(_for_the_browser(rules_export()), default=str), encoding="utf-8")
    done = subprocess.run(
        [node, str(ROOT / "tests/js/run_localized.js"), str(inputs), str(rules)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    answers = json.loads(done.stdout)
    assert len(answers) > 120
    for key, both in answers.items():
        for lang in ("it", "en"):
            assert _check(both[lang], lang) == [], (VECTORS[int(key)]["name"], lang)
