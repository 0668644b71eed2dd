"""What `sam build` produces (the Makefile's build-* targets) runs: handlers import from the artefact,
and the rule book speaks Italian and English with the Babel packaged there (not the test's own)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def _make(target: str, artifact: Path, *variables: str) -> None:
    """Run the Makefile's build target as `sam build` does, into ``artifact`` (``variables``: extra
    ``NAME=value`` for make)."""
    build = subprocess.run(
        ["make", "--no-print-directory", target, f"ARTIFACTS_DIR={artifact}", *variables],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert build.returncode == 0, build.stdout + build.stderr


def _probe(
    code: str, artifact: Path, cwd: Path, *flags: str, env: dict[str, str] | None = None
) -> dict[str, Any]:
    """Run ``code`` in a clean interpreter (-I: no site-packages of this repo; ``flags``: more options)
    with the artefact on its path, in ``env`` when given; its last printed line is JSON."""
    probe = subprocess.run(
        [sys.executable, "-I", *flags, "-c", code, str(artifact)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )
    assert probe.returncode == 0, probe.stderr
    result: dict[str, Any] = json.loads(probe.stdout.strip().splitlines()[-1])
    return result


PROBE = r"""
import json, sys
artifact = sys.argv[1]
sys.path.insert(0, artifact)
import babel
import pypdf
import functions.api.handlers.public, functions.api.handlers.records
import functions.api.handlers.compliance, functions.api.handlers.account
from functions.rulebook import compute_event_credits, language
from functions.rulebook.models import EventInput

event = EventInput(type="res_course", date="2024-05-10", hours=6, participants=20)
texts = {}
for lang in ("it", "en"):
    with language(lang):
        texts[lang] = [line.text for line in compute_event_credits(event).lines]
found = {"babel": babel.__file__, "pypdf": pypdf.__file__, "functions": functions.__file__}
# The rule book and the messages came from the compiled copy: the TOML parser was never needed.
found["toml_parsed"] = "tomllib" in sys.modules
print(json.dumps({**found, "texts": texts}))
"""


def test_the_artifact_carries_babel_and_the_handlers_import_from_it(tmp_path: Path) -> None:
    artifact = tmp_path / "PublicFunction"
    _make("build-PublicFunction", artifact)
    kept = sorted(p.name for p in (artifact / "babel" / "locale-data").glob("*.dat"))
    assert kept == ["en.dat", "en_001.dat", "en_GB.dat", "it.dat", "it_IT.dat", "root.dat"]
    assert (artifact / "functions" / "rulebook" / "data" / "messages.toml").is_file()
    # The compiled copy of the data, which the functions read instead of parsing TOML (data_files).
    assert (artifact / "functions" / "rulebook" / "generated" / "data.json").is_file()
    assert not (artifact / "functions" / "rulebook" / "generated" / "conformance.json").exists()
    size = sum(p.stat().st_size for p in artifact.rglob("*") if p.is_file())
    pypdf_size = sum(p.stat().st_size for p in artifact.glob("pypdf*/**/*") if p.is_file())
    print(f"artefact: {size / 1e6:.1f} MB, of which pypdf {pypdf_size / 1e6:.1f} MB")
    assert size < 5_000_000, "Babel's locale data should be cut to it and en"

    found = _probe(PROBE, artifact, tmp_path)
    assert found["babel"].startswith(str(artifact)), found["babel"]
    # The public function reads attestati (POST /v1/certificates/read) with the pypdf packaged there.
    assert found["pypdf"].startswith(str(artifact)), found["pypdf"]
    assert found["functions"].startswith(str(artifact)), found["functions"]
    assert found["toml_parsed"] is False
    # Hand-written: 6 h at 1 credit/h for 20 participants; the small-group bonus is 0.3 credits/h.
    assert found["texts"]["it"] == [
        "6 h × 1 credito/h (20 partecipanti)",
        "piccolo gruppo: 6 h × 0,3 crediti/h",
    ]
    assert found["texts"]["en"] == ["6 h × 1 credit/h (20 participants)", "small group: 6 h × 0.3 credits/h"]


DOCUMENTS_PROBE = r"""
import datetime as dt, io, json, sys, time, warnings
from decimal import Decimal
artifact = sys.argv[1]
sys.path.insert(0, artifact)
# The artefact's Pillow is Lambda's (arm64): on another machine fpdf2 cannot load it and says so once;
# anything else it warns about is an error.
warnings.filterwarnings("error")
warnings.filterwarnings("ignore", "Pillow could not be imported")
started = time.perf_counter()
import functions.api.handlers.documents
imported = time.perf_counter() - started
import fpdf, fontTools, icalendar, pypdf
from functions.documents.claim_pack import Claim, build_claim_pack
from functions.documents.statement import statement_pdf
from functions.rulebook import evaluate_compliance
from functions.rulebook.models import ComplianceInput
result = evaluate_compliance(ComplianceInput(triennium="2023-2025"))
started = time.perf_counter()
pdf = statement_pdf(result, dt.date(2026, 11, 29), "it")
built = time.perf_counter() - started
claim = Claim(lang="it", today=dt.date(2026, 11, 29), title="Corso", event_code="1234-98765",
              provider="Provider", start_date=dt.date(2025, 3, 11), end_date=dt.date(2025, 3, 11),
              credits=Decimal("8"), role="participant")
text = pypdf.PdfReader(io.BytesIO(build_claim_pack(claim))).pages[0].extract_text()
found = {m.__name__: m.__file__ for m in (fpdf, fontTools, icalendar, pypdf, functions)}
times = {"import_s": imported, "pdf_s": built}
print(json.dumps({"files": found, "pdf": pdf[:5].decode(), "text": text, **times}))
"""


def _size(artifact: Path, pattern: str) -> int:
    return sum(p.stat().st_size for p in artifact.glob(pattern) if p.is_file())


def test_the_documents_artifact_builds_the_statement_and_the_claim_pack(tmp_path: Path) -> None:
    """fpdf2, fontTools, pypdf and icalendar come from the artefact; Pillow is the Lambda runtime's wheel
    (arm64, CPython 3.13), which this machine cannot load: the probe builds a pack without a photo."""
    artifact = tmp_path / "DocumentsFunction"
    _make("build-DocumentsFunction", artifact)
    # Pure-Python wheels but Pillow's: the x86 build host must not pack a native module of its own.
    compiled = [p.relative_to(artifact) for p in artifact.rglob("*.so*") if p.is_file()]
    assert compiled, "Pillow's compiled modules are packaged"
    assert all(p.parts[0] in ("PIL", "pillow.libs") for p in compiled), compiled
    assert list((artifact / "PIL").glob("_imaging.cpython-313-aarch64-linux-gnu.so")), "Pillow for Lambda"
    assert not (artifact / "icalendar" / "tests").exists()

    total = _size(artifact, "**/*")
    pillow = _size(artifact, "PIL/**/*") + _size(artifact, "pillow.libs/**/*")
    print(f"documents artefact: {total / 1e6:.1f} MB, of which Pillow {pillow / 1e6:.1f} MB")
    assert total < 45_000_000

    found = _probe(DOCUMENTS_PROBE, artifact, tmp_path)
    for name, path in found["files"].items():
        assert path.startswith(str(artifact)), (name, path)
    assert found["pdf"] == "%PDF-"
    assert "Segnalazione di crediti ECM mancanti" in found["text"]
    assert "Codice evento 1234-98765" in found["text"]
    print(f"handler import {found['import_s'] * 1000:.0f} ms, one statement {found['pdf_s'] * 1000:.0f} ms")


RECORDS_PROBE = r"""
import json, sys
artifact = sys.argv[1]
sys.path.insert(0, artifact)
import pypdf
import functions.api.handlers.records
print(json.dumps({"pypdf": pypdf.__file__, "functions": functions.__file__}))
"""


def test_the_records_artifact_reads_attestati_and_carries_no_pdf_writer(tmp_path: Path) -> None:
    """The claim pack moved to the documents function: records keeps pypdf (the fields of a kept
    attestato) but no fpdf2, fontTools or Pillow (38.8 MB unzipped before the move)."""
    artifact = tmp_path / "RecordsFunction"
    _make("build-RecordsFunction", artifact)
    for name in ("fpdf", "fontTools", "PIL", "pillow.libs", "icalendar"):
        assert not (artifact / name).exists(), name
    size = _size(artifact, "**/*")
    print(f"records artefact: {size / 1e6:.1f} MB")
    assert size < 6_000_000
    found = _probe(RECORDS_PROBE, artifact, tmp_path)
    for name in ("pypdf", "functions"):
        assert found[name].startswith(str(artifact)), found[name]


def _runtime() -> str:
    """The Lambda runtime's Python version, from template.yaml's Globals (``python3.13`` -> ``3.13``)."""
    text = (ROOT / "template.yaml").read_text(encoding="utf-8")
    runtimes = {line.split("python", 1)[1].strip() for line in text.splitlines() if "Runtime: python" in line}
    assert len(runtimes) == 1, runtimes
    return runtimes.pop()


RUNTIME_ENV = {"AWS_DEFAULT_REGION": "eu-south-1", "TABLE_NAME": "t", "IDEMPOTENCY_TABLE_NAME": "i"}
FIRST_ROUTE_PROBE = r"""
import json, sys, time
artifact = sys.argv[1]
sys.path.insert(0, artifact)
started = time.process_time()
from functions.api.handlers import records
records.routers.load({"routeKey": "POST /v1/me/credits"})
import functions.rulebook.event_credits, babel.numbers
elapsed = time.process_time() - started
print(json.dumps({"s": elapsed, "entry": sys.modules["functions.api.entry"].__spec__.cached}))
"""


def test_a_build_by_the_runtimes_python_ships_bytecode_it_reads_without_checking_sources(
    tmp_path: Path,
) -> None:
    """/var/task is read-only: bytecode not in the package is compiled again at every cold start. The
    Makefile compiles only when the building Python is the runtime's; here that is simulated by naming
    this interpreter's version as the runtime's (LAMBDA_PYTHON), which the template's must equal."""
    assert f"LAMBDA_PYTHON = {_runtime()}" in (ROOT / "Makefile").read_text(encoding="utf-8")
    host = f"{sys.version_info[0]}.{sys.version_info[1]}"
    plain, compiled = tmp_path / "plain", tmp_path / "compiled"
    _make("build-RecordsFunction", plain)
    # Another version's bytecode would be ignored by the runtime: none unless this is the runtime's Python.
    assert bool(list(plain.rglob("*.pyc"))) == (host == _runtime())
    _make("build-RecordsFunction", compiled, f"LAMBDA_PYTHON={host}")
    tag = sys.implementation.cache_tag
    for source in [*compiled.glob("functions/**/*.py"), *compiled.glob("babel/*.py")]:
        cached = source.parent / "__pycache__" / f"{source.stem}.{tag}.pyc"
        assert cached.is_file(), source
        # PEP 552 flags: 0b01 = hash-based and not checked against the source.
        assert int.from_bytes(cached.read_bytes()[4:8], "little") == 0b01, cached
    times = {}
    for name, artifact in (("plain", plain), ("compiled", compiled)):
        # -B: like Lambda's read-only /var/task, nothing compiled at import is written back.
        runs = [_probe(FIRST_ROUTE_PROBE, artifact, tmp_path, "-B", env=RUNTIME_ENV) for _ in range(3)]
        times[name] = min(run["s"] for run in runs)
        assert (runs[0]["entry"] or "").startswith(str(artifact)), runs[0]
    print(
        f"records, handler and first route's modules (CPU, best of 3): from source "
        f"{times['plain'] * 1000:.0f} ms, from bytecode {times['compiled'] * 1000:.0f} ms"
    )
