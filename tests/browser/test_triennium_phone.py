"""Issue 12: the triennium calculator on a phone (375 x 800 px, locale it-IT), as people use it.

Journeys: a nurse on maternity leave (an esenzione by its named reason and dates), a newly registered
physiotherapist, a restore from a backup file. Asserted is what the person sees: the answer and its
two meters in the first screen, a sticky bar of at most 80 px that never covers the focused field,
the texts, the focus after adding a row, undo after a removal, the what-if's words, the print view.

Expected numbers are hand calculations from the rules (../shared/ecm-rules.md):
- maternity 1 Jan-29 May 2024 = 31 + 29 + 31 + 30 + 29 = 150 continuous days = 10 periods of 15 days,
  2 credits each (current rule, section 5.2): 150 - 20 = 130 owed for 2023-2025;
- the insurer's triennium during 2026-2028 is 2023-2025 (section 11.5): 70 % of 130 = 91;
- first registration on 10 Mar 2025: the obligation starts on 1 Jan 2026 (the year after), so all of
  2026-2028 is owed, 50 a year: 150; a registration in 2031 owes nothing in 2026-2028.
The day is fixed at 29 Nov 2026.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import FloatRect, Locator, Page, expect

from .conftest import ARTIFACTS, PHONE_HEIGHT, PHONE_TODAY, PHONE_WIDTH, TRIENNIUM_PAGE, PageWatch
from .helpers import EXPORT, api_shaped, axe_violations, calculator, field, import_export, settle

pytestmark = pytest.mark.browser

WIDTH, HEIGHT, TODAY = PHONE_WIDTH, PHONE_HEIGHT, PHONE_TODAY  # the shared `phone` fixture


def box(locator: Locator) -> FloatRect:
    found = locator.bounding_box()
    assert found is not None, f"{locator} has no box (hidden?)"
    return found


def bar_of(host: Locator) -> Locator:
    return host.locator(".ecm-bar")


def bar_shown(bar: Locator) -> bool:
    """Whether the sticky bar is on screen now (not stepped aside, not hidden by the answer in sight)."""
    return bool(
        bar.evaluate(
            "b => getComputedStyle(b).opacity !== '0'"
            " && !b.matches('.ecm-bar--yield, .ecm-bar--answer-in-sight')"
        )
    )


def assert_focused_field_not_under_bar(page: Page, host: Locator, target: Locator) -> None:
    """Put the field in the bottom strip of the screen (where the bar sticks), focus it as a tap does,
    and check that the bar, if shown, does not overlap it."""
    target.evaluate(
        "(el, h) => window.scrollBy(0, el.getBoundingClientRect().bottom - (h - 12))",
        HEIGHT,
    )
    page.wait_for_timeout(100)
    settle(page)
    target.focus()
    page.wait_for_timeout(250)  # the bar's transition
    settle(page)
    bar = bar_of(host)
    field_box = box(target)
    if bar_shown(bar):
        bar_box = box(bar)
        assert bar_box["height"] <= 80, bar_box
        overlap = (
            field_box["y"] + field_box["height"] > bar_box["y"]
            and bar_box["y"] + bar_box["height"] > field_box["y"]
        )
        assert not overlap, f"the bar {bar_box} covers the focused field {field_box}"


def test_nurse_on_maternity_leave(phone: Page, base_url: str, watch: PageWatch) -> None:
    page = phone
    host = calculator(page, base_url + TRIENNIUM_PAGE, "triennium")
    page.evaluate(
        "window.__maxY = 0; addEventListener('scroll', () => { __maxY = Math.max(__maxY, scrollY); })"
    )
    answer = host.locator('[data-testid="status-answer"]')
    # First screen, no scrolling: the two sentences and both meters are inside the 800 px.
    for part in (
        answer.locator(".ecm-status-answer__list > li").first,
        answer.locator(".ecm-status-answer__list > li").nth(1),
        answer.locator('[data-testid="meter-current"] meter'),
        answer.locator('[data-testid="meter-insurance"] meter'),
    ):
        expect(part).to_be_visible()
        b = box(part)
        assert b["y"] >= 0 and b["y"] + b["height"] <= HEIGHT, (part, b)
    expect(answer.locator('[data-testid="meter-current"]')).to_contain_text(
        "Triennio 2026-2028: 0 su 150, obiettivo 100 %"
    )
    expect(answer.locator('[data-testid="meter-insurance"]')).to_contain_text(
        "Assicurazione 2023-2025: 0 su 105, soglia 70 %"
    )
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "triennium-375-first-screen.png"))

    touched = 0
    # The profession comes first, from the official list.
    first_field = host.locator("form select, form input").first
    expect(first_field).to_have_attribute("name", "profession")
    field(host, "profession").select_option("infermiere")
    touched += 1
    field(host, "triennium").select_option("2023-2025")
    touched += 1
    add = host.get_by_role("button", name="Aggiungi un periodo")
    add.click()
    row = host.locator('.ecm-row:has([name="reason"])').first
    reason = row.locator('[name="reason"]')
    expect(reason).to_be_focused()  # focus on the new row's first field
    # A new row is not an error before anything is typed.
    expect(row.locator('[aria-invalid="true"]')).to_have_count(0)
    expect(host.locator(".ecm-result__invalid")).to_contain_text("Completa i campi della riga nuova")
    reason.select_option(label="Maternità")
    touched += 1
    # The chosen reason is readable in the closed select: its text fits the box.
    fits = reason.evaluate(
        """s => { const c = document.createElement('canvas').getContext('2d');
                 const st = getComputedStyle(s); c.font = `${st.fontSize} ${st.fontFamily}`;
                 return c.measureText(s.selectedOptions[0].text).width <= s.clientWidth - 40; }"""
    )
    assert fits
    row.locator('[name="start"]').fill("2024-01-01")
    row.locator('[name="end"]').fill("2024-05-29")
    touched += 2
    # 150 continuous days of maternity: 10 x 2 credits off the 150.
    expect(host.locator('[data-testid="obligation"]')).to_have_text("130")
    expect(host.locator('.ecm-result__body .ecm-line[data-rule^="exemption"]').first).to_be_visible()
    # The status answer's "Perché" for the 2023-2025 sentence (the insurer's triennium on this date)
    # explains its obligation too: the maternity line comes before the credits.
    why = host.locator('.ecm-status-answer li[data-see^="insurance.compliance"] .ecm-status-answer__why')
    why.locator("summary").click()
    expect(why.locator('.ecm-line[data-rule^="exemption"]').first).to_be_visible()
    why.locator("summary").click()
    # She adds one credit: focus on its first field; dated inside the leave, it does not count, and
    # the 0 says why.
    host.get_by_role("button", name="Aggiungi credito").click()
    credit = host.locator(".ecm-credit").last
    expect(credit.locator('[name="type"]')).to_be_focused()
    credit.locator('[name="date"]').fill("2024-03-10")
    credit.locator('[name="credits"]').fill("10")
    touched += 2
    expect(host.locator('[data-testid="counted"]')).to_have_text("0")
    expect(host.locator('[data-testid="zero-why"]')).to_contain_text("fuori dalle esenzioni")
    screens = page.evaluate("__maxY") / HEIGHT
    fields_shown = host.locator("form input:visible, form select:visible").count()
    print(
        f"nurse journey: {touched} fields typed into, {fields_shown} fields shown,"
        f" {screens:.1f} screens scrolled"
    )
    # The sticky bar: compact, and never over the field being typed into.
    for target in (
        field(host, "profession"),
        field(host, "first_registration"),
        row.locator('[name="end"]'),
        credit.locator('[name="credits"]'),
        credit.locator('[name="event_code"]'),
    ):
        assert_focused_field_not_under_bar(page, host, target)
    # Scrolled into the credits, away from the answer, the bar shows the answer in two short lines.
    page.locator("body").click(position={"x": 5, "y": 400})
    host.get_by_role("button", name="Aggiungi credito").scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, -200)")
    page.wait_for_timeout(250)
    settle(page)
    bar = bar_of(host)
    assert bar_shown(bar)
    assert box(bar)["height"] <= 80
    expect(bar).to_contain_text("130")
    expect(bar).to_contain_text("Assicurazione (2023-2025)")
    page.screenshot(path=str(ARTIFACTS / "triennium-375-bar.png"))
    watch.assert_clean()


def test_newly_registered_physiotherapist(phone: Page, base_url: str, watch: PageWatch) -> None:
    host = calculator(phone, base_url + "calcolatori/triennio/", "triennium")
    field(host, "profession").select_option("fisioterapista")
    field(host, "triennium").select_option("2026-2028")
    field(host, "first_registration").fill("2025-03-10")
    expect(host.locator('[data-testid="obligation"]')).to_have_text("150")
    # What does nothing for 2026-2028 is hidden, and the note says so.
    expect(field(host, "previous_triennium_credits")).to_be_hidden()
    expect(field(host, "employment")).to_be_hidden()
    note = host.locator('[data-testid="not-applicable"]')
    expect(note).to_contain_text("Per il triennio 2026-2028 non contano")
    expect(note).to_contain_text("il tipo di lavoro nel 2011-2013")
    # 2011-2013 asks for the employment (its yearly caps for employees).
    field(host, "triennium").select_option("2011-2013")
    expect(field(host, "employment")).to_be_visible()
    field(host, "triennium").select_option("2026-2028")
    # A registration after the triennium: 0 owed, and the 0 says why.
    field(host, "first_registration").fill("2031-02-01")
    expect(host.locator('[data-testid="obligation"]')).to_have_text("0")
    expect(host.locator('[data-testid="zero-why"]')).to_contain_text("Obbligo 0 per il 2026-2028")
    # No developer words in the labels.
    labels = " ".join(host.locator("label, legend, button").all_inner_texts())
    for word in ("API", "JSON", "localStorage", "Reclutato da uno sponsor"):
        assert word not in labels, word
    expect(host.locator(".ecm-tools")).not_to_contain_text("localStorage")
    watch.assert_clean()


def test_premialita_question_in_plain_words(phone: Page, base_url: str, watch: PageWatch) -> None:
    host = calculator(phone, base_url + TRIENNIUM_PAGE, "triennium")
    field(host, "triennium").select_option("2026-2028")
    field(host, "first_registration").fill("2005-01-10")
    question = host.locator(".ecm-premialita label")
    expect(question).to_have_text(
        "Eri in regola con i trienni 2014-2016, 2017-2019 e 2020-2022 al 3 luglio 2025?"
    )
    link = host.locator(".ecm-premialita a")
    expect(link).to_have_attribute("href", "../../bonus/#premialita-delibera-cnfc-12025")
    expect(link).to_have_attribute("target", "_blank")
    before = host.locator('[data-testid="obligation"]').inner_text()
    field(host, "premialita").select_option("yes")
    expect(host.locator('.ecm-result__body .ecm-line[data-rule="obligation.premialita"]')).to_be_visible()
    assert host.locator('[data-testid="obligation"]').inner_text() != before
    watch.assert_clean()


def test_remove_offers_undo_and_links_open_in_a_new_tab(phone: Page, base_url: str, watch: PageWatch) -> None:
    host = calculator(phone, base_url + TRIENNIUM_PAGE, "triennium")
    field(host, "triennium").select_option("2023-2025")
    import_export(host, EXPORT)
    expect(host.locator('[data-testid="counted"]')).to_have_text("126")
    credits = host.locator(".ecm-credit")
    expect(credits).to_have_count(5)
    credits.first.get_by_role("button", name="Rimuovi").click()
    expect(credits).to_have_count(4)
    undo = host.get_by_role("button", name="Annulla")
    expect(undo).to_be_focused()
    undo.click()
    expect(credits).to_have_count(5)
    expect(credits.first.locator('[name="type"]')).to_be_focused()
    expect(host.locator('[data-testid="counted"]')).to_have_text("126")
    sources = host.locator("a.ecm-source")
    assert sources.count() > 3
    for link in sources.all():
        assert link.get_attribute("target") == "_blank" and link.get_attribute("rel") == "noopener"
    watch.assert_clean()


def test_restore_from_backup(phone: Page, base_url: str, watch: PageWatch) -> None:
    page = phone
    host = calculator(page, base_url + TRIENNIUM_PAGE, "triennium")
    field(host, "triennium").select_option("2023-2025")
    import_export(host, EXPORT)
    expect(host.locator('[data-testid="obligation"]')).to_have_text("130")
    field(host, "profession").select_option("infermiere")
    field(host, "medical_exposure").check()
    host.locator(".ecm-credit").first.locator('[name="radioprotection"]').check()
    with page.expect_download() as info:
        host.get_by_role("button", name="Salva una copia su file").click()
    saved = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert saved["triennium"] == "2023-2025"
    assert saved["profile"]["medical_exposure"] is True
    assert saved["credits"][0]["radioprotection"] is True
    assert saved["exemptions"][0]["reason"] == "maternita"
    page.once("dialog", lambda d: d.accept())
    host.get_by_role("button", name="Cancella i dati").click()
    expect(host.locator(".ecm-credit")).to_have_count(0)
    field(host, "triennium").select_option("2026-2028")
    import_export(host, saved)
    expect(host.locator(".ecm-status")).to_have_text(
        "Ripristinati: il profilo, il triennio 2023-2025, 1 periodo di esenzione o esonero e 5 crediti."
    )
    expect(field(host, "triennium")).to_have_value("2023-2025")
    expect(field(host, "profession")).to_have_value("infermiere")
    expect(field(host, "medical_exposure")).to_be_checked()
    expect(host.locator('[name="reason"]').first).to_have_value("maternita")
    expect(host.locator(".ecm-credit").first.locator('[name="radioprotection"]')).to_be_checked()
    expect(host.locator('[data-testid="obligation"]')).to_have_text("130")
    expect(host.locator('[data-testid="counted"]')).to_have_text("126")
    # Kept across a reload too.
    page.reload()
    expect(host).to_have_attribute("data-ecm-ready", "true")
    expect(field(host, "triennium")).to_have_value("2023-2025")
    expect(host.locator(".ecm-credit")).to_have_count(5)
    # The API's export still imports: profile and credits, and the free-text reason "maternità" is named.
    import_export(host, api_shaped(EXPORT))
    expect(host.locator(".ecm-status")).to_contain_text("il profilo")
    expect(host.locator(".ecm-status")).to_contain_text("5 crediti")
    expect(host.locator('[name="reason"]').first).to_have_value("maternita")
    # The sentence told what the file held: once she edits the form it would be wrong, so it goes.
    host.get_by_role("button", name="Aggiungi credito").click()
    host.locator(".ecm-credit").last.locator('[name="credits"]').fill("2")
    expect(host.locator(".ecm-status")).to_have_text("")
    watch.assert_clean()


def test_what_if_tells_the_truth(phone: Page, base_url: str, watch: PageWatch) -> None:
    host = calculator(phone, base_url + TRIENNIUM_PAGE, "triennium")
    field(host, "triennium").select_option("2023-2025")
    import_export(host, EXPORT)
    target = host.locator('[name="whatIfTarget"]')
    expect(target).to_have_value("2020-2022")  # the triennium before the one shown
    field(host, "triennium").select_option("2026-2028")
    expect(target).to_have_value("2023-2025")  # follows the triennium
    field(host, "triennium").select_option("2023-2025")
    # Before a simulation no empty box shows; each choice starts with its credits (a phone cuts the end).
    expect(host.locator(".ecm-whatif__result")).to_be_hidden()
    choice = host.locator('[name="whatIfCredit"] option[value="a"]')
    expect(choice).to_have_text(re.compile(r"^50 crediti · 10 giugno 2024 · "))
    host.locator('[name="whatIfCredit"]').select_option("a")  # 50 credits of 10 Jun 2024
    host.get_by_role("button", name="Simula lo spostamento").click()
    result = host.locator(".ecm-whatif__result")
    effects = result.locator('[data-testid="whatif-effects"] li')
    expect(effects).to_have_count(3)
    # 2023-2025 owes 130 (150 - 20 for maternity): its 70 % is 91; 126 counted before, 76 after the move.
    expect(result.locator('[data-effect="insurance_lost"]')).to_have_text(
        "2023-2025: con lo spostamento la soglia per l'assicurazione (91 crediti) non è più raggiunta."
    )
    # The words (helps / hurts, with the credits missing) come before "allowed".
    expect(result.locator('[data-effect="helps"]')).to_contain_text(
        "2020-2022: lo spostamento migliora la situazione"
    )
    expect(result.locator('[data-effect="hurts"]')).to_contain_text(
        "2023-2025: lo spostamento peggiora la situazione"
    )
    order = result.evaluate(
        "r => r.querySelector('[data-testid=whatif-effects]')"
        ".compareDocumentPosition(r.querySelector('[data-testid=whatif-allowed]')) & 4"
    )
    assert order == 4
    # No word of the table is broken across two lines at 375 px.
    broken = result.evaluate(
        """r => { const out = [];
          for (const cell of r.querySelectorAll('th, td')) {
            const text = cell.firstChild; if (!text || text.nodeType !== 3) continue;
            const re = /\\S+/g; let m;
            while ((m = re.exec(text.data))) {
              const range = document.createRange();
              range.setStart(text, m.index); range.setEnd(text, m.index + m[0].length);
              const tops = new Set(Array.from(range.getClientRects()).map((x) => Math.round(x.top)));
              if (tops.size > 1) out.push(m[0]);
            } }
          return out; }"""
    )
    assert broken == []
    watch.assert_clean()


def test_what_if_missing_numbers_by_hand(phone: Page, base_url: str, watch: PageWatch) -> None:
    """Moving the 10 credits earned abroad in Feb 2023 to 2020-2022, by hand: 2020-2022 owes 150 less the
    COVID third (50) = 100 and counts the 12 of 2021: 88 missing, 78 with the 10 moved. 2023-2025 owes
    130 (maternity, above) and counts 50 + 40 + 26 (autoformazione capped at 20 % of 130) + 10 = 126:
    4 missing, 14 without the 10."""
    host = calculator(phone, base_url + TRIENNIUM_PAGE, "triennium")
    field(host, "triennium").select_option("2023-2025")
    import_export(host, EXPORT)
    host.locator('[name="whatIfCredit"]').select_option("d")
    host.get_by_role("button", name="Simula lo spostamento").click()
    result = host.locator(".ecm-whatif__result")
    expect(result.locator('[data-effect="helps"]')).to_have_text(
        "2020-2022: lo spostamento migliora la situazione, i crediti mancanti passano da 88 a 78 (−10)."
    )
    expect(result.locator('[data-effect="hurts"]')).to_have_text(
        "2023-2025: lo spostamento peggiora la situazione, i crediti mancanti passano da 4 a 14 (+10)."
    )
    watch.assert_clean()


def test_print_shows_the_result_only(phone: Page, base_url: str, watch: PageWatch) -> None:
    page = phone
    host = calculator(page, base_url + TRIENNIUM_PAGE, "triennium")
    field(host, "triennium").select_option("2023-2025")
    import_export(host, EXPORT)
    expect(host.locator('[data-testid="counted"]')).to_have_text("126")
    # A button opens the browser's print dialog (a new user looked for one and found only the menu).
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    host.get_by_role("button", name="Stampa o salva in PDF").click()
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")
    for hidden in (
        ".md-header",
        ".md-sidebar--primary",
        ".md-footer",
        "form.ecm-form",
        ".ecm-whatif",
        ".ecm-tools",
    ):
        expect(page.locator(hidden).first).to_be_hidden()
    for shown in (
        '[data-testid="status-answer"]',
        '[data-testid="meter-current"]',
        '[data-testid="meter-insurance"]',
        '[data-testid="obligation"]',
        '[data-testid="counted"]',
        ".ecm-result__body .ecm-line",
        ".ecm-estimate",
    ):
        expect(host.locator(shown).first).to_be_visible()
    expect(host.locator('[data-testid="computed-on"]')).to_have_text("Calcolato il 29 novembre 2026.")
    # Every line's source is printed with its address.
    source = host.locator(".ecm-result__body a.ecm-source").first
    after = source.evaluate("a => getComputedStyle(a, '::after').content")
    assert "http" in after or "attr" in after or (source.get_attribute("href") or "") in after
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "triennium-print.pdf").write_bytes(pdf)
    watch.assert_clean()


@pytest.mark.parametrize("lang", ["", "en/"])
def test_new_inputs_have_no_serious_accessibility_violation(
    phone: Page, base_url: str, watch: PageWatch, lang: str
) -> None:
    host = calculator(phone, base_url + lang + TRIENNIUM_PAGE, "triennium")
    field(host, "triennium").select_option("2023-2025")
    import_export(host, EXPORT)
    host.locator(".ecm-credit").first.get_by_role("button").last.click()  # remove: the undo is shown
    host.locator('[name="whatIfCredit"]').select_option("d")
    host.locator(".ecm-whatif button").first.click()
    expect(host.locator('[data-testid="whatif-effects"]')).to_be_visible()
    violations = axe_violations(phone, ".ecm-calculator")
    assert not violations, json.dumps(violations, indent=1)
    watch.assert_clean()


def test_bar_steps_aside_when_the_keyboard_opens(phone: Page, base_url: str, watch: PageWatch) -> None:
    page = phone
    host = calculator(page, base_url + TRIENNIUM_PAGE, "triennium")
    field(host, "triennium").select_option("2023-2025")
    import_export(host, EXPORT)
    credits = host.locator(".ecm-credit").last.locator('[name="credits"]')
    credits.scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, -150)")
    credits.focus()
    page.wait_for_timeout(250)
    settle(page)
    bar = bar_of(host)
    # A keyboard that resizes the page (the layout viewport shrinks to 420 px): the field stays clear.
    page.set_viewport_size({"width": WIDTH, "height": 420})
    page.wait_for_timeout(300)
    settle(page)
    field_box = box(credits)
    if bar_shown(bar):
        bar_box = box(bar)
        assert field_box["y"] + field_box["height"] <= bar_box["y"], (field_box, bar_box)
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    # A keyboard over the page (Chrome on Android: only the visual viewport shrinks): the bar steps aside.
    page.evaluate(
        """() => { Object.defineProperty(window.visualViewport, 'height', { get: () => 380 });
                   window.visualViewport.dispatchEvent(new Event('resize')); }"""
    )
    page.wait_for_timeout(300)
    settle(page)
    expect(bar).to_have_class(re.compile(r"ecm-bar--yield"))
    watch.assert_clean()


def test_reasons_written_elsewhere_are_named_or_kept(phone: Page, base_url: str, watch: PageWatch) -> None:
    """A reason as the guide's examples or another app write it is shown by its name; any other text is
    kept as written (the rule book only needs the kind and the dates)."""
    page = phone
    host = calculator(page, base_url + TRIENNIUM_PAGE, "triennium")
    field(host, "triennium").select_option("2023-2025")
    written = {
        "credits": [],
        "exemptions": [
            {
                "kind": "esenzione",
                "start": "2024-02-01",
                "end": "2024-03-31",
                "reason": "congedo di maternità",
            },
            {"kind": "esenzione", "start": "2024-05-01", "end": "2024-05-31", "reason": "Parental leave"},
            {
                "kind": "esenzione",
                "start": "2024-07-01",
                "end": "2024-07-31",
                "reason": "aspettativa per studio",
            },
        ],
    }
    import_export(host, written)
    reasons = host.locator('[name="reason"]')
    expect(reasons.nth(0)).to_have_value("maternita")
    expect(reasons.nth(1)).to_have_value("congedo_parentale")
    expect(reasons.nth(2)).to_have_value("altro")
    with page.expect_download() as info:
        host.get_by_role("button", name="Salva una copia su file").click()
    saved = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert [x["reason"] for x in saved["exemptions"]] == [
        "maternita",
        "congedo_parentale",
        "aspettativa per studio",
    ]
    watch.assert_clean()


def test_answer_first_in_english_too(phone: Page, base_url: str, watch: PageWatch) -> None:
    host = calculator(phone, base_url + "en/" + TRIENNIUM_PAGE, "triennium")
    answer = host.locator('[data-testid="status-answer"]')
    expect(answer.locator('[data-testid="meter-current"]')).to_contain_text(
        "Triennium 2026-2028: 0 of 150, target 100 %"
    )
    for part in (answer.locator("li").nth(1), answer.locator('[data-testid="meter-insurance"] meter')):
        b = box(part)
        assert b["y"] + b["height"] <= HEIGHT, b
    watch.assert_clean()


def test_quick_links_keep_their_tap_targets_and_leave_the_first_screen_to_the_answer(
    phone: Page, base_url: str, watch: PageWatch
) -> None:
    """The FAQ and "Il mio triennio" links above the header: each a 44 px tap target (WCAG 2.5.5),
    the banner no taller than that (a new user measured 66 px of an 800 px phone screen)."""
    phone.goto(base_url + TRIENNIUM_PAGE)
    banner = box(phone.locator(".md-banner"))
    links = phone.locator(".ecm-quick a")
    expect(links).to_have_count(2)
    for i in range(2):
        assert box(links.nth(i))["height"] >= 44
    assert banner["height"] <= 48, banner
    watch.assert_clean()


def test_opening_the_deadlines_brings_them_into_view(phone: Page, base_url: str, watch: PageWatch) -> None:
    """A new user tapped "Scadenze del triennio" at the bottom of the first screen and saw nothing
    happen: the list had opened below the edge. Now what opens is scrolled into view."""
    host = calculator(phone, base_url + TRIENNIUM_PAGE, "triennium")
    summary = host.locator(".ecm-status-answer__timeline > summary")
    summary.scroll_into_view_if_needed()
    phone.evaluate("(y) => window.scrollBy(0, y)", box(summary)["y"] - (HEIGHT - 60))  # at the bottom edge
    summary.click()
    phone.wait_for_function(
        """() => {
             const list = document.querySelector('.ecm-status-answer__timeline[open] > ul');
             const r = list && list.getBoundingClientRect();
             return !!r && r.top >= 0 && r.bottom <= window.innerHeight + 1;
           }""",
        timeout=5000,
    )
    watch.assert_clean()


def test_what_if_says_when_a_move_reaches_the_insurance_threshold(
    phone: Page, base_url: str, watch: PageWatch
) -> None:
    """A nurse with 80 credits in 2023-2025 moves 40 of 2026 back: 120 of 150, past the insurer's 70 %
    (105 = 70 % of 150, art. 38-bis DL 152/2021). The what-if must say so, not only the credits missing;
    a move of 20 (100 of 150, under 105) reaches nothing and says nothing about insurance."""
    host = calculator(phone, base_url + TRIENNIUM_PAGE, "triennium")
    earned = [
        {"id": f"old{i}", "type": "res_course", "date": f"2024-0{i + 1}-10", "credits": 20} for i in range(4)
    ]
    later = [
        {"id": "big", "type": "res_course", "date": "2026-03-10", "credits": 40},
        {"id": "small", "type": "res_course", "date": "2026-04-10", "credits": 20},
    ]
    import_export(host, {"profile": {"profession": "infermiere"}, "credits": earned + later})
    field(host, "triennium").select_option("2026-2028")
    host.locator('[name="whatIfTarget"]').select_option("2023-2025")
    result = host.locator(".ecm-whatif__result")
    host.locator('[name="whatIfCredit"]').select_option("big")
    host.get_by_role("button", name="Simula lo spostamento").click()
    expect(result.locator('[data-effect="insurance_met"]')).to_have_text(
        "2023-2025: con lo spostamento la soglia per l'assicurazione (105 crediti) è raggiunta."
    )
    host.locator('[name="whatIfCredit"]').select_option("small")
    host.get_by_role("button", name="Simula lo spostamento").click()
    expect(result.locator('[data-effect="helps"]')).to_contain_text("2023-2025")
    expect(result.locator('[data-effect^="insurance"]')).to_have_count(0)
    watch.assert_clean()
