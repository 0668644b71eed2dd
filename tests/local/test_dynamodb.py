"""Tables from the template, and the JSON snapshot that stands in for persistence (moto in-process)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

from infra.local.auth import LOCAL_AUDIENCE, LOCAL_ISSUER
from infra.local.dynamodb import Snapshot, create_tables
from infra.local.template import load_template
from tests.local.harness import FIXTURE_TEMPLATE

ITEM: dict[str, Any] = {
    "pk": {"S": "USER#1"},
    "sk": {"S": "CREDIT#1"},
    "credits": {"N": "12.5"},
    "blob": {"B": b"\x00\xff"},
    "blobs": {"BS": [b"a", b"b"]},
    "nested": {"M": {"list": {"L": [{"B": b"\x01"}, {"S": "x"}, {"BOOL": True}, {"NULL": True}]}}},
    "tags": {"SS": ["a", "b"]},
}


@pytest.fixture
def ddb(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.delenv("AWS_ENDPOINT_URL_DYNAMODB", raising=False)
    with mock_aws():
        client = boto3.client("dynamodb", region_name="eu-south-1")
        tables = load_template(
            FIXTURE_TEMPLATE, local_issuer=LOCAL_ISSUER, local_audience=LOCAL_AUDIENCE
        ).tables
        assert create_tables(client, tables) == ["ecm-local-items", "IdempotencyTable"]
        yield client


def test_tables_are_created_once_with_ttl(ddb: Any) -> None:
    tables = load_template(FIXTURE_TEMPLATE, local_issuer=LOCAL_ISSUER, local_audience=LOCAL_AUDIENCE).tables
    assert create_tables(ddb, tables) == []
    ttl = ddb.describe_time_to_live(TableName="IdempotencyTable")["TimeToLiveDescription"]
    assert ttl == {"TimeToLiveStatus": "ENABLED", "AttributeName": "expiration"}


def test_snapshot_round_trips_every_attribute_type(ddb: Any, tmp_path: Path) -> None:
    ddb.put_item(TableName="ecm-local-items", Item=ITEM)
    path = tmp_path / "dynamodb.json"
    assert Snapshot(ddb, path, ["ecm-local-items", "IdempotencyTable"]).save() == 1
    json.loads(path.read_text())  # plain JSON, readable in an editor
    ddb.delete_item(TableName="ecm-local-items", Key={"pk": ITEM["pk"], "sk": ITEM["sk"]})

    assert Snapshot(ddb, path, ["ecm-local-items", "IdempotencyTable"]).restore() == 1
    restored = ddb.get_item(TableName="ecm-local-items", Key={"pk": ITEM["pk"], "sk": ITEM["sk"]})["Item"]
    assert restored == ITEM


def test_items_of_a_table_the_template_dropped_are_skipped(
    ddb: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "dynamodb.json"
    path.write_text(json.dumps({"version": 1, "tables": {"OldTable": [{"pk": {"S": "x"}}]}}))
    assert Snapshot(ddb, path, ["ecm-local-items"]).restore() == 0
    assert "OldTable" in capsys.readouterr().out
