"""Issue 9's nurse, on her phone with an Italian browser: every step English shows, shown in Italian.

Esenzione 1 Feb-31 Aug 2024 in 2023-2025, autoformazione over the cap. By hand: 213 days (2024 is a
leap year) = 14 blocks of 15 days × 2 credits = 28; 150 - 28 = 122 owed; autoformazione at most
1/5 of 122 = 24.4, so 25 recorded lose 0.6; counted 24.4 + 40 = 64.4.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.rulebook.test_messages import _italian_problems

from .conftest import TRIENNIUM_PAGE, PageWatch, open_page
from .helpers import calculator, field, import_export

pytestmark = pytest.mark.browser

NURSE = {
    "profile": {},
    "credits": [
        {"id": "a1", "type": "autoformazione", "date": "2024-10-10", "credits": 25.0},
        {"id": "r1", "type": "res_course", "date": "2024-11-10", "credits": 40.0},
    ],
    "exemptions": [{"kind": "esenzione", "start": "2024-02-01", "end": "2024-08-31"}],
}


def _steps(browser: Browser, watch: PageWatch, url: str, locale: str) -> tuple[list[tuple[str, str]], str]:
    page = open_page(browser, watch, width=375, locale=locale)
    try:
        host = calculator(page, url, "triennium")
        field(host, "triennium").select_option("2023-2025")
        import_export(host, NURSE)
        expect(host.locator('[data-testid="obligation"]')).to_have_text("122")
        # The result's lines (the status answer above the form repeats some inside "Perché").
        lines = host.locator(".ecm-line:not(.ecm-status-answer .ecm-line)")
        steps = [
            (
                lines.nth(i).get_attribute("data-rule") or "",
                lines.nth(i).locator(".ecm-line__text").inner_text(),
            )
            for i in range(lines.count())
        ]
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the page scrolls sideways by {overflow} px at 375 px"
        text = host.inner_text()
        options = host.locator('[name="whatIfCredit"] option').all_inner_texts()
        return steps, text + "\n" + "\n".join(options)
    finally:
        page.context.close()


def test_the_nurse_sees_every_step_in_italian_at_375_px(
    browser: Browser, base_url: str, watch: PageWatch
) -> None:
    italian, shown = _steps(browser, watch, base_url + TRIENNIUM_PAGE, "it-IT")
    english, _ = _steps(browser, watch, base_url + "en/" + TRIENNIUM_PAGE, "en-GB")
    # The same steps in both languages, each with its sentence.
    assert [rule for rule, _ in italian] == [rule for rule, _ in english]
    assert all(text.strip() for _, text in italian), italian
    sentences = [text for _, text in italian]
    assert (
        "esenzione dal 1° febbraio 2024 al 31 agosto 2024: 213 giorni continuativi = 14 × 15 giorni"
        in sentences
    )
    assert "autoformazione: limitato a 1/5 di 122 = 24,4" in sentences
    assert "213 continuous days = 14 × 15 days" in " ".join(text for _, text in english)
    assert "−28" in shown and "−0,6" in shown and "64,4" in shown
    assert "10 ottobre 2024" in shown  # the what-if's credit list writes dates in Italian
    assert _italian_problems("\n".join(sentences)) == []
    watch.assert_clean()
