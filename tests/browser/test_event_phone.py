"""The event calculator on a phone (issue 12): 375 x 800 px, locale it-IT, typed as people type.

Expected numbers are hand calculations from /work/shared/ecm-rules.md, not the engine's output:
- teaching (section 11.1, point 11): 1 credit per whole 30 minutes for events until 31 Dec 2022,
  1 per whole 20 minutes from 1 Jan 2023. 90 min on 12 Oct 2022 = 3 x 30 min -> 3 credits;
  90 min on 12 Oct 2023 = 4 whole blocks of 20 min (80 min, 10 left over) -> 4 credits;
  29 min on 12 Oct 2022 < 30 min -> 0, 30 min -> 1 credit (singular).
- RES congress (section 1.1 table): 0.3 credits per hour, at least 200 participants, max 6:
  12 h -> 3.6 credits.
- One role per person per event (section 11.1, last point).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from .conftest import ARTIFACTS, EVENT_PAGE, PageWatch, open_page
from .helpers import axe_violations, calculator, event_credits, field, fill_event

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 375, 800


@pytest.fixture
def phone(browser: Browser, watch: PageWatch) -> Iterator[Page]:
    page = open_page(browser, watch, width=WIDTH)
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    yield page
    page.context.close()


def answer(host: Locator) -> Locator:
    return host.locator(".ecm-result__live")


def assert_in_first_screen(page: Page, target: Locator) -> None:
    """The element is seen without scrolling: the page at its top, the element inside 375 x 800."""
    page.evaluate("window.scrollTo(0, 0)")
    box = target.bounding_box()
    assert box is not None
    assert box["y"] >= 0 and box["y"] + box["height"] <= HEIGHT, box
    assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, box


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"event-phone-{name}.png"))


def test_speaker_at_a_congress_who_also_attended(phone: Page, base_url: str, watch: PageWatch) -> None:
    host = calculator(phone, base_url + EVENT_PAGE, "event")
    # The date is never guessed: empty, and the answer says it is needed, in the first screen.
    expect(field(host, "date")).to_have_value("")
    expect(answer(host)).to_have_text(
        re.compile(r"Inserisci la data di inizio dell'evento: decide quali regole")
    )
    expect(field(host, "date")).not_to_have_attribute(
        "aria-invalid", "true"
    )  # not an error before leaving it
    assert_in_first_screen(phone, answer(host))
    shot(phone, "first-view")

    fill_event(host, date="2023-10-12", type="res_congress", role="teacher")
    fill_event(host, event_code="Congresso SIMG Firenze", teaching_minutes="90")
    field(host, "teaching_minutes").press("Tab")
    expect(event_credits(host)).to_have_text("4")
    expect(answer(host)).to_contain_text(
        "4 crediti come docente o relatore a un evento del 12 ottobre 2023, "
        "con le regole del Manuale nazionale"
    )
    # Which generation of the role rule applied: point 11, for events from 1 Jan 2023.
    expect(host.locator('[data-testid="role-rule"]')).to_contain_text("per gli eventi dal 1° gennaio 2023")
    assert_in_first_screen(phone, host.locator(".ecm-result__main"))
    expect(host.locator('[data-testid="one-role"]')).to_be_hidden()

    # The same talk a year earlier: the rule before point 11 (1 per 30 min).
    fill_event(host, date="2022-10-12")
    expect(event_credits(host)).to_have_text("3")
    expect(host.locator('[data-testid="role-rule"]')).to_contain_text("fino al 31 dicembre 2022")
    fill_event(host, date="2023-10-12")
    expect(event_credits(host)).to_have_text("4")

    # She also attended the congress as a participant: the calculator warns, naming the rule.
    fill_event(host, role="participant", hours="12", participants="300")
    field(host, "participants").press("Tab")
    expect(event_credits(host)).to_have_text("3,6")
    warning = host.locator('[data-testid="one-role"]')
    expect(warning).to_be_visible()
    expect(warning).to_contain_text(
        "Hai già calcolato questo evento (Congresso SIMG Firenze) con il ruolo di docente"
    )
    # The calculator keeps no credits: the warning says how to read it after a mere correction.
    expect(warning).to_contain_text("Se hai solo corretto il ruolo, ignora l'avviso")
    expect(warning.locator("button")).to_have_text("Dimentica il ruolo calcolato prima")
    expect(warning).to_contain_text("Un solo ruolo per persona e per evento")
    link = warning.locator("a.ecm-source")
    expect(link).to_have_attribute("target", "_blank")
    expect(link).to_have_attribute("rel", "noopener")
    phone.evaluate("window.scrollTo(0, 0)")
    top = warning.bounding_box()
    assert top is not None and top["y"] + 40 <= HEIGHT, top  # its first line is in the first screen
    shot(phone, "second-role")
    # Another event: no warning.
    fill_event(host, event_code="Corso BLSD Prato")
    field(host, "event_code").press("Tab")
    expect(warning).to_be_hidden()
    watch.assert_clean()


def test_every_zero_says_why_and_one_credit_is_singular(phone: Page, base_url: str, watch: PageWatch) -> None:
    host = calculator(phone, base_url + EVENT_PAGE, "event")
    fill_event(host, date="2022-10-12", type="res_course", role="teacher", teaching_minutes="29")
    expect(event_credits(host)).to_have_text("0")
    expect(host.locator('[data-testid="zero-reason"]')).to_have_text(
        "Perché 0: 29 minuti sono meno di un blocco intero di 30 minuti, "
        "e ogni credito richiede un blocco intero."
    )
    fill_event(host, teaching_minutes="30")
    expect(answer(host)).to_contain_text("1 credito come docente o relatore")
    expect(host.locator('[data-testid="zero-reason"]')).to_have_count(0)
    # Abroad outside the EU, Switzerland, the USA and Canada (section 11.2): 0, and why.
    fill_event(host, date="2025-01-10", type="abroad", role="participant", country="JP", hours="10")
    expect(event_credits(host)).to_have_text("0")
    expect(host.locator('[data-testid="zero-reason"]')).to_contain_text("Giappone")
    # Attendance under the minimum (90 %, section 1.1): 0, and why.
    fill_event(host, type="res_course", hours="6", participants="20", attendance_percent="80")
    expect(event_credits(host)).to_have_text("0")
    expect(host.locator('[data-testid="zero-reason"]')).to_contain_text("sotto il minimo del 90 %")
    watch.assert_clean()


def test_participant_types_words_and_thousands(phone: Page, base_url: str, watch: PageWatch) -> None:
    host = calculator(phone, base_url + EVENT_PAGE, "event")
    fill_event(host, date="2023-10-12", type="res_congress")
    hours = field(host, "hours")
    hours.fill("dieci")
    # Still typing: no red field yet.
    expect(hours).not_to_have_attribute("aria-invalid", "true")
    expect(host.locator(".ecm-error:visible")).to_have_count(0)
    hours.press("Tab")  # left: now the error, naming the field, in words people use
    expect(hours).to_have_attribute("aria-invalid", "true")
    error = host.locator(f"#{hours.get_attribute('aria-describedby')}")
    expect(error).to_have_text("Durata (ore): deve essere un numero, scritto per esempio 7,5 o 1.000")
    expect(answer(host)).to_have_text("Correggi i dati evidenziati.")
    hours.fill("12")
    participants = field(host, "participants")
    participants.fill("1.000")  # Italian thousands separator: one thousand, not one
    participants.press("Tab")
    expect(host.locator(".ecm-read-as:visible")).to_have_text("letto come 1000")
    expect(event_credits(host)).to_have_text("3,6")
    expect(hours).not_to_have_attribute("aria-invalid", "true")
    shot(phone, "thousands")
    # "1.5" cannot be a group of thousands: read as one and a half, and the page says so.
    participants.fill("1.5")
    participants.press("Tab")
    expect(host.locator(".ecm-read-as:visible")).to_have_text("letto come 1,5")
    expect(host.locator(".ecm-error:visible")).to_have_text(
        "Partecipanti: deve essere un numero intero (indicato 1,5)"
    )
    hours.fill("7,5")
    expect(hours).not_to_have_attribute("aria-invalid", "true")
    watch.assert_clean()


def test_enter_shows_every_error_and_moves_the_focus(phone: Page, base_url: str, watch: PageWatch) -> None:
    host = calculator(phone, base_url + EVENT_PAGE, "event")
    field(host, "hours").fill("6")
    field(host, "hours").press("Enter")
    date = field(host, "date")
    expect(date).to_have_attribute("aria-invalid", "true")
    expect(host.locator(f"#{date.get_attribute('aria-describedby')}")).to_have_text(
        "Data di inizio dell'evento: campo obbligatorio"
    )
    assert phone.evaluate("document.activeElement.name") == "date"
    watch.assert_clean()


def test_two_wrong_fields_are_both_shown(phone: Page, base_url: str, watch: PageWatch) -> None:
    """Review (b2_errors.png): "sei" in the hours and -20 participants showed only the hours' error."""
    host = calculator(phone, base_url + EVENT_PAGE, "event")
    fill_event(host, date="2024-05-10", type="res_course", hours="sei", participants="-20")
    field(host, "participants").press("Enter")
    hours, participants = field(host, "hours"), field(host, "participants")
    expect(hours).to_have_attribute("aria-invalid", "true")
    expect(participants).to_have_attribute("aria-invalid", "true")
    expect(host.locator(f"#{hours.get_attribute('aria-describedby')}")).to_contain_text("Durata (ore):")
    # Participants are at least 1 (the engine's bound), said next to the field in words.
    expect(host.locator(f"#{participants.get_attribute('aria-describedby')}")).to_contain_text(
        re.compile(r"Partecipanti: .*almeno 1")
    )
    assert phone.evaluate("document.activeElement.name") == "hours"
    watch.assert_clean()


def test_the_work_survives_a_reload(phone: Page, base_url: str, watch: PageWatch) -> None:
    host = calculator(phone, base_url + EVENT_PAGE, "event")
    fill_event(host, date="2024-05-10", type="res_course", hours="6", participants="20")
    field(host, "participants").press("Tab")
    expect(event_credits(host)).to_have_text("7,8")  # 6 h x (1 + 0.3 small group), section 1.1
    source = host.locator(".ecm-line a.ecm-source").first
    expect(source).to_have_attribute("target", "_blank")
    expect(source).to_have_attribute("rel", "noopener")
    phone.reload()
    host = calculator(phone, phone.url, "event")
    expect(field(host, "date")).to_have_value("2024-05-10")
    expect(field(host, "participants")).to_have_value("20")
    expect(event_credits(host)).to_have_text("7,8")
    watch.assert_clean()


def test_the_answer_is_not_a_sticky_bar_over_the_fields(phone: Page, base_url: str, watch: PageWatch) -> None:
    """Issue 12: a sticky answer takes at most 10 % of the screen and never covers the focused field;
    the event calculator's answer sits above the form and does not stick, so it covers nothing."""
    host = calculator(phone, base_url + EVENT_PAGE, "event")
    fill_event(host, date="2024-05-10", type="res_course", hours="6", participants="20", teachers="2")
    for name in ("hours", "participants", "teachers", "attendance_percent", "test_score_percent"):
        target = field(host, name)
        target.focus()
        target.scroll_into_view_if_needed()
        box, live = target.bounding_box(), answer(host).bounding_box()
        assert box is not None and live is not None
        overlap = min(box["y"] + box["height"], live["y"] + live["height"]) - max(box["y"], live["y"])
        assert overlap <= 0, (name, box, live)
    position = answer(host).evaluate("e => getComputedStyle(e).position")
    assert position not in ("sticky", "fixed")
    watch.assert_clean()


@pytest.mark.parametrize("lang", ["", "en/"])
def test_axe_on_the_event_calculator_with_messages(
    phone: Page, base_url: str, watch: PageWatch, lang: str
) -> None:
    host = calculator(phone, base_url + lang + EVENT_PAGE, "event")
    fill_event(
        host, date="2023-10-12", type="res_congress", role="teacher", event_code="X1", teaching_minutes="90"
    )
    field(host, "teaching_minutes").press("Tab")
    fill_event(host, role="participant", hours="dieci", participants="1.000")
    field(host, "participants").press("Tab")
    expect(host.locator('[data-testid="one-role"]')).to_be_visible()
    expect(host.locator(".ecm-error:visible")).to_have_count(1)
    assert axe_violations(phone, ".ecm-calculator") == []
    watch.assert_clean()


def test_english_page_reads_english_numbers(phone: Page, base_url: str, watch: PageWatch) -> None:
    host = calculator(phone, base_url + "en/" + EVENT_PAGE, "event")
    expect(answer(host)).to_contain_text("Enter the event's start date")
    fill_event(host, date="2023-10-12", type="res_congress", hours="12", participants="1,000")
    field(host, "participants").press("Tab")
    expect(host.locator(".ecm-read-as:visible")).to_have_text("read as 1000")
    expect(answer(host)).to_contain_text("3.6 credits as participant at an event on 12 October 2023")
    watch.assert_clean()


FITS = """s => {
  const ctx = document.createElement("canvas").getContext("2d");
  const st = getComputedStyle(s);
  ctx.font = `${st.fontWeight} ${st.fontSize} ${st.fontFamily}`;
  // The room for the text: the select's inner width less its padding and the arrow (~24 px).
  const room = s.clientWidth - parseFloat(st.paddingLeft) - parseFloat(st.paddingRight) - 24;
  return Array.from(s.options).filter((o) => ctx.measureText(o.text).width > room).map((o) => o.text);
}"""


def test_role_and_tipologia_are_readable_on_a_phone(phone: Page, base_url: str, watch: PageWatch) -> None:
    host = calculator(phone, base_url + EVENT_PAGE, "event")
    assert field(host, "role").evaluate(FITS) == []  # every role fits its closed select at 375 px
    # A long tipologia is cut by a closed select: its full name is written under it, wrapped.
    fill_event(host, type="res_congress")
    chosen = host.locator(".ecm-chosen")
    # The congress threshold (200 participants, ecm-rules.md section 1.1) comes from the rules data.
    expect(chosen).to_have_text(
        "RES – formazione residenziale: Convegno, congresso, simposio, conferenza (oltre 200 partecipanti)"
    )
    box = chosen.bounding_box()
    assert box is not None and box["x"] + box["width"] <= WIDTH
    assert chosen.evaluate("e => e.scrollWidth <= e.clientWidth")
    # The options are grouped by the families people know (RES, FSC, FAD, the rest).
    groups = field(host, "type").locator("optgroup").evaluate_all("gs => gs.map((g) => g.label)")
    assert groups == [
        "RES – formazione residenziale",
        "FSC – formazione sul campo",
        "FAD – formazione a distanza",
        "Blended e formazione individuale",
    ]
    watch.assert_clean()
