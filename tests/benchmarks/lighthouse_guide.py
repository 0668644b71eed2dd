"""Lighthouse (mobile) on the guide: the four category scores of the home page and both calculator
pages, the metrics behind performance (FCP, LCP, TBT, CLS, speed index) and the machine's load
average, plus the search index each language downloads (prints figures; not a test).

Lighthouse comes from npm, outside the repository, and drives Debian's Chromium:

    npm install --prefix ~/.cache/ecm-lighthouse lighthouse@12
    LIGHTHOUSE=~/.cache/ecm-lighthouse/node_modules/.bin/lighthouse CHROME_PATH=/usr/bin/chromium \\
        .venv/bin/python -m tests.benchmarks.lighthouse_guide [--ref GIT_REF | --compare GIT_REF] [--runs 3]

The site is built with ``mkdocs build`` (from the working tree, or from ``--ref`` to measure an
earlier version; ``--compare REF`` builds both and alternates their runs, so that a before/after
comparison sees the same load on a shared machine) with its deployed address set to the local
server, then served on the loopback with gzip compression and long cache lifetimes for fingerprinted
assets, as CloudFront serves it. Targets (issue 16): performance >= 95, accessibility, best practices
and SEO 100.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import io
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PAGES = {
    "home": "",
    "event calculator": "calcolatori/crediti-evento/",
    "triennium calculator": "calcolatori/triennio/",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# The metrics behind the performance score (lab values of the audit with this id), printed as medians.
METRICS = {
    "FCP ms": "first-contentful-paint",
    "LCP ms": "largest-contentful-paint",
    "TBT ms": "total-blocking-time",
    "CLS": "cumulative-layout-shift",
    "SI ms": "speed-index",
}
# Content-hashed names (Material's bundles, the calculators' bundle and rules file), as infra/deploy_guide.py.
FINGERPRINTED = re.compile(r"\.[0-9a-f]{8,}\.min\.(js|css|json)$")
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt")


class CompressingHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with gzip (when asked) and cache headers, like the CDN in front of the guide."""

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not path.is_file() or not wants_gzip or path.suffix not in COMPRESSIBLE:
            return super().send_head()
        if self.path.split("?")[0].endswith("/") is False and path.name == "index.html":
            return super().send_head()  # let the base class redirect "dir" to "dir/"
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def end_headers(self) -> None:
        fingerprinted = FINGERPRINTED.search(self.path.split("?")[0]) is not None
        policy = "public, max-age=31536000, immutable" if fingerprinted else "no-cache"
        self.send_header("Cache-Control", policy)
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def serve(directory: Path, port: int) -> Iterator[str]:
    handler = functools.partial(CompressingHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.shutdown()
        server.server_close()


def source_tree(ref: str | None, workdir: Path) -> Path:
    """The working tree, or a copy of ``ref`` extracted with ``git archive``."""
    if ref is None:
        return ROOT
    archive = subprocess.run(["git", "archive", ref], cwd=ROOT, capture_output=True, check=True).stdout
    target = workdir / "tree"
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    if (ROOT / "node_modules").is_dir():  # the build tools (esbuild) the working tree installed
        (target / "node_modules").symlink_to(ROOT / "node_modules")
    return target


def build(tree: Path, out: Path, url: str) -> None:
    env = {
        **os.environ,
        "ECM_SITE_URL": url,
        "ECM_CONTACT_EMAIL": os.environ.get("ECM_CONTACT_EMAIL", "guida@example.org"),
        "ECM_ISSUE_TRACKER": os.environ.get("ECM_ISSUE_TRACKER", url + "issues"),
        "NO_MKDOCS_2_WARNING": "1",
    }
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(out)],
        cwd=tree,
        env=env,
        check=True,
        timeout=600,
    )


def lighthouse(url: str, save: Path | None = None) -> tuple[dict[str, float], list[str]]:
    binary = os.environ.get("LIGHTHOUSE") or shutil.which("lighthouse")
    if not binary:
        raise SystemExit("set LIGHTHOUSE to the lighthouse binary (see this module's docstring)")
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    result = subprocess.run(
        [
            binary,
            url,
            "--quiet",
            "--output=json",
            "--output-path=stdout",
            "--only-categories=" + ",".join(CATEGORIES),
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    report = json.loads(result.stdout)
    if save is not None:
        save.write_text(result.stdout, encoding="utf-8")
    scores: dict[str, float] = {
        name: round(100 * (report["categories"][name]["score"] or 0)) for name in CATEGORIES
    }
    for label, audit_id in METRICS.items():
        scores[label] = float(report["audits"][audit_id].get("numericValue") or 0)
    failing = [
        audit_id
        for audit_id, audit in report["audits"].items()
        if audit.get("score") is not None and audit["score"] < 1 and audit.get("scoreDisplayMode") == "binary"
    ]
    return scores, failing


def search_index_sizes(site: Path) -> dict[str, tuple[int, int]]:
    """Bytes (raw, gzip) of the search index each language's reader downloads."""
    sizes = {}
    for lang, prefix in (("it", ""), ("en", "en/")):
        path = site / prefix / "search" / "search_index.json"
        if not path.is_file():
            path = site / "search" / "search_index.json"  # one merged index for both languages
        raw = path.read_bytes()
        sizes[lang] = (len(raw), len(gzip.compress(raw, 6)))
    return sizes


def summary(name: str, path: str, runs: list[tuple[dict[str, float], list[str]]]) -> str:
    """One line: the median of each score and metric over the runs, and the audits that failed."""
    failing = sorted({audit for _, audits in runs for audit in audits})
    scores = {k: int(statistics.median(r[0][k] for r in runs)) for k in CATEGORIES}
    figures = ", ".join(f"{k} {v}" for k, v in scores.items())
    metrics = {k: statistics.median(r[0][k] for r in runs) for k in METRICS}
    figures += "; " + ", ".join(f"{k} {v:.3f}" if k == "CLS" else f"{k} {v:.0f}" for k, v in metrics.items())
    if len(runs) > 1:
        figures += f" (median of {len(runs)}; performance runs {[r[0]['performance'] for r in runs]})"
    return f"{name} ({path or '/'}): {figures}; failing audits: {failing}"


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ref", help="git ref to build instead of the working tree (a 'before' figure)")
    parser.add_argument(
        "--compare",
        metavar="REF",
        help="also build REF; its runs alternate with the working tree's (before/after, same load)",
    )
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median score is printed")
    parser.add_argument("--reports", type=Path, help="folder where each run's JSON report is written")
    parser.add_argument("--page", choices=sorted(PAGES), action="append", help="only this page (repeatable)")
    args = parser.parse_args()
    refs: list[str | None] = [args.compare, None] if args.compare else [args.ref]
    with tempfile.TemporaryDirectory() as temp, contextlib.ExitStack() as stack:
        urls: dict[str, str] = {}
        for i, ref in enumerate(refs):
            workdir = Path(temp) / str(i)
            workdir.mkdir()
            tree = source_tree(ref, workdir)
            port = free_port()
            url = f"http://127.0.0.1:{port}/"
            build(tree, workdir / "public", url)
            label = ref or "working tree"
            for lang, (raw, packed) in search_index_sizes(workdir / "public").items():
                print(f"[{label}] search index of {lang} (loaded on a search): {raw:,} B ({packed:,} B gzip)")
            stack.enter_context(serve(workdir / "public", port))
            urls[label] = url
        print(f"load average before the runs: {load()}")
        for name, path in PAGES.items():
            if args.page and name not in args.page:
                continue
            runs: dict[str, list[tuple[dict[str, float], list[str]]]] = {label: [] for label in urls}
            # Performance depends on the machine's load: the median of several runs is steadier, and
            # with --compare the two builds take turns, so that both see the same load.
            for i in range(args.runs):
                for label, url in urls.items():
                    save = None
                    if args.reports is not None:
                        args.reports.mkdir(parents=True, exist_ok=True)
                        slug = f"{label.replace(' ', '-')}-{name.replace(' ', '-')}-{i + 1}"
                        save = args.reports / f"{slug}.json"
                    runs[label].append(lighthouse(url + path, save))
            for label, done in runs.items():
                print(f"[{label}] {summary(name, path, done)}")
        print(f"load average after the runs: {load()}")


if __name__ == "__main__":
    main()
