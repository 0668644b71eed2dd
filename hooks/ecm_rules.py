"""MkDocs hook: every rule number on the guide comes from the rule book at build time.

Markers understood in the Markdown pages (nothing else may carry a rule number):

- ``{{ rule("event.res.congress.per_hour") }}``: the value in force today, linked to its source, with its
  confidence when it is not HIGH. Optional arguments: a date (``"2019-01-01"``, second positional or
  ``date=``), ``key="per_hour"`` for one field of a structured value (dotted for nested fields),
  ``unit=False`` to drop the unit, ``fmt="percent"`` to show a share as a percentage.
- ``<!-- rules-table: event.res -->``: the parameters under a prefix, with value, date, source, confidence.
- ``<!-- rule-history: obligation.covid obligation.base -->``: every dated value of the listed parameters.
- ``<!-- trienni-table -->``: the trienni with their deadlines and base obligation.
- ``<!-- event-example: {json EventInput} -->`` and ``<!-- obligation-example: {json ObligationInput} -->``:
  a worked example computed by the rule book engine, with its explanation lines.
- ``<!-- sources-list -->``: every document the rule book cites.
- ``<!-- professions: radioprotection.professions base -->``: the professions a rule lists under a key,
  named in the page's language.
- ``<!-- openapi-reference -->``: the API reference from the committed OpenAPI document.

Front matter: ``last_verified: YYYY-MM-DD`` (required on every page) and ``estimate: true`` on pages
that show results (adds the statement that results are estimates and that the Ordine certifies).

The hook also publishes the rules export and the conformance vectors at ``assets/data/`` for the
browser calculators.

This file holds the MkDocs events; its sibling modules do the work: ``ecm_words`` (labels and sentences
in both languages), ``ecm_format`` (rule book access, values in words, dates of law, marker helpers),
``ecm_render`` (the markers of one page), ``ecm_table`` (its tables: cards on a phone), ``page_checks``
(the build's checks), ``openapi_render``.
"""

from __future__ import annotations

import gzip
import html
import importlib
import importlib.util
import json
import logging
import os
import re
import sys
import types
from datetime import date
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.hooks.ecm_rules")

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# The hook's own modules sit beside it (MkDocs loads this file by path): words, formatting, rendering.
HOOKS = Path(__file__).resolve().parent
if str(HOOKS) not in sys.path:
    sys.path.insert(0, str(HOOKS))

from ecm_format import (  # noqa: E402  (after the path above)
    SINGULAR,
    _parse_date,
    _today,
    canonical,
    confidence_labels,
    engine,
    find_openapi,
    fmt_date,
    fmt_number,
    fmt_value,
    load_rulebook,
    parse_rule_args,
    pick,
)
from ecm_render import Renderer  # noqa: E402
from ecm_words import (  # noqa: E402
    ENUM_LABELS,
    FIELD_LABELS,
    KEY_UNITS,
    KEYS,
    TEXT,
    TODAY_TEXT,
    UNITS,
    VALUE_LABELS,
    t,
)

# What the site tests read from this hook (tests/site): the formatting the pages were built with.
__all__ = [
    "KEY_UNITS",
    "canonical",
    "find_openapi",
    "fmt_number",
    "fmt_value",
    "on_config",
    "on_files",
    "on_page_content",
    "on_page_markdown",
    "on_post_build",
    "pick",
]

GENERATED = ROOT / "functions" / "rulebook" / "generated"
PLACEHOLDER_SCRIPTS = ("assets/javascripts/ecm-engine.js", "assets/javascripts/ecm-calculators.js")

RULE_MARKER = re.compile(r"\{\{\s*rule\((?P<args>.*?)\)\s*\}\}")
COMMENT_MARKER = re.compile(r"<!--\s*(?P<name>[a-z-]+)(?::(?P<arg>.*?))?\s*-->", re.DOTALL)
# Fenced code blocks and inline code are documentation of the markers, never replaced.
CODE = re.compile(r"^(`{3,}|~{3,}).*?^\1[ \t]*$|`[^`\n]+`", re.MULTILINE | re.DOTALL)
KNOWN_COMMENTS = {
    "rules-table",
    "rule-history",
    "trienni-table",
    "event-example",
    "obligation-example",
    "compliance-example",
    "sources-list",
    "today",
    "contact",
    "openapi-reference",
    "professions",
}


# ---------------------------------------------------------------------------------------------------
# MkDocs events
# ---------------------------------------------------------------------------------------------------


def _language(config: MkDocsConfig) -> str:
    plugin = config.plugins.get("i18n")
    current = getattr(plugin, "current_language", None)
    if isinstance(current, str) and current in ("it", "en"):
        return current
    language = config.theme.get("language", "it") if config.theme else "it"
    return "en" if language == "en" else "it"


def _lang_root(config: MkDocsConfig, lang: str) -> str:
    plugin = config.plugins.get("i18n")
    default = getattr(plugin, "default_language", "it")
    return "" if lang == default else f"{lang}/"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    published = bool(os.environ.get("ECM_SITE_URL"))
    if published and not (config.extra.get("contact_email") and config.extra.get("issue_tracker")):
        # A published guide must say where to report an error ("Chi cura questa guida"). The deployed
        # build is the one given ECM_SITE_URL: `mkdocs serve` sets site_url to its own address.
        raise PluginError(
            "set ECM_CONTACT_EMAIL and ECM_ISSUE_TRACKER (mkdocs.yml extra) for a deployed build"
        )
    hooks_dir = str(Path(__file__).resolve().parent)
    if hooks_dir not in sys.path:
        sys.path.insert(0, hooks_dir)
    load_rulebook()  # fail early and clearly if the data do not load
    return config


def _rules_json() -> bytes:
    path = GENERATED / "rules.json"
    if path.is_file():
        return path.read_bytes()
    rulebook = engine()
    if rulebook is not None and hasattr(rulebook, "rules_export"):
        log.info("functions/rulebook/generated/rules.json missing: generating it with rules_export()")
        return json.dumps(rulebook.rules_export(), ensure_ascii=False, indent=1, default=str).encode()
    raise PluginError(
        "functions/rulebook/generated/rules.json is missing and rules_export() is not importable: "
        "run `make rules`"
    )


def _conformance_json() -> bytes:
    path = GENERATED / "conformance.json"
    if path.is_file():
        return path.read_bytes()
    try:
        conformance = importlib.import_module("functions.rulebook.conformance")
    except ImportError:
        conformance = None
    build = getattr(conformance, "build_vectors", None)
    if callable(build):
        log.info("functions/rulebook/generated/conformance.json missing: generating it with build_vectors()")
        return json.dumps(build(), ensure_ascii=False, indent=1, default=str).encode()
    raise PluginError(
        "functions/rulebook/generated/conformance.json is missing and cannot be generated: run `make rules`"
    )


@event_priority(-100)  # after mkdocs-static-i18n, which cannot handle generated files
def on_files(files: Files, config: MkDocsConfig) -> Files:
    allow_missing = os.environ.get("ECM_DOCS_ALLOW_NO_ENGINE") == "1"
    for name, producer in (("rules.json", _rules_json), ("conformance.json", _conformance_json)):
        uri = f"assets/data/{name}"
        if files.get_file_from_path(uri) is not None:
            continue
        try:
            content = producer()
        except PluginError:
            if not allow_missing:
                raise
            log.info("%s not available yet (ECM_DOCS_ALLOW_NO_ENGINE=1)", name)
            continue
        files.append(File.generated(config, uri, content=content))
    for uri in PLACEHOLDER_SCRIPTS:
        # Check the disk too: in the i18n plugin's second (English) pass the lookup misses the real
        # scripts, and the placeholder then overwrote them in the built site.
        if files.get_file_from_path(uri) is None and not Path(config.docs_dir, uri).is_file():
            log.info("%s not written yet: publishing an empty placeholder", uri)
            files.append(
                File.generated(config, uri, content="/* placeholder: calculators not built yet */\n")
            )
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    lang = _language(config)
    renderer = Renderer(load_rulebook(), lang, page.url, _lang_root(config, lang), dict(config.extra))

    def replace_rule(match: re.Match[str]) -> str:
        positional, keywords = parse_rule_args(match.group("args"))
        if not positional or not isinstance(positional[0], str):
            raise PluginError(f"rule() needs a rule id: {match.group(0)}")
        return renderer.rule(*positional, **keywords)

    def replace_comment(match: re.Match[str]) -> str:
        name = match.group("name")
        if name not in KNOWN_COMMENTS:
            return match.group(0)
        return renderer.comment(name, (match.group("arg") or "").strip())

    protected: list[str] = []

    def protect(match: re.Match[str]) -> str:
        protected.append(match.group(0))
        return f"\x00{len(protected) - 1}\x00"

    markdown = CODE.sub(protect, markdown)
    markdown = RULE_MARKER.sub(replace_rule, markdown)
    markdown = COMMENT_MARKER.sub(replace_comment, markdown)
    markdown = re.sub("\x00(\\d+)\x00", lambda m: protected[int(m.group(1))], markdown)

    meta = page.meta
    description = meta.get("description")
    if isinstance(description, str) and RULE_MARKER.search(description):
        # A rule in the meta description is plain text: the value as the page shows it, no link.
        def plain_rule(match: re.Match[str]) -> str:
            shown = re.search(r'data-text="([^"]*)"', replace_rule(match))
            if shown is None:
                raise PluginError(f"{page.file.src_uri}: {match.group(0)} has no text for the description")
            return html.unescape(shown.group(1))

        meta["description"] = RULE_MARKER.sub(plain_rule, description)
    if _page_checks().is_situation(page.file.src_uri, meta):
        problems = _page_checks().situation_problems(markdown, lang)
        if problems:
            raise PluginError(f"{page.file.src_uri} (situation page): " + "; ".join(problems))
    verified = meta.get("last_verified")
    if verified is None:
        log.warning("%s: front matter 'last_verified' is missing", page.file.src_uri)
    if meta.get("estimate"):
        notice = f'!!! warning "{t("estimate_title", lang)}"\n    {t("estimate", lang)}\n\n'
        markdown = _after_title(markdown, notice)
    if verified is not None:
        day = verified if isinstance(verified, date) else _parse_date(str(verified))
        markdown += (
            f'\n\n<p class="ecm-verified" data-verified="{day.isoformat()}">'
            f'{t("verified", lang)}: <time datetime="{day.isoformat()}">{fmt_date(day, lang)}</time></p>\n'
        )
    return markdown


def _page_checks() -> types.ModuleType:
    return importlib.import_module("page_checks")  # sibling module of this hook


# English labels that are also Italian words or names in the Italian pages.
# Words that read the same in both languages ("Discipline" is also the Italian plural of disciplina).
ITALIAN_ALLOWED = (
    "Blended",
    "E-learning",
    "Webinar",
    "premialità",
    "autoformazione",
    "Dossier formativo",
    "Discipline",
)


def on_page_content(html_text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Build checks on the rendered page (see hooks/page_checks.py) and its meta description."""
    checks = _page_checks()
    lang = _language(config)
    if not page.meta.get("description"):
        description = checks.describe(html_text)
        if description:
            page.meta["description"] = description
    unchecked = checks.rules_without_verified(html_text)
    if unchecked:
        raise PluginError(f"{page.file.src_uri}: rules shown without a 'verified' date: {unchecked[:10]}")
    raw = checks.raw_key_problems(html_text)
    if raw:
        raise PluginError(f"{page.file.src_uri}: rule values show raw keys: {raw[:10]}")
    stale = checks.stale_today_dates(html_text, _today().isoformat())
    if stale:
        raise PluginError(f"{page.file.src_uri}: the 'Oggi' box cites deadlines already past: {stale}")
    # The developers' area quotes the English OpenAPI document verbatim: it is checked by its own tests.
    if lang == "it" and "sviluppatori/" not in page.file.src_uri:
        labels = confidence_labels()
        tables = [TEXT, KEYS, UNITS, FIELD_LABELS, ENUM_LABELS, VALUE_LABELS, SINGULAR, TODAY_TEXT]
        tables.append({code: {"it": v["label_it"], "en": v["label_en"]} for code, v in labels.items()})
        problems = checks.italian_problems(html_text, checks.english_phrases(tables), ITALIAN_ALLOWED)
        if problems:
            raise PluginError(f"{page.file.src_uri}: " + "; ".join(problems[:10]))
    return html_text


def _after_title(markdown: str, block: str) -> str:
    """Insert a block after the first H1 and the paragraph that follows it."""
    title = re.search(r"^# .*$", markdown, flags=re.MULTILINE)
    if not title:
        return block + markdown
    end = title.end()
    rest = markdown[end:]
    body = len(rest) - len(rest.lstrip("\n"))
    if rest[body : body + 1] not in ("", "#", "<", "!", "{"):
        blank = rest.find("\n\n", body)
        end += len(rest) if blank < 0 else blank
    return markdown[:end] + "\n\n" + block + markdown[end:]


EMPTY_SITEMAP = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n'
)


# Every spelling of the registry's name a member types; the index gets one plain token for them all.
REGISTRY_SPELLINGS = re.compile(r"\bCo\.?\s?Ge\.?\s?A\.?\s?P\.?\s?S\b\.?", re.IGNORECASE)
REGISTRY_TOKEN = "<span hidden> cogeaps</span>"


def split_search_index(site_dir: Path, languages: dict[str, str]) -> dict[str, int]:
    """One search index per language: ``search/search_index.json`` (default language) and
    ``<lang>/search/search_index.json``, each with only its pages and its own lunr language.

    mkdocs-static-i18n merges every language into the root index, so a reader downloaded both and the
    result count included hidden pages. Locations in a language's index are relative to that language's
    root (the English pages' search base is ``/en/``, see overrides/main.html). Returns the bytes
    written per language. ``languages`` maps each language to its URL prefix ("" for the default).
    """
    path = site_dir / "search" / "search_index.json"
    index = json.loads(path.read_text(encoding="utf-8"))
    sizes: dict[str, int] = {}
    prefixes = {lang: prefix for lang, prefix in languages.items() if prefix}
    for lang, prefix in languages.items():
        docs = []
        for doc in index["docs"]:
            location = str(doc["location"])
            owner = next((other for other, p in prefixes.items() if location.startswith(p)), None)
            if (owner or next(k for k, v in languages.items() if not v)) != lang:
                continue
            entry = dict(doc, location=location[len(prefix) :])
            # The dotted name tokenises as "co.ge.a.p.s": add the plain word that "cogeaps" finds.
            for field in ("title", "text"):
                if field in entry and REGISTRY_SPELLINGS.search(str(entry[field])):
                    entry[field] = REGISTRY_SPELLINGS.sub(
                        lambda m: m.group(0) + REGISTRY_TOKEN, str(entry[field])
                    )
            docs.append(entry)
        document = {"config": dict(index["config"], lang=[lang]), "docs": docs}
        target = site_dir / prefix / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
        target.write_text(text, encoding="utf-8")
        sizes[lang] = len(text.encode())
    return sizes


@event_priority(-200)  # after mkdocs-static-i18n (-100) has built every language and merged the index
def on_post_build(config: MkDocsConfig) -> None:
    """Split the search index per language, and publish working sitemaps.

    Without a site_url MkDocs writes a sitemap of "None/..." addresses: publish an empty one instead.
    Material's language selector fetches sitemap.xml from the search base (``/`` or ``/en/``).
    """
    plugin = config.plugins.get("i18n")
    if plugin is not None and getattr(plugin, "building", False):
        return  # an inner pass of the i18n plugin: the other languages are not built yet
    site_dir = Path(config.site_dir)
    languages = {"it": "", "en": "en/"}
    if (site_dir / "search" / "search_index.json").is_file():
        sizes = split_search_index(site_dir, languages)
        log.info("search index bytes per language: %s", sizes)
    if not config.site_url:
        (site_dir / "sitemap.xml").write_text(EMPTY_SITEMAP, encoding="utf-8")
        with gzip.open(site_dir / "sitemap.xml.gz", "wt", encoding="utf-8") as handle:
            handle.write(EMPTY_SITEMAP)
    sitemap = site_dir / "sitemap.xml"
    for prefix in languages.values():
        if prefix and sitemap.is_file():
            (site_dir / prefix / "sitemap.xml").write_bytes(sitemap.read_bytes())
