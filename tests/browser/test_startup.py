"""How a calculator page starts on a phone (issue 16, Lighthouse): the calculator appears without
moving what is already on screen, in short tasks, and with saved data it is complete when it says
it is ready.

Layout shifts are read from the browser's own record (PerformanceObserver "layout-shift", the input
of Lighthouse's CLS): at 375 x 800 their sum stays under 0.1, the bound Lighthouse and Core Web
Vitals call good. Timings are not asserted here (they depend on the machine): the benchmark
tests/benchmarks/lighthouse_guide.py prints them.
"""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Browser, expect

from .conftest import EVENT_PAGE, TRIENNIUM_PAGE, PageWatch, open_page
from .helpers import calculator, field

pytestmark = pytest.mark.browser

RECORD_SHIFTS = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shifts.push(entry.value);
}).observe({ type: "layout-shift", buffered: true });
"""
GOOD_CLS = 0.1


@pytest.mark.parametrize(("path", "kind"), [(TRIENNIUM_PAGE, "triennium"), (EVENT_PAGE, "event")])
def test_the_calculator_appears_without_moving_the_page(
    browser: Browser, base_url: str, watch: PageWatch, path: str, kind: str
) -> None:
    page = open_page(browser, watch, width=375)
    page.set_viewport_size({"width": 375, "height": 800})
    page.add_init_script(RECORD_SHIFTS)
    try:
        calculator(page, base_url + path, kind)
        page.wait_for_timeout(300)  # a shift is reported after the frame that shows it
        shifts = page.evaluate("window.__shifts")
        assert sum(shifts) < GOOD_CLS, shifts
        # Its space was kept while it was built (and is released once it is there).
        host = page.locator(f'.ecm-calculator[data-calculator="{kind}"]')
        min_height = host.evaluate("(el) => parseFloat(getComputedStyle(el).minHeight) || 0")
        assert min_height < 800 / 4, min_height
    finally:
        page.context.close()
    watch.assert_clean()


def test_the_space_is_kept_while_the_calculator_is_built(
    browser: Browser, base_url: str, watch: PageWatch
) -> None:
    page = open_page(browser, watch, width=375)
    page.set_viewport_size({"width": 375, "height": 800})
    # The rules never arrive: the calculator stays "loading".
    page.route("**/assets/data/rules.*", lambda route: None)
    try:
        page.goto(base_url + TRIENNIUM_PAGE, wait_until="domcontentloaded")
        host = page.locator('.ecm-calculator[data-calculator="triennium"]')
        expect(host).to_have_attribute("data-ecm-ready", "loading")
        assert host.bounding_box()["height"] >= 800  # type: ignore[index]
    finally:
        page.context.close()


def test_a_long_saved_list_is_complete_when_ready(browser: Browser, base_url: str, watch: PageWatch) -> None:
    # 60 credits of 1 credit each in 2023-2025: added in batches at start-up, all there when ready.
    credits = [{"id": f"c{i}", "type": "res_course", "date": "2024-03-01", "credits": 1} for i in range(60)]
    state = {"triennium": "2023-2025", "profile": {}, "exemptions": [], "credits": credits}
    page = open_page(browser, watch, width=375)
    saved = json.dumps(json.dumps(state))
    page.add_init_script(f"window.localStorage.setItem('ecm-triennium-v1', {saved});")
    try:
        host = calculator(page, base_url + TRIENNIUM_PAGE, "triennium")
        expect(field(host, "credits")).to_have_count(60)
        expect(host.locator('[data-testid="recorded"]')).to_have_text("60")
    finally:
        page.context.close()
    watch.assert_clean()
