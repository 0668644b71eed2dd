"""The local S3's POST policy check against forms boto3 signs, offline (no server): what S3 refuses,
per the S3 API Reference ("Creating a POST policy"), is refused, and a form that meets it passes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import boto3
import pytest
from botocore.config import Config

from infra.local.s3_post_policy import Refusal, check

SECRET = "local"  # nosec B105: moto's dummy credentials
LIMIT = 100


def form(**conditions: Any) -> dict[str, str]:
    s3 = boto3.client(
        "s3",
        region_name="eu-south-1",
        aws_access_key_id="local",
        aws_secret_access_key=SECRET,
        config=Config(signature_version="s3v4"),
    )
    signed = s3.generate_presigned_post(
        "bucket-ecm",
        "u/abc/certificates/1",
        Fields={"Content-Type": "application/pdf"},
        Conditions=[{"Content-Type": "application/pdf"}, ["content-length-range", 1, LIMIT]],
        ExpiresIn=600,
    )
    return {k.lower(): v for k, v in {**signed["fields"], **conditions}.items()}


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def refusal(
    fields: dict[str, str], size: int = 10, at: dt.datetime | None = None, secret: str = SECRET
) -> Refusal:
    with pytest.raises(Refusal) as caught:
        check("bucket-ecm", fields, size, secret, at or now())
    return caught.value


def test_a_form_within_the_policy_passes_up_to_the_exact_limit() -> None:
    check("bucket-ecm", form(), LIMIT, SECRET, now())
    check("bucket-ecm", form(), 1, SECRET, now())


def test_size_outside_the_range() -> None:
    large = refusal(form(), size=LIMIT + 1)
    assert (large.status, large.code) == ("400 Bad Request", "EntityTooLarge")
    assert f"<MaxSizeAllowed>{LIMIT}</MaxSizeAllowed>" in large.body().decode()
    assert refusal(form(), size=0).code == "EntityTooSmall"


def test_another_content_type_key_or_bucket() -> None:
    assert "Policy Condition failed" in refusal(form(**{"Content-Type": "text/html"})).message
    assert refusal(form(key="u/other/certificates/1")).code == "AccessDenied"
    with pytest.raises(Refusal):
        check("another-bucket", form(), 10, SECRET, now())


def test_a_field_no_condition_covers() -> None:
    assert "Extra input fields: acl" in refusal(form(acl="public-read")).message


def test_expired_or_signed_with_another_secret() -> None:
    assert "Policy expired" in refusal(form(), at=now() + dt.timedelta(minutes=11)).message
    assert refusal(form(), secret="another").code == "SignatureDoesNotMatch"
    tampered = form()
    tampered["policy"] = tampered["policy"][:-4] + "AAAA"
    assert refusal(tampered).code == "SignatureDoesNotMatch"
