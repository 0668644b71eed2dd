"""Fixtures for the browser tests: the built site served on loopback, and Debian's Chromium.

The site is built once per test process with ``mkdocs build`` into a temporary folder and served by
``http.server`` on a free loopback port. Chromium is Debian's package (``infra/ensure-browser.sh``
installs it for ``make test``); when it is missing these tests fail rather than skip.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Playwright, Request, Route, sync_playwright

from functions.api.logic import clock
from tests.web_support import CHROMIUM_ARGS, find_chromium, serve

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
# The calculator pages (Italian at the root, English under /en/) and the plain page of the widgets.
EVENT_PAGE = "calcolatori/crediti-evento/"
TRIENNIUM_PAGE = "calcolatori/triennio/"
DEV_PAGE = "ecm-dev-calculators.html"


def chromium_path() -> str:
    found = find_chromium()
    if not found:
        pytest.fail("Chromium is missing: run `bash infra/ensure-browser.sh` (Debian's chromium package)")
    return found


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, f"mkdocs build failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    # The widgets' own test page, beside the site's assets (it loads assets/... relatively).
    dev_page = Path(__file__).with_name("calculators.html").read_text(encoding="utf-8")
    for kind in ("event", "triennium"):
        (bundle,) = (out / "assets" / "javascripts").glob(f"ecm-calculators-{kind}.*.min.js")
        dev_page = dev_page.replace(f"ecm-calculators-{kind}.js", bundle.name)
    (out / DEV_PAGE).write_text(dev_page, encoding="utf-8")
    return out


@pytest.fixture(scope="session")
def base_url(built_site: Path) -> Iterator[str]:
    with serve(built_site) as url:
        yield url


# Per module, not per session: a running sync Playwright keeps an event loop alive, and other test
# modules in the same process (tests/site) start their own, which Playwright refuses meanwhile.
@pytest.fixture(scope="module")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="module")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
    try:
        yield browser
    finally:
        browser.close()


@dataclass
class PageWatch:
    """What a page did that a test must not let pass: console errors and requests off this machine."""

    errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)

    def console(self, kind: str, text: str, url: str) -> None:
        if kind != "error":
            return
        # Material prefetches sitemap.xml beside every <link rel="alternate"> that mkdocs-static-i18n
        # writes (the page's translations), and those 404. Reported to the site; any other 404 counts.
        if text.startswith("Failed to load resource") and url.endswith("/sitemap.xml"):
            return
        self.errors.append(f"{text} ({url})" if url else text)

    def assert_clean(self) -> None:
        assert not self.errors, f"console errors: {self.errors}"
        assert not self.foreign_requests, f"third-party requests: {self.foreign_requests}"


@pytest.fixture
def watch() -> PageWatch:
    return PageWatch()


def open_page(
    browser: Browser, watch: PageWatch, width: int = 1280, locale: str = "it-IT", dark: bool = False
) -> Page:
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale=locale, color_scheme="dark" if dark else "light"
    )
    # The page's "today" is the product's clock (pinned for the tests in tests/conftest.py), not the
    # machine's: a calculator's default date must not change the answer a test expects.
    context.clock.set_fixed_time(clock.now())

    def only_loopback(route: Route, request: Request) -> None:
        host = urlsplit(request.url).hostname or ""
        if request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            route.continue_()
        else:
            watch.foreign_requests.append(request.url)
            route.abort()

    context.route("**/*", only_loopback)
    page = context.new_page()
    page.on("console", lambda m: watch.console(m.type, m.text, m.location.get("url", "")))
    page.on("pageerror", lambda e: watch.errors.append(str(e)))
    return page


@pytest.fixture
def page(browser: Browser, watch: PageWatch) -> Iterator[Page]:
    page = open_page(browser, watch)
    try:
        yield page
    finally:
        page.context.close()


# A phone as the issues' journeys use it: 375 x 800, Italian, on the day the figures were computed.
PHONE_WIDTH, PHONE_HEIGHT = 375, 800
PHONE_TODAY = "2026-11-29T10:00:00"


@pytest.fixture
def phone(browser: Browser, watch: PageWatch) -> Iterator[Page]:
    """A 375 x 800 it-IT page whose clock is fixed at PHONE_TODAY (the calculators' "today")."""
    page = open_page(browser, watch, width=PHONE_WIDTH)
    page.set_viewport_size({"width": PHONE_WIDTH, "height": PHONE_HEIGHT})
    page.clock.set_fixed_time(PHONE_TODAY)
    try:
        yield page
    finally:
        page.context.close()
