"""`make deploy`: build the guide against the deployed API and publish it to the stack's bucket.

Reads the stack's outputs (ApiUrl, GuideUrl, GuideBucketName, GuideDistributionId), builds the site with
ECM_API_URL and ECM_SITE_URL set, uploads every file with its content type and cache policy, removes
what the new build no longer has, and invalidates CloudFront. Needs AWS credentials; nothing else.
"""

from __future__ import annotations

import argparse
import mimetypes
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import boto3

ROOT = Path(__file__).resolve().parents[1]
# Material's bundles, the calculators' bundle and the rules file (hooks/bundle_scripts.py) carry a
# content hash in their names, so they can be cached for a year.
FINGERPRINTED = re.compile(r"\.[0-9a-f]{8,}\.min\.(js|css|json)$")
SHORT_CACHE = "public, max-age=300"
LONG_CACHE = "public, max-age=31536000, immutable"
EXTRA_TYPES = {
    ".webmanifest": "application/manifest+json",
    ".map": "application/json",
    ".xml": "application/xml",
}


def stack_outputs(stack: str, cloudformation: Any) -> dict[str, str]:
    (description,) = cloudformation.describe_stacks(StackName=stack)["Stacks"]
    outputs = {o["OutputKey"]: o["OutputValue"] for o in description.get("Outputs", [])}
    missing = {"ApiUrl", "GuideUrl", "GuideBucketName", "GuideDistributionId"} - set(outputs)
    if missing:
        raise SystemExit(f"stack {stack} lacks outputs {sorted(missing)}: deploy template.yaml first")
    return outputs


def build_site(out_dir: Path, api_url: str, site_url: str) -> None:
    env = {**os.environ, "ECM_API_URL": api_url, "ECM_SITE_URL": site_url + "/"}
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(out_dir)],
        cwd=ROOT,
        env=env,
        check=True,
    )


def content_type(path: Path) -> str:
    guessed = EXTRA_TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return (
        f"{guessed}; charset=utf-8"
        if guessed.startswith("text/") or guessed.endswith(("json", "javascript"))
        else guessed
    )


def cache_control(key: str) -> str:
    return LONG_CACHE if FINGERPRINTED.search(key) else SHORT_CACHE


def sync(out_dir: Path, bucket: str, s3: Any) -> tuple[int, int]:
    """Upload the build and delete stale keys; returns (uploaded, deleted)."""
    files = {p.relative_to(out_dir).as_posix(): p for p in out_dir.rglob("*") if p.is_file()}
    for key, path in sorted(files.items()):
        s3.put_object(
            Bucket=bucket,
            Key=key,
            Body=path.read_bytes(),
            ContentType=content_type(path),
            CacheControl=cache_control(key),
        )
    stale = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        stale += [item["Key"] for item in page.get("Contents", []) if item["Key"] not in files]
    for start in range(0, len(stale), 1000):
        chunk = stale[start : start + 1000]
        s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in chunk], "Quiet": True})
    return len(files), len(stale)


def invalidate(distribution_id: str, cloudfront: Any, reference: str) -> str:
    answer = cloudfront.create_invalidation(
        DistributionId=distribution_id,
        InvalidationBatch={"Paths": {"Quantity": 1, "Items": ["/*"]}, "CallerReference": reference},
    )
    return str(answer["Invalidation"]["Id"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make deploy", description=__doc__)
    parser.add_argument("--stack", required=True, help="CloudFormation stack name given to sam deploy")
    parser.add_argument("--region", default=os.environ.get("AWS_REGION", "eu-south-1"))
    args = parser.parse_args(argv)
    session = boto3.session.Session(region_name=args.region)
    outputs = stack_outputs(args.stack, session.client("cloudformation"))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        build_site(out, outputs["ApiUrl"], outputs["GuideUrl"])
        uploaded, deleted = sync(out, outputs["GuideBucketName"], session.client("s3"))
        invalidation = invalidate(outputs["GuideDistributionId"], session.client("cloudfront"), out.name)
    print(f"guide: {uploaded} files uploaded, {deleted} stale removed, invalidation {invalidation}")
    print(f"guide: {outputs['GuideUrl']}  (API {outputs['ApiUrl']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
