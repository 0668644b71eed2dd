"""Issue 11: the status answer ("Sei in regola?") is the first thing on the triennium calculator.

At 375 x 800 px, in Italian, it shows above the form, in the first screen of the calculator; its
sentences name the current triennium and the insurer's (2023-2025 during 2026-2028, art. 38-bis DL
152/2021), and each opens its explanation lines. The day is fixed (29 Nov 2026) so the answer is stable.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from .conftest import TRIENNIUM_PAGE, PageWatch, open_page
from .helpers import calculator, field, import_export

pytestmark = pytest.mark.browser

CREDITS = {
    "credits": [
        {"id": "a", "type": "res_course", "date": "2024-03-01", "credits": 60.0},
        {"id": "b", "type": "res_course", "date": "2026-03-01", "credits": 20.0},
    ]
}


def test_status_answer_first_on_a_phone_in_italian(browser: Browser, base_url: str, watch: PageWatch) -> None:
    page = open_page(browser, watch, width=375)
    page.set_viewport_size({"width": 375, "height": 800})
    page.clock.set_fixed_time("2026-11-29T10:00:00")
    try:
        host = calculator(page, base_url + TRIENNIUM_PAGE, "triennium")
        field(host, "triennium").select_option("2026-2028")
        import_export(host, CREDITS)
        answer = host.locator('[data-testid="status-answer"]')
        sentences = answer.locator(".ecm-status-answer__list > li")
        # 2026-2028: 150 owed, 20 counted, 130 missing by 31 Dec 2028.
        expect(sentences.first).to_contain_text(
            "Triennio 2026-2028: obbligo 150 crediti, contati 20, ne mancano 130 entro il 31 dicembre 2028."
        )
        # The insurer looks at 2023-2025: 70 % of 150 = 105; 60 counted, 45 missing, until 31 Dec 2028.
        expect(sentences.nth(1)).to_contain_text("l'assicuratore guarda il triennio 2023-2025")
        expect(sentences.nth(1)).to_contain_text("mancano 45 crediti")
        # The first thing on the calculator: before the form, within the first screen of it.
        assert answer.evaluate("a => a.compareDocumentPosition(a.parentNode.querySelector('form')) & 4") == 4
        host.evaluate("h => h.scrollIntoView()")
        box = sentences.nth(1).bounding_box()
        assert box is not None and box["y"] + box["height"] <= 800
        # Each sentence opens its explanation lines.
        sentences.nth(1).locator("summary").click()
        expect(sentences.nth(1).locator(".ecm-line").first).to_be_visible()
        watch.assert_clean()
    finally:
        page.context.close()


def test_no_credit_of_the_insurers_triennium_entered_asks_for_them(
    browser: Browser, base_url: str, watch: PageWatch
) -> None:
    """Review (b3_answer_top.png): only 2026-2028 credits entered, yet 2023-2025 read "mancano 105"."""
    page = open_page(browser, watch, width=375)
    page.clock.set_fixed_time("2026-11-29T10:00:00")
    try:
        host = calculator(page, base_url + TRIENNIUM_PAGE, "triennium")
        field(host, "triennium").select_option("2026-2028")
        import_export(
            host, {"credits": [{"id": "b", "type": "res_course", "date": "2026-10-01", "credits": 40.0}]}
        )
        insurance = host.locator('[data-testid="status-answer"] .ecm-status-answer__list > li').nth(1)
        # 70 % of the 150 owed in 2023-2025 = 105: the threshold, and a request for the credits.
        expect(insurance).to_contain_text("la soglia del 70 % è di 105 crediti")
        expect(insurance).to_contain_text("non è registrato nessun credito di quel triennio")
        expect(insurance).not_to_contain_text("mancano")
        expect(host.locator(".ecm-bar__insurance")).to_have_text(
            "Assicurazione (2023-2025): nessun credito registrato."
        )
        watch.assert_clean()
    finally:
        page.context.close()


def test_no_insurance_meter_before_2023_2025(browser: Browser, base_url: str, watch: PageWatch) -> None:
    page = open_page(browser, watch)
    try:
        host = calculator(page, base_url + TRIENNIUM_PAGE, "triennium")
        field(host, "triennium").select_option("2017-2019")
        expect(host.locator('[data-testid="no-insurance"]')).to_contain_text("non ha una soglia assicurativa")
        expect(host.locator(".ecm-result__body meter")).to_have_count(1)  # only the 100 % meter
        watch.assert_clean()
    finally:
        page.context.close()


def test_second_role_at_one_event_warned_and_counted_once(
    browser: Browser, base_url: str, watch: PageWatch
) -> None:
    page = open_page(browser, watch)
    try:
        host = calculator(page, base_url + TRIENNIUM_PAGE, "triennium")
        field(host, "triennium").select_option("2023-2025")
        both = {
            "credits": [
                {
                    "id": "rel",
                    "type": "res_congress",
                    "role": "teacher",
                    "date": "2024-05-10",
                    "credits": 4.5,
                    "event_code": "1234-56789",
                },
                {
                    "id": "dis",
                    "type": "res_congress",
                    "date": "2024-05-10",
                    "credits": 2.7,
                    "event_code": "1234-56789",
                },
            ]
        }
        import_export(host, both)
        # 90 minutes as speaker = 4.5; as participant 2.7: one role per person, the larger counts.
        expect(host.locator('[data-testid="recorded"]')).to_have_text("7,2")
        expect(host.locator('[data-testid="counted"]')).to_have_text("4,5")
        warnings = host.locator('[data-testid="one-role"]:visible')
        expect(warnings).to_have_count(2)
        expect(warnings.first).to_contain_text("un solo ruolo per evento")
        watch.assert_clean()
    finally:
        page.context.close()
