"""The guide: it builds strictly, agrees with the rule book, and makes no third-party requests.

One build per test module (``--dist loadfile`` keeps this file on one worker).
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from functions.rulebook import compute_event_credits, compute_obligation, evaluate_compliance
from functions.rulebook.models import ComplianceInput, EventInput, ObligationInput
from functions.rulebook.parameters import load_rulebook
from tests.site.build import load_hook

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "site"
LANGS = ("it", "en")


HOOK = load_hook("ecm_rules", "ecm_rules_hook")


def _pages(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*.html")):
        if path.name == "404.html":
            continue
        yield path


class Collector(HTMLParser):
    """Collects rule spans (with their text), worked examples and request-making attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rules: list[dict[str, str]] = []
        self.examples: list[dict[str, str]] = []
        self.requests: list[tuple[str, str, str]] = []
        self.verified: list[str] = []
        self._open_rules: list[tuple[int, dict[str, str]]] = []
        self._depth = 0
        self._total: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        classes = attributes.get("class", "").split()
        if tag not in ("br", "img", "meta", "link", "input", "hr", "source"):
            self._depth += 1
        if "ecm-rule" in classes:
            attributes["_text"] = ""
            self._open_rules.append((self._depth, attributes))
        if "ecm-example" in classes:
            self.examples.append(attributes)
        if "ecm-example__total" in classes and self.examples:
            self._total = self.examples[-1]
            self._total["_total"] = ""
        if "ecm-verified" in classes:
            self.verified.append(attributes.get("data-verified", ""))
        for name in ("src", "srcset", "poster", "data", "action", "formaction"):
            if name in attributes:
                self.requests.append((tag, name, attributes[name]))
        # rel=canonical/alternate name the deployed address; browsers do not fetch them.
        if tag == "link" and "href" in attributes and attributes.get("rel") not in ("canonical", "alternate"):
            self.requests.append((tag, "href", attributes["href"]))
        if "style" in attributes:
            self.requests.append((tag, "style", attributes["style"]))

    def handle_endtag(self, tag: str) -> None:
        if self._open_rules and self._open_rules[-1][0] == self._depth:
            self.rules.append(self._open_rules.pop()[1])
        if self._total is not None and tag == "strong":
            self._total = None
        self._depth -= 1

    def handle_data(self, data: str) -> None:
        for _, attributes in self._open_rules:
            attributes["_text"] += data
        if self._total is not None:
            self._total["_total"] += data


@pytest.fixture(scope="module")
def parsed(built: Path) -> dict[Path, Collector]:
    pages = {}
    for path in _pages(built):
        collector = Collector()
        collector.feed(path.read_text(encoding="utf-8"))
        pages[path] = collector
    return pages


def _lang_of(built: Path, page: Path) -> str:
    return "en" if page.relative_to(built).parts[0] == "en" else "it"


# ---------------------------------------------------------------------------------------------------


def test_both_languages_have_the_same_pages() -> None:
    it_pages = {p.relative_to(SITE / "it") for p in (SITE / "it").rglob("*.md")}
    en_pages = {p.relative_to(SITE / "en") for p in (SITE / "en").rglob("*.md")}
    assert it_pages == en_pages
    assert len(it_pages) >= 35


def test_one_page_per_event_type() -> None:
    expected = {
        "formazione-residenziale",
        "congressi",
        "workshop",
        "residenziale-interattiva",
        "training-individualizzato",
        "gruppi-miglioramento",
        "ricerca",
        "audit",
        "autoapprendimento",
        "autoapprendimento-tutor",
        "docenza-tutoring",
        "formazione-sul-campo",
        "fad",
    }
    for lang in LANGS:
        found = {p.stem for p in (SITE / lang / "eventi").glob("*.md")}
        assert expected <= found, expected - found
        for name in expected - {"formazione-sul-campo"}:
            text = (SITE / lang / "eventi" / f"{name}.md").read_text(encoding="utf-8")
            assert "event-example:" in text, f"{lang}/eventi/{name}.md has no worked example"


def test_build_is_strict_and_bilingual(built: Path) -> None:
    assert (built / "index.html").is_file()
    assert (built / "en" / "index.html").is_file()
    html = (built / "eventi" / "congressi" / "index.html").read_text(encoding="utf-8")
    assert 'hreflang="en"' in html and "en/eventi/congressi/" in html, "language switcher keeps the page"
    assert 'lang="it"' in html
    assert 'lang="en"' in (built / "en" / "eventi" / "congressi" / "index.html").read_text(encoding="utf-8")
    # One search index per language, each stemmed in its own language and holding only its pages.
    for prefix, lang in (("", "it"), ("en/", "en")):
        index = json.loads((built / prefix / "search" / "search_index.json").read_text(encoding="utf-8"))
        assert index["config"]["lang"] == [lang]
        locations = [str(doc["location"]) for doc in index["docs"]]
        assert locations and not any(loc.startswith("en/") for loc in locations), lang


def test_every_rendered_value_matches_the_rule_book(parsed: dict[Path, Collector], built: Path) -> None:
    book = load_rulebook()
    checked = 0
    for page, collector in parsed.items():
        lang = _lang_of(built, page)
        for span in collector.rules:
            param_id = span["data-rule"]
            assert param_id in book.parameters, f"{page}: unknown rule {param_id}"
            found = book.at(param_id, date.fromisoformat(span["data-date"]))
            value = HOOK.pick(found.value, span.get("data-key") or None)
            assert span["data-value"] == HOOK.canonical(value), (
                f"{page}: {param_id} shows {span['data-value']}"
            )
            text = span.get("data-text")
            if text is not None:
                assert span["_text"].strip().startswith(text), f"{page}: {param_id} text {span['_text']!r}"
                parameter = book.parameters[param_id]
                key = span.get("data-key")
                unit = HOOK.KEY_UNITS.get(key.split(".")[-1], "") if key else parameter.unit
                # A marker may name the unit to write (rule(..., unit="hours"): "3 ore"); a true/false rule
                # in a sentence cites its source ("fonte") instead of "sì".
                candidates = {
                    HOOK.fmt_value(value, u, lang, show_unit=s)
                    for u in (unit, "share", *HOOK.UNITS)
                    for s in (True, False)
                }
                if isinstance(value, bool):
                    candidates |= {HOOK.t("see_source", lang), HOOK.t("no_rule", lang)}
                assert text in candidates, (
                    f"{page}: {param_id} rendered {text!r}, expected one of {candidates}"
                )
            checked += 1
    assert checked > 300


def test_worked_examples_match_the_engine(parsed: dict[Path, Collector], built: Path) -> None:
    checked = 0
    for page, collector in parsed.items():
        lang = _lang_of(built, page)
        for example in collector.examples:
            data: dict[str, Any] = json.loads(example["data-input"])
            if example["data-example"] == "event-example":
                total = compute_event_credits(EventInput.model_validate(data)).credits
            elif example["data-example"] == "compliance-example":
                total = evaluate_compliance(ComplianceInput.model_validate(data)).counted
            else:
                total = compute_obligation(ObligationInput.model_validate(data)).obligation
            assert json.loads(example["data-result"]) == float(total), f"{page}: {data}"
            assert example["_total"].strip() == HOOK.fmt_number(total, lang), f"{page}: {data}"
            checked += 1
    assert checked >= 60


def test_every_page_has_a_last_verified_date(parsed: dict[Path, Collector]) -> None:
    for page, collector in parsed.items():
        if page.parent.name == "search":
            continue
        assert len(collector.verified) == 1, f"{page} has no 'last verified' date"
        date.fromisoformat(collector.verified[0])


def test_result_pages_say_the_ordine_certifies(built: Path) -> None:
    for prefix, word in (("", "l'Ordine"), ("en/", "Ordine")):
        for calculator, name in (("crediti-evento", "event"), ("triennio", "triennium")):
            html = (built / f"{prefix}calcolatori/{calculator}/index.html").read_text(encoding="utf-8")
            assert f'data-calculator="{name}"' in html
            assert "admonition warning" in html and word in html.replace("&#x27;", "'")
            # This calculator's bundle (engine included), not the other's, and the rules file, under
            # content-hashed names.
            script = r'<script src="[./]*assets/javascripts/ecm-calculators-(\w+)\.[0-9a-f]{10}\.min\.js"'
            assert re.findall(script, html) == [name]
            assert re.search(r'data-rules="[./]*assets/data/rules\.[0-9a-f]{10}\.min\.json"', html)


def test_rules_data_are_published_for_the_calculators(built: Path) -> None:
    generated = ROOT / "functions" / "rulebook" / "generated"
    for name in ("rules.json", "conformance.json"):
        published = json.loads((built / "assets" / "data" / name).read_text(encoding="utf-8"))
        assert published == json.loads((generated / name).read_text(encoding="utf-8"))


def test_api_reference_is_rendered_or_says_it_is_missing(built: Path) -> None:
    for prefix in ("", "en/"):
        html = (built / f"{prefix}sviluppatori/api/index.html").read_text(encoding="utf-8")
        if HOOK.find_openapi() is None:
            assert "ecm-openapi-missing" in html
            continue
        document = json.loads(HOOK.find_openapi().read_text(encoding="utf-8"))
        assert 'data-openapi="rendered"' in html
        for path, item in document.get("paths", {}).items():
            for method in ("get", "post", "put", "patch", "delete"):
                if method in item:
                    assert f"{method.upper()} {path}" in html.replace("&#x27;", "'"), f"{method} {path}"


# ---------------------------------------------------------------------------------------------------
# No rule number typed by hand

UNIT_WORDS = (
    r"crediti|credito|credits?|%|per ?cento|percent|ore|ora|hours?|giorni|days|partecipanti|participants|"
    r"mesi|months|minuti|minutes|anni|years|sessioni|sessions"
)
BARE_NUMBER = re.compile(rf"(?<![\w/.-])\d+(?:[.,]\d+)?\s*(?:{UNIT_WORDS})(?!\w)", re.IGNORECASE)
STRIP = re.compile(
    r"^---\n.*?\n---\n"  # front matter
    r"|^(`{3,}|~{3,}).*?^\1[ \t]*$"  # fenced code
    r"|`[^`\n]+`"  # inline code
    r"|\{\{.*?\}\}"  # rule markers
    r"|<!--.*?-->"  # comment markers (examples carry their inputs)
    r"|\]\([^)]*\)",  # link targets
    re.MULTILINE | re.DOTALL,
)


def test_markdown_has_no_bare_rule_numbers() -> None:
    offenders = []
    for path in sorted(SITE.rglob("*.md")):
        text = STRIP.sub(" ", path.read_text(encoding="utf-8"))
        for match in BARE_NUMBER.finditer(text):
            offenders.append(f"{path.relative_to(ROOT)}: {match.group(0)!r}")
    assert not offenders, "rule numbers must come from a marker:\n" + "\n".join(offenders)


def test_the_bare_number_check_catches_typed_rules() -> None:
    assert BARE_NUMBER.search("un congresso vale 0,3 crediti per ora")
    assert BARE_NUMBER.search("at least 70 % of it")
    assert not BARE_NUMBER.search(STRIP.sub(" ", 'vale {{ rule("event.max_credits") }} crediti'))


# The calculators' labels: every number a calculator shows comes from the rules data (a label holds a
# {placeholder}, filled by the calculators' modules from rules.json). Checked on the bundles the site serves.
JS_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\\\n]|\\.)*)\'|`((?:[^`\\]|\\.)*)`')
COMPARATIVE = re.compile(
    r"(?:\b(?:oltre|over|più di|more than|almeno|at least|fino a|up to|massimo|maximum|minimo|minimum)"
    r"|[≥≤<>])\s*\d",
    re.IGNORECASE,
)
PLACEHOLDERS = re.compile(r"\$\d+|\$\{[^}]*\}|\{\w+\}")


def typed_rule_numbers(script: str) -> list[str]:
    """Numbers with a unit, percentages and 'over 200'-style limits inside a script's string literals."""
    script = re.sub(r"^\s*//.*$", "", script, flags=re.MULTILINE)
    found = []
    for match in JS_STRING.finditer(script):
        literal = PLACEHOLDERS.sub(" ", next(g for g in match.groups() if g is not None))
        found += [hit.group(0) for pattern in (BARE_NUMBER, COMPARATIVE) for hit in pattern.finditer(literal)]
    return found


def test_calculator_bundle_has_no_rule_numbers_typed_by_hand(built: Path) -> None:
    bundles = sorted((built / "assets" / "javascripts").glob("ecm-calculators-*.min.js"))
    assert len(bundles) == 2, bundles
    offenders = [hit for bundle in bundles for hit in typed_rule_numbers(bundle.read_text(encoding="utf-8"))]
    assert not offenders, f"labels must take rule numbers from the rules data: {offenders}"


def test_the_bundle_check_catches_typed_labels() -> None:
    assert typed_rule_numbers('insurance: "Soglia assicurativa (70 %)",')
    assert typed_rule_numbers("res_congress: 'RES – congress (over 200)',")
    assert typed_rule_numbers("x = `Almeno il 40 % come discente`;")
    assert typed_rule_numbers('esonero_course: "Esonero: corso universitario (≥ 60 CFU)",')
    assert not typed_rule_numbers('insurance: "Soglia assicurativa ({insurance})",')
    assert not typed_rule_numbers('tooLarge: "al massimo $1 partecipanti (inseriti $2)",')


# ---------------------------------------------------------------------------------------------------
# No third-party requests

EXTERNAL = re.compile(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", re.IGNORECASE)
# URLs inside Material's bundle that never load for this site: SVG namespaces are not requests;
# mermaid loads only for mermaid diagrams (none); the GitHub/GitLab APIs only with a repo_url (none);
# the ResizeObserver polyfill only in browsers without ResizeObserver (and the CSP forbids it); the
# bit.ly link is text in a console warning of the search worker.
MATERIAL_BUNDLE_ALLOWED = (
    "https://bit.ly/2s3ChXG",
    "http://www.w3.org/",
    "https://unpkg.com/resize-observer-polyfill",
    "https://unpkg.com/mermaid@",
    "https://fontawesome.com",
    "https://clipboardjs.com/",
    "https://api.github.com/",
    "https://${",
)


def test_no_third_party_requests_in_html(parsed: dict[Path, Collector]) -> None:
    offenders = []
    for page, collector in parsed.items():
        for tag, attribute, value in collector.requests:
            if EXTERNAL.search(value) and "w3.org/2000/svg" not in value:
                offenders.append(f"{page}: <{tag} {attribute}={value!r}>")
    assert not offenders, "\n".join(offenders)


def test_no_inline_scripts_load_external_resources(built: Path) -> None:
    script = re.compile(r"<script\b[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)
    for page in _pages(built):
        for body in script.findall(page.read_text(encoding="utf-8")):
            assert not EXTERNAL.search(body.replace("http://www.w3.org/2000/svg", "")), page


BLOCK_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
LINE_COMMENT = re.compile(r"(?m)^\s*//.*$|(?<=[;{}\s])//(?![^\n]*[\"'`]\s*[,;)]).*$")


def test_no_third_party_requests_in_css_and_js(built: Path) -> None:
    offenders = []
    for path in sorted(built.rglob("*.css")):
        text = BLOCK_COMMENT.sub(" ", path.read_text(encoding="utf-8", errors="replace"))
        for match in re.finditer(
            r"url\(\s*['\"]?(?:https?:)?//[^)]+\)|@import\s+(?:url\()?['\"]?(?:https?:)?//", text
        ):
            offenders.append(f"{path.relative_to(built)}: {match.group(0)}")
    for path in sorted(built.rglob("*.js")):
        text = path.read_text(encoding="utf-8", errors="replace")
        text = LINE_COMMENT.sub(" ", BLOCK_COMMENT.sub(" ", text))
        is_material = path.name.startswith("bundle.") or "lunr" in path.parts or "workers" in path.parts
        for match in re.finditer(r"https?://[^\s\"'`)<>]+", text):
            url = match.group(0)
            if "w3.org/2000/svg" in url or "w3.org/1999/xlink" in url:
                continue
            if is_material and url.startswith(MATERIAL_BUNDLE_ALLOWED):
                continue
            offenders.append(f"{path.relative_to(built)}: {url}")
    assert not offenders, "\n".join(offenders)


def test_material_google_fonts_are_off(built: Path) -> None:
    html = (built / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html
    assert "navigation.instant" not in html


# ---------------------------------------------------------------------------------------------------
# Configuration and links

HREF = re.compile(r'<a\b[^>]*\bhref="([^"]+)"', re.IGNORECASE)


def test_relative_links_in_built_pages_resolve(built: Path) -> None:
    """MkDocs validates Markdown links; this also covers links the hook writes as raw HTML."""
    broken = []
    for page in _pages(built):
        for href in HREF.findall(page.read_text(encoding="utf-8")):
            if href.startswith(("http://", "https://", "mailto:", "#", "//")):
                continue
            path = href.split("#", 1)[0].split("?", 1)[0]
            # The language switcher links the home pages absolutely ("/", "/en/"): the site is served at "/".
            base = built if path.startswith("/") else page.parent
            target = (base / path.lstrip("/")).resolve()
            if not (target.is_file() or (target / "index.html").is_file()):
                broken.append(f"{page.relative_to(built)} -> {href}")
    assert not broken, "\n".join(broken)


def test_mkdocs_configuration_guards() -> None:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^docs_dir: site$", text, re.MULTILINE)
    assert re.search(r"^site_dir: public$", text, re.MULTILINE)
    assert re.search(r"^  font: false$", text, re.MULTILINE), "Material's Google Fonts must stay off"
    assert "navigation.instant" not in text, "navigation.instant breaks the language switcher"
    nav_block = text[text.index("validation:") : text.index("theme:")]
    for key in ("omitted_files: warn", "not_found: warn", "anchors: warn"):
        assert key in nav_block
    assert "hooks/ecm_rules.py" in text
    assert "google-analytics" not in text and "analytics:" not in text


HEADING = re.compile(r"<h([1-6])\b", re.IGNORECASE)


def test_headings_start_at_h1_and_never_skip_a_level(built: Path) -> None:
    for page in _pages(built):
        html = page.read_text(encoding="utf-8")
        article = html[html.find("<article") : html.find("</article>")]
        levels = [int(level) for level in HEADING.findall(article)]
        if not levels:
            continue
        assert levels[0] == 1 and levels.count(1) == 1, f"{page}: {levels[:5]}"
        for before, after in itertools.pairwise(levels):
            assert after <= before + 1, f"{page}: h{before} followed by h{after}"


def test_every_rule_book_parameter_appears_in_both_languages(
    parsed: dict[Path, Collector], built: Path
) -> None:
    book = load_rulebook()
    shown: dict[str, set[str]] = {"it": set(), "en": set()}
    for page, collector in parsed.items():
        shown[_lang_of(built, page)].update(span["data-rule"] for span in collector.rules)
    for lang, ids in shown.items():
        missing = sorted(set(book.parameters) - ids)
        assert not missing, f"{lang}: rules not shown anywhere on the site: {missing}"


MARKER = re.compile(r"\{\{\s*rule\(.*?\)\s*\}\}|<!--\s*[a-z-]+(?::.*?)?-->", re.DOTALL)
CODE = re.compile(r"^(`{3,}|~{3,}).*?^\1[ \t]*$|`[^`\n]+`", re.MULTILINE | re.DOTALL)
FREE_TEXT = re.compile(r'"reason": "[^"]*"')


def _markers(path: Path) -> set[str]:
    text = CODE.sub(" ", path.read_text(encoding="utf-8"))
    return {FREE_TEXT.sub('"reason": …', re.sub(r"\s+", " ", m)) for m in MARKER.findall(text)}


def test_both_languages_show_the_same_rules_and_examples() -> None:
    """A translation may word things differently but must not drop or change a rule or an example."""
    for it_page in sorted((SITE / "it").rglob("*.md")):
        en_page = SITE / "en" / it_page.relative_to(SITE / "it")
        assert _markers(it_page) == _markers(en_page), (
            f"{it_page.relative_to(SITE)} and its English page differ"
        )
