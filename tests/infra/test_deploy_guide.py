"""`make deploy` against moto: outputs read, files uploaded with the right headers, stale files removed."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber
from moto import mock_aws

from infra import deploy_guide

os.environ.setdefault("AWS_DEFAULT_REGION", "eu-south-1")


@pytest.fixture
def aws() -> Iterator[None]:
    with mock_aws():
        yield


def _build(tmp_path: Path) -> Path:
    (tmp_path / "assets" / "javascripts").mkdir(parents=True)
    (tmp_path / "index.html").write_text("<html>home</html>")
    (tmp_path / "assets" / "javascripts" / "bundle.1a2b3c4d5e.min.js").write_text("var a;")
    (tmp_path / "assets" / "javascripts" / "ecm-engine.js").write_text("var b;")
    return tmp_path


def test_sync_uploads_with_types_and_cache_and_removes_stale(aws: None, tmp_path: Path) -> None:
    s3 = boto3.client("s3", region_name="eu-south-1")
    s3.create_bucket(Bucket="guide", CreateBucketConfiguration={"LocationConstraint": "eu-south-1"})
    s3.put_object(Bucket="guide", Key="old/page.html", Body=b"gone")
    uploaded, deleted = deploy_guide.sync(_build(tmp_path), "guide", s3)
    assert (uploaded, deleted) == (3, 1)
    keys = {o["Key"] for o in s3.list_objects_v2(Bucket="guide")["Contents"]}
    assert keys == {
        "index.html",
        "assets/javascripts/bundle.1a2b3c4d5e.min.js",
        "assets/javascripts/ecm-engine.js",
    }
    home = s3.head_object(Bucket="guide", Key="index.html")
    assert home["ContentType"] == "text/html; charset=utf-8"
    assert home["CacheControl"] == deploy_guide.SHORT_CACHE
    bundle = s3.head_object(Bucket="guide", Key="assets/javascripts/bundle.1a2b3c4d5e.min.js")
    assert bundle["CacheControl"] == deploy_guide.LONG_CACHE
    own = s3.head_object(Bucket="guide", Key="assets/javascripts/ecm-engine.js")
    assert own["CacheControl"] == deploy_guide.SHORT_CACHE  # not fingerprinted: must not be cached for a year


def test_invalidation_is_created(aws: None) -> None:
    cloudfront = boto3.client("cloudfront", region_name="us-east-1")
    config: dict[str, Any] = {
        "CallerReference": "t",
        "Comment": "",
        "Enabled": True,
        "Origins": {
            "Quantity": 1,
            "Items": [
                {
                    "Id": "o",
                    "DomainName": "guide.s3.amazonaws.com",
                    "S3OriginConfig": {"OriginAccessIdentity": ""},
                }
            ],
        },
        "DefaultCacheBehavior": {
            "TargetOriginId": "o",
            "ViewerProtocolPolicy": "redirect-to-https",
            "MinTTL": 0,
        },
    }
    distribution = cloudfront.create_distribution(DistributionConfig=config)["Distribution"]["Id"]
    invalidation = deploy_guide.invalidate(distribution, cloudfront, "ref-1")
    listed = cloudfront.list_invalidations(DistributionId=distribution)["InvalidationList"]["Items"]
    assert [i["Id"] for i in listed] == [invalidation]


def test_stack_outputs_are_required() -> None:
    cloudformation = boto3.client("cloudformation", region_name="eu-south-1")
    with Stubber(cloudformation) as stub:
        stub.add_response(
            "describe_stacks",
            {
                "Stacks": [
                    {
                        "StackName": "s",
                        "CreationTime": "2026-01-01",
                        "StackStatus": "CREATE_COMPLETE",
                        "Outputs": [{"OutputKey": "ApiUrl", "OutputValue": "https://x"}],
                    }
                ]
            },
            {"StackName": "s"},
        )
        with pytest.raises(SystemExit, match="GuideBucketName"):
            deploy_guide.stack_outputs("s", cloudformation)
