"""A dentist who works with medical exposure can answer the question the rule book asks.

The radioprotection quota (D.Lgs 101/2020 art. 162 c. 4; ecm-rules.md §11.11) applies to a dentist only
with complementary radiological activity, and then at 15 % instead of 10 %. The engine asks "say whether
you perform it" (error.radioprotection_complementary); the triennium calculator had no field for it, so
a dentist who ticked "medical exposure" got an error no input could fix, and an API export with the
answer lost it on import (the API then said 15 %, the calculator something else).

Expected figures by hand: a dentist registered long before 2026 owes 150 credits in 2026-2028 (§2);
15 % of 150 = 22.5.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .conftest import ARTIFACTS, TRIENNIUM_PAGE, PageWatch
from .helpers import calculator, field, import_export

pytestmark = pytest.mark.browser


def test_a_dentist_with_medical_exposure_is_asked_and_gets_15_percent(
    phone: Page, base_url: str, watch: PageWatch
) -> None:
    host = calculator(phone, base_url + TRIENNIUM_PAGE, "triennium")
    field(host, "triennium").select_option("2026-2028")
    complementary = field(host, "radiology_complementary")
    # Only the professions the rule names (medico chirurgo, odontoiatra) see the question.
    field(host, "profession").select_option("infermiere")
    expect(complementary).to_be_hidden()
    field(host, "profession").select_option("odontoiatra")
    expect(complementary).to_be_visible()
    field(host, "medical_exposure").check()
    # Not answered: the rule book's question shows at once, on the field that answers it (not touched yet).
    question = host.get_by_text("indica se la svolgi")
    expect(question).to_be_visible()
    expect(complementary).to_have_attribute("aria-invalid", "true")
    complementary.check()
    expect(question).to_have_count(0)
    expect(complementary).not_to_have_attribute("aria-invalid", "true")
    answer = host.locator(".ecm-calc--triennium")
    expect(answer).to_contain_text("attività radiologica complementare")
    expect(answer).to_contain_text("22,5")
    phone.screenshot(path=str(ARTIFACTS / "triennium-375-dentist-radiology.png"), full_page=False)

    # Kept in the backup file, and restored from it (and from the API's export, which has the same key).
    with phone.expect_download() as info:
        host.get_by_role("button", name="Salva una copia su file").click()
    saved = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert saved["profile"]["radiology_complementary"] is True
    phone.once("dialog", lambda d: d.accept())
    host.get_by_role("button", name="Cancella i dati").click()
    expect(complementary).not_to_be_checked()
    import_export(host, saved)
    expect(complementary).to_be_checked()
    expect(answer).to_contain_text("22,5")
    watch.assert_clean()
