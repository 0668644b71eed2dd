"""The footer speaks the page's language: the Italian guide said "Made with Material for MkDocs"."""

from __future__ import annotations

import re
from pathlib import Path


def _footer(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    start = html.index('class="md-copyright"')
    block = html[start : html.index("</div>", html.index("Material for MkDocs", start))]
    return " ".join(re.sub(r"<[^>]+>", " ", block.split(">", 1)[1]).split())


def test_every_italian_page_has_an_italian_footer_and_every_english_page_an_english_one(built: Path) -> None:
    pages = [
        p for p in built.rglob("index.html") if p.relative_to(built).parts[0] not in ("assets", "search")
    ]
    italian = [p for p in pages if p.relative_to(built).parts[0] != "en"]
    english = [p for p in pages if p.relative_to(built).parts[0] == "en"]
    assert len(italian) >= 40 and len(english) >= 40
    wrong = [str(p) for p in italian if _footer(p) != "Realizzato con Material for MkDocs"]
    wrong += [str(p) for p in english if _footer(p) != "Made with Material for MkDocs"]
    assert not wrong, wrong[:5]
