"""S3 access for the attestati kept with the credits: the only module of the API that touches S3.

One private bucket (``CERTIFICATES_BUCKET``, template.yaml's CertificatesBucket). Every object of a
professional lives under their own prefix, built here from the token's ``sub`` and never from a
request value::

    u/<owner>/certificates/<credit id>    the attestato of one credit (PDF, JPEG or PNG, at most 5 MiB)
    u/<owner>/packs/<credit id>.pdf       a claim pack too large to answer directly (expires in a day)

``<owner>`` is a SHA-256 of the sub (the bucket's listings and access logs do not show the sub itself).
A credit id is the API's own (hex), so no key can climb out of its prefix. The bucket is versioned:
deleting here deletes every version, so "delete" means gone, not hidden behind a delete marker.

Upload is a presigned POST whose policy S3 enforces: the exact key, the one content type the client
declared (one of ``MEDIA_TYPES``) and ``content-length-range`` up to ``MAX_BYTES``. Download is a
presigned GET valid ``DOWNLOAD_SECONDS``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from functools import cache
from typing import Any

import boto3
from botocore.config import Config

# What an attestato is sent as: the provider's PDF, or a photo of the paper one.
MEDIA_TYPES = ("application/pdf", "image/jpeg", "image/png")
# 5 MiB: a provider's attestato is 20-500 kB, a phone photo 1-4 MB.
MAX_BYTES = 5 * 1024 * 1024
# Time to start an upload: long enough for a phone on a slow network to pick the file and send 5 MiB.
UPLOAD_SECONDS = 600
# A download link is for opening the file now; shared or leaked, it stops working within minutes.
DOWNLOAD_SECONDS = 300
# The export's links: the professional downloads every file of the export, one after the other.
EXPORT_SECONDS = 900
# The tag the bucket's lifecycle expires after a day (claim packs served through a link).
TEMPORARY_TAG = "kind=claim-pack"


def client_config() -> Config:
    """SigV4 (presigned POST policies need it), three attempts, short timeouts as for DynamoDB."""
    return Config(
        signature_version="s3v4",
        retries={"mode": "standard", "total_max_attempts": 3},
        connect_timeout=1,
        read_timeout=float(os.environ.get("ECM_S3_READ_TIMEOUT_S", "5")),
    )


@cache
def client() -> Any:  # no type stubs for S3 are installed; every call below is tested against moto
    """Created on first use, never at import (moto must be active first; cold starts stay short)."""
    return boto3.client("s3", config=client_config())


def reset() -> None:
    client.cache_clear()


def bucket() -> str:
    return os.environ.get("CERTIFICATES_BUCKET", "")


def owner_prefix(sub: str) -> str:
    """The prefix of everything stored for this professional, ending with '/'."""
    return f"u/{hashlib.sha256(f'ecm-files:{sub}'.encode()).hexdigest()[:40]}/"


def certificate_key(sub: str, credit_id: str) -> str:
    return f"{owner_prefix(sub)}certificates/{credit_id}"


def pack_key(sub: str, credit_id: str) -> str:
    return f"{owner_prefix(sub)}packs/{credit_id}.pdf"


def upload_form(sub: str, credit_id: str, media_type: str) -> dict[str, Any]:
    """A presigned POST for the credit's attestato: ``{"url", "fields"}`` (the fields go in the form
    before the file). The policy fixes the key and the content type and caps the size at MAX_BYTES."""
    key = certificate_key(sub, credit_id)
    fields = {"Content-Type": media_type}
    conditions: list[Any] = [
        {"Content-Type": media_type},
        ["content-length-range", 1, MAX_BYTES],
    ]
    form = client().generate_presigned_post(
        bucket(), key, Fields=fields, Conditions=conditions, ExpiresIn=UPLOAD_SECONDS
    )
    return {"url": form["url"], "fields": dict(form["fields"])}


def head(key: str) -> dict[str, Any] | None:
    """The object's content type, size, last change and ``object_version`` (S3's version id in the
    versioned bucket, else its ETag: what tells one upload from the next), or None when there is none."""
    try:
        raw = client().head_object(Bucket=bucket(), Key=key)
    except client().exceptions.ClientError as error:
        if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
            return None
        raise
    return {
        "media_type": raw.get("ContentType") or "application/octet-stream",
        "size": int(raw.get("ContentLength") or 0),
        "uploaded_at": raw.get("LastModified"),
        "object_version": str(raw.get("VersionId") or raw.get("ETag") or ""),
    }


def download_url(key: str, filename: str, seconds: int = DOWNLOAD_SECONDS) -> str:
    """A presigned GET that saves the file as ``filename``."""
    return str(
        client().generate_presigned_url(
            "get_object",
            Params={
                "Bucket": bucket(),
                "Key": key,
                "ResponseContentDisposition": f'attachment; filename="{filename}"',
            },
            ExpiresIn=seconds,
        )
    )


def read(key: str, limit: int) -> tuple[bytes, str] | None:
    """The object's bytes and content type, or None when there is none. An object over ``limit`` bytes
    (the upload policy forbids them, so only a changed policy could store one) is read up to limit + 1
    bytes, so the caller sees it is too large without holding all of it in memory."""
    try:
        raw = client().get_object(Bucket=bucket(), Key=key, Range=f"bytes=0-{limit}")
    except client().exceptions.NoSuchKey:
        return None
    except client().exceptions.ClientError as error:
        # An empty object cannot satisfy a range: there is no file worth reading.
        if error.response.get("Error", {}).get("Code") == "InvalidRange":
            return b"", "application/octet-stream"
        raise
    return raw["Body"].read(), str(raw.get("ContentType") or "application/octet-stream")


def put_temporary(key: str, data: bytes, media_type: str) -> None:
    """An object the bucket's lifecycle deletes after a day (tagged ``TEMPORARY_TAG``)."""
    client().put_object(Bucket=bucket(), Key=key, Body=data, ContentType=media_type, Tagging=TEMPORARY_TAG)


def delete_all_versions(prefix: str, *, only_key: bool = False) -> int:
    """Delete every version and delete marker of every key starting with ``prefix`` (or, with
    ``only_key``, of the key ``prefix`` itself); returns how many were deleted.

    Used for one credit's attestato (``only_key``) and for a whole professional at erasure.
    """
    deleted = 0
    paginator = client().get_paginator("list_object_versions")
    for page in paginator.paginate(Bucket=bucket(), Prefix=prefix):
        versions = [
            {"Key": v["Key"], "VersionId": v["VersionId"]}
            for v in [*page.get("Versions", []), *page.get("DeleteMarkers", [])]
            if not only_key or v["Key"] == prefix
        ]
        # DeleteObjects takes 1,000 keys at a time, as many as one listing page holds.
        for start in range(0, len(versions), 1000):
            chunk = versions[start : start + 1000]
            client().delete_objects(Bucket=bucket(), Delete={"Objects": chunk, "Quiet": True})
            deleted += len(chunk)
    return deleted


def list_certificates(sub: str) -> list[dict[str, Any]]:
    """The professional's attestati: ``{"credit_id", "key", "size", "uploaded_at"}``, current versions."""
    prefix = f"{owner_prefix(sub)}certificates/"
    found = []
    for page in client().get_paginator("list_objects_v2").paginate(Bucket=bucket(), Prefix=prefix):
        for obj in page.get("Contents", []):
            modified = obj.get("LastModified")
            found.append(
                {
                    "credit_id": str(obj["Key"]).removeprefix(prefix),
                    "key": str(obj["Key"]),
                    "size": int(obj.get("Size") or 0),
                    "uploaded_at": modified if isinstance(modified, dt.datetime) else None,
                }
            )
    return found
