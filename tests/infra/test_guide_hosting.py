"""The guide's hosting in template.yaml, checked offline: private bucket, CloudFront with origin access
control, HTTPS only, compression, security headers, and a CSP that matches what the site build emits."""

from __future__ import annotations

import base64
import hashlib
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .test_template import ROOT, resources, transformed

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S)


def one(kind: str) -> dict[str, Any]:
    (resource,) = resources(kind).values()
    props: dict[str, Any] = resource["Properties"]
    return props


def csp_text() -> str:
    policy = one("AWS::CloudFront::ResponseHeadersPolicy")["ResponseHeadersPolicyConfig"]
    value = policy["SecurityHeadersConfig"]["ContentSecurityPolicy"]["ContentSecurityPolicy"]
    return str(value["Fn::Sub"] if isinstance(value, dict) else value)


def directives() -> dict[str, list[str]]:
    parsed = {}
    for part in csp_text().split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


def test_bucket_is_private_encrypted_retained_and_tls_only() -> None:
    name, bucket = "GuideBucket", resources("AWS::S3::Bucket")["GuideBucket"]
    props = bucket["Properties"]
    assert all(props["PublicAccessBlockConfiguration"].values())
    assert len(props["PublicAccessBlockConfiguration"]) == 4
    assert props["OwnershipControls"]["Rules"] == [{"ObjectOwnership": "BucketOwnerEnforced"}]
    assert props["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert bucket["DeletionPolicy"] == "Retain"
    statements = resources("AWS::S3::BucketPolicy")["GuideBucketPolicy"]["Properties"]["PolicyDocument"][
        "Statement"
    ]
    allows = [s for s in statements if s["Effect"] == "Allow"]
    assert [s["Principal"] for s in allows] == [{"Service": "cloudfront.amazonaws.com"}]
    assert allows[0]["Action"] == "s3:GetObject"
    assert "AWS:SourceArn" in allows[0]["Condition"]["StringEquals"]
    denies = [s for s in statements if s["Effect"] == "Deny"]
    assert denies and denies[0]["Condition"] == {"Bool": {"aws:SecureTransport": False}}
    assert name == "GuideBucket"


def test_distribution_uses_origin_access_control_https_and_compression() -> None:
    config = one("AWS::CloudFront::Distribution")["DistributionConfig"]
    (origin,) = config["Origins"]
    assert origin["OriginAccessControlId"] == {"Fn::GetAtt": ["GuideOriginAccessControl", "Id"]}
    assert origin["S3OriginConfig"] == {"OriginAccessIdentity": ""}  # no legacy OAI
    behaviour = config["DefaultCacheBehavior"]
    assert behaviour["ViewerProtocolPolicy"] in {"redirect-to-https", "https-only"}
    assert behaviour["Compress"] is True
    assert behaviour["AllowedMethods"] == ["GET", "HEAD"]
    assert behaviour["ResponseHeadersPolicyId"] == {"Ref": "GuideSecurityHeaders"}
    oac = one("AWS::CloudFront::OriginAccessControl")["OriginAccessControlConfig"]
    assert oac["SigningBehavior"] == "always"


def test_security_headers_and_csp_allow_only_the_site_and_the_api() -> None:
    headers = one("AWS::CloudFront::ResponseHeadersPolicy")["ResponseHeadersPolicyConfig"][
        "SecurityHeadersConfig"
    ]
    assert headers["StrictTransportSecurity"]["AccessControlMaxAgeSec"] >= 31536000
    assert headers["FrameOptions"]["FrameOption"] == "DENY"
    assert "ContentTypeOptions" in headers
    policy = directives()
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"][0] == "'self'"
    assert all(s.startswith("'sha256-") for s in policy["script-src"][1:]), (
        "no unsafe-inline or hosts for scripts"
    )
    # The guide's scripts call no API (the calculators run the rule book in the browser).
    assert policy["connect-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_api_cors_follows_the_distribution() -> None:
    api = transformed()["Resources"]["HttpApi"]["Properties"]["Body"]["x-amazon-apigateway-cors"]
    assert {"Fn::Sub": "https://${GuideDistribution.DomainName}"} in api["allowOrigins"]


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("guide")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "-d", str(out)],
        cwd=ROOT,
        check=True,
        timeout=300,
    )
    return out


def test_every_inline_script_of_the_build_is_allowed_by_the_csp(built_site: Path) -> None:
    """A Material upgrade that changes its inline bootstrap must update the hashes in template.yaml."""
    allowed = {s.strip("'")[len("sha256-") :] for s in directives()["script-src"][1:]}
    emitted: dict[str, str] = {}
    for page in built_site.rglob("*.html"):
        for attributes, body in INLINE_SCRIPT.findall(page.read_text(encoding="utf-8")):
            if "application/json" in attributes:
                continue  # data, not executed: CSP does not apply
            digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            emitted.setdefault(digest, str(page.relative_to(built_site)))
    missing = {h: page for h, page in emitted.items() if h not in allowed}
    assert not missing, f"add to script-src in template.yaml: {missing}"
    assert emitted, "the build emitted no inline script: the hash list may be dropped"
