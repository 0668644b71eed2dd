"""The guide an Ordine would link to (issue 16) and the Italian-first pages (issue 9, items 5-7).

Expected values come from the rule texts (/work/shared/ecm-rules.md §11.5, §11.8, §11.12, §2.2) or
are written by hand here; the rule book only supplies the list of sources to check against.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

from functions.rulebook.parameters import confidence_labels, load_rulebook

from .build import BUILD_DATE

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "site"
SITUATIONS = (
    "neoiscritto",
    "specializzando-master",
    "maternita-malattia",
    "pensionato",
    "lavoro-estero",
    "cancellazione-albo",
)


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"guide_{name}", ROOT / "hooks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CHECKS = _load("page_checks")


def _article(path: Path) -> str:
    html = path.read_text(encoding="utf-8")
    return html[html.find("<article") : html.find("</article>")]


def _text(path: Path) -> str:
    return str(CHECKS.visible_text(_article(path)))


def _italian_pages(built: Path) -> list[Path]:
    return [
        p for p in sorted(built.rglob("index.html")) if p.relative_to(built).parts[0] not in ("en", "assets")
    ]


# --------------------------------------------------------------------------------------------------
# Issue 9 item 5: sources in the reader's language


def test_every_source_has_an_italian_and_an_english_title() -> None:
    for source in load_rulebook().sources.values():
        assert source.title_it.strip() and source.title_en.strip(), source.id
        assert source.title_in("it") == source.title_it and source.title_in("en") == source.title_en


def test_italian_pages_never_show_an_english_source_title(built: Path) -> None:
    english = [s.title_en for s in load_rulebook().sources.values() if s.title_en != s.title_it]
    for page in _italian_pages(built):
        if page.relative_to(built).parts[0] == "sviluppatori":
            continue  # the API reference quotes the API's JSON verbatim (its language is the API's own)
        html = page.read_text(encoding="utf-8").replace("&#x27;", "'").replace("&#39;", "'")
        for title in english:
            assert title not in html, f"{page.relative_to(built)} shows the English title {title!r}"


def test_the_rules_export_carries_both_titles_and_the_confidence_words() -> None:
    exported = json.loads((ROOT / "functions/rulebook/generated/rules.json").read_text(encoding="utf-8"))
    for source in exported["sources"].values():
        assert source["title_it"] and source["title_en"]
    assert exported["confidence"]["MED"]["label_it"] == "fonte secondaria"
    assert exported["confidence"]["LOW"]["label_en"] == "to be verified"


# --------------------------------------------------------------------------------------------------
# Issue 9 item 6: badges people understand


def test_badges_say_what_they_mean_in_both_languages(built: Path) -> None:
    words: dict[str, set[str]] = {"it": set(), "en": set()}
    for page in sorted(built.rglob("index.html")):
        lang = "en" if page.relative_to(built).parts[0] == "en" else "it"
        words[lang].update(re.findall(r'class="ecm-conf ecm-conf--\w+"[^>]*>([^<]+)</a>', page.read_text()))
    assert words["it"] == {"confermata", "fonte secondaria", "da verificare"}
    assert words["en"] == {"confirmed", "secondary source", "to be verified"}
    assert "media" not in words["it"] and "bassa" not in words["it"]


def test_confidence_words_are_complete() -> None:
    labels = confidence_labels()
    assert set(labels) == {"HIGH", "MED", "LOW"}
    assert all(all(entry.values()) for entry in labels.values())


# --------------------------------------------------------------------------------------------------
# Issue 9 item 3 (hooks): Babel formats numbers and dates


def test_italian_pages_write_dates_in_words_and_decimals_with_a_comma(built: Path) -> None:
    text = _text(built / "eventi" / "congressi" / "index.html")
    assert "0,3 crediti/ora" in text  # §3 RES congress: 0.3 credits per hour
    home = _text(built / "index.html")
    assert "Aggiornato al 22 novembre 2026." in home  # ECM_DOCS_DATE, written by Babel


# --------------------------------------------------------------------------------------------------
# Issue 16 item 6: "from" dates are dates of law


def test_every_from_date_shown_is_an_acts_date_or_a_date_a_source_reports(built: Path) -> None:
    sources = load_rulebook().sources
    shown = 0
    for page in sorted(built.rglob("index.html")):
        for source_id, dates in re.findall(
            r'class="ecm-from"[^>]*?data-source="([^"]+)"[^>]*?data-from="([^"]*)"', page.read_text()
        ):
            source = sources[source_id]
            for text in dates.split():
                shown += 1
                day = date.fromisoformat(text)
                assert day != date(2002, 1, 1), f"{page}: the data's start shown as a date of law"
                if source.act_start is not None:
                    assert day in (source.adopted, source.applies_from) or day >= source.act_start, (
                        f"{page.relative_to(built)}: {day} is before {source_id}'s act ({source.act_start})"
                    )
    assert shown > 50


def test_rules_adopted_later_are_not_shown_from_the_datas_start(built: Path) -> None:
    """Delibera 1/2025 and 5/2025 were shown "from 2011"; the 2012 abroad rules "from 2002"."""
    html = (built / "obbligo" / "index.html").read_text(encoding="utf-8")
    for source_id in ("delibera_cnfc_1_2025", "delibera_cnfc_5_2025", "estero_2012"):
        for dates in re.findall(rf'data-source="{source_id}" data-from="([^"]*)"', html):
            assert "2011-01-01" not in dates and "2002-01-01" not in dates, source_id


# --------------------------------------------------------------------------------------------------
# Issue 16 items 1, 2, 4, 5: navigation, home, situation pages, trust


def test_the_member_menu_follows_the_members_situation(built: Path) -> None:
    html = (built / "faq" / "index.html").read_text(encoding="utf-8")
    nav = html[
        html.find('<nav class="md-nav md-nav--primary"') : html.find(
            "</nav>", html.find('<nav class="md-nav md-nav--primary"')
        )
    ]
    nav = html[html.find('<nav class="md-nav md-nav--primary"') :]
    for section in (
        "Quanti crediti devo fare",
        "La mia situazione",
        "Mi mancano crediti",
        "Assicurazione",
        "Docenti, relatori e tutor",
        "Come si calcolano i crediti",
        "Riferimenti",
    ):
        assert section in nav, section
    assert "sviluppatori/" not in nav.split("</nav>")[0], "developer pages left the member menu"


def test_the_faq_is_one_tap_from_every_page(built: Path) -> None:
    for page in sorted(built.rglob("index.html")):
        html = page.read_text(encoding="utf-8")
        quick = re.search(r'<nav class="ecm-quick".*?</nav>', html, re.DOTALL)
        assert quick, page.relative_to(built)
        first = re.search(r'href="([^"]+)"', quick.group(0))
        assert first, page.relative_to(built)
        target = (page.parent / first.group(1)).resolve()
        lang_root = built / "en" if page.relative_to(built).parts[0] == "en" else built
        assert target == (lang_root / "faq").resolve(), f"{page.relative_to(built)}: {first.group(1)}"


def test_home_page_has_a_dated_box_and_twelve_answered_questions(built: Path) -> None:
    for prefix in ("", "en/"):
        html = _article(built / prefix / "index.html")
        assert 'class="ecm-today"' in html and 'class="ecm-today__date"' in html
        questions = re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", html, re.DOTALL)
        assert len(questions) == 12, prefix
        for question, answer in questions:
            assert "<a " in answer, f"{question}: the answer links to its page"
            sentence = str(CHECKS.visible_text(answer)).strip()
            assert sentence.endswith(".") and ". " not in sentence.replace("Co.Ge.A.P.S. ", ""), question


@pytest.mark.parametrize("lang", ["it", "en"])
@pytest.mark.parametrize("name", SITUATIONS)
def test_situation_pages_end_with_the_cogeaps_steps(built: Path, lang: str, name: str) -> None:
    prefix = "en/" if lang == "en" else ""
    html = _article(built / prefix / "situazioni" / name / "index.html")
    headings = re.findall(r"<h2[^>]*>(.*?)</h2>", html, re.DOTALL)
    last = CHECKS.visible_text(headings[-1]).replace("¶", "").strip()
    assert last == CHECKS.STEPS_HEADING[lang]
    steps = html[html.rfind("<h2") :]
    assert steps.count("<li>") >= 3 and "<ol>" in steps


def test_the_build_check_rejects_a_situation_page_without_steps() -> None:
    good = "# X\n\n## Cosa fare su Co.Ge.A.P.S.\n\n1. Entra.\n2. Controlla.\n"
    assert CHECKS.situation_problems(good, "it") == []
    assert CHECKS.situation_problems("# X\n\n## Altro\n\n1. a\n2. b\n", "it")
    assert CHECKS.situation_problems("# X\n\n## Cosa fare su Co.Ge.A.P.S.\n\nSolo testo.\n", "it")
    assert CHECKS.situation_problems(good.replace("## Cosa fare", "## Prima") + "## Poi\n", "it")
    assert CHECKS.is_situation("it/situazioni/nuova.md", {})


def test_the_build_check_rejects_english_template_text_and_iso_dates() -> None:
    phrases = CHECKS.english_phrases([{"x": {"it": "Crediti dell'evento", "en": "Credits for the event"}}])
    page = "<article><p>Crediti dell'evento: 3</p></article>"
    assert CHECKS.italian_problems(page, phrases) == []
    assert CHECKS.italian_problems(page.replace("Crediti dell'evento", "Credits for the event"), phrases)
    assert CHECKS.italian_problems("<article><p>dal 2024-07-20</p></article>", phrases)
    assert CHECKS.italian_problems("<article><p>capped at 1/5 of 122 = 24.4</p></article>", phrases)
    assert CHECKS.italian_problems("<article><code>2024-07-20</code></article>", phrases) == []


def test_every_page_has_its_own_meta_description(built: Path) -> None:
    seen: dict[str, Path] = {}
    for page in sorted(built.rglob("index.html")):
        found = re.search(r'<meta name="description" content="([^"]+)"', page.read_text(encoding="utf-8"))
        assert found, page
        if "sviluppatori" not in str(page):
            assert found.group(1) not in seen, f"{page} repeats {seen.get(found.group(1))}"
        seen[found.group(1)] = page


def test_deployed_build_names_the_contact_and_publishes_hreflang_in_the_sitemap(tmp_path: Path) -> None:
    out = tmp_path / "site"
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "ECM_SITE_URL": "https://guida.example/",
        "ECM_CONTACT_EMAIL": "guida@ordine.example",
        "ECM_ISSUE_TRACKER": "https://tracker.example/guida/issues",
    }
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)]
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, timeout=300)
    text = (out / "chi-cura" / "index.html").read_text(encoding="utf-8")
    assert 'href="mailto:guida@ordine.example"' in text
    assert 'href="https://tracker.example/guida/issues"' in text
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://guida.example/situazioni/pensionato/</loc>" in sitemap
    assert 'hreflang="en" href="https://guida.example/en/situazioni/pensionato/"' in sitemap
    # No 404 from the sitemap: every address it lists (pages and their language alternates) is built, and
    # every page names both languages.
    entries = re.findall(r"<url>(.*?)</url>", sitemap, re.DOTALL)
    assert len(entries) >= 2 * len(list((SITE / "it").rglob("*.md"))) - 2 * len(
        list((SITE / "it" / "sviluppatori").rglob("*.md"))
    ), len(entries)
    for entry in entries:
        addresses = re.findall(r"<loc>([^<]+)</loc>", entry) + re.findall(r'href="([^"]+)"', entry)
        for address in addresses:
            assert address.startswith("https://guida.example/"), address
            path = address.removeprefix("https://guida.example/")
            assert (out / path / "index.html").is_file() or (out / path).is_file(), f"404: {address}"
        langs = set(re.findall(r'hreflang="([^"]+)"', entry))
        assert {"it", "en"} <= langs, entry
    page = (out / "situazioni" / "pensionato" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://guida.example/situazioni/pensionato/">' in page
    assert '<link rel="alternate"' not in page  # Material would fetch a sitemap.xml under each (404)
    assert 'hreflang="en"' in page  # the language selector's link
    del env["ECM_CONTACT_EMAIL"]
    failed = subprocess.run(
        [*command[:-1], str(tmp_path / "d")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert failed.returncode != 0 and "ECM_CONTACT_EMAIL" in failed.stderr


# --------------------------------------------------------------------------------------------------
# Issue 16: the wrong statements, as far as the text goes


def test_insurance_names_2023_2025_during_2026_2028(built: Path) -> None:
    text = _text(built / "assicurazione" / "index.html")  # §11.5
    assert "Per tutto il 2026, 2027 e 2028 conta il triennio 2023-2025" in text
    assert "prima del 2023-2025 non c'è nessuna soglia assicurativa" in text
    assert '"triennium": "2023-2025"' in (SITE / "it" / "assicurazione.md").read_text(encoding="utf-8")


def test_the_three_old_trienni_can_be_certified_until_the_end_of_2028(built: Path) -> None:
    html = (built / "obbligo" / "index.html").read_text(encoding="utf-8")  # §11.8
    table = html[html.find("Termine per recuperare") :]
    table = table[: table.find("</table>")]
    for triennium in ("2014-2016", "2017-2019", "2020-2022"):
        row = table[table.find(f">{triennium}<") :]
        row = row[: row.find("</tr>")]
        assert "Con crediti compensativi fino al" in row and "31 dicembre 2028" in CHECKS.visible_text(row)
    moves = _text(built / "compensazione" / "index.html")
    assert "Oggi non si può più spostare" in moves and "30 giugno 2026" in moves


def test_publications_only_indexed_journals_count_now(built: Path) -> None:
    text = _text(built / "limiti" / "index.html")  # §11.12
    assert "oggi contano solo le riviste indicizzate" in text and "Scopus o Web of Science" in text


def test_specializzandi_retired_and_missing_credits_say_the_steps_that_matter(built: Path) -> None:
    faq = _text(built / "faq" / "index.html")
    assert "lo dichiari tu su Co.Ge.A.P.S." in faq and "dopo la fine dell'anno" in faq
    retired = _text(built / "situazioni" / "pensionato" / "index.html")  # §11.6
    assert "5.000 euro l'anno" in retired and "dei 70 anni" in retired
    missing = _text(built / "mancano-crediti" / "index.html")  # §11.9
    assert "codice dell'evento" in missing and "contattato il provider" in missing


def test_the_today_box_fails_the_build_once_its_deadlines_have_passed(built: Path) -> None:
    html = (built / "index.html").read_text(encoding="utf-8")
    assert CHECKS.stale_today_dates(html, BUILD_DATE) == []
    # 31 Dec 2028: compensating credits for 2014-2022 and recovery of 2023-2025 (§11.8).
    assert CHECKS.stale_today_dates(html, "2029-01-01") == ["2028-12-31"]


def test_laws_cite_the_official_text_before_the_page_the_number_was_read_on(built: Path) -> None:
    html = (built / "fonti" / "index.html").read_text(encoding="utf-8")
    row = html[html.find('id="src-dl_34_2020"') :]
    row = row[: row.find("</tr>")]
    official = row.find("https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:decreto.legge:2020-05-19;34")
    read = row.find("https://raw.githubusercontent.com/robertolofaro/decretorilancio")
    assert 0 <= official < read, "Normattiva first, then the page read (§11.10)"


def test_worked_examples_show_no_machine_values(built: Path) -> None:
    """Input tables name fields in words and show lists as words: no raw field names, no JSON."""
    for page in sorted(built.rglob("index.html")):
        html = page.read_text(encoding="utf-8")
        for example in re.findall(r'<div class="ecm-example".*?</table>', html, re.DOTALL):
            text = str(CHECKS.visible_text(example))
            assert not re.search(r"\b[a-z]+_[a-z0-9_]+\b", text), f"{page}: raw field name in {text[:200]}"
            assert "[" not in text and "{" not in text and "(sì)" not in text, f"{page}: {text[:200]}"


def test_radioprotection_page_shows_both_shares_from_the_law(built: Path) -> None:
    """§11.11: at least 10 %, 15 % for fisica medica and complementary radiological activity, from 2020-2022,
    cited to D.Lgs 101/2020 on Normattiva; reachable from 'Quanti crediti devo fare' in both languages."""
    for prefix, since, words in (
        (
            "",
            "dal 1° gennaio 2020",
            ("Almeno il 10 %", "Almeno il 15 %", "tecnico sanitario di radiologia medica"),
        ),
        ("en/", "from 1 January 2020", ("At least 10 %", "At least 15 %", "Radiographer")),
    ):
        page = built / prefix / "radioprotezione" / "index.html"
        text = _text(page)
        assert since in text and all(w in text for w in words), (prefix, text[:400])
        html = _article(page)
        assert "urn:nir:stato:decreto.legislativo:2020-07-31;101" in html
        assert 'data-rule="radioprotection.professions"' in html and "ecm-conf--med" in html
        # The worked example: 140 + 10 on radioprotection counts 150, but 5 are missing (10 % of 150 = 15).
        example = html[html.find('class="ecm-example"') :]
        assert 'data-result="150.0"' in example[:2000]
        nav = (built / prefix / "limiti" / "index.html").read_text(encoding="utf-8")
        assert 'href="../radioprotezione/"' in nav


def test_every_rule_shown_carries_the_day_it_was_last_checked(built: Path) -> None:
    """A verification date per rule, not per page: each rendered rule has data-verified equal to its value's
    date in the rule book, and tables write it under the source."""
    book = load_rulebook()
    spans = 0
    for page in sorted(built.rglob("index.html")):
        html = page.read_text(encoding="utf-8")
        assert CHECKS.rules_without_verified(html) == [], page
        for tag in re.findall(r'<span class="ecm-rule"[^>]*>', html):
            rule = re.search(r'data-rule="([^"]+)"', tag)
            day = re.search(r'data-date="([^"]+)"', tag)
            verified = re.search(r'data-verified="([^"]+)"', tag)
            assert rule and day and verified, tag
            found = book.at(rule.group(1), date.fromisoformat(day.group(1)))
            assert found.verified is not None and verified.group(1) == found.verified.isoformat(), tag
            spans += 1
    assert spans > 300
    limiti = _text(built / "limiti" / "index.html")
    assert "regola verificata il 29 novembre 2026" in limiti
    assert "rule checked on 29 November 2026" in _text(built / "en" / "limiti" / "index.html")


def test_the_build_check_rejects_a_rule_without_a_verified_date() -> None:
    ok = '<span class="ecm-rule" data-rule="caps.learner_min" data-verified="2026-11-29">40 %</span>'
    bad = '<p><span class="ecm-rule" data-rule="caps.abroad_max" data-date="2026-01-01">50 %</span></p>'
    assert CHECKS.rules_without_verified(ok) == []
    assert CHECKS.rules_without_verified(ok + bad) == ["caps.abroad_max"]


def test_retired_income_limit_and_age_come_from_the_rule_book(built: Path) -> None:
    """§11.6: 5,000 euro a year and age 70 are rendered from exemption.retired, also in the description."""
    for prefix, income, age in (
        ("", "5.000 euro l'anno", "dai 70 anni"),
        ("en/", "5,000 euro a year", "age 70"),
    ):
        page = built / prefix / "situazioni" / "pensionato" / "index.html"
        html = page.read_text(encoding="utf-8").replace("&#x27;", "'").replace("&#39;", "'")
        assert f'data-text="{income}"' in html and 'data-key="cogeaps_from_age"' in html
        description = re.search(r'<meta name="description" content="([^"]*)"', html)
        assert description and income in description.group(1) and age in description.group(1)
        assert "{{" not in description.group(1)
    for name in ("situazioni/pensionato", "esoneri-esenzioni", "faq", "index"):
        source = (SITE / "it" / f"{name}.md").read_text(encoding="utf-8")
        assert "5.000" not in source and "settant" not in source, f"{name}: typed, not from the rule book"


def test_publications_older_table_is_history_and_its_end_is_not_a_date_of_law(built: Path) -> None:
    """§11.12: only Scopus/WoS-indexed publications are current (3 first/last author, 1 otherwise); the
    older table (non-indexed journals, books) is historical; the boundary was not found (MED)."""
    book = load_rulebook()
    current = book.at("individual.publication", date.fromisoformat(BUILD_DATE))
    assert current.value == {"indexed": {"lead": 3, "other": 1}} and current.confidence == "MED"
    assert not current.from_known
    older = book.parameters["individual.publication"].values[0]
    assert older.value["journal"] == {"lead": 1, "other": 0.5} and older.value["book"] == {
        "lead": 2,
        "other": 1,
    }
    for prefix in ("", "en/"):
        html = (built / prefix / "limiti" / "index.html").read_text(encoding="utf-8")
        values = re.findall(
            r'data-rule="individual.publication" data-date="([^"]+)" data-value="([^"]+)"', html
        )
        today = [v for d, v in values if d == current.valid_from.isoformat()]
        history = [v for d, v in values if d == older.valid_from.isoformat()]
        assert today and all("journal" not in v and "book" not in v for v in today), prefix
        assert history and all("journal" in v for v in history), prefix
        # The boundary shows no date of law (an abbreviation saying so), never "1 January 2023".
        shown = re.findall(r'data-source="doc_manuale_fc" data-from="([^"]*)"', html)
        assert shown and not any(current.valid_from.isoformat() in d for d in shown), prefix


def test_the_guide_hooks_stay_small_modules() -> None:
    """DEVELOPERS.md: files under ~600 lines; the hook is split by concern (words, format, render)."""
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in (ROOT / "hooks").glob("*.py")}
    assert {"ecm_rules.py", "ecm_words.py", "ecm_format.py", "ecm_render.py"} <= set(sizes)
    assert all(size <= 600 for size in sizes.values()), sizes
