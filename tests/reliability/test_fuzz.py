"""Contract fuzzing: Schemathesis generates requests from the committed OpenAPI document and sends them
over HTTP to the local API adapter (in process, on a free loopback port) over a moto server, with a
valid token on private routes. Every answer must be no 5xx and conform to the document: status code,
content type, headers and body schema.

Cases per operation: ECM_FUZZ_EXAMPLES (default 12, so that `make test` stays quick); for a long run,
ECM_FUZZ_EXAMPLES=500 .venv/bin/pytest tests/reliability/test_fuzz.py -p no:xdist -s
"""

from __future__ import annotations

import os
import re
import warnings
from collections import Counter
from collections.abc import Callable
from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi import checks as openapi_checks

from tests.reliability import figures
from tests.reliability.examples import OPENAPI

EXAMPLES = int(os.environ.get("ECM_FUZZ_EXAMPLES", "12"))
# Undeclared methods are still tried, except TRACE and the draft QUERY, which API Gateway refuses
# before any route (the local adapter's HTTP server answers them 501).
CONFIG = SchemathesisConfig.from_dict(
    {"phases": {"coverage": {"unexpected-methods": ["get", "put", "post", "delete", "patch", "options"]}}}
)
SCHEMA = schemathesis.openapi.from_path(str(OPENAPI), config=CONFIG)
# POST /v1/certificates/read takes the PDF's bytes: sent like any binary body.
schemathesis.serializer.alias("application/pdf", "application/octet-stream")
# API Gateway HTTP API answers 404 to a method no route declares (not 405, no Allow header), and the
# local adapter does the same; these two REST conventions are not this API's contract.
# positive_data_acceptance is left out too: the API validates more than the document can say (dates
# from 2002, Decimal digits, an end not before the start), so schema-valid data may rightly get 422.
EXCLUDED = [
    openapi_checks.unsupported_method,
    openapi_checks.allow_header_conformance,
    openapi_checks.positive_data_acceptance,
]
CASES: Counter[str] = Counter()
FAILURES: Counter[str] = Counter()


# Deviations the contract check reports that are accepted, each matched exactly by _known(). Anything
# else fails; and a deviation that no longer happens fails test_fuzzing_covered_every_operation, so a
# filter cannot outlive its cause and hide a new fault (the removed "int-as-date" filter had come to hide
# `previous_triennium_met: 0` accepted as false; flags are now StrictBool in both models).
KNOWN: dict[str, str] = {
    "refused-by-size": "invalid and over 256 kB: refused with 413 before validation (not a deviation)",
}
DEVIATIONS: Counter[str] = Counter()
MAX_BODY_BYTES = 256 * 1024  # the API's request size limit (413 above it)


def _known(case: schemathesis.Case[Any], response: Any, group: FailureGroup) -> str | None:
    kinds = {type(failure).__name__ for failure in group.exceptions}
    if (
        response.status_code == 413
        and kinds == {"AcceptedNegativeData"}
        and len(response.request.body or b"") > MAX_BODY_BYTES
    ):
        return "refused-by-size"  # too many items made the body too large: refused, as it should be
    return None


def _fuzz(case: schemathesis.Case[Any], gateway_url: str, token: str) -> None:
    label = f"{case.method} {case.path}"
    CASES[label] += 1
    headers = {"Authorization": f"Bearer {token}"} if case.operation.definition.raw.get("security") else {}
    response = case.call(base_url=gateway_url, headers=headers)
    try:
        case.validate_response(response, excluded_checks=EXCLUDED)
    except FailureGroup as group:
        known = _known(case, response, group)
        if known is None or response.status_code >= 500:
            FAILURES[label] += 1
            figures.record("fuzz", tried=1, failed=1, detail=label)
            raise
        DEVIATIONS[known] += 1
        figures.record("fuzz", tried=1, failed=0, detail=f"{label} deviation:{known}")
        return
    figures.record("fuzz", tried=1, failed=0, detail=label)
    assert response.status_code < 500


def _fresh_copy(function: Callable[..., None]) -> Callable[..., None]:
    def test(case: schemathesis.Case[Any], gateway_url: str, token: str) -> None:
        function(case, gateway_url, token)

    return test


# One test per operation: Schemathesis runs the operations of one test as subtests, and under
# pytest-xdist (make test runs `pytest -n 2`) only the first subtest of a test runs.
OPERATIONS = [(m.upper(), p) for p, item in SCHEMA.raw_schema["paths"].items() for m in item]
for _method, _path in OPERATIONS:
    _name = "test_fuzz_" + re.sub(r"\W+", "_", f"{_method}_{_path}").strip("_").lower()
    _test = settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,  # the same cases on every run: a failure here is reproducible
        suppress_health_check=list(HealthCheck),
    )(_fresh_copy(_fuzz))
    globals()[_name] = SCHEMA.include(method=_method, path=_path).parametrize()(_test)


def test_fuzzing_covered_every_operation() -> None:
    """Runs after the fuzz cases in this module (pytest keeps file order)."""
    operations = {f"{m} {p}" for m, p in OPERATIONS}
    failures = sum(FAILURES.values())
    summary = [f"schemathesis: {sum(CASES.values())} cases over {len(CASES)} operations, {failures} failures"]
    summary += [f"  known deviation ({count} cases): {KNOWN[key]}" for key, count in DEVIATIONS.items()]
    print("\n" + "\n".join(summary))
    if DEVIATIONS:
        warnings.warn(UserWarning("\n".join(summary)), stacklevel=1)  # shown without -s
    assert operations <= set(CASES), operations - set(CASES)
    stale = set(KNOWN) - set(DEVIATIONS)
    assert not stale, f"filters for deviations that no longer happen (remove them): {sorted(stale)}"
