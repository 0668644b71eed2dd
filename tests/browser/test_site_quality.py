"""Site-wide checks of the calculator pages: language switch, accessibility (axe-core), phone and
desktop screenshots, no sideways scrolling, rules loaded relative to the script."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.infra.test_guide_hosting import csp_text
from tests.web_support import serve

from .conftest import ARTIFACTS, EVENT_PAGE, TRIENNIUM_PAGE, PageWatch, open_page
from .helpers import (
    CALCULATOR_PAGES,
    EXPORT,
    axe_violations,
    calculator,
    event_credits,
    field,
    fill_event,
    import_export,
    open_filled,
    switch_language,
)

pytestmark = pytest.mark.browser


def test_language_switch_keeps_the_page(page: Page, base_url: str, watch: PageWatch) -> None:
    for path in (EVENT_PAGE, TRIENNIUM_PAGE):
        page.goto(base_url + path)
        switch_language(page, "en", "English")
        page.wait_for_url(base_url + "en/" + path)
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.locator(".ecm-calculator")).to_have_attribute("data-ecm-ready", "true")
        switch_language(page, "it", "Italiano")
        page.wait_for_url(base_url + path)
        expect(page.locator("html")).to_have_attribute("lang", "it")
    watch.assert_clean()


@pytest.mark.parametrize("path", CALCULATOR_PAGES)
def test_calculators_have_no_serious_accessibility_violation(
    page: Page, base_url: str, watch: PageWatch, path: str
) -> None:
    open_filled(page, base_url + path)
    violations = axe_violations(page, ".ecm-calculator")
    assert not violations, json.dumps(violations, indent=1)
    watch.assert_clean()


@pytest.mark.parametrize("path", [EVENT_PAGE, TRIENNIUM_PAGE])
def test_calculators_in_the_dark_scheme(browser: Browser, base_url: str, watch: PageWatch, path: str) -> None:
    page = open_page(browser, watch, dark=True)
    try:
        open_filled(page, base_url + path)
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
        violations = axe_violations(page, ".ecm-calculator")
        assert not violations, json.dumps(violations, indent=1)
        watch.assert_clean()
    finally:
        page.context.close()


@pytest.mark.parametrize("path", ["", "en/", *CALCULATOR_PAGES[:4]])
def test_pages_have_no_serious_accessibility_violation(
    page: Page, base_url: str, watch: PageWatch, path: str
) -> None:
    open_filled(page, base_url + path)
    violations = axe_violations(page)
    assert not violations, json.dumps(violations, indent=1)
    watch.assert_clean()


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize(("kind", "path"), [("event", EVENT_PAGE), ("triennium", TRIENNIUM_PAGE)])
def test_screenshots_and_no_sideways_scroll(
    browser: Browser, base_url: str, watch: PageWatch, width: int, kind: str, path: str
) -> None:
    page = open_page(browser, watch, width=width)
    try:
        host = calculator(page, base_url + path, kind)
        if kind == "event":
            fill_event(host, date="2024-05-10", hours="6", participants="20")
            expect(event_credits(host)).to_have_text("7,8")
        else:
            field(host, "triennium").select_option("2023-2025")
            import_export(host, EXPORT)
            expect(host.locator('[data-testid="counted"]')).to_have_text("126")
        root = "document.documentElement"
        overflow = page.evaluate(f"{root}.scrollWidth - {root}.clientWidth")
        assert overflow <= 0, f"the page scrolls sideways by {overflow}px at {width}px"
        ARTIFACTS.mkdir(exist_ok=True)
        host.screenshot(path=str(ARTIFACTS / f"calculator-{kind}-{width}.png"))
        watch.assert_clean()
    finally:
        page.context.close()


def test_rules_are_loaded_once_under_their_hashed_name(page: Page, base_url: str, watch: PageWatch) -> None:
    loaded: list[str] = []
    page.on("request", lambda r: loaded.append(r.url) if "/assets/data/" in r.url else None)
    calculator(page, base_url + "en/" + TRIENNIUM_PAGE, "triennium")
    assert len(loaded) == 1 and re.fullmatch(
        re.escape(base_url) + r"assets/data/rules\.[0-9a-f]{10}\.min\.json", loaded[0]
    ), loaded
    watch.assert_clean()


def test_calculators_work_under_the_sites_content_security_policy(
    browser: Browser, built_site: Path, watch: PageWatch
) -> None:
    """The CSP that CloudFront sends (template.yaml): the calculators must run and fetch under it."""
    policy = re.sub(r"\$\{AWS::[A-Za-z]+\}", "example", csp_text())  # the API's host does not matter here
    with serve(built_site, {"Content-Security-Policy": policy}) as url:
        page = open_page(browser, watch)
        page.on(
            "console", lambda m: watch.errors.append(m.text) if "Content Security Policy" in m.text else None
        )
        try:
            for path in (EVENT_PAGE, "en/" + TRIENNIUM_PAGE):
                response = page.goto(url + path)
                assert response is not None and "default-src" in response.headers["content-security-policy"]
                host = page.locator(".ecm-calculator")
                expect(host).to_have_attribute("data-ecm-ready", "true")
                expect(page.locator(".ecm-result__live")).not_to_be_empty()
            host = calculator(page, url + EVENT_PAGE, "event")
            fill_event(host, date="2024-05-10", hours="6", participants="20")
            expect(event_credits(host)).to_have_text("7,8")
            watch.assert_clean()
        finally:
            page.context.close()
