"""The deploy path as it runs: `sam validate --lint`, `sam build`, and every function answering a request
from its built artefact in an interpreter that holds only what Lambda gives it.

The SAM CLI (pinned, from PyPI) and the "Lambda" environment (boto3 and ``aws-lambda-powertools[all]``
at the versions of requirements.lock: the runtime's SDK and the Powertools layer) are two virtual
environments made once under ~/.cache/ecm-lambda and reused. Nothing here calls AWS: the SAM CLI works
offline, and the private functions talk to moto's server in this process. A function loads its resolver
and routers on its first request (functions.api.entry.Routers), so each probe loads all of them and
answers one request: an import of the handler module alone would no longer reach the routes' imports.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.api.conftest import http_api_event, moto_server_stack

ROOT = Path(__file__).resolve().parents[2]
SAM_CLI = "aws-sam-cli==1.170.0"
CACHE = Path(os.environ.get("ECM_LAMBDA_CACHE", Path.home() / ".cache" / "ecm-lambda"))
FUNCTIONS = (
    "PublicFunction",
    "RecordsFunction",
    "ComplianceFunction",
    "AccountFunction",
    "DocumentsFunction",
)
OFFLINE = {
    "SAM_CLI_TELEMETRY": "0",
    "AWS_DEFAULT_REGION": "eu-south-1",
    "AWS_ACCESS_KEY_ID": "offline",
    "AWS_SECRET_ACCESS_KEY": "offline",
}


def _locked(*names: str) -> list[str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        name, _, rest = line.partition("==")
        if rest:
            pins[name.strip().lower()] = f"{name.strip()}=={rest.split()[0]}"
    return [pins[name] for name in names]


def _venv(name: str, requirements: list[str]) -> Path:
    """A virtual environment with exactly ``requirements``, made once (its name says what it holds)."""
    key = "-".join(r.replace("==", "_").replace("[", "_").replace("]", "") for r in requirements)
    home = CACHE / f"{name}-{key}"
    python = home / "bin" / "python"
    if python.exists():
        return python
    scratch = CACHE / f".{name}-{os.getpid()}"
    shutil.rmtree(scratch, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", str(scratch)], check=True)
    subprocess.run(
        [str(scratch / "bin" / "python"), "-m", "pip", "install", "--quiet", *requirements],
        check=True,
        timeout=900,
    )
    # Scripts name their venv's absolute path; the renamed venv is only run as `<home>/bin/python -m`.
    scratch.rename(home)
    return python


@pytest.fixture(scope="module")
def sam() -> list[str]:
    return [str(_venv("sam-cli", [SAM_CLI])), "-m", "samcli"]


@pytest.fixture(scope="module")
def lambda_python() -> Path:
    """An interpreter with the runtime's SDK and the Powertools layer (with its extras), nothing else."""
    boto3, powertools = _locked("boto3", "aws-lambda-powertools")
    return _venv("lambda", [boto3, powertools.replace("==", "[all]==")])


def _run(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        command,
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **OFFLINE},
        check=False,
        **kwargs,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


def test_sam_validate_lint_passes(sam: list[str]) -> None:
    result = _run([*sam, "validate", "--lint", "--template-file", "template.yaml"], timeout=300)
    assert "is a valid SAM Template" in result.stdout + result.stderr


@pytest.fixture(scope="module")
def built(sam: list[str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """`sam build` of the whole template, in source (no copy of the repository to a scratch folder)."""
    build_dir = tmp_path_factory.mktemp("sam") / "build"
    _run(
        [
            *sam,
            "build",
            "--build-in-source",
            "--template-file",
            "template.yaml",
            "--build-dir",
            str(build_dir),
        ],
        timeout=900,
    )
    yield build_dir


PROBE = r"""
import json, os, sys, warnings
artifact = sys.argv[1]
sys.path.insert(0, artifact)
warnings.filterwarnings("ignore", "Pillow could not be imported")  # the package's Pillow is arm64
module = __import__(os.environ["PROBE_HANDLER"], fromlist=["lambda_handler"])
module.routers.load_all()
event = json.loads(os.environ["PROBE_EVENT"])
class Context:
    function_name, function_version, memory_limit_in_mb = "probe", "$LATEST", 512
    invoked_function_arn = "arn:aws:lambda:eu-south-1:123456789012:function:probe"
    aws_request_id = "probe"
    def get_remaining_time_in_millis(self): return 10000
reply = module.lambda_handler(event, Context())
outside = sorted(
    name for name, m in sys.modules.items()
    if getattr(m, "__file__", None)
    and not m.__file__.startswith((artifact, sys.base_prefix, sys.prefix))
)
print(json.dumps({"status": reply["statusCode"], "body": reply.get("body", "")[:2000], "outside": outside}))
"""

# One request per function: (route key, path, body, the status a first-time caller gets).
REQUESTS = {
    "PublicFunction": (
        "POST /v1/event-credits",
        "/v1/event-credits",
        {"type": "res_course", "date": "2026-03-10", "hours": 6, "participants": 20},
        200,
    ),
    "RecordsFunction": ("GET /v1/me/credits", "/v1/me/credits", None, 200),
    "ComplianceFunction": ("GET /v1/me/status", "/v1/me/status", None, 200),
    "AccountFunction": ("GET /v1/me/export", "/v1/me/export", None, 200),
    "DocumentsFunction": ("GET /v1/me/statement/{document}", "/v1/me/statement/2026-2028.pdf", None, 200),
}


@pytest.fixture(scope="module")
def storage() -> Iterator[dict[str, str]]:
    """moto's server with the template's tables and the attestati bucket, for the private functions."""
    env = {
        **OFFLINE,
        "TABLE_NAME": "credits",
        "IDEMPOTENCY_TABLE_NAME": "idempotency",
        "CERTIFICATES_BUCKET": "certificates",
    }
    with moto_server_stack(env) as endpoint:
        yield env | endpoint


@pytest.mark.parametrize("function", FUNCTIONS)
def test_each_built_function_answers_from_its_artifact_with_only_the_runtime_and_the_layer(
    function: str, built: Path, lambda_python: Path, storage: dict[str, str]
) -> None:
    template = (built / "template.yaml").read_text(encoding="utf-8")
    handler = next(
        line.split("Handler:")[1].strip()
        for block in template.split(f"\n  {function}:")[1:2]
        for line in block.splitlines()
        if "Handler:" in line
    )
    route, path, body, status = REQUESTS[function]
    env = {
        "PATH": os.environ["PATH"],
        **storage,
        "PROBE_HANDLER": handler.rpartition(".")[0],
        "PROBE_EVENT": json.dumps(http_api_event(route, path, body, sub="probe-user")),
        "POWERTOOLS_METRICS_NAMESPACE": "Probe",
    }
    artifact = built / function
    result = subprocess.run(
        [str(lambda_python), "-I", "-c", PROBE, str(artifact)],
        cwd=artifact,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["status"] == status, found["body"]
    if function == "PublicFunction":
        # Hand-computed: 6 h at 1 credit/h (20 participants) plus the small-group bonus, 6 h x 0.3 = 7.8.
        assert json.loads(found["body"])["credits"] == 7.8
    # Every module came from the artefact, the Lambda environment or the standard library.
    assert found["outside"] == [], found["outside"]
