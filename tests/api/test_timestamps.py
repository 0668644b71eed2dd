"""Every timestamp the API writes is ISO 8601 in UTC to the millisecond ("2026-03-10T12:00:00.123Z"),
as the README says and ``models.Stamp`` writes it: a calendar's ``created_at`` came out with
microseconds ("…00:17:41.290000Z"), and so did the export's and a contact note's.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from functions.api import files
from functions.api.openapi import document
from tests.api.conftest import ALICE, ApiClient, credit_body

MILLISECONDS = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z")
# A clock reading with microseconds (clock.now() keeps whole milliseconds: 290123 µs is 290 ms).
MOMENT = dt.datetime(2026, 11, 30, 0, 17, 41, 290000, dt.UTC)
WRITTEN = "2026-11-30T00:17:41.290Z"


def _date_times(node: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        if node.get("format") == "date-time":
            yield where, node
        for key, value in node.items():
            yield from _date_times(value, f"{where}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _date_times(value, f"{where}[{index}]")


def test_every_date_time_of_the_api_document_is_written_to_the_millisecond() -> None:
    schemas = json.loads(document())["components"]["schemas"]
    found = dict(_date_times(schemas, "schemas"))
    assert len(found) >= 8, sorted(found)  # created_at, updated_at, changed_at, exported_at, recorded_at…
    for where, schema in found.items():
        assert [MILLISECONDS.fullmatch(e) is not None for e in schema.get("examples", [])] == [True], where


def test_calendar_export_and_contact_timestamps_have_milliseconds(
    api: ApiClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from functions.api.logic import clock

    monkeypatch.setattr(clock, "now", lambda: MOMENT)
    credit = api.post("/v1/me/credits", credit_body(start_date="2026-06-01", end_date=None, credits=4))
    assert credit.status == 201, credit.text
    credit_id = credit.json["id"]
    assert credit.json["created_at"] == WRITTEN  # the model the others follow

    assert api.post("/v1/me/calendar").json["created_at"] == WRITTEN
    contact = api.post(f"/v1/me/credits/{credit_id}/contacts", {"date": "2026-11-01", "note": "PEC"})
    assert contact.status == 201, contact.text
    assert contact.json["recorded_at"] == WRITTEN
    assert api.get(f"/v1/me/credits/{credit_id}/contacts").json["items"][0]["recorded_at"] == WRITTEN
    # An attestato's upload time is S3's (whole seconds): written with its three zeros, like the rest.
    boto3.client("s3").put_object(
        Bucket=os.environ["CERTIFICATES_BUCKET"],
        Key=files.certificate_key(ALICE, credit_id),
        Body=b"%PDF-1.4 x",
        ContentType="application/pdf",
    )
    export = api.get("/v1/me/export").json
    assert export["exported_at"] == WRITTEN
    (kept,) = export["files"]
    assert MILLISECONDS.fullmatch(kept["uploaded_at"]), kept["uploaded_at"]
    certificate = api.get(f"/v1/me/credits/{credit_id}/certificate").json
    assert MILLISECONDS.fullmatch(certificate["uploaded_at"]), certificate["uploaded_at"]
