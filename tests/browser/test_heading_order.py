"""Headings in order on the calculator pages once the calculators have drawn themselves (issue 16 item 5).

The static check (tests/site/test_site.py) reads the built HTML; the calculators add their own headings
in the browser (the triennium's h2 "Sei in regola?" and h3 for the steps; the event's h3 for its
steps), so the order is checked after they render and after a result is shown: one h1, and never a
jump of more than one level down.
"""

from __future__ import annotations

import itertools

import pytest
from playwright.sync_api import Page, expect

from .conftest import EVENT_PAGE, TRIENNIUM_PAGE, PageWatch
from .helpers import calculator, event_credits, fill_event

pytestmark = pytest.mark.browser

LEVELS = "[...document.querySelectorAll('article :is(h1,h2,h3,h4,h5,h6)')].map(h => Number(h.tagName[1]))"


def _assert_in_order(levels: list[int], where: str) -> None:
    assert levels and levels[0] == 1 and levels.count(1) == 1, f"{where}: {levels}"
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, f"{where}: h{before} followed by h{after} in {levels}"


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_calculator_pages_keep_headings_in_order(
    page: Page, base_url: str, watch: PageWatch, prefix: str
) -> None:
    host = calculator(page, base_url + prefix + TRIENNIUM_PAGE, "triennium")
    expect(host.locator("h3").first).to_be_visible()
    levels = page.evaluate(LEVELS)
    # The calculator's own headings: h2 "Sei in regola?" right under the page's h1, h3 for the steps.
    assert 2 in levels and 3 in levels, levels
    _assert_in_order(levels, prefix + TRIENNIUM_PAGE)

    host = calculator(page, base_url + prefix + EVENT_PAGE, "event")
    fill_event(host, date="2024-05-10", type="res_course", hours="6", participants="20")
    expect(event_credits(host)).to_be_visible()
    # Under the page's one h2, the event calculator's own headings ("Come è calcolato") are h3.
    expect(host.locator("h3").first).to_be_visible()
    levels = page.evaluate(LEVELS)
    assert 3 in levels, levels
    _assert_in_order(levels, prefix + EVENT_PAGE)
    watch.assert_clean()
