"""The calculators in a real browser, on the built site: numbers, errors, languages, accessibility.

Each test opens a page of the site built by ``mkdocs build`` and served on loopback (see conftest.py),
types into the calculator as a person would, and reads what the page shows. Every page must load
without console errors and without any request leaving this machine.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import axe_playwright_python
import pytest
from playwright.sync_api import Browser, FilePayload, Locator, Page, expect

from .conftest import ARTIFACTS, DEV_PAGE, EVENT_PAGE, TRIENNIUM_PAGE, PageWatch, open_page

pytestmark = pytest.mark.browser

AXE_JS = Path(axe_playwright_python.__file__).with_name("axe.min.js")


def calculator(page: Page, url: str, kind: str) -> Locator:
    """Open a page and wait until its calculator has read the rules and drawn itself."""
    page.goto(url)
    host = page.locator(f'.ecm-calculator[data-calculator="{kind}"]')
    expect(host).to_have_attribute("data-ecm-ready", "true", timeout=10_000)
    return host


def field(host: Locator, name: str) -> Locator:
    return host.locator(f'[name="{name}"]')


def fill_event(host: Locator, **values: str) -> None:
    for name, value in values.items():
        target = field(host, name)
        if name in ("type", "role", "publication_kind"):
            target.select_option(value)
        else:
            target.fill(value)


def event_credits(host: Locator) -> Locator:
    return host.locator('[data-testid="event-credits"]')


# ---- event calculator ---------------------------------------------------------------------------


def test_event_calculator_res_course_it(page: Page, base_url: str, watch: PageWatch) -> None:
    host = calculator(page, base_url + EVENT_PAGE, "event")
    fill_event(host, date="2024-05-10", type="res_course", hours="6", participants="20")
    expect(event_credits(host)).to_have_text("7,8")  # Italian page: decimal comma
    lines = host.locator(".ecm-line")
    expect(lines).to_have_count(2)
    # Rule titles in the page's language, each with a link to its source and a confidence badge.
    expect(lines.first).to_contain_text("Corso di aggiornamento")
    expect(lines.first.locator("a.ecm-source")).to_have_attribute("href", re.compile(r"^https://"))
    expect(lines.first.locator(".ecm-badge")).to_have_text("affidabilità media")
    expect(host.locator(".ecm-estimate")).to_contain_text("L'Ordine certifica")
    expect(host.locator(".ecm-result__body")).to_contain_text("Regole di calcolo in vigore: manuale-2019")
    fill_event(host, date="2016-04-01", participants="33")  # the 2010 criteria, decreasing band
    expect(event_credits(host)).to_have_text("6,9")  # 6 h × 1.15
    expect(host.locator(".ecm-result__body")).to_contain_text("criteri-2010")
    watch.assert_clean()


def test_event_calculator_answers_as_the_user_types(page: Page, base_url: str, watch: PageWatch) -> None:
    host = calculator(page, base_url + EVENT_PAGE, "event")
    fill_event(host, date="2024-05-10", type="res_course", participants="150")
    field(host, "hours").press_sequentially("8", delay=20)  # no submit button: input events recompute
    expect(event_credits(host)).to_have_text("5,6")
    fill_event(host, type="res_congress", participants="350", hours="25")
    expect(event_credits(host)).to_have_text("6")
    fill_event(host, type="fad_elearning", hours="40")
    field(host, "tutor").check()
    expect(event_credits(host)).to_have_text("50")
    watch.assert_clean()


def test_event_calculator_roles_follow_the_event_date(page: Page, base_url: str, watch: PageWatch) -> None:
    host = calculator(page, base_url + EVENT_PAGE, "event")
    fill_event(host, type="res_course", role="teacher", date="2023-05-10", teaching_minutes="120")
    # Fields depend on the role: a teacher is asked for minutes, not for participants.
    expect(field(host, "participants")).to_be_hidden()
    expect(event_credits(host)).to_have_text("4")
    fill_event(host, date="2025-05-10")
    expect(event_credits(host)).to_have_text("6")
    fill_event(host, role="moderator", sessions="3")
    expect(event_credits(host)).to_have_text("3")
    fill_event(host, role="scientific_lead", event_credits="25")
    expect(event_credits(host)).to_have_text("5")
    watch.assert_clean()


def test_event_calculator_in_english(page: Page, base_url: str, watch: PageWatch) -> None:
    host = calculator(page, base_url + "en/" + EVENT_PAGE, "event")
    fill_event(host, date="2024-05-10", type="fsc_improvement_group", hours="10")
    field(host, "concluding_document").check()
    field(host, "external_tutor").check()
    expect(event_credits(host)).to_have_text("16")
    expect(host.locator(".ecm-line").first).to_contain_text("Improvement groups")
    expect(host.locator(".ecm-estimate")).to_contain_text("The Ordine certifies")
    watch.assert_clean()


@pytest.mark.parametrize(
    ("values", "field_name", "message"),
    [
        ({"hours": "sei"}, "hours", "deve essere un numero"),
        ({"hours": "5000"}, "hours", "al massimo 2000"),
        ({"hours": "0"}, "hours", "0"),
        ({"type": "res_congress", "hours": "6", "participants": "200"}, "participants", "200"),
    ],
)
def test_event_calculator_invalid_input_gets_an_inline_message(
    page: Page, base_url: str, watch: PageWatch, values: dict[str, str], field_name: str, message: str
) -> None:
    host = calculator(page, base_url + EVENT_PAGE, "event")
    fill_event(host, date="2024-05-10", type="res_course", hours="6", participants="20")
    fill_event(host, **values)
    target = field(host, field_name)
    expect(target).to_have_attribute("aria-invalid", "true")
    error = host.locator(f"#{target.get_attribute('aria-describedby')}")
    expect(error).to_be_visible()
    expect(error).to_contain_text(message)
    result = host.locator(".ecm-result__live")
    expect(result).to_contain_text("Correggi i dati evidenziati")  # never a blank or a stale number
    assert "NaN" not in result.inner_text()
    assert "NaN" not in host.inner_text()
    watch.assert_clean()


def test_event_calculator_blended(page: Page, base_url: str, watch: PageWatch) -> None:
    host = calculator(page, base_url + EVENT_PAGE, "event")
    fill_event(host, date="2024-05-10", type="blended")
    parts = host.locator(".ecm-component")
    expect(parts).to_have_count(2)
    parts.nth(0).locator('[name="part_participants"]').fill("20")
    # RES 4 h with 20 participants (1.0 + 0.3 small group) + e-learning 4 h (1.0)
    expect(event_credits(host)).to_have_text("9,2")
    watch.assert_clean()


# ---- triennium calculator -----------------------------------------------------------------------


def test_triennium_2020_2022_with_previous_met(page: Page, base_url: str, watch: PageWatch) -> None:
    host = calculator(page, base_url + TRIENNIUM_PAGE, "triennium")
    field(host, "triennium").select_option("2020-2022")
    field(host, "previous_triennium_met").select_option("true")
    expect(host.locator('[data-testid="obligation"]')).to_have_text("70")
    lines = host.locator(".ecm-lines").first.locator(".ecm-line")
    expect(lines).to_have_count(3)  # base, COVID third, previous triennium met
    expect(lines.nth(1)).to_contain_text("COVID")
    meters = host.locator("meter")
    expect(meters).to_have_count(2)
    expect(meters.nth(0)).to_have_attribute("max", "70")
    expect(meters.nth(1)).to_have_attribute("max", "49")
    expect(host.locator('[data-testid="missing"]')).to_have_text("70")
    watch.assert_clean()


EXPORT: dict[str, Any] = {
    "profile": {"first_registration": "2010-03-01", "previous_triennium_met": False},
    "credits": [
        {"id": "a", "type": "res_course", "date": "2024-03-01", "credits": 50.0},
        {"id": "b", "type": "fad_elearning", "date": "2024-06-01", "credits": 40.0, "sponsored": False},
        {"id": "c", "type": "autoformazione", "date": "2025-01-10", "credits": 40.0},
        {"id": "d", "type": "abroad", "date": "2023-02-01", "credits": 10.0},
        {"id": "e", "type": "res_course", "date": "2021-02-01", "credits": 12.0},
    ],
    "exemptions": [{"kind": "esenzione", "start": "2024-01-01", "end": "2024-05-29", "reason": "maternità"}],
}


def import_export(host: Locator, data: object) -> None:
    body = json.dumps(data).encode()
    payload: FilePayload = {"name": "export.json", "mimeType": "application/json", "buffer": body}
    host.locator('input[type="file"]').set_input_files(files=[payload])


def test_triennium_import_caps_meters_and_storage(page: Page, base_url: str, watch: PageWatch) -> None:
    host = calculator(page, base_url + TRIENNIUM_PAGE, "triennium")
    field(host, "triennium").select_option("2023-2025")
    import_export(host, EXPORT)
    expect(host.locator(".ecm-status")).to_contain_text("5")
    # 150 - 20 (esenzione: 150 continuous days = 10 × 15 days × 2) = 130; autoformazione capped at 20 % = 26.
    expect(host.locator('[data-testid="obligation"]')).to_have_text("130")
    expect(host.locator('[data-testid="recorded"]')).to_have_text("140")
    expect(host.locator('[data-testid="counted"]')).to_have_text("126")
    expect(host.locator('[data-testid="missing"]')).to_have_text("4")
    expect(host.locator(".ecm-note", has_text="altri trienni")).to_contain_text("1")
    expect(host.locator("meter").nth(0)).to_have_attribute("value", "126")

    # The data stays in this browser: a reload shows it again; the clear button removes it.
    page.reload()
    host = calculator(page, base_url + TRIENNIUM_PAGE, "triennium")
    expect(host.locator('[data-testid="counted"]')).to_have_text("126")
    page.once("dialog", lambda dialog: dialog.accept())
    host.get_by_role("button", name="Cancella i dati").click()
    expect(host.locator('[data-testid="recorded"]')).to_have_text("0")
    assert page.evaluate("localStorage.getItem('ecm-triennium-v1')") is not None  # the emptied state
    assert page.evaluate("JSON.parse(localStorage.getItem('ecm-triennium-v1')).credits.length") == 0
    watch.assert_clean()


def api_shaped(export: dict[str, Any]) -> dict[str, Any]:
    """The same data as GET /v1/me/export returns it (CreditOut, ExemptionOut, ProfileOut)."""
    stamp = "2026-11-22T10:00:00Z"
    credits = [
        {
            **{k: v for k, v in c.items() if k != "date"},
            "triennium": "2023-2025" if c["date"] >= "2023" else "2020-2022",
            "title": f"Evento {c['id']}",
            "start_date": c["date"],
            "end_date": c["date"],
            "counted_in": None,
            "registry_status": "provisional",
            "created_at": stamp,
        }
        for c in export["credits"]
    ]
    exemptions = [
        {"id": f"x{i}", "exemption": x, "created_at": stamp} for i, x in enumerate(export["exemptions"])
    ]
    profile = {**export["profile"], "profession": "infermiere", "updated_at": stamp}
    return {"exported_at": stamp, "profile": profile, "credits": credits, "exemptions": exemptions}


def test_triennium_imports_the_api_export(page: Page, base_url: str, watch: PageWatch) -> None:
    host = calculator(page, base_url + TRIENNIUM_PAGE, "triennium")
    field(host, "triennium").select_option("2023-2025")
    import_export(host, api_shaped(EXPORT))
    expect(host.locator('[data-testid="obligation"]')).to_have_text("130")
    expect(host.locator('[data-testid="counted"]')).to_have_text("126")
    # Not moved: the credits' triennium stays "by date".
    expect(host.locator('.ecm-credit [name="movedTo"]').first).to_have_value("")
    watch.assert_clean()


def test_triennium_credit_entry_error_and_what_if(page: Page, base_url: str, watch: PageWatch) -> None:
    host = calculator(page, base_url + "en/" + TRIENNIUM_PAGE, "triennium")
    field(host, "triennium").select_option("2023-2025")
    host.get_by_role("button", name="Add a credit").click()
    row = host.locator(".ecm-credit").last
    row.locator('[name="date"]').fill("2026-02-01")
    row.locator('[name="credits"]').fill("2000")
    credits_input = row.locator('[name="credits"]')
    expect(credits_input).to_have_attribute("aria-invalid", "true")
    expect(host.locator(f"#{credits_input.get_attribute('aria-describedby')}")).to_contain_text("1000")
    credits_input.fill("30")
    expect(credits_input).not_to_have_attribute("aria-invalid", "true")
    # The credit is dated 2026: it counts in 2026-2028, not in the triennium shown.
    expect(host.locator('[data-testid="counted"]')).to_have_text("0")
    host.locator('[name="whatIfTarget"]').select_option("2023-2025")
    host.get_by_role("button", name="Simulate the move").click()
    result = host.locator(".ecm-whatif__result")
    expect(result).to_contain_text("2023-2025")
    expect(result.locator("tbody tr")).to_have_count(2)
    watch.assert_clean()


# ---- site-wide: language switch, keyboard, accessibility, screenshots ---------------------------


def switch_language(page: Page, lang: str, label: str) -> None:
    """Use Material's language menu as a person does: open it, then pick the language."""
    page.locator(".md-header .md-select > button").hover()
    page.locator(f'.md-header .md-select__link[hreflang="{lang}"]', has_text=label).click()
    page.wait_for_load_state()


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


def test_triennium_export_downloads_the_data(page: Page, base_url: str, watch: PageWatch) -> None:
    host = calculator(page, base_url + TRIENNIUM_PAGE, "triennium")
    import_export(host, EXPORT)
    with page.expect_download() as info:
        host.get_by_role("button", name="Scarica i dati (JSON)").click()
    data = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert [c["id"] for c in data["credits"]] == [c["id"] for c in EXPORT["credits"]]
    assert data["exemptions"][0]["kind"] == "esenzione"
    assert data["profile"]["first_registration"] == "2010-03-01"
    watch.assert_clean()


def test_event_calculator_with_the_keyboard_alone(page: Page, base_url: str, watch: PageWatch) -> None:
    host = calculator(page, base_url + EVENT_PAGE, "event")
    field(host, "type").focus()  # (a date input has a tab stop per part: start after it)
    page.keyboard.press("Tab")  # role
    page.keyboard.press("Tab")  # hours
    assert page.evaluate("document.activeElement.name") == "hours"
    page.keyboard.type("6")
    page.keyboard.press("Tab")  # interactive hours
    page.keyboard.press("Tab")  # participants
    assert page.evaluate("document.activeElement.name") == "participants"
    page.keyboard.type("20")
    expect(event_credits(host)).not_to_be_empty()
    # The answer is announced politely; the explanation below it is not re-read on every change.
    live = host.locator(".ecm-result__live")
    expect(live).to_have_attribute("aria-live", "polite")
    expect(live).to_contain_text("Crediti dell'evento: 7,8 crediti")
    expect(live.locator(".ecm-line")).to_have_count(0)
    watch.assert_clean()


def axe_violations(page: Page, scope: str | None = None) -> list[dict[str, object]]:
    """Serious and critical axe-core violations on the page, or inside the elements matching ``scope``."""
    page.add_script_tag(path=str(AXE_JS))  # self-hosted copy: no third-party request
    results = page.evaluate(
        "async (scope) => (await axe.run(scope ? {include: [[scope]]} : document,"
        " {resultTypes: ['violations']})).violations",
        scope,
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in results
        if v["impact"] in ("serious", "critical")
    ]


def open_filled(page: Page, url: str) -> None:
    """A page with its calculators ready and, for the triennium, filled in (rows, lines, meters)."""
    page.goto(url)
    for host in page.locator(".ecm-calculator").all():
        expect(host).to_have_attribute("data-ecm-ready", "true", timeout=10_000)
    triennium = page.locator('.ecm-calculator[data-calculator="triennium"]')
    if triennium.count():
        import_export(triennium, EXPORT)
        expect(page.locator("meter").first).to_be_visible()


CALCULATOR_PAGES = [EVENT_PAGE, "en/" + EVENT_PAGE, TRIENNIUM_PAGE, "en/" + TRIENNIUM_PAGE, DEV_PAGE]


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


def test_rules_are_loaded_relative_to_the_script(page: Page, base_url: str, watch: PageWatch) -> None:
    loaded: list[str] = []
    page.on("request", lambda r: loaded.append(r.url) if "/assets/data/" in r.url else None)
    calculator(page, base_url + "en/" + TRIENNIUM_PAGE, "triennium")
    assert loaded == [base_url + "assets/data/rules.json"]
    watch.assert_clean()


def test_what_if_in_italian(page: Page, base_url: str, watch: PageWatch) -> None:
    host = calculator(page, base_url + TRIENNIUM_PAGE, "triennium")
    field(host, "triennium").select_option("2023-2025")
    import_export(host, EXPORT)
    host.locator('[name="whatIfCredit"]').select_option("d")  # abroad 2023, 10 credits
    host.locator('[name="whatIfTarget"]').select_option("2020-2022")
    host.get_by_role("button", name="Simula lo spostamento").click()
    result = host.locator(".ecm-whatif__result")
    expect(result).to_contain_text("2020-2022 guadagna 10 crediti validi")
    expect(result).to_contain_text("2023-2025 ne perde 10")
    watch.assert_clean()


def test_exemption_fields_follow_their_kind(page: Page, base_url: str, watch: PageWatch) -> None:
    host = calculator(page, base_url + "en/" + TRIENNIUM_PAGE, "triennium")
    field(host, "triennium").select_option("2023-2025")
    host.get_by_role("button", name="Add an esonero or esenzione").click()
    row = host.locator(".ecm-row").first
    expect(row.locator('[name="hours"]')).to_be_hidden()
    row.locator('[name="kind"]').select_option("esonero_hours")
    row.locator('[name="start"]').fill("2024-01-10")
    row.locator('[name="end"]').fill("2024-06-10")
    hours = row.locator('[name="hours"]')
    expect(hours).to_be_visible()
    # The rule book needs the hours for this kind: the message sits next to the hours field.
    expect(hours).to_have_attribute("aria-invalid", "true")
    hours.fill("31")  # 1 credit per 3 hours, whole credits: 10
    expect(host.locator('[data-testid="obligation"]')).to_have_text("140")
    watch.assert_clean()


def test_cancellation_from_the_ordine(page: Page, base_url: str, watch: PageWatch) -> None:
    host = calculator(page, base_url + TRIENNIUM_PAGE, "triennium")
    field(host, "triennium").select_option("2026-2028")
    host.get_by_role("button", name="Aggiungi una cancellazione").click()
    field(host, "cancelled_on").fill("2026-03-01")
    field(host, "reregistered_on").fill("2026-02-01")
    back = field(host, "reregistered_on")
    expect(back).to_have_attribute("aria-invalid", "true")  # re-registered before the cancellation
    back.fill("2027-09-01")
    # Cancelled by 30 June 2026, back after 30 June 2027: no obligation in 2026 and 2027.
    expect(host.locator('[data-testid="obligation"]')).to_have_text("50")
    watch.assert_clean()


def test_dossiers_built_and_carried_out(page: Page, base_url: str, watch: PageWatch) -> None:
    host = calculator(page, base_url + TRIENNIUM_PAGE, "triennium")
    field(host, "triennium").select_option("2023-2025")
    add = host.get_by_role("button", name="Aggiungi un dossier")
    add.click()
    add.click()
    kinds, trienni = field(host, "dossierKind"), field(host, "dossierTriennium")
    trienni.nth(0).select_option("2023-2025")  # built in this triennium: 30
    kinds.nth(1).select_option("group")
    trienni.nth(1).select_option("2020-2022")
    field(host, "objectives_met").nth(1).check()  # carried out in the previous one: 20
    expect(host.locator('[data-testid="obligation"]')).to_have_text("100")
    expect(host.locator('.ecm-line[data-rule="obligation.dossier"]')).to_have_count(2)
    watch.assert_clean()
