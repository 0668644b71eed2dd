"""Privacy, end to end through the local adapter: no token, e-mail or personal field in any log line;
export returns everything stored; erasure leaves nothing of the professional behind.

The run covers the happy paths, refusals (422, 404, 413), a storage fault answered 503 and a replay,
with the API's logger at DEBUG, and captures everything written to stdout, stderr and Python logging.
"""

from __future__ import annotations

import json
import logging
import os
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from tests.api.conftest import ALICE, EXEMPTION, PROFILE, credit_body
from tests.reliability import figures
from tests.reliability.conftest import Injector, throttled

EMAIL = "mario.rossi.7f3a@example.org"
SECRETS = {
    "title": "Corso riservato 7f3a",
    "provider": "Provider riservato 7f3a",
    "event_code": "7777-123456",
    "discipline": "Medicina termale",  # from the official list: a rare one stands in for a secret
    "reason": "motivo riservato 7f3a",
}


def call(url: str, method: str, token: str | None, body: Any = None, **headers: str) -> tuple[int, Any]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("content-type", "application/json")
    if token:
        request.add_header("authorization", f"Bearer {token}")
    for name, value in headers.items():
        request.add_header(name.replace("_", "-"), value)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # nosec B310: loopback test server
            raw = response.read()
            status = int(response.status)
    except urllib.error.HTTPError as error:
        raw, status = error.read(), error.code
    text = raw.decode()
    return status, (json.loads(text) if text.startswith(("{", "[")) else text)


@pytest.fixture
def debug_logs() -> Iterator[None]:
    from functions.api.observability import logger

    level = logger.log_level
    logger.setLevel("DEBUG")
    yield
    logger.setLevel(level)


def table_items(name: str) -> list[dict[str, Any]]:
    client = boto3.client("dynamodb")
    return list(client.scan(TableName=name, ConsistentRead=True)["Items"])


def test_no_personal_data_in_logs_export_is_complete_erasure_is_total(
    gateway_url: str,
    token: str,
    debug_logs: None,
    capfd: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    api = gateway_url
    # A token carrying an e-mail, as Cognito ID tokens do; the API must not echo it into logs either.
    status, _ = call(f"{api}/v1/me/profile", "PUT", token, {**PROFILE, "discipline": SECRETS["discipline"]})
    assert status == 200
    created = []
    for day in range(1, 4):
        body = credit_body(
            title=SECRETS["title"],
            provider=SECRETS["provider"],
            event_code=SECRETS["event_code"],
            start_date=f"2026-02-0{day}",
            end_date=None,
        )
        status, credit = call(f"{api}/v1/me/credits", "POST", token, body, Idempotency_Key=f"k-{day}")
        assert status == 201, credit
        created.append(credit["id"])
    assert call(f"{api}/v1/me/credits", "POST", token, body, Idempotency_Key="k-3")[0] == 201  # replay
    status, exemption = call(
        f"{api}/v1/me/exemptions", "POST", token, {**EXEMPTION, "reason": SECRETS["reason"]}
    )
    assert status == 201
    # Refusals and errors log too: they must not carry the input either.
    assert call(f"{api}/v1/me/credits", "POST", token, {**body, "hours": -1})[0] == 422
    assert call(f"{api}/v1/me/credits/{'x' * 10}", "GET", token)[0] == 404
    assert call(f"{api}/v1/me/credits", "POST", token, {**body, "title": SECRETS["title"] * 20000})[0] == 413
    assert call(f"{api}/v1/me/profile", "GET", None)[0] == 401
    from functions.api import dal

    injector = Injector()
    injector.add("Query", throttled())
    dal.client().meta.events.register_first("before-send.dynamodb", injector)  # type: ignore[arg-type]
    try:
        assert call(f"{api}/v1/me/compliance/2026-2028", "GET", token)[0] == 503
    finally:
        dal.client().meta.events.unregister("before-send.dynamodb", injector)  # type: ignore[arg-type]
    assert call(f"{api}/v1/me/compliance/2026-2028", "GET", token)[0] == 200

    # Export returns everything stored about her.
    status, export = call(f"{api}/v1/me/export", "GET", token)
    assert status == 200
    credits_table = os.environ["TABLE_NAME"]
    mine = [i for i in table_items(credits_table) if i["pk"]["S"] == f"USER#{ALICE}"]
    stored_credits = {i["id"]["S"] for i in mine if i["sk"]["S"].startswith("CREDIT#")}
    stored_exemptions = {i["id"]["S"] for i in mine if i["sk"]["S"].startswith("EXEMPTION#")}
    assert {c["id"] for c in export["credits"]} == stored_credits == set(created)
    assert {e["id"] for e in export["exemptions"]} == stored_exemptions == {exemption["id"]}
    assert export["profile"]["discipline"] == SECRETS["discipline"]
    assert all(
        c["title"] == SECRETS["title"] and c["provider"] == SECRETS["provider"] for c in export["credits"]
    )
    # Every stored item is a credit, its id pointer, an exemption or the profile: nothing escapes export.
    kinds = {i["sk"]["S"].split("#", 1)[0] for i in mine}
    # COUNTERS holds only how many of them there are (the caps) and the change feed's sequence number;
    # CHANGE# records repeat exported items as written (or tombstones) for 30 days, and erasure deletes
    # them with the rest of the partition.
    assert kinds <= {"CREDIT", "CREDITID", "EXEMPTION", "PROFILE", "COUNTERS", "CHANGE"}, kinds
    status, csv_text = call(f"{api}/v1/me/export/credits.csv", "GET", token)
    assert status == 200 and csv_text.count("\r\n") == 1 + len(created)

    # Erasure: nothing of hers in the credits table; replay records (ids only) until their TTL.
    status, deleted = call(f"{api}/v1/me?confirm=delete-all-my-data", "DELETE", token)
    assert status == 200 and deleted["deleted_items"] == len(mine)
    assert [i for i in table_items(credits_table) if ALICE in i["pk"]["S"]] == []
    replays = table_items(os.environ["IDEMPOTENCY_TABLE_NAME"])
    ttl = int(os.environ.get("IDEMPOTENCY_TTL_SECONDS", "3600"))
    for record in replays:
        assert int(record["expiration"]["N"]) <= time.time() + ttl + 5, "a replay record outlives its TTL"
    # Replay records keep ids only: nothing personal survives the erasure, even before the TTL.
    leftovers = sum(value in json.dumps(r) for r in replays for value in SECRETS.values())
    assert leftovers == 0, "a replay record holds personal data after erasure"

    # The logs of the whole run.
    out, err = capfd.readouterr()
    # The API's structured log lines (Powertools Logger and Metrics write JSON to stdout) and every
    # Python log record at the level the template sets (INFO), except the DynamoDB emulator's own.
    structured = [line for line in (out + err).splitlines() if line.startswith("{")]
    records = [
        r.getMessage()
        for r in caplog.records
        if r.levelno >= logging.INFO and not r.name.startswith(("moto", "werkzeug", "botocore", "urllib3"))
    ]
    lines = structured + records
    forbidden = [token, EMAIL, ALICE, *SECRETS.values()]
    leaks = [(value[:24], line[:200]) for line in lines for value in forbidden if value in line]
    detail = f"replay records holding credit data after erasure: {leftovers} (TTL {ttl} s)"
    figures.record("privacy", tried=len(lines), failed=len(leaks), detail=detail)
    with capfd.disabled():
        print(f"\nprivacy: {len(lines)} log lines checked, {len(leaks)} leaks; {detail}")
    assert lines, "the run logged nothing: the capture is not working"
    assert not leaks, leaks
