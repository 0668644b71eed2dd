"""Benchmark of the browser calculators (prints figures; not a test).

Run with `make bench` or `.venv/bin/python -m tests.benchmarks.bench_calculators`.

1. Transfer size: the site is built with `mkdocs build`, each page is loaded in Chromium, and every
   response it fetched is gzip-compressed (level 6, what a CDN's compression roughly gives). The
   calculator pages are compared with a plain content page; each calculator's own files (its bundle of
   engine and interface, the stylesheet, rules.json) are also summed on their own. Target: a
   calculator adds at most 50 KB.
2. Recompute time: in the browser, the time of one recomputation after an input (engine + rendering of
   the result), for the event calculator and for the triennium with 30 and 200 credit records.
   Target: < 5 ms.
"""

from __future__ import annotations

import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, sync_playwright

from tests.web_support import CHROMIUM_ARGS, serve

ROOT = Path(__file__).resolve().parents[2]
PLAIN_PAGE = "cos-e-ecm/"
CALCULATOR_PAGES = {"event": "calcolatori/crediti-evento/", "triennium": "calcolatori/triennio/"}
# Globs: each calculator's bundle (engine and interface) and the rules file carry content hashes in
# their names; a page loads its own calculator's bundle only.
OWN_FILES = (
    "assets/javascripts/ecm-calculators-{kind}.*.min.js",
    "assets/stylesheets/ecm-calculators.css",
    "assets/data/rules.*.min.json",
)
RUNS = 200


def build_site(out: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(out)]
    subprocess.run(command, cwd=ROOT, check=True, env=env, capture_output=True)


def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6))


def page_transfer(page: Page, base: str, site: Path, path: str) -> tuple[int, int, list[str]]:
    """Bytes (raw, gzip) of everything the page fetched from the site, after the calculators drew."""
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    page.goto(base + path, wait_until="networkidle")
    raw = zipped = 0
    files = []
    for url in dict.fromkeys(fetched):
        if not url.startswith(base):
            continue
        local = site / url[len(base) :].split("?")[0]
        if local.is_dir():
            local = local / "index.html"
        if local.is_file():
            raw += local.stat().st_size
            zipped += gzip_size(local)
            files.append(local.relative_to(site).as_posix())
    return raw, zipped, files


def recompute_times(page: Page, base: str, kind: str, records: int = 0) -> list[float]:
    page.goto(base + CALCULATOR_PAGES[kind])
    page.wait_for_selector(f'[data-calculator="{kind}"][data-ecm-ready="true"]')
    host = f"document.querySelector('[data-calculator=\"{kind}\"]')"
    if kind == "event":
        page.fill('[data-calculator="event"] [name="date"]', "2024-05-10")
        page.fill('[data-calculator="event"] [name="hours"]', "6")
        page.fill('[data-calculator="event"] [name="participants"]', "20")
    else:
        types = ["res_course", "fad_elearning", "autoformazione", "abroad", "publication"]
        credits = [
            {"id": f"c{i}", "type": types[i % 5], "date": f"202{3 + i % 3}-0{1 + i % 9}-10", "credits": 1.5}
            for i in range(records)
        ]
        page.select_option('[data-calculator="triennium"] [name="triennium"]', "2023-2025")
        result = page.evaluate(f"(data) => {host}.ecmImport(data)", {"credits": credits})
        assert result["recorded"] == records * 1.5, result  # every record counts in 2023-2025
    # One recomputation = what an input event triggers: read the form, run the engine, draw the result.
    return list(
        page.evaluate(
            f"""(runs) => {{
                const host = {host};
                const times = [];
                for (let i = 0; i < runs; i++) {{
                    const t0 = performance.now();
                    host.ecmRecompute();
                    times.push(performance.now() - t0);
                }}
                return times;
            }}""",
            RUNS,
        )
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp)
        build_site(site)
        chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
        with serve(site) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            report_sizes(browser, base, site)
            report_times(browser, base)
            browser.close()


def report_sizes(browser: Any, base: str, site: Path) -> None:
    print("Transfer size (gzip level 6, every file the page fetched from the site)")
    sizes = {}
    for name, path in [("plain page", PLAIN_PAGE), *CALCULATOR_PAGES.items()]:
        page = browser.new_page()
        raw, zipped, _files = page_transfer(page, base, site, path)
        page.close()
        sizes[name] = zipped
        print(f"  {name:<11} /{path:<28} {raw / 1024:8.1f} KB raw {zipped / 1024:8.1f} KB gzip")
    for name in CALCULATOR_PAGES:
        extra = (sizes[name] - sizes["plain page"]) / 1024
        print(f"  {name} page minus plain page: {extra:+.1f} KB gzip")
    for kind in CALCULATOR_PAGES:
        own_files = [path for pattern in OWN_FILES for path in sorted(site.glob(pattern.format(kind=kind)))]
        own = sum(gzip_size(f) for f in own_files)
        detail = ", ".join(f"{f.name} {gzip_size(f) / 1024:.1f}" for f in own_files)
        print(f"  {kind} calculator's own files: {own / 1024:.1f} KB gzip ({detail}); target <= 50 KB")


def report_times(browser: Any, base: str) -> None:
    print(f"Recompute time in Chromium ({RUNS} runs, engine + result rendering)")
    for kind, records in (("event", 0), ("triennium", 30), ("triennium", 200)):
        page = browser.new_page()
        times = sorted(recompute_times(page, base, kind, records))
        page.close()
        p95 = times[int(len(times) * 0.95) - 1]
        label = kind if kind == "event" else f"triennium, {records} records"
        print(f"  {label:<24} median {statistics.median(times):6.2f} ms  p95 {p95:6.2f} ms; target < 5 ms")
    print(json.dumps({"note": "performance.now() is coarsened to 0.1 ms in Chromium"}))


if __name__ == "__main__":
    main()
