"""Validation shared by both calculators (issue 12, item 3): when errors appear and what they say.

A new row is not an error before the person has typed in it and left it; a word where a number goes
is "not a number", never "required" (which hid it before).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .conftest import TRIENNIUM_PAGE, PageWatch
from .helpers import calculator, field

pytestmark = pytest.mark.browser


def test_a_new_credit_row_is_not_red_and_words_are_not_numbers(
    page: Page, base_url: str, watch: PageWatch
) -> None:
    host = calculator(page, base_url + TRIENNIUM_PAGE, "triennium")
    field(host, "triennium").select_option("2023-2025")
    host.get_by_role("button", name="Aggiungi credito").click()
    row = host.locator(".ecm-credit").last
    expect(row.locator('[aria-invalid="true"]')).to_have_count(0)
    expect(row.locator(".ecm-error:visible")).to_have_count(0)
    row.locator('[name="date"]').fill("2024-03-01")
    credits = row.locator('[name="credits"]')
    credits.fill("dieci")
    expect(credits).not_to_have_attribute("aria-invalid", "true")  # still typing
    credits.blur()
    expect(credits).to_have_attribute("aria-invalid", "true")
    expect(host.locator(f"#{credits.get_attribute('aria-describedby')}")).to_have_text(
        "Crediti: deve essere un numero, scritto per esempio 7,5 o 1.000"
    )
    credits.fill("12,5")
    expect(credits).not_to_have_attribute("aria-invalid", "true")
    credits.fill("")
    expect(host.locator(f"#{credits.get_attribute('aria-describedby')}")).to_have_text(
        "Crediti: campo obbligatorio"
    )
    watch.assert_clean()
