"""Real answers validate against the committed OpenAPI document: status documented, body matching."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import boto3
import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from functions.api import files
from functions.api.openapi import OUTPUT
from tests.api.conftest import ALICE, BOB, EXEMPTION, PROFILE, ApiClient, Clock, Reply, credit_body
from tests.attestati.pdfs import national

SPEC: dict[str, Any] = json.loads(OUTPUT.read_text(encoding="utf-8"))
REGISTRY: Registry = Registry().with_resource(
    "spec", Resource.from_contents(SPEC, default_specification=DRAFT202012)
)


def _multiple_of(
    validator: Any, step: float, instance: Any, schema: dict[str, Any]
) -> Iterator[jsonschema.ValidationError]:
    """multipleOf in decimal arithmetic, as the document means it: 0.3 is a multiple of 0.1.

    jsonschema divides binary floats (0.3 / 0.1 = 2.9999999999999996) and would refuse it.
    """
    if not validator.is_type(instance, "number") or isinstance(instance, bool):
        return
    if Decimal(str(instance)) % Decimal(str(step)) != 0:
        yield jsonschema.ValidationError(f"{instance} is not a multiple of {step}")


Validator = jsonschema.validators.extend(jsonschema.Draft202012Validator, {"multipleOf": _multiple_of})


def _operation(method: str, path: str) -> dict[str, Any]:
    for template, operations in SPEC["paths"].items():
        pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, path) and method.lower() in operations:
            return dict(operations[method.lower()])
    raise AssertionError(f"{method} {path} is not documented")


class Checked:
    """Sends requests through the API client and checks each reply against the OpenAPI document."""

    def __init__(self, api: ApiClient) -> None:
        self.api = api
        self.checked: list[str] = []

    def __call__(self, method: str, path: str, **kwargs: Any) -> Reply:
        reply = self.api.request(method, path, **kwargs)
        responses = _operation(method, path)["responses"]
        assert str(reply.status) in responses, (method, path, reply.status, reply.text)
        documented = responses[str(reply.status)]
        if reply.status == 204:
            assert reply.text == ""
        else:
            (media_type, media) = next(iter(documented["content"].items()))
            assert reply.headers["content-type"].startswith(media_type)
            body = reply.json if media_type == "application/json" else reply.text
            schema = _absolute(media["schema"])
            Validator(schema, registry=REGISTRY).validate(body)
        self.checked.append(f"{method} {path} {reply.status}")
        return reply


def _absolute(schema: Any) -> Any:
    """Point the document's local references at the registered resource."""
    if isinstance(schema, dict):
        return {
            k: ("spec" + v if k == "$ref" and v.startswith("#") else _absolute(v)) for k, v in schema.items()
        }
    if isinstance(schema, list):
        return [_absolute(v) for v in schema]
    return schema


@pytest.fixture
def call(api: ApiClient) -> Checked:
    return Checked(api)


def test_a_whole_session_matches_the_document(call: Checked) -> None:
    call("GET", "/v1/me/profile")  # 404
    call("PUT", "/v1/me/profile", body=PROFILE)
    call("GET", "/v1/me/profile")
    computed = credit_body()
    del computed["credits"]
    credit = call("POST", "/v1/me/credits", body=computed, headers={"Idempotency-Key": "a"}).json["id"]
    call("POST", "/v1/me/credits", body=credit_body(start_date="2024-02-02", end_date=None))
    call("POST", "/v1/me/credits", body=credit_body(credits=9.0), headers={"Idempotency-Key": "a"})  # 422
    call("GET", "/v1/me/credits", query={"triennium": "2026-2028", "limit": "1"})
    call("GET", f"/v1/me/credits/{credit}")
    call("GET", f"/v1/me/credits/{credit}", sub=BOB)  # 404
    call("PUT", f"/v1/me/credits/{credit}", body=credit_body(registry_status="registered"))  # 422: source?
    put = call(
        "PUT",
        f"/v1/me/credits/{credit}",
        body=credit_body(registry_status="registered", credits_source="overridden"),
        headers={"If-Match": '"v1"'},
    )
    merge = {"content-type": "application/merge-patch+json"}
    patched = call("PATCH", f"/v1/me/credits/{credit}", body={"provider": None}, headers=merge)
    assert patched.headers["etag"] == '"v3"' != put.headers["etag"]
    call(
        "PATCH", f"/v1/me/credits/{credit}", body={"title": "x"}, headers={**merge, "If-Match": '"v1"'}
    )  # 412
    call("PATCH", f"/v1/me/credits/{credit}", body={"hours": -1}, headers=merge)  # 422
    call("GET", "/v1/me/credits", query={"order": "desc"})
    exemption = call("POST", "/v1/me/exemptions", body=EXEMPTION).json["id"]
    call("GET", "/v1/me/exemptions")
    call("GET", f"/v1/me/exemptions/{exemption}")
    call("PATCH", f"/v1/me/exemptions/{exemption}", body={"end": "2026-05-31"}, headers=merge)
    call("DELETE", f"/v1/me/exemptions/{exemption}", headers={"If-Match": '"v1"'})  # 412
    call("PATCH", "/v1/me/profile", body={"discipline": None}, headers=merge)
    call("PUT", "/v1/me/profile", body=PROFILE, headers={"If-Match": '"v9"'})  # 412
    start = call("GET", "/v1/me/changes").json["next_cursor"]
    call("GET", "/v1/me/changes", query={"since": start})
    call("GET", "/v1/me/changes", query={"since": start}, sub=BOB)  # 404: not his cursor
    call("GET", "/v1/me/compliance/2026-2028")
    call("GET", "/v1/me/compliance/2026-2027")  # 422
    call("GET", "/v1/me/compensation")
    call("GET", "/v1/me/what-if/move", query={"credit_id": credit, "target": "2023-2025"})
    call("GET", "/v1/me/export")
    call("GET", "/v1/me/export/credits.csv")
    call("POST", "/v1/event-credits", body={"type": "res_course", "date": "2026-03-10", "hours": 8}, sub=None)
    call("POST", "/v1/compliance/evaluate", body={"triennium": "2026-2028"}, sub=None)
    call("GET", "/v1/rules", sub=None)
    call("POST", "/v1/me/credits", raw_body="x" * (300 * 1024))  # 413
    call("DELETE", f"/v1/me/exemptions/{exemption}")
    call("DELETE", f"/v1/me/credits/{credit}")
    call("DELETE", "/v1/me")  # 422 without confirmation
    call("DELETE", "/v1/me", query={"confirm": "delete-all-my-data"})
    statuses = {entry.rsplit(" ", 1)[1] for entry in call.checked}
    assert {"200", "201", "204", "404", "412", "413", "422"} <= statuses


def test_the_change_feed_and_its_410_match_the_document(call: Checked) -> None:
    call("POST", "/v1/me/credits", body=credit_body())
    zero = call("GET", "/v1/me/changes", query={"since": _cursor_at_start(call)})
    assert [change["op"] for change in zero.json["items"]] == ["put"]
    call("PUT", "/v1/me/profile", body=PROFILE)
    # The credit's record expires (removed here as DynamoDB's TTL would after 30 days): a cursor from
    # before it can no longer be served completely.
    _expire_first_change()
    gone = call("GET", "/v1/me/changes", query={"since": _cursor_at_start(call)})
    assert gone.status == 410 and gone.error["code"] == "resync_required"


def _cursor_at_start(call: Checked) -> str:
    from functions.api.logic.changes import encode_cursor
    from tests.api.conftest import ALICE

    return encode_cursor(ALICE, 0)


def _expire_first_change() -> None:
    import os

    import boto3

    from tests.api.conftest import ALICE

    key = {"pk": {"S": f"USER#{ALICE}"}, "sk": {"S": "CHANGE#000000000001"}}
    boto3.client("dynamodb").delete_item(TableName=os.environ["TABLE_NAME"], Key=key)


def test_the_attestato_contacts_and_claim_answers_match_the_document(call: Checked, today: Clock) -> None:
    today.set(dt.date(2026, 11, 29))
    body = credit_body(start_date="2025-03-10", end_date="2025-03-11")
    credit = call("POST", "/v1/me/credits", body=body).json["id"]
    base = f"/v1/me/credits/{credit}"
    call("POST", f"{base}/certificate", body={"content_type": "image/png"})
    call("POST", f"{base}/certificate", body={"content_type": "text/html"})  # 422
    call("GET", f"{base}/certificate")  # 404: nothing kept yet
    boto3.client("s3").put_object(
        Bucket=os.environ["CERTIFICATES_BUCKET"],
        Key=files.certificate_key(ALICE, credit),
        Body=national()[0],
        ContentType="application/pdf",
    )
    call("GET", f"{base}/certificate")
    call("GET", f"{base}/certificate/fields")
    call("POST", f"{base}/contacts", body={"date": "2025-08-01", "channel": "pec", "note": "PEC"})
    call("POST", f"{base}/contacts", body={"date": "2025-08-01", "note": "x" * 1001})  # 422
    call("GET", f"{base}/contacts")
    pack = call("GET", f"{base}/claim.pdf", query={"name": "Maria Bianchi"})
    assert pack.raw["isBase64Encoded"] is True
    call("GET", "/v1/me/export")
    call("DELETE", f"{base}/certificate")
    call("GET", f"{base}/certificate/fields")  # 404
    registered = call("POST", "/v1/me/credits", body={**body, "registry_status": "registered"}).json["id"]
    call("GET", f"/v1/me/credits/{registered}/claim.pdf")  # 409
    statuses = {entry.rsplit(" ", 1)[1] for entry in call.checked}
    assert {"200", "201", "204", "404", "409", "422"} <= statuses


def test_the_check_would_catch_a_body_that_breaks_its_schema() -> None:
    schema = _absolute(
        _operation("GET", "/v1/me/credits/x")["responses"]["200"]["content"]["application/json"]["schema"]
    )
    with pytest.raises(jsonschema.ValidationError):
        Validator(schema, registry=REGISTRY).validate({"id": "x"})


def test_decimal_precision_is_checked_in_decimal_arithmetic() -> None:
    schema = {"type": "number", "multipleOf": 0.1}
    Validator(schema).validate(0.3)
    Validator(schema).validate(12)
    with pytest.raises(jsonschema.ValidationError):
        Validator(schema).validate(0.35)
