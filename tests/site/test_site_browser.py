"""Every page of the guide in Chromium at phone width: no serious accessibility violation (axe-core, light
and dark schemes), no sideways scrolling, and no request leaves the site.

The content pages are the guide's; the calculators inside two of them have their own browser tests.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.web_support import CHROMIUM_ARGS, serve

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    out = tmp_path_factory.mktemp("public-browser")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
    )
    with serve(out) as url:
        yield url


def _pages() -> list[str]:
    """Every page's address relative to the site root, in both languages."""
    pages = []
    for path in sorted((ROOT / "site" / "it").rglob("*.md")):
        rel = path.relative_to(ROOT / "site" / "it").with_suffix("").as_posix()
        rel = "" if rel == "index" else rel.removesuffix("/index") + "/"
        pages += [rel, "en/" + rel]
    return pages


# axe-core takes seconds on a long page: it runs on pages of each kind (markers, examples, tables, API
# reference, code), in both languages; the cheaper layout check runs on nearly every page.
AXE_SAMPLE = {
    "light": ("", "eventi/docenza-tutoring/", "obbligo/", "fonti/", "metodo/", "sviluppatori/api/"),
    "dark": ("", "eventi/docenza-tutoring/", "sviluppatori/dati/"),
}


def test_every_page_fits_a_phone_and_stays_on_the_site(site_url: str) -> None:
    _in_own_thread(_fits_a_phone, site_url)


def _fits_a_phone(site_url: str) -> None:
    problems: list[str] = []
    host = urlsplit(site_url).netloc
    outside: list[str] = []
    with _browser() as browser:
        page = browser.new_context(viewport={"width": 375, "height": 800}).new_page()
        page.on("request", lambda r: outside.append(r.url) if urlsplit(r.url).netloc != host else None)
        # Both languages share the layout: every Italian page, and the English ones whose tables differ.
        for rel in [p for p in _pages() if not p.startswith("en/") or "eventi" in p or "sviluppatori" in p]:
            page.goto(site_url + rel)
            overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
            if overflow > 0:
                problems.append(f"{rel or '/'}: scrolls sideways by {overflow}px at 375px")
    problems += [f"request outside the site: {url}" for url in outside]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_of_every_kind_have_no_serious_accessibility_violation(site_url: str, scheme: str) -> None:
    _in_own_thread(_accessible, site_url, scheme)


def _accessible(site_url: str, scheme: str) -> None:
    axe_module = pytest.importorskip("axe_playwright_python")
    axe_js = Path(axe_module.__file__).with_name("axe.min.js")
    problems: list[str] = []
    with _browser() as browser:
        page = browser.new_context(viewport={"width": 375, "height": 800}, color_scheme=scheme).new_page()
        for rel in [p for base in AXE_SAMPLE[scheme] for p in (base, "en/" + base)]:
            page.goto(site_url + rel)
            page.add_script_tag(path=str(axe_js))
            violations = page.evaluate(
                "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            )
            for violation in violations:
                if violation["impact"] in ("serious", "critical"):
                    targets = [node["target"] for node in violation["nodes"]][:3]
                    problems.append(f"{rel or '/'}: {violation['id']} {targets}")
    assert not problems, "\n".join(problems)


def _in_own_thread(function: Callable[..., None], *args: str) -> None:
    """Playwright's sync API refuses a thread with a running event loop, which another browser test
    module in the same worker may have left (a session-wide Playwright): use a fresh thread."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(function, *args).result()


@contextlib.contextmanager
def _browser() -> Iterator[Any]:
    playwright = pytest.importorskip("playwright.sync_api")
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        pytest.skip("Chromium is missing: run `bash infra/ensure-browser.sh`")
    with playwright.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


# Issue 9 item 7: one search index per language, the registry found under every spelling.
REGISTRY_QUERIES = ("Co.Ge.A.P.S.", "cogeaps", "CoGeAPS")


def test_search_downloads_one_language_and_finds_the_registry_under_any_spelling(site_url: str) -> None:
    _in_own_thread(_search, site_url)


def _search(site_url: str) -> None:
    problems: list[str] = []
    with _browser() as browser:
        context = browser.new_context(locale="it-IT", viewport={"width": 375, "height": 800})
        page = context.new_page()
        fetched: list[str] = []
        page.on("request", lambda r: fetched.append(r.url) if "search_index" in r.url else None)
        for prefix, count_word in (("", "documenti trovati"), ("en/", "matching documents")):
            for query in REGISTRY_QUERIES:
                page.goto(f"{site_url}{prefix}?q={query}")
                page.wait_for_selector(".md-search-result__item", timeout=10000)
                meta = page.locator(".md-search-result__meta").inner_text()
                found = re.search(r"(\d+) " + count_word, meta)
                items = page.locator(".md-search-result__item")
                hrefs = [
                    items.nth(i).locator("a").first.get_attribute("href") or "" for i in range(items.count())
                ]
                if not found:
                    problems.append(f"{prefix}{query}: no count in {meta!r}")
                    continue
                # Material lists ten results and the rest on scrolling: the shown ones are all visible.
                shown = sum(1 for i in range(items.count()) if items.nth(i).is_visible())
                if shown != min(int(found.group(1)), 10) or shown != items.count():
                    problems.append(f"{prefix}{query}: {meta!r} but {shown} of {items.count()} shown")
                for registry_page in ("verificare-crediti/", "mancano-crediti/"):
                    if not any(registry_page in h for h in hrefs):
                        problems.append(f"{prefix}{query}: {registry_page} not among the results shown")
                if any(("/en/" in h) != (prefix == "en/") for h in hrefs):
                    problems.append(f"{prefix}{query}: a result in the other language")
        italian = [u for u in fetched if "/en/search/" not in u]
        english = [u for u in fetched if "/en/search/" in u]
        if not italian or not english:
            problems.append(f"each language fetches its own index: {sorted(set(fetched))}")
        context.close()
    assert not problems, "\n".join(problems)
