"""The embedded DynamoDB's workarounds keep DynamoDB's semantics: a cancelled transaction leaves every
item as it was, queries see their whole partition in key order, and item models are not kept forever."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from infra.local import moto_fixes

KEYS: dict[str, Any] = {
    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
    "AttributeDefinitions": [
        {"AttributeName": "pk", "AttributeType": "S"},
        {"AttributeName": "sk", "AttributeType": "S"},
    ],
    "BillingMode": "PAY_PER_REQUEST",
}


@pytest.fixture
def ddb() -> Iterator[Any]:
    moto_fixes.apply()
    with mock_aws():
        client: Any = boto3.client("dynamodb", region_name="eu-south-1")
        # moto's state is per process and other tests may have made a table "t": start from none.
        if "t" in client.list_tables()["TableNames"]:
            client.delete_table(TableName="t")
        client.create_table(TableName="t", **KEYS)
        yield client
        client.delete_table(TableName="t")


def item(pk: str, sk: str, **extra: Any) -> dict[str, Any]:
    return {"pk": {"S": pk}, "sk": {"S": sk}, **{k: {"N": str(v)} for k, v in extra.items()}}


def test_a_cancelled_transaction_leaves_every_item_as_it_was(ddb: Any) -> None:
    ddb.put_item(TableName="t", Item=item("p", "a", n=1))
    ddb.put_item(TableName="t", Item=item("p", "c", n=3))
    before = ddb.scan(TableName="t")["Items"]
    with pytest.raises(ddb.exceptions.TransactionCanceledException) as raised:
        ddb.transact_write_items(
            TransactItems=[
                {
                    "Update": {
                        "TableName": "t",
                        "Key": {"pk": {"S": "p"}, "sk": {"S": "a"}},
                        "UpdateExpression": "ADD n :one",
                        "ExpressionAttributeValues": {":one": {"N": "1"}},
                    }
                },
                {"Put": {"TableName": "t", "Item": item("p", "b", n=2)}},
                {"Delete": {"TableName": "t", "Key": {"pk": {"S": "p"}, "sk": {"S": "c"}}}},
                {
                    "ConditionCheck": {
                        "TableName": "t",
                        "Key": {"pk": {"S": "p"}, "sk": {"S": "z"}},
                        "ConditionExpression": "attribute_exists(pk)",
                    }
                },
            ]
        )
    reasons = [r["Code"] for r in raised.value.response["CancellationReasons"]]
    assert reasons == ["None", "None", "None", "ConditionalCheckFailed"]
    assert ddb.scan(TableName="t")["Items"] == before


def test_queries_read_their_partition_in_key_order_and_page(ddb: Any) -> None:
    for index in (3, 1, 2):
        ddb.put_item(TableName="t", Item=item("p", f"k{index}", n=index))
    ddb.put_item(TableName="t", Item=item("other", "k0", n=0))
    page = ddb.query(
        TableName="t",
        KeyConditionExpression="pk = :p",
        ExpressionAttributeValues={":p": {"S": "p"}},
        Limit=2,
    )
    assert [i["sk"]["S"] for i in page["Items"]] == ["k1", "k2"]
    rest = ddb.query(
        TableName="t",
        KeyConditionExpression="pk = :p AND begins_with(sk, :k)",
        ExpressionAttributeValues={":p": {"S": "p"}, ":k": {"S": "k"}},
        ExclusiveStartKey=page["LastEvaluatedKey"],
        ScanIndexForward=True,
    )
    assert [i["sk"]["S"] for i in rest["Items"]] == ["k3"]
    assert (
        ddb.query(
            TableName="t", KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "none"}}
        )["Items"]
        == []
    )


def test_item_models_are_not_tracked(ddb: Any) -> None:
    from moto.dynamodb.models.dynamo_type import Item

    for index in range(50):
        ddb.put_item(TableName="t", Item=item("p", f"k{index}", n=index))
    assert Item.instances_tracked == []  # type: ignore[attr-defined]
