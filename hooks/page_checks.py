"""Checks and small derivations on the guide's pages, run by the ecm_rules hook at build time.

Each check returns the problems it found (an empty list when the page is fine); the hook turns them
into a build error, so that a page that breaks a rule of the guide never gets published:

- a situation page (front matter ``situation: true``, and every page under ``situazioni/``) must end
  with the Co.Ge.A.P.S. steps: a last H2 "Cosa fare su Co.Ge.A.P.S." (English: "What to do on
  Co.Ge.A.P.S.") followed by a numbered list of at least two steps;
- an Italian page must not show English template text (labels of the hook, the rule book's English
  explanation lines) nor ISO dates (2024-07-20) in its sentences;
- a rule's value (``class="ecm-rule"`` spans) never shows a raw key of the rule book (``max_per_year``);
- every page gets a meta description: its front matter ``description``, else its first paragraph.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

STEPS_HEADING = {"it": "Cosa fare su Co.Ge.A.P.S.", "en": "What to do on Co.Ge.A.P.S."}
SITUATION_DIR = "situazioni/"

H2 = re.compile(r"^## (?P<title>.+?)(?:\s*\{[^}]*\})?\s*$", re.MULTILINE)
NUMBERED = re.compile(r"^\d+\.\s+\S", re.MULTILINE)


def situation_problems(markdown: str, lang: str) -> list[str]:
    """Problems with a situation page's closing "Cosa fare su Co.Ge.A.P.S." section (Markdown source)."""
    headings = list(H2.finditer(markdown))
    expected = STEPS_HEADING[lang]
    if not headings or headings[-1].group("title").strip() != expected:
        found = headings[-1].group("title").strip() if headings else "none"
        return [f'the last section must be "## {expected}" (found: {found})']
    steps = NUMBERED.findall(markdown[headings[-1].end() :])
    if len(steps) < 2:
        return [f'"{expected}" needs the steps as a numbered list of at least two items']
    return []


def is_situation(src_uri: str, meta: dict[str, object]) -> bool:
    """Pages under situazioni/ are situation pages whatever their front matter says."""
    path = src_uri.split("/", 1)[1] if src_uri.startswith(("it/", "en/")) else src_uri
    return bool(meta.get("situation")) or path.startswith(SITUATION_DIR)


# --------------------------------------------------------------------------------------------------
# Visible text

SKIPPED = re.compile(r"<(script|style|code|pre|svg)\b.*?</\1>|<!--.*?-->", re.DOTALL | re.IGNORECASE)
TAG = re.compile(r"<[^>]+>")
ARTICLE = re.compile(r"<article\b.*?</article>", re.DOTALL)


def visible_text(page_html: str) -> str:
    """The page's readable text: tags, code, scripts and comments removed, entities decoded."""
    text = SKIPPED.sub(" ", page_html)
    text = TAG.sub(" ", text)
    return re.sub(r"\s+", " ", html.unescape(text))


def english_phrases(tables: Iterable[dict[str, dict[str, str]]]) -> set[str]:
    """The English templates of the hook's label tables that differ from their Italian twin.

    Single words shorter than five letters (e.g. "Rule", "no") are dropped: they also occur inside
    Italian sentences or names. Placeholders cut a template into the literal pieces that are checked.
    """
    phrases: set[str] = set()
    for table in tables:
        for entry in table.values():
            english, italian = entry.get("en"), entry.get("it")
            if not isinstance(english, str) or english == italian:
                continue
            for piece in re.split(r"\{[^}]*\}", english):
                piece = piece.strip(" :;,.–-")
                if (" " in piece and len(piece) >= 8) or (len(piece) >= 5 and " " not in piece):
                    phrases.add(piece)
    return phrases


# English wording of the rule book's explanation lines ("min =" is not here: Italian writes it too).
ENGINE_ENGLISH = re.compile(
    r"\b(?:credits?/hour|credits per|per hour|capped at|continuous days|of the obligation|"
    r"hours? (?:of|×)|minutes? =|Credits recorded)\b"
)
ISO_DATE = re.compile(r"(?<![\w/-])\d{4}-\d{2}-\d{2}(?![\w/-])")


def italian_problems(page_html: str, phrases: set[str], allowed: Iterable[str] = ()) -> list[str]:
    """English template text or ISO dates in the visible text of an Italian page's article."""
    article = ARTICLE.search(page_html)
    text = visible_text(article.group(0) if article else page_html)
    # An address shown as a link's text (a Normattiva URN carries the act's ISO date) is not a sentence.
    text = re.sub(r"https?://\S+", " ", text)
    for word in allowed:
        text = text.replace(word, " ")
    problems = []
    for phrase in sorted(phrases):
        if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text):
            problems.append(f"English template text {phrase!r}")
    problems += [f"English engine text {m.group(0)!r}" for m in ENGINE_ENGLISH.finditer(text)]
    problems += [f"ISO date {m.group(0)!r} in a sentence" for m in ISO_DATE.finditer(text)]
    return problems


# --------------------------------------------------------------------------------------------------
# Meta description

PARAGRAPH = re.compile(r"<p>(?P<body>.*?)</p>", re.DOTALL)
DESCRIPTION_LENGTH = 155


def describe(page_html: str) -> str:
    """A meta description from the page's first plain paragraph, cut at a word near 155 characters."""
    # Confidence badges ("fonte secondaria") label a number; they are not part of the sentence.
    page_html = re.sub(r'<a class="ecm-conf[^"]*"[^>]*>.*?</a>', "", page_html, flags=re.DOTALL)
    for match in PARAGRAPH.finditer(page_html):
        text = re.sub(r"\s+([,.;:!?)])", r"\1", visible_text(match.group("body"))).strip()
        if len(text) >= 40:
            if len(text) <= DESCRIPTION_LENGTH:
                return text
            cut = text[:DESCRIPTION_LENGTH].rsplit(" ", 1)[0].rstrip(",;:")
            return cut + "…"
    return ""


# --------------------------------------------------------------------------------------------------
# The home page's "Oggi" box

TODAY_BOX = re.compile(r'<div class="ecm-today">(?P<body>.*?)</div>', re.DOTALL)
DATE_VALUE = re.compile(r'data-value="&quot;(\d{4}-\d{2}-\d{2})&quot;"')


def stale_today_dates(page_html: str, today: str) -> list[str]:
    """Dates (ISO) cited in the "Oggi" box that are already past on ``today``: the box says what is
    due now, so a deadline that has passed means its text must be rewritten."""
    box = TODAY_BOX.search(page_html)
    if not box:
        return []
    return sorted({d for d in DATE_VALUE.findall(box.group("body")) if d < today})


RULE_SPAN = re.compile(r"<span\b[^>]*\bclass=\"ecm-rule\"[^>]*>")
DATA_RULE = re.compile(r'\bdata-rule="(?P<rule>[^"]*)"')
VERIFIED = re.compile(r'\bdata-verified="\d{4}-\d{2}-\d{2}"')


def rules_without_verified(page_html: str) -> list[str]:
    """Rules rendered on the page (``class="ecm-rule"`` spans) that carry no ``data-verified`` date: the
    day the rule was last checked against its official source, shown beside the source (issue 16)."""
    missing = []
    for match in RULE_SPAN.finditer(page_html):
        tag = match.group(0)
        if not VERIFIED.search(tag):
            rule = DATA_RULE.search(tag)
            missing.append(rule.group("rule") if rule else tag[:80])
    return sorted(set(missing))


RAW_KEY = re.compile(r"\b[a-z]+_[a-z0-9_]+\b")
DATA_TEXT = re.compile(r'\bdata-text="(?P<text>[^"]*)"')


def raw_key_problems(page_html: str) -> list[str]:
    """Rule values on the page (``class="ecm-rule"`` spans, their ``data-text``) that show a raw key of the
    rule book in snake_case ("max_per_year", "cogeaps_from_age") instead of words."""
    problems = []
    for match in RULE_SPAN.finditer(page_html):
        shown = DATA_TEXT.search(match.group(0))
        text = html.unescape(shown.group("text")) if shown else ""
        for key in RAW_KEY.findall(text):
            rule = DATA_RULE.search(match.group(0))
            problems.append(f"{rule.group('rule') if rule else '?'}: raw key {key!r} in {text[:80]!r}")
    return sorted(set(problems))
