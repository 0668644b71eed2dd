"""The OpenAPI document passes the client generators mobile and web apps use, with no warning.

openapi-python-client (PyPI, in the dev dependencies) generates a Python client; a small flow is
type-checked against it with mypy --strict, and real answers of the API are read with its models.
openapi-typescript (npm, pinned in tests/api/generators/package-lock.json; `npm ci --prefix
tests/api/generators`) generates TypeScript types; tests/api/generators/flow.ts is checked by tsc --strict.
Before issue 13 the document gave 11 warnings: two duplicate models, five schemas unusable and the
answers of seven routes dropped.
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from functions.api.openapi import OUTPUT
from tests.api.conftest import PROFILE, ApiClient, credit_body

GENERATORS = Path(__file__).resolve().parent / "generators"
BIN = Path(sys.executable).parent
PACKAGE = "ecm_client"

FLOW = """
import datetime

from ecm_client import AuthenticatedClient
from ecm_client.api.credits_ import create_credit, list_credits, patch_credit
from ecm_client.api.sync import list_changes
from ecm_client.models import (
    ChangePage, CreditIn, CreditPage, CreditPatch, CreditWritten, ErrorBody, EventDetails, EventType,
    GatewayMessage, StaleCredit,
)


def record(client: AuthenticatedClient) -> float | None:
    body = CreditIn(
        title="Corso FAD",
        type_=EventType.FAD_ELEARNING,
        start_date=datetime.date(2026, 3, 2),
        hours=4.5,
        credits_=6.0,
        details=EventDetails(interactive_hours=1.25),
    )
    answer = create_credit.sync(client=client, body=body, idempotency_key="k-1", accept_language="it")
    if isinstance(answer, CreditWritten):
        return answer.credits_
    if isinstance(answer, ErrorBody):
        print(answer.error.message, answer.error.field)
    if isinstance(answer, GatewayMessage):
        print(answer.message)
    return None


def titles(client: AuthenticatedClient) -> list[str]:
    out: list[str] = []
    cursor: str | None = None
    while True:
        page = list_credits.sync(client=client, triennium="2026-2028", limit=25, cursor=cursor)
        if not isinstance(page, CreditPage):
            return out
        out.extend(item.title for item in page.items)
        if not isinstance(page.next_cursor, str):
            return out
        cursor = page.next_cursor


def mark_registered(client: AuthenticatedClient, credit_id: str, etag: str) -> str:
    patch = CreditPatch(title="Corso BLS")
    answer = patch_credit.sync(credit_id, client=client, body=patch, if_match=etag)
    if isinstance(answer, CreditWritten):
        return answer.etag
    if isinstance(answer, StaleCredit):
        return answer.current.etag  # apply the change again to the current version
    return etag


def catch_up(client: AuthenticatedClient, cursor: str) -> str:
    while True:
        page = list_changes.sync(client=client, since=cursor, limit=50)
        if not isinstance(page, ChangePage):
            return cursor
        for change in page.items:
            print(change.seq, change.kind, change.op, change.etag)
        cursor = page.next_cursor
        if not page.has_more:
            return cursor
"""


@pytest.fixture(scope="module")
def python_client(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("python-client")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run(
        [
            str(BIN / "openapi-python-client"),
            "generate",
            "--path",
            str(OUTPUT),
            "--meta",
            "none",
            "--config",
            str(OUTPUT.parent / "python-client.yaml"),
            "--output-path",
            str(root / PACKAGE),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    return root, done.stdout + done.stderr + f"\nexit {done.returncode}"


def test_python_client_generates_without_warnings(python_client: tuple[Path, str]) -> None:
    root, log = python_client
    assert log.rstrip().endswith("exit 0"), log
    assert "Warning" not in log and "Unable" not in log and "omitted" not in log, log
    models = {p.stem for p in (root / PACKAGE / "models").glob("*.py")}
    schemas = json.loads(OUTPUT.read_text(encoding="utf-8"))["components"]["schemas"]
    # Every schema of the document became a model (enums and models alike; JsonValue is "any").
    expected = {_snake(name) for name in schemas if name != "JsonValue"}
    assert expected <= models, sorted(expected - models)


def test_python_client_keeps_every_answer(python_client: tuple[Path, str]) -> None:
    root, _ = python_client
    spec = json.loads(OUTPUT.read_text(encoding="utf-8"))
    for operations in spec["paths"].values():
        for operation in operations.values():
            name = _snake(operation["operationId"])
            (source,) = (root / PACKAGE / "api").glob(f"*/{name}.py")
            text = source.read_text(encoding="utf-8")
            for status in operation["responses"]:
                assert f"response.status_code == {status}" in text, (name, status)


def test_a_python_flow_type_checks_against_the_client(python_client: tuple[Path, str]) -> None:
    root, _ = python_client
    flow = root / "flow.py"
    flow.write_text(FLOW, encoding="utf-8")
    # The generator's fixed client.py (the same for every document) has strict-mode errors of its own
    # in __exit__(*args); everything generated from our document is checked strictly.
    config = root / "mypy.ini"
    config.write_text("[mypy]\nstrict = True\n[mypy-ecm_client.client]\nignore_errors = True\n")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--no-incremental",
            "--config-file",
            str(config),
            "--python-version",
            "3.12",
            str(flow),
        ],
        capture_output=True,
        text=True,
        cwd=root,
        env={**os.environ, "MYPYPATH": str(root)},
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_generated_models_read_the_api_s_real_answers(
    python_client: tuple[Path, str], api: ApiClient
) -> None:
    models = _models(python_client[0])
    body = models.CreditIn.from_dict(credit_body(credits=7.5, hours=6.25)).to_dict()
    created = api.request("POST", "/v1/me/credits", body=body)
    assert created.status == 201, created.text
    written = models.CreditWritten.from_dict(created.json)
    assert (written.credits_, written.hours) == (7.5, 6.25)
    api.request("PUT", "/v1/me/profile", body=PROFILE)
    page = models.CreditPage.from_dict(
        api.request("GET", "/v1/me/credits", query={"triennium": "2026-2028"}).json
    )
    assert [item.id for item in page.items] == [written.id]
    exported = models.ExportOut.from_dict(api.request("GET", "/v1/me/export").json)
    assert exported.profile.profession == PROFILE["profession"]
    refused = api.request("POST", "/v1/me/credits", body=credit_body(credits=1.25))
    assert refused.status == 422
    assert models.ErrorBody.from_dict(refused.json).error.field == "credits"


def test_an_answer_with_an_enum_value_added_later_still_reads(
    python_client: tuple[Path, str], api: ApiClient
) -> None:
    """The README's policy: answers' enums are open (functions.api.openapi_enums). A credit whose type,
    role and registry state this version does not know is read with those values as text; known values
    still arrive as the generated enums. Requests keep the closed lists."""
    models = _models(python_client[0])
    api.request("PUT", "/v1/me/profile", body=PROFILE)
    created = api.request("POST", "/v1/me/credits", body=credit_body(credits=7.5)).json
    later = {**created, "type": "res_type_added_in_2027", "role": "new_role", "registry_status": "new_state"}
    credit = models.CreditWritten.from_dict(later)
    assert (credit.type_, credit.role, credit.registry_status) == (
        "res_type_added_in_2027",
        "new_role",
        "new_state",
    )
    known = models.CreditWritten.from_dict(created)
    assert isinstance(known.type_, models.EventType) and known.type_.value == created["type"]
    # What the app sends is still checked: an unknown type is refused with the field named.
    refused = api.request("POST", "/v1/me/credits", body=credit_body(type="res_type_added_in_2027"))
    assert refused.status == 422 and refused.error["field"] == "type", refused.text


def test_typescript_types_generate_and_a_flow_type_checks(tmp_path: Path) -> None:
    bin_dir = GENERATORS / "node_modules" / ".bin"
    assert shutil.which("node"), "node (>= 18) is required"
    assert (bin_dir / "tsc").exists(), "run `npm ci --prefix tests/api/generators` first"
    types = GENERATORS / "api.d.ts"
    generated = subprocess.run(
        [str(bin_dir / "openapi-typescript"), str(OUTPUT), "-o", str(types)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    try:
        assert generated.returncode == 0, generated.stderr
        assert "warn" not in generated.stderr.lower(), generated.stderr
        checked = subprocess.run(
            [
                str(bin_dir / "tsc"),
                "--strict",
                "--noEmit",
                "--target",
                "es2022",
                "--module",
                "es2022",
                "--moduleResolution",
                "bundler",
                str(GENERATORS / "flow.ts"),
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert checked.returncode == 0, checked.stdout + checked.stderr
    finally:
        types.unlink(missing_ok=True)


def _models(root: Path) -> Any:
    sys.path.insert(0, str(root))
    try:
        module: ModuleType = importlib.import_module(f"{PACKAGE}.models")
        return module
    finally:
        sys.path.remove(str(root))


def _snake(name: str) -> str:
    out = "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")
    return out.replace("__", "_")
