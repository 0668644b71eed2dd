"""Tables from the template, and the JSON snapshot that stands in for persistence."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

from infra.local.auth import LOCAL_AUDIENCE, LOCAL_ISSUER
from infra.local.dynamodb import EmbeddedDynamoDB, Snapshot, create_tables
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


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    # moto's server rather than mock_aws: leaving mock_aws resets moto's in-process state, which
    # other test files in the same worker may hold in a session-wide server of their own.
    embedded = EmbeddedDynamoDB(port=0)
    yield embedded.start()
    embedded.stop()


@pytest.fixture
def ddb(server: str) -> Any:
    # A region no other test uses, cleaned first: moto's state is shared by the whole process.
    client = boto3.client(
        "dynamodb",
        endpoint_url=server,
        region_name="ap-southeast-2",
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )
    for name in client.list_tables()["TableNames"]:
        client.delete_table(TableName=name)
    tables = load_template(FIXTURE_TEMPLATE, local_issuer=LOCAL_ISSUER, local_audience=LOCAL_AUDIENCE).tables
    assert create_tables(client, tables) == ["ecm-local-items", "IdempotencyTable"]
    return client


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
