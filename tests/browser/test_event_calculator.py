"""The event-credits calculator in a browser: typed input, roles and dates, inline errors, keyboard.

Each test opens a page of the built site (see conftest.py), types as a person would and reads what
the page shows; every page must load without console errors and without requests off this machine.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import EVENT_PAGE, PageWatch
from .helpers import calculator, event_credits, field, fill_event

pytestmark = pytest.mark.browser


def test_event_calculator_res_course_it(page: Page, base_url: str, watch: PageWatch) -> None:
    host = calculator(page, base_url + EVENT_PAGE, "event")
    fill_event(host, date="2024-05-10", type="res_course", hours="6", participants="20")
    expect(event_credits(host)).to_have_text("7,8")  # Italian page: decimal comma
    lines = host.locator(".ecm-line")
    expect(lines).to_have_count(2)
    # Rule titles in the page's language, each with a link to its source and a confidence badge.
    expect(lines.first).to_contain_text("Corso di aggiornamento")
    expect(lines.first.locator("a.ecm-source")).to_have_attribute("href", re.compile(r"^https://"))
    # The guide's own confidence words (rules.json `confidence`), as on the rule pages.
    expect(lines.first.locator(".ecm-badge")).to_have_text("fonte secondaria")
    expect(host.locator(".ecm-estimate")).to_contain_text("L'Ordine certifica")
    # The answer names the generation of the rules the date chose (Manuale nazionale from 2019).
    expect(host.locator(".ecm-result__live")).to_contain_text(
        "con le regole del Manuale nazionale (eventi dal 2019)"
    )
    fill_event(host, date="2016-04-01", participants="33")  # the 2010 criteria, decreasing band
    expect(event_credits(host)).to_have_text("6,9")  # 6 h × 1.15
    expect(host.locator(".ecm-result__live")).to_contain_text("con le regole dei Criteri del 13 gennaio 2010")
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
    # Point 11 applies to events from 1 Jan 2023 (ecm-rules.md §11.1): 2 h of teaching = 4, then 6.
    fill_event(host, type="res_course", role="teacher", date="2022-12-31", teaching_minutes="120")
    # Fields depend on the role: a teacher is asked for minutes, not for participants.
    expect(field(host, "participants")).to_be_hidden()
    expect(event_credits(host)).to_have_text("4")
    fill_event(host, date="2023-01-01")
    expect(event_credits(host)).to_have_text("6")
    fill_event(host, date="2025-05-10")
    fill_event(host, role="moderator", sessions="3")
    expect(event_credits(host)).to_have_text("3")
    fill_event(host, role="scientific_lead", event_credits="25")
    expect(event_credits(host)).to_have_text("5")
    # Classroom tutor: 1 credit per whole hour (LOW; ecm-rules.md §11.1).
    fill_event(host, role="classroom_tutor", hours="6")
    expect(event_credits(host)).to_have_text("6")
    # At an FSC event the scientific lead is asked for hours: 1.5 per hour.
    fill_event(host, type="fsc_improvement_group", role="scientific_lead", hours="10")
    expect(event_credits(host)).to_have_text("15")
    watch.assert_clean()


def test_event_calculator_abroad_asks_the_country(page: Page, base_url: str, watch: PageWatch) -> None:
    """ecm-rules.md §11.2: only the EU, Switzerland, the USA and Canada count; 10 h in Japan give 0."""
    host = calculator(page, base_url + EVENT_PAGE, "event")
    fill_event(host, type="abroad", date="2025-01-10", hours="10", country="CH")
    expect(event_credits(host)).to_have_text("5")
    expect(field(host, "country").locator("option", has_text="Svizzera")).to_have_count(1)
    fill_event(host, country="JP")
    expect(event_credits(host)).to_have_text("0")
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
        ({"hours": "5000"}, "hours", "al massimo 2.000 (indicato 5.000)"),
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
    target.blur()  # errors show once the field is left
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
    # Two empty parts: no answer until the person gives the hours (a prefilled 4 h + 4 h was a guess).
    expect(parts.nth(0).locator('[name="part_hours"]')).to_have_value("")
    expect(event_credits(host)).to_have_count(0)
    # An e-learning part has no participants to give; each part's tipologia reads short on a phone.
    expect(parts.nth(1).locator('[name="part_participants"]')).to_be_hidden()
    chosen = parts.nth(0).locator('[name="part_type"] option:checked')
    expect(chosen).to_have_text("RES: Corso di aggiornamento")
    parts.nth(0).locator('[name="part_hours"]').fill("4")
    parts.nth(0).locator('[name="part_participants"]').fill("20")
    parts.nth(1).locator('[name="part_hours"]').fill("4")
    # RES 4 h with 20 participants (1.0 + 0.3 small group) + e-learning 4 h (1.0)
    expect(event_credits(host)).to_have_text("9,2")
    watch.assert_clean()


def test_event_calculator_with_the_keyboard_alone(page: Page, base_url: str, watch: PageWatch) -> None:
    host = calculator(page, base_url + EVENT_PAGE, "event")
    fill_event(host, date="2024-05-10")  # (a date input has a tab stop per part: start after it)
    field(host, "type").focus()
    page.keyboard.press("Tab")  # role
    page.keyboard.press("Tab")  # event code (optional)
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
    expect(live).to_contain_text("7,8 crediti come discente a un evento del 10 maggio 2024")
    expect(live.locator(".ecm-line")).to_have_count(0)
    watch.assert_clean()


PLAUSIBLE = {
    "hours": "12",
    "participants": "20",
    "teaching_minutes": "90",
    "sessions": "2",
    "months": "3",
    "event_credits": "10",
    "stated_credits": "8",
    "end_date": "2024-12-01",
}


PLAUSIBLE_BY_TYPE = {"res_congress": {"participants": "300"}}


def test_every_type_and_role_gives_a_number(page: Page, base_url: str, watch: PageWatch) -> None:
    """Each type with each role it allows, filled with plausible values: a number, never NaN or blank."""
    host = calculator(page, base_url + EVENT_PAGE, "event")
    fill_event(host, date="2024-09-10")
    answers: dict[str, str] = {}
    for kind in field(host, "type").locator("option").evaluate_all("os => os.map(o => o.value)"):
        fill_event(host, type=kind)
        roles = (
            field(host, "role").locator("option:not([disabled])").evaluate_all("os => os.map(o => o.value)")
        )
        for role in roles:
            fill_event(host, role=role)
            for name, value in {**PLAUSIBLE, **PLAUSIBLE_BY_TYPE.get(kind, {})}.items():
                if field(host, name).is_visible():
                    field(host, name).fill(value)
            # A blended event's parts start empty: 4 h each, 20 participants where a part counts them.
            for name, value in (("part_hours", "4"), ("part_participants", "20")):
                for part_field in field(host, name).all():
                    if part_field.is_visible():
                        part_field.fill(value)
            answer = host.locator(".ecm-result__live").inner_text()
            answers[f"{kind}/{role}"] = answer
            assert re.match(r"\d+(,\d)? credit[oi] come ", answer), f"{kind} as {role}: {answer!r}"
    assert len(answers) >= 40, sorted(answers)
    watch.assert_clean()


def test_a_role_with_no_rule_on_the_date_says_so_on_the_role(
    page: Page, base_url: str, watch: PageWatch
) -> None:
    """The moderator's credit per session is a point-11 rule, from 1 Jan 2023 (ecm-rules.md §11.1). For a
    2022 congress the form must say there is no rule for that role then, not "inserisci il tuo ruolo" under
    a role already chosen (a reviewer's screenshot); and the scientific lead without the event's credits
    is asked for them, not for a hidden duration."""
    host = calculator(page, base_url + EVENT_PAGE, "event")
    fill_event(host, type="res_congress", role="moderator", date="2025-03-10", sessions="2")
    expect(event_credits(host)).to_have_text("2")
    fill_event(host, date="2022-03-10")
    role = field(host, "role")
    expect(role).to_have_attribute("aria-invalid", "true")
    expect(host).to_contain_text("ha regole dal 1° gennaio 2023")
    expect(host).not_to_contain_text("Per il calcolo inserisci: Il tuo ruolo")
    fill_event(host, date="2025-03-10", type="res_course", role="scientific_lead")
    expect(host).to_contain_text("servono i crediti dell'evento per i discenti")
    expect(host).not_to_contain_text("con il ruolo di discente")
    watch.assert_clean()
