"""S3's browser-upload (POST object) policy, enforced in front of moto's server as S3 enforces it.

moto stores whatever a form POST sends: it checks neither the signature nor the policy's conditions.
The API relies on S3 refusing a file over the size limit or of another type than the policy allows
(``functions.api.files.upload_form``), so the local stack must refuse them too, as S3 answers:

- a signature that is not the policy's SigV4 HMAC with the local secret: 403 ``SignatureDoesNotMatch``;
- an expired policy: 403 ``AccessDenied`` "Invalid according to Policy: Policy expired.";
- a condition not met (``eq``/``{"field": value}``, ``starts-with``): 403 ``AccessDenied`` naming it;
- a form field no condition covers: 403 ``AccessDenied`` "Extra input fields: ...";
- a file outside ``content-length-range``: 400 ``EntityTooLarge`` / ``EntityTooSmall``.

Reference: Amazon S3 API Reference, "Creating a POST policy" and "Browser-based uploads using POST
(AWS Signature Version 4)". Only POSTs to a bucket with a ``policy`` field are checked; everything else
passes through unchanged.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import html
import json
import os
from collections.abc import Callable, Iterable
from io import BytesIO
from typing import Any

from werkzeug.formparser import parse_form_data

# Fields S3 does not require a condition for (AWS: "Creating a POST policy", conditions).
EXEMPT = {"policy", "x-amz-signature", "file", "awsaccesskeyid", "signature"}


class Refusal(Exception):
    def __init__(self, status: str, code: str, message: str, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.extra = status, code, message, extra or {}

    def body(self) -> bytes:
        more = "".join(f"<{k}>{html.escape(str(v), quote=False)}</{k}>" for k, v in self.extra.items())
        message = html.escape(self.message, quote=False)
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<Error><Code>{self.code}</Code><Message>{message}</Message>{more}</Error>"
        ).encode()


def _signing_key(secret: str, day: str, region: str, service: str) -> bytes:
    key = f"AWS4{secret}".encode()
    for part in (day, region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return key


def check(bucket: str, fields: dict[str, str], size: int, secret: str, now: dt.datetime) -> None:
    """Raise Refusal unless the form ``fields`` (lower-cased names) and a file of ``size`` bytes meet
    the signed policy, as S3 would for a POST to ``bucket``."""
    policy_b64 = fields.get("policy", "")
    credential = fields.get("x-amz-credential", "")
    try:
        _, day, region, service, _ = credential.split("/")
    except ValueError:
        raise Refusal("400 Bad Request", "InvalidArgument", "Missing or malformed x-amz-credential") from None
    expected = hmac.new(
        _signing_key(secret, day, region, service), policy_b64.encode(), hashlib.sha256
    ).hexdigest()
    if not hmac.compare_digest(expected, fields.get("x-amz-signature", "")):
        raise Refusal(
            "403 Forbidden",
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided.",
        )
    policy = json.loads(base64.b64decode(policy_b64))
    expires = dt.datetime.fromisoformat(policy["expiration"].replace("Z", "+00:00"))
    if now > expires:
        raise Refusal("403 Forbidden", "AccessDenied", "Invalid according to Policy: Policy expired.")
    values = {**fields, "bucket": bucket}
    covered: set[str] = set()
    for condition in policy.get("conditions", []):
        if isinstance(condition, dict):
            ((name, wanted),) = condition.items()
            condition = ["eq", f"${name}", wanted]
        operator = str(condition[0]).lower()
        if operator == "content-length-range":
            low, high = int(condition[1]), int(condition[2])
            if size > high:
                extra = {"ProposedSize": size, "MaxSizeAllowed": high}
                raise Refusal(
                    "400 Bad Request",
                    "EntityTooLarge",
                    "Your proposed upload exceeds the maximum allowed size",
                    extra,
                )
            if size < low:
                extra = {"ProposedSize": size, "MinSizeAllowed": low}
                raise Refusal(
                    "400 Bad Request",
                    "EntityTooSmall",
                    "Your proposed upload is smaller than the minimum allowed size",
                    extra,
                )
            continue
        name = str(condition[1]).removeprefix("$").lower()
        covered.add(name)
        given = values.get(name, "")
        met = given == condition[2] if operator == "eq" else given.startswith(str(condition[2]))
        if not met:
            shown = json.dumps([operator, str(condition[1]), condition[2]])
            raise Refusal(
                "403 Forbidden",
                "AccessDenied",
                f"Invalid according to Policy: Policy Condition failed: {shown}",
            )
    extra_fields = sorted(
        name for name in fields if name not in covered | EXEMPT and not name.startswith("x-ignore-")
    )
    if extra_fields:
        raise Refusal(
            "403 Forbidden",
            "AccessDenied",
            f"Invalid according to Policy: Extra input fields: {', '.join(extra_fields)}",
        )


def enforced(app: Callable[..., Iterable[bytes]]) -> Callable[..., Iterable[bytes]]:
    """The WSGI ``app`` behind a check of every form POST to a bucket that carries a policy."""

    def run(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        kind = str(environ.get("CONTENT_TYPE", ""))
        path = str(environ.get("PATH_INFO", "")).strip("/")
        if (
            environ.get("REQUEST_METHOD") != "POST"
            or not kind.startswith("multipart/form-data")
            or "/" in path
        ):
            return app(environ, start_response)
        raw = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        probe = {**environ, "wsgi.input": BytesIO(raw)}
        _, form, uploads = parse_form_data(probe)
        fields = {k.lower(): v for k, v in form.items()}
        environ["wsgi.input"] = BytesIO(raw)
        if "policy" not in fields:
            return app(environ, start_response)
        upload = uploads.get("file")
        size = len(upload.read()) if upload is not None else 0
        secret = os.environ.get("AWS_SECRET_ACCESS_KEY", "")
        try:
            check(path, fields, size, secret, dt.datetime.now(dt.UTC))
        except Refusal as refusal:
            body = refusal.body()
            start_response(
                refusal.status, [("Content-Type", "application/xml"), ("Content-Length", str(len(body)))]
            )
            return [body]
        return app(environ, start_response)

    return run
