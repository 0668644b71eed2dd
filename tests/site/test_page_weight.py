"""Page weight over the built guide (issue 12, "half the weight"): every page, in both languages, opened in
Chromium; what it downloads, compressed, stays within its budget (a calculator page 150 KB, any other
page 120 KB; see tests/site/page_weight.py). The figures per page kind are printed (pytest -s).

Also: each calculator's bundle and the rules file load only where that calculator is (the event
calculator's page does not download the triennium calculator, nor the other way round), under
content-hashed names, and the search index is downloaded when the reader starts a search, not with
every page.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import sync_playwright

from tests.web_support import CHROMIUM_ARGS, find_chromium, serve

from . import page_weight
from .page_weight import BUDGETS, KB, Weight

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
HASHED = re.compile(r"\.[0-9a-f]{10}\.min\.(js|json)$")
BUNDLE = re.compile(r"ecm-calculators-(\w+)\.[0-9a-f]{10}\.min\.js$")


def _in_own_thread(function: Callable[..., Any], *args: Any) -> Any:
    """Playwright's sync API refuses a thread with a running event loop (another browser test module's)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args).result()


@pytest.fixture(scope="module")
def weights(built: Path) -> list[Weight]:
    if not find_chromium():
        pytest.fail("Chromium is missing: run `bash infra/ensure-browser.sh` (Debian's chromium package)")
    result: list[Weight] = _in_own_thread(page_weight.measure_site, built)
    return result


def test_every_page_is_within_its_weight_budget(weights: list[Weight]) -> None:
    print("\npage weight, compressed (heaviest page of each kind):")
    for line in page_weight.report(weights):
        print("  " + line)
    kinds = {w.kind for w in weights}
    assert kinds == {"calculator", "other"}, kinds
    assert len([w for w in weights if w.kind == "calculator"]) == 4  # two calculators, two languages
    problems = page_weight.over_budget(weights)
    assert not problems, "pages over their weight budget:\n" + "\n".join(problems)


def test_the_budget_check_counts_what_a_page_fetched() -> None:
    heavy = Weight("calcolatori/triennio/", "calculator", [("a.js", BUDGETS["calculator"]), ("b.json", 1)])
    light = Weight("faq/", "other", [("index.html", BUDGETS["other"])])
    assert heavy.total == 150 * KB + 1
    assert page_weight.over_budget([heavy, light]) == [
        "/calcolatori/triennio/ (calculator): 150.0 KB > 150 KB: a.js 150.0, b.json 0.0"
    ]
    assert heavy.by_type() == {"js": 150 * KB, "json": 1}


def test_calculator_files_load_only_on_calculator_pages_under_hashed_names(weights: list[Weight]) -> None:
    for weight in weights:
        own = [p for p, _ in weight.files if "ecm-calculators" in p or p.startswith("assets/data/")]
        if weight.kind == "calculator":
            scripts = [p for p in own if p.endswith(".js")]
            data = [p for p in own if p.startswith("assets/data/")]
            # One bundle, the one of the page's own calculator.
            kind = "triennium" if "/triennio/" in f"/{weight.page}" else "event"
            assert len(scripts) == 1 and HASHED.search(scripts[0]), (weight.page, own)
            match = BUNDLE.search(scripts[0])
            assert match and match.group(1) == kind, (weight.page, scripts)
            assert len(data) == 1 and HASHED.search(data[0]), (weight.page, own)
        else:
            assert not own, (weight.page, own)
        assert not any("/src/" in p or p.endswith("ecm-engine.js") for p, _ in weight.files), weight.page


def test_no_page_downloads_the_search_index_before_a_search(weights: list[Weight]) -> None:
    for weight in weights:
        assert not [p for p, _ in weight.files if "search_index" in p or "workers/search" in p], weight.page


def test_engine_sources_are_not_published(built: Path) -> None:
    scripts = built / "assets" / "javascripts"
    assert not (scripts / "src").exists()
    assert not (scripts / "ecm-engine.js").exists()
    assert not (scripts / "ecm-calculators.js").exists()
    bundles = {BUNDLE.search(p.name).group(1): p for p in scripts.glob("ecm-calculators-*.min.js")}  # type: ignore[union-attr]
    assert sorted(bundles) == ["event", "triennium"]
    sources = ROOT / "site/assets/javascripts/src"
    for kind, bundle in bundles.items():
        assert bundle.with_name(bundle.name + ".map").is_file()
        source_map = json.loads(bundle.with_name(bundle.name + ".map").read_text(encoding="utf-8"))
        modules = [sources.parent / name for name in source_map["sources"]]
        assert all(path.is_file() for path in modules), source_map["sources"]
        # Minified: well under the size of the modules it was made of.
        assert bundle.stat().st_size < 0.6 * sum(path.stat().st_size for path in modules)
        assert "/*" not in bundle.read_text(encoding="utf-8"), "comments left in the bundle"
        # Each page kind's bundle leaves the other calculator out.
        other = "ui/event.js" if kind == "triennium" else "ui/triennium.js"
        assert f"src/{other}" not in source_map["sources"], (kind, source_map["sources"])
        assert f"src/ui/{kind}.js" in source_map["sources"], (kind, source_map["sources"])
    # The hash is of the content: the rules file's name changes with the rules.
    (rules,) = (built / "assets" / "data").glob("rules.*.min.json")
    assert rules.name == f"rules.{hashlib.sha256(rules.read_bytes()).hexdigest()[:10]}.min.json"


def _search_after_typing(site: Path) -> tuple[list[str], list[str], int]:
    chromium = find_chromium()
    assert chromium
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="it-IT")
            page = context.new_page()
            fetched: list[str] = []
            context.on("request", lambda r: fetched.append(r.url))
            page.goto(base + "obbligo/", wait_until="networkidle")
            before = [u for u in fetched if "search" in u and "search-" not in u]
            page.locator(".md-search__input").fill("Co.Ge.A.P.S.")
            page.wait_for_selector(".md-search-result__item", timeout=15_000)
            after = [u for u in fetched if "search" in u and "search-" not in u]
            count = page.locator(".md-search-result__item").count()
            context.close()
            return before, after, count
        finally:
            browser.close()


def test_search_works_when_the_reader_starts_it(built: Path) -> None:
    before, after, count = _in_own_thread(_search_after_typing, built)
    assert before == [], before
    assert any(u.endswith("/search/search_index.json") for u in after), after
    assert any("/workers/search." in u for u in after), after
    assert count > 0
