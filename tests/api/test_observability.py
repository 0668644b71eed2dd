"""Logs carry a correlation id and no personal data; each route emits its business metric."""

from __future__ import annotations

import json
import sys

import pytest

from tests.api.conftest import ALICE, ApiClient, credit_body


def _lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def test_no_identity_or_body_in_logs_even_on_faults(
    api: ApiClient, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from functions.api import dal_credits as dal
    from functions.api.observability import logger

    logger.setLevel("DEBUG")
    # The handler kept the stdout of import time; point it at the captured one for this test.
    handler = logger.registered_handler
    previous = handler.setStream(sys.stdout)  # type: ignore[attr-defined]
    try:
        api.post("/v1/me/credits", credit_body(title="Corso riservato Rossi Mario"), sub=ALICE)

        def broken(*_: object) -> None:
            raise RuntimeError("boom")

        monkeypatch.setattr(dal, "insert_credit", broken)
        reply = api.post("/v1/me/credits", credit_body(title="Corso riservato Rossi Mario"), sub=ALICE)
        assert reply.status == 500
    finally:
        logger.setLevel("WARNING")
        handler.setStream(previous)  # type: ignore[attr-defined]
    output = capsys.readouterr()
    logs = output.out + output.err
    assert "unhandled error" in logs, "the fault is logged"
    assert ALICE not in logs
    assert "Rossi" not in logs
    records = [r for r in _lines(logs) if r.get("message") == "unhandled error"]
    assert records and records[0].get("correlation_id"), "logs carry the API Gateway request id"


def test_each_route_emits_its_business_metric(api: ApiClient, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    api.post("/v1/me/credits", credit_body())
    api.get("/v1/me/compliance/2026-2028")
    metrics = [r for r in _lines(capsys.readouterr().out) if "_aws" in r]
    names = [m["Name"] for r in metrics for d in r["_aws"]["CloudWatchMetrics"] for m in d["Metrics"]]  # type: ignore[index]
    assert names == ["CreditCreated", "ComplianceChecked"]
