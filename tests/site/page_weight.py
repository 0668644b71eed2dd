"""Page weight of the built guide: what a reader's browser downloads to show a page, compressed.

Each page is opened in Chromium (Debian's, as the browser tests launch it) from the built site served
on the loopback; every response it fetches until the network is idle (HTML, CSS, JS, the rules JSON,
fonts, images, the search worker and the language's search index that Material loads at start) is
counted at its compressed transfer size: gzip level 6 for text (what the CDN's compression roughly
gives), the file's own size for already-compressed formats (woff2, png). Budgets (issue 12, "half the
weight"): a page with a calculator at most 150 KB, the issue's target (148 KB for a while, to keep
room while the calendar download was merged; the dentist's radiology question and the radioprotection
quota's line then brought the English triennium page to 148.2 KB), any other page at most 120 KB
(1 KB = 1,000 B).

Run as a script to print the figures of any build (e.g. an earlier commit's, for a "before"):

    .venv/bin/python -m tests.site.page_weight [SITE_DIR]
"""

from __future__ import annotations

import gzip
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from playwright.sync_api import Browser, Request, sync_playwright

from tests.web_support import CHROMIUM_ARGS, find_chromium, serve

KB = 1000
BUDGETS = {"calculator": 150 * KB, "other": 120 * KB}
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".map", ".webmanifest")


@dataclass
class Weight:
    """What one page fetched: (site path, bytes on the wire) per response, and the total."""

    page: str
    kind: str
    files: list[tuple[str, int]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(size for _, size in self.files)

    def by_type(self) -> dict[str, int]:
        """Bytes per kind of file: html, css, js, json, font, other."""
        kinds: dict[str, int] = {}
        for path, size in self.files:
            suffix = Path(path).suffix
            fonts = {".woff2": "font", ".woff": "font", ".ttf": "font"}
            kind = fonts.get(suffix, suffix.lstrip(".") or "html")
            kinds[kind] = kinds.get(kind, 0) + size
        return kinds


def transfer_size(path: Path) -> int:
    """Bytes on the wire: gzip (level 6) for text formats, the file itself otherwise."""
    data = path.read_bytes()
    return len(gzip.compress(data, compresslevel=6)) if path.suffix in COMPRESSIBLE else len(data)


def site_file(site: Path, url_path: str) -> Path:
    target = site / unquote(url_path).lstrip("/")
    return target / "index.html" if url_path.endswith("/") or target.is_dir() else target


def is_calculator_page(site: Path, page: str) -> bool:
    return "data-calculator=" in site_file(site, "/" + page).read_text(encoding="utf-8")


def all_pages(site: Path) -> list[str]:
    """Every page of the built site (its index.html files), as addresses relative to the root."""
    pages = []
    for path in sorted(site.rglob("index.html")):
        rel = path.parent.relative_to(site).as_posix()
        if rel.startswith(("assets", "search")):
            continue
        pages.append("" if rel == "." else rel + "/")
    return pages


def measure(browser: Browser, base: str, site: Path, page_path: str) -> Weight:
    """Open one page at phone size; every same-site response it fetched, at its transfer size."""
    kind = "calculator" if is_calculator_page(site, page_path) else "other"
    weight = Weight(page_path, kind)
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="it-IT")
    fetched: list[str] = []

    def record(request: Request) -> None:
        fetched.append(request.url)

    context.on("request", record)
    try:
        page = context.new_page()
        page.goto(base + page_path, wait_until="networkidle")
        if kind == "calculator":
            page.wait_for_selector(".ecm-calculator[data-ecm-ready=true]", timeout=15_000)
            page.wait_for_load_state("networkidle")
    finally:
        context.close()
    for url in dict.fromkeys(fetched):
        parts = urlsplit(url)
        if not url.startswith(base):
            continue
        path = site_file(site, parts.path)
        if path.is_file():
            weight.files.append((path.relative_to(site).as_posix(), transfer_size(path)))
    return weight


def measure_site(site: Path, pages: Iterable[str] | None = None) -> list[Weight]:
    chromium = find_chromium()
    if not chromium:
        raise RuntimeError("Chromium is missing: run `bash infra/ensure-browser.sh`")
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            return [measure(browser, base, site, page) for page in (pages or all_pages(site))]
        finally:
            browser.close()


def page_kind(weight: Weight) -> str:
    """The kind a reader would name: home, event or triennium calculator, developer page, or content
    page; per language."""
    lang = "en" if weight.page.startswith("en/") else "it"
    rel = weight.page.removeprefix("en/")
    name = (
        "home"
        if rel == ""
        else ("triennium calculator" if "triennio/" in rel else "event calculator")
        if weight.kind == "calculator"
        else "developers"
        if rel.startswith("sviluppatori/")
        else "content"
    )
    return f"{name} ({lang})"


def report(weights: list[Weight]) -> list[str]:
    """One line per page kind: the heaviest page of that kind, its total and its parts."""
    lines = []
    kinds: dict[str, list[Weight]] = {}
    for weight in weights:
        kinds.setdefault(page_kind(weight), []).append(weight)
    for kind, members in kinds.items():
        heaviest = max(members, key=lambda w: w.total)
        parts = ", ".join(f"{k} {v / KB:.1f}" for k, v in sorted(heaviest.by_type().items()))
        lightest = min(w.total for w in members) / KB
        lines.append(
            f"{kind}: {len(members)} pages, heaviest /{heaviest.page} {heaviest.total / KB:.1f} KB "
            f"in {len(heaviest.files)} requests ({parts}); lightest {lightest:.1f} KB"
        )
    return lines


def over_budget(weights: list[Weight]) -> list[str]:
    return [
        f"/{w.page} ({w.kind}): {w.total / KB:.1f} KB > {BUDGETS[w.kind] / KB:.0f} KB: "
        + ", ".join(f"{p} {s / KB:.1f}" for p, s in sorted(w.files, key=lambda f: -f[1])[:6])
        for w in weights
        if w.total > BUDGETS[w.kind]
    ]


def main() -> None:
    site = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("public")
    weights = measure_site(site)
    for line in report(weights):
        print(line)
    for line in over_budget(weights):
        print("OVER BUDGET", line)


if __name__ == "__main__":
    main()
