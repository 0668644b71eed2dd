"""The attestati's bucket in template.yaml: private, encrypted, TLS only, versioned with old versions
expiring, kept when the stack goes, and reachable only by the functions that need it."""

from __future__ import annotations

from typing import Any

from .test_template import source, transformed


def bucket() -> dict[str, Any]:
    return dict(source()["Resources"]["CertificatesBucket"])


def test_private_encrypted_versioned_and_retained() -> None:
    resource = bucket()
    assert resource["DeletionPolicy"] == resource["UpdateReplacePolicy"] == "Retain"
    props = resource["Properties"]
    assert props["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True,
        "BlockPublicPolicy": True,
        "IgnorePublicAcls": True,
        "RestrictPublicBuckets": True,
    }
    assert props["OwnershipControls"]["Rules"] == [{"ObjectOwnership": "BucketOwnerEnforced"}]
    (rule,) = props["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert rule["ServerSideEncryptionByDefault"]["SSEAlgorithm"] in ("AES256", "aws:kms")
    assert props["VersioningConfiguration"] == {"Status": "Enabled"}


def test_old_versions_and_temporary_copies_expire() -> None:
    rules = {r["Id"]: r for r in bucket()["Properties"]["LifecycleConfiguration"]["Rules"]}
    old = rules["ExpireOldVersions"]
    assert old["Status"] == "Enabled"
    assert old["NoncurrentVersionExpiration"]["NoncurrentDays"] == 30
    assert old["AbortIncompleteMultipartUpload"]["DaysAfterInitiation"] == 1
    packs = rules["ExpireClaimPackCopies"]
    assert packs["TagFilters"] == [{"Key": "kind", "Value": "claim-pack"}]
    assert packs["ExpirationInDays"] == 1


def test_tls_only() -> None:
    policy = source()["Resources"]["CertificatesBucketPolicy"]["Properties"]
    assert policy["Bucket"] == {"Ref": "CertificatesBucket"}
    (statement,) = policy["PolicyDocument"]["Statement"]
    assert statement["Effect"] == "Deny"
    assert statement["Principal"] == "*"
    assert statement["Action"] == "s3:*"
    assert statement["Condition"] == {"Bool": {"aws:SecureTransport": False}}
    assert {"Fn::Sub": "${CertificatesBucket.Arn}/*"} in statement["Resource"]


def _s3_actions(role: str) -> set[str]:
    statements = transformed()["Resources"][role]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
    return {a for s in statements for a in s["Action"] if a.startswith("s3:")}


def _s3_grants(role: str) -> dict[str, set[str]]:
    """Each S3 action of the role, with the resources (as written in the template) it is granted on."""
    statements = transformed()["Resources"][role]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
    grants: dict[str, set[str]] = {}
    for statement in statements:
        resource = statement["Resource"]
        where = resource.get("Fn::Sub") or ".".join(resource.get("Fn::GetAtt", []))
        for action in statement["Action"]:
            if action.startswith("s3:"):
                grants.setdefault(action, set()).add(where)
    return grants


def test_only_the_functions_that_need_it_reach_the_bucket() -> None:
    # Records signs uploads and links, reads kept files and deletes a credit's file; account links
    # the files in the export and deletes them all at erasure; documents reads an attestato for the
    # claim pack and writes the pack's temporary copy; the others never touch it.
    assert _s3_actions("RecordsFunctionRole") == {
        "s3:PutObject",
        "s3:GetObject",
        "s3:DeleteObject",
        "s3:DeleteObjectVersion",
        "s3:ListBucket",
        "s3:ListBucketVersions",
    }
    assert _s3_actions("AccountFunctionRole") == {
        "s3:GetObject",
        "s3:DeleteObject",
        "s3:DeleteObjectVersion",
        "s3:ListBucket",
        "s3:ListBucketVersions",
    }
    assert _s3_actions("ComplianceFunctionRole") == set()
    resources = transformed()["Resources"]
    assert "Policies" not in resources["PublicFunctionRole"]["Properties"]
    for name in ("RecordsFunction", "AccountFunction", "DocumentsFunction"):
        variables = source()["Resources"][name]["Properties"]["Environment"]["Variables"]
        assert variables["CERTIFICATES_BUCKET"] == {"Ref": "CertificatesBucket"}


def test_the_documents_function_reads_attestati_and_writes_only_pack_copies() -> None:
    # The claim pack: GetObject on the attestati, PutObject (tagged for the one-day lifecycle) and the
    # link's GetObject on the packs' prefix only; no delete, no listing of versions.
    attestati = "${CertificatesBucket.Arn}/u/*/certificates/*"
    packs = "${CertificatesBucket.Arn}/u/*/packs/*"
    assert _s3_grants("DocumentsFunctionRole") == {
        "s3:GetObject": {attestati, packs},
        "s3:PutObject": {packs},
        "s3:PutObjectTagging": {packs},
        "s3:ListBucket": {"CertificatesBucket.Arn"},
    }
