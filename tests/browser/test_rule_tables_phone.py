"""The guide's rule tables on a phone (375 x 800), every page, Italian and English.

A reviewer found the six-column rule tables squeezed into 50-70 px columns on a phone: words broken
mid-word, the Italian "Nota" column of /dossier/ 53 px off-screen with no hint to swipe, /estero/ 112 px
too wide. Below 600 px each row of a rule table (hooks/ecm_table.py) now reads as a card. These tests
measure the built pages in Chromium:

- no rule table, nor a table of the API reference (its fields and parameters, also cards since a
  reviewer found them 5 and 21 px too wide), is wider than the screen or needs sideways scrolling, and
  no element of the content area reaches past the screen's edges (an element inside a box that
  scrolls or clips, such as a code block, is that box's business: the box itself is measured);
- every card cell says its column in the page's language, and no ordinary word is broken across lines;
- on /dossier/ the Italian note of a history row (read from obligation.toml, not from the hook) is
  visible inside the screen, labelled "Nota".
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from .conftest import ROOT

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 375, 800
LOCALES = {"it": "it-IT", "en": "en-GB"}
# The rule-history columns after the rule's name, as the guide's words give them (hooks/ecm_words.py).
HISTORY_LABELS = {
    "it": ["Da quando vale", "Valore", "Fonte", "Affidabilità", "Nota"],
    "en": ["Applies from", "Value", "Source", "Confidence", "Note"],
}

# What sticks out of the content area, and which rule tables do not fit (JS run in each page).
MEASURE = """() => {
  const vw = document.documentElement.clientWidth;
  const root = document.querySelector('.md-content');
  const problems = [];
  const name = (el) =>
    el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : '');
  for (const el of root.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.right <= vw + 0.5 && r.left >= -0.5) continue;
    let clipped = false;
    for (let a = el.parentElement; a && a !== root; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') { clipped = true; break; }
    }
    if (!clipped) problems.push(`${name(el)} spans ${Math.round(r.left)}..${Math.round(r.right)} px`);
  }
  for (const table of root.querySelectorAll('table.ecm-rules, table.ecm-api')) {
    const box = table.closest('.ecm-table-wrap') || table.parentElement;
    const r = table.getBoundingClientRect();
    if (r.right > vw + 0.5 || box.scrollWidth > box.clientWidth + 1) {
      const scroll = box.scrollWidth - box.clientWidth;
      problems.push(`rule table ${Math.round(r.width)} px wide, scrolls by ${scroll} px`);
    }
  }
  return {problems, tables: root.querySelectorAll('table.ecm-rules, table.ecm-api').length};
}"""

# Card cells: each label as shown (the ::before text), and the words that wrap inside a word.
CARDS = """() => {
  const cells = [...document.querySelectorAll('.md-content table.ecm-cards td[data-label]')];
  const labels = cells.filter(td => td.textContent.trim()).map(td => {
    const shown = getComputedStyle(td, '::before').content;
    return {label: td.dataset.label, shown, display: getComputedStyle(td).display};
  });
  // A word of letters only (no URL, no id) whose letters sit on two lines was broken mid-word.
  const broken = [];
  const walker = document.createTreeWalker(document.querySelector('.md-content'), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement.closest('table.ecm-cards')) continue;
    for (const match of node.textContent.matchAll(/\\p{L}{4,}/gu)) {
      // A word inside a URL or an id ("…/EventoCreditiVersioneUno.java") may wrap: skip those tokens.
      const text = node.textContent;
      const start = text.lastIndexOf(' ', match.index) + 1;
      const end = text.indexOf(' ', match.index) < 0 ? text.length : text.indexOf(' ', match.index);
      if (/[\\/.=_?&#@]/.test(text.slice(start, end).replace(/[.,;:]$/, ''))) continue;
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      if (range.getClientRects().length > 1) broken.push(match[0]);
    }
  }
  return {labels, broken};
}"""


def _pages(site: Path) -> list[str]:
    """Every page of the built guide (its index.html files), relative to the site root."""
    pages = []
    for path in sorted(site.rglob("index.html")):
        rel = path.parent.relative_to(site).as_posix()
        if not rel.startswith(("assets", "search")):
            pages.append("" if rel == "." else rel + "/")
    return pages


@pytest.mark.parametrize("lang", ["it", "en"])
def test_no_rule_table_and_nothing_in_the_content_is_wider_than_a_phone(
    browser: Browser, built_site: Path, base_url: str, lang: str, tmp_path: Path
) -> None:
    pages = [p for p in _pages(built_site) if p.startswith("en/") == (lang == "en")]
    assert len(pages) >= 40, pages  # the whole guide, not a sample
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale=LOCALES[lang])
    page = context.new_page()
    problems: list[str] = []
    tables = 0
    try:
        for rel in pages:
            page.goto(base_url + rel)
            result = page.evaluate(MEASURE)
            tables += result["tables"]
            problems += [f"/{rel}: {p}" for p in result["problems"]]
            cards = page.evaluate(CARDS)
            for cell in cards["labels"]:
                if cell["display"] != "block" or not cell["shown"].startswith(f'"{cell["label"]}: "'):
                    problems.append(f"/{rel}: card cell {cell} does not show its label")
            problems += [f"/{rel}: '{word}' broken across lines" for word in cards["broken"]]
        page.goto(base_url + ("en/" if lang == "en" else "") + "estero/")
        page.screenshot(path=str(tmp_path / f"estero-{lang}.png"), full_page=False)
    finally:
        context.close()
    assert tables >= 100, "the guide's rule tables were not found"
    assert not problems, "\n".join(problems[:40])


def _dossier_note_it() -> str:
    """The Italian note of the 2017 value of the dossier bonus, straight from the rule data."""
    data = tomllib.loads((ROOT / "functions" / "rulebook" / "data" / "obligation.toml").read_text("utf-8"))
    values = data["obligation"]["dossier"]["values"]
    (value,) = [v for v in values if str(v["from"]) == "2017-01-01"]
    return str(value["note"]["it"])


def test_the_italian_dossier_history_shows_its_note_on_screen(
    browser: Browser, base_url: str, tmp_path: Path
) -> None:
    note = _dossier_note_it()
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="it-IT")
    page = context.new_page()
    try:
        page.goto(base_url + "dossier/")
        table = page.locator("table.ecm-cards").first
        headers = table.locator("thead th").all_text_contents()
        assert headers == ["Regola", *HISTORY_LABELS["it"]]
        cell = table.locator("td[data-label='Nota']", has_text=note[:40])
        assert cell.count() == 1
        cell.scroll_into_view_if_needed()
        assert cell.is_visible() and " ".join(cell.inner_text().split()) == note
        box = cell.bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, box
        assert box["y"] >= 0 and box["y"] + box["height"] <= HEIGHT, box
        # The label is part of what the reader sees ("Nota: ..."), drawn by the card's CSS.
        label = cell.evaluate("td => getComputedStyle(td, '::before').content")
        assert label.startswith('"Nota: "')
        # Same row: its rule's name heads the card, above the note.
        row = cell.locator("xpath=..")
        title = row.locator("th[scope='row']")
        assert title.inner_text().startswith("Bonus dossier formativo")
        title_box = title.bounding_box()
        assert title_box is not None and title_box["y"] < box["y"]
        page.screenshot(path=str(tmp_path / "dossier-it.png"))
    finally:
        context.close()


def test_the_english_history_labels_its_cells_in_english(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="en-GB")
    page = context.new_page()
    try:
        page.goto(base_url + "en/dossier/")
        row = page.locator("table.ecm-cards tbody tr").first
        labels = row.locator("td").evaluate_all("cells => cells.map(td => td.dataset.label)")
        assert labels == HISTORY_LABELS["en"]
    finally:
        context.close()


def test_a_wide_screen_keeps_the_table(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": HEIGHT}, locale="it-IT")
    page = context.new_page()
    try:
        page.goto(base_url + "dossier/")
        table = page.locator("table.ecm-cards").first
        assert table.evaluate("t => getComputedStyle(t).display") == "table"
        assert table.locator("thead").is_visible()
        assert table.locator("td").first.evaluate("td => getComputedStyle(td, '::before').content") == "none"
    finally:
        context.close()


def test_the_cards_are_still_a_table_for_screen_readers(browser: Browser, base_url: str) -> None:
    """Chromium's accessibility tree at 375 px (cards shown): the history is a table whose cells have
    column headers, as on a wide screen; display: block alone can drop that in some browsers."""
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="it-IT")
    page = context.new_page()
    try:
        page.goto(base_url + "dossier/")
        assert page.locator("table.ecm-cards").first.evaluate("t => getComputedStyle(t).display") == "block"
        nodes = context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
        shown = [n for n in nodes if not n.get("ignored")]

        def named(role: str) -> list[str]:
            return [
                str(n.get("name", {}).get("value", ""))
                for n in shown
                if n.get("role", {}).get("value") == role
            ]

        assert named("table")  # at least the history table
        assert named("columnheader")[:6] == ["Regola", *HISTORY_LABELS["it"]]
        assert any(name.startswith("Bonus dossier formativo") for name in named("rowheader"))
        assert len(named("cell")) >= 5 * len([n for n in named("rowheader") if n.startswith("Bonus dossier")])
    finally:
        context.close()
