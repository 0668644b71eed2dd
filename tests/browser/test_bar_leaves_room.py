"""The triennium calculator's sticky answer bar never sits over a button that a phone user would tap.

A reviewer at 375 x 800 (it-IT) found "Aggiungi un periodo" under the bar when the button reached the
bottom of the screen: a tap there hit the bar. The bar now steps aside while a button of the form is in
the strip it covers. Checked for every button of the form, at several distances from the bottom edge:
the point at the button's centre belongs to the button (document.elementFromPoint), and the bar, if it
is on screen, does not overlap the button's box. The bar must still show when no button is under it.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from .conftest import ARTIFACTS, PHONE_HEIGHT, TRIENNIUM_PAGE, PageWatch
from .helpers import calculator, settle

pytestmark = pytest.mark.browser

# The button's bottom edge this many px above the screen's bottom edge (0: on it), then scrolled on.
OFFSETS = (0, 10, 30, 60)

# Scroll the button to the given distance from the bottom (place_and_probe then waits for the bar).
PLACE = """(button, offset) =>
  window.scrollBy(0, button.getBoundingClientRect().bottom - (innerHeight - offset))"""

# What the user would tap at the button's centre, and where the bar is drawn.
PROBE = """button => {
  const r = button.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  const bar = document.querySelector('.ecm-bar');
  // Where the bar is drawn now (its box includes the step-aside transform), and whether it is visible.
  const b = bar.getBoundingClientRect();
  const visible = Number(getComputedStyle(bar).opacity) > 0 && b.top < innerHeight;
  return {
    bottom: Math.round(innerHeight - r.bottom),
    hitsButton: !!hit && (hit === button || button.contains(hit)),
    hit: hit ? hit.className || hit.tagName : null,
    overlap: visible && b.top < r.bottom && b.bottom > r.top,
    barTop: Math.round(b.top),
  };
}"""


def place_and_probe(page: Page, button: Locator, offset: int) -> dict[str, Any]:
    """Put ``button`` ``offset`` px above the screen's bottom edge, wait for the bar (its update runs in
    the next animation frame, then a 150 ms transition: 450 ms as a floor, then until it has ended) and
    report what a tap there would hit."""
    button.evaluate(PLACE, offset)
    page.wait_for_timeout(450)
    settle(page)
    seen: dict[str, Any] = button.evaluate(PROBE)
    return seen


def test_no_button_of_the_form_is_under_the_bar_at_the_bottom_of_the_screen(
    phone: Page, base_url: str, watch: PageWatch
) -> None:
    host = calculator(phone, base_url + TRIENNIUM_PAGE, "triennium")
    add = host.get_by_role("button", name="Aggiungi un periodo")
    expect(add).to_be_visible()
    # A row with its "Rimuovi" button too (the screenshot of the review had it above the add button).
    add.click()
    buttons = host.locator("form button:visible")
    assert buttons.count() >= 4  # the add buttons of each list and the new row's remove button
    problems = []
    for index in range(buttons.count()):
        button = buttons.nth(index)
        label = " ".join(button.inner_text().split())
        for offset in OFFSETS:
            seen = place_and_probe(phone, button, offset)
            assert seen["bottom"] == offset, seen  # the page was long enough to place it there
            if not seen["hitsButton"] or seen["overlap"]:
                problems.append(f"'{label}' {offset} px from the bottom: {seen}")
    place_and_probe(phone, add, 10)
    phone.screenshot(path=str(ARTIFACTS / "triennium-375-button-at-bottom.png"))
    assert not problems, "\n".join(problems)
    watch.assert_clean()


def test_the_bar_still_shows_when_no_button_is_under_it(phone: Page, base_url: str) -> None:
    host = calculator(phone, base_url + TRIENNIUM_PAGE, "triennium")
    add = host.get_by_role("button", name="Aggiungi un periodo")
    # The add button well above the bar's strip (200 px up), the answer out of sight above.
    seen = place_and_probe(phone, add, 200)
    assert seen["hitsButton"]
    bar = host.locator(".ecm-bar")
    assert not bar.evaluate("b => b.matches('.ecm-bar--yield, .ecm-bar--answer-in-sight')")
    assert bar.evaluate("b => Number(getComputedStyle(b).opacity)") == 1
    bar_box = bar.bounding_box()
    assert bar_box is not None and bar_box["y"] + bar_box["height"] <= PHONE_HEIGHT + 1
    assert bar_box["y"] >= PHONE_HEIGHT - 80 and seen["barTop"] == round(bar_box["y"])
