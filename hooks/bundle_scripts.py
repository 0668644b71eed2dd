"""MkDocs hook: the calculators' scripts bundled and minified by esbuild, and content-hashed asset names.

Whenever the guide is built (``mkdocs build``, ``mkdocs serve``, ``make serve``, the tests' builds):

- The ES modules under ``site/assets/javascripts/src/`` (the engine in ``src/engine/``, the calculators'
  interface in ``src/ui/``) are bundled by esbuild (npm, pinned in ``package.json``) from one entry
  point per page kind (``ENTRIES``): ``src/event-calculator.js`` and ``src/triennium-calculator.js``.
  Each becomes one minified script, ``assets/javascripts/ecm-calculators-<kind>.<hash>.min.js``, with
  its source map, so that the event calculator's page does not download the triennium calculator and
  vice versa (the engine is in both: a page loads one). The sources themselves are not published.
- The rules export (``assets/data/rules.json``, written by hooks/ecm_rules.py, with the message
  catalogue) is also published minified as ``assets/data/rules.<hash>.min.json``. The unhashed file
  stays for developers who link to it; the pages fetch the hashed one.

Both names change with their content, so browsers and the CDN may keep them for a year
(infra/deploy_guide.py gives ``*.<hash>.min.*`` a long cache lifetime). The template
(``site/overrides/main.html``, block scripts) loads a calculator's bundle only on the pages that hold
that calculator and names the rules file in the script's ``data-rules`` attribute; it reads the names
from ``config.extra`` (``ecm_calculator_scripts``: ``{kind: name}``, and ``ecm_rules_data``), set here.

esbuild is installed by the Makefile (``npm ci``); a build that finds it missing runs ``npm ci`` itself
(from the npm cache when it can), so that a plain ``mkdocs build`` on a fresh clone works too.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

log = logging.getLogger("mkdocs.hooks.bundle_scripts")

ROOT = Path(__file__).resolve().parent.parent
ESBUILD = ROOT / "node_modules" / ".bin" / "esbuild"
# esbuild's targets: the browsers Material for MkDocs itself supports.
TARGET = "es2020"

SCRIPTS = "assets/javascripts/"
SOURCES = SCRIPTS + "src/"
# One bundle per calculator (the value of the page's data-calculator attribute) and its entry point.
ENTRIES = {"event": SOURCES + "event-calculator.js", "triennium": SOURCES + "triennium-calculator.js"}
BUNDLE_PREFIX = "ecm-calculators-"
RULES = "assets/data/rules.json"
# The former single files of the engine and of the calculators: hooks/ecm_rules.py publishes an empty
# placeholder when they are missing, dropped here.
RETIRED = (SCRIPTS + "ecm-engine.js", SCRIPTS + "ecm-calculators.js")
HASH_LENGTH = 10

_cache: dict[str, dict[str, tuple[bytes, bytes]]] = {}


# Bookkeeping of the rule book's review that the calculators never read: when a value was last checked
# and which edition of the Manuale a parameter was compared with (the guide's pages show both).
REVIEW_ONLY = ("verified", "manuale_checked")


# What the calculators never show: a value's note (the guide's rule-history tables show it, in the page's
# language, and ``GET /v1/rules`` keeps it).
NOT_SHOWN = ("note",)


def _value_for_the_browser(value: dict[str, Any]) -> dict[str, Any]:
    """A dated value without review bookkeeping and without its note; ``single_source`` (the status answer
    tells a deadline stated by one source only) is kept only where it is true, as most values are not."""
    kept = {k: v for k, v in value.items() if k not in REVIEW_ONLY and k not in NOT_SHOWN}
    if kept.get("single_source") is not True:
        kept.pop("single_source", None)
    return kept


def for_the_browser(rules: dict[str, Any]) -> dict[str, Any]:
    """The rules export without ``REVIEW_ONLY`` fields, at parameter and value level, and with each
    source reduced to the titles (Italian, English) and address the calculators' links show (a smaller
    download; the unhashed ``rules.json`` and ``GET /v1/rules`` keep everything)."""
    parameters = {}
    for param_id, param in rules.get("parameters", {}).items():
        kept = {k: v for k, v in param.items() if k not in REVIEW_ONLY}
        values = param["values"]
        kept["values"] = [_value_for_the_browser(value) for value in values]
        parameters[param_id] = kept
    sources = {
        # Both titles: a calculator cites a source in the page's language (the English one is "title_en").
        source_id: {k: v for k, v in source.items() if k in ("title_it", "title_en", "url")}
        for source_id, source in rules.get("sources", {}).items()
    }
    return {**rules, "parameters": parameters, "sources": sources}


def content_hash(data: bytes) -> str:
    """The first ``HASH_LENGTH`` hex digits of the SHA-256 of ``data``: the name changes with the content."""
    return hashlib.sha256(data).hexdigest()[:HASH_LENGTH]


def hashed_name(uri: str, data: bytes) -> str:
    """``assets/data/rules.json`` → ``assets/data/rules.<hash>.min.json``."""
    stem, dot, suffix = uri.rpartition(".")
    return f"{stem}.{content_hash(data)}.min.{suffix}" if dot else f"{uri}.{content_hash(data)}"


@contextlib.contextmanager
def _install_lock() -> Iterator[None]:
    # Two builds at once (pytest -n 2) must not run `npm ci` in the same folder together.
    with open(Path(tempfile.gettempdir()) / "ecm-esbuild-install.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_esbuild() -> Path:
    """The esbuild binary of ``node_modules``, installed with ``npm ci`` when missing.

    Raises PluginError when npm is missing or the install fails (with npm's own message).
    """
    if ESBUILD.is_file():
        return ESBUILD
    npm = shutil.which("npm")
    if npm is None:
        raise PluginError("esbuild is not installed and npm is missing: install Node.js (npm), then `npm ci`")
    with _install_lock():
        if not ESBUILD.is_file():
            log.info("esbuild missing: installing the guide's build tools with `npm ci`")
            result = subprocess.run(
                [npm, "ci", "--no-audit", "--no-fund", "--prefer-offline"],
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=600,
                check=False,
            )
            if result.returncode != 0 or not ESBUILD.is_file():
                raise PluginError(f"`npm ci` could not install esbuild:\n{result.stderr[-2000:]}")
    return ESBUILD


def _sources_key(docs_dir: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted((docs_dir / SOURCES).rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(docs_dir).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def bundle(docs_dir: Path) -> dict[str, tuple[bytes, bytes]]:
    """{kind: (minified script, source map)} for each entry point of ``ENTRIES`` with what it imports.

    One esbuild run builds every entry (no code is shared between the outputs: each is a classic
    script, since a page loads only one). The source maps' ``sources`` are relative to
    ``assets/javascripts/`` and carry their content, so the browser's developer tools show the
    modules although they are not published. Cached per content of the sources. Raises PluginError
    with esbuild's messages when bundling fails.
    """
    key = _sources_key(docs_dir)
    if key in _cache:
        return _cache[key]
    esbuild = ensure_esbuild()
    scripts = docs_dir / SCRIPTS
    built: dict[str, tuple[bytes, bytes]] = {}
    with tempfile.TemporaryDirectory(prefix="ecm-bundle-") as temp:
        result = subprocess.run(
            [
                str(esbuild),
                *(f"{BUNDLE_PREFIX}{kind}={docs_dir / entry}" for kind, entry in ENTRIES.items()),
                "--bundle",
                "--minify",
                "--format=iife",
                f"--target={TARGET}",
                "--charset=utf8",
                "--legal-comments=none",
                "--sourcemap=external",
                "--log-level=warning",
                f"--outdir={temp}",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if result.returncode != 0:
            raise PluginError(
                f"esbuild could not bundle {', '.join(ENTRIES.values())}:\n{result.stderr[-4000:]}"
            )
        if result.stderr.strip():
            log.warning("esbuild: %s", result.stderr.strip())
        for kind in ENTRIES:
            out = Path(temp) / f"{BUNDLE_PREFIX}{kind}.js"
            source_map = json.loads(out.with_name(out.name + ".map").read_text(encoding="utf-8"))
            source_map["sources"] = [
                Path(temp, source).resolve().relative_to(scripts.resolve()).as_posix()
                for source in source_map["sources"]
            ]
            built[kind] = (
                out.read_bytes(),
                json.dumps(source_map, ensure_ascii=False, separators=(",", ":")).encode(),
            )
    _cache.clear()
    _cache[key] = built
    return built


def _drop(files: Files, keep: list[File]) -> None:
    for file in list(files):
        uri = file.src_uri
        if uri.startswith(SOURCES) or uri in RETIRED:
            files.remove(file)
    for file in keep:
        if files.get_file_from_path(file.src_uri) is None:
            files.append(file)


@event_priority(-150)  # after hooks/ecm_rules.py (-100) has added rules.json and its placeholders
def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Replace the calculators' sources by their bundles; add the hashed rules file."""
    docs_dir = Path(config.docs_dir)
    added: list[File] = []
    scripts: dict[str, str] = {}
    if all((docs_dir / entry).is_file() for entry in ENTRIES.values()):
        for kind, (code, source_map) in bundle(docs_dir).items():
            name = BUNDLE_PREFIX + kind
            script = hashed_name(SCRIPTS + name + ".js", code)
            map_name = script.rsplit("/", 1)[1] + ".map"
            code = code.replace(
                f"//# sourceMappingURL={name}.js.map".encode(), f"//# sourceMappingURL={map_name}".encode()
            )
            added += [
                File.generated(config, script, content=code),
                File.generated(config, SCRIPTS + map_name, content=source_map),
            ]
            scripts[kind] = script
    config.extra["ecm_calculator_scripts"] = scripts
    rules = files.get_file_from_path(RULES)
    if rules is not None:
        minified = json.dumps(
            for_the_browser(json.loads(rules.content_bytes)), ensure_ascii=False, separators=(",", ":")
        ).encode()
        name = hashed_name(RULES, minified)
        added.append(File.generated(config, name, content=minified))
        config.extra["ecm_rules_data"] = name
    _drop(files, added)
    return files
