"""POST /v1/certificates/read over real HTTP through the local API Gateway adapter, which hands the
binary body to the function base64-encoded as API Gateway does, and enforces Lambda's payload limit."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from functions.attestati.limits import MAX_PDF_BYTES
from tests.attestati.pdfs import LAYOUTS


def post(url: str, body: bytes, content_type: str = "application/pdf") -> tuple[int, Any]:
    request = urllib.request.Request(
        f"{url}/v1/certificates/read",
        data=body,
        method="POST",
        headers={"Content-Type": content_type, "Accept-Language": "en"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:  # the local adapter
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_a_pdf_is_read_over_http_without_a_token(gateway_url: str) -> None:
    data, expected = LAYOUTS["congress"]()
    status, body = post(gateway_url, data)
    assert status == 200, body
    assert body["event_code"] == {"value": "555-300100", "page": 1, "text": "Codice evento 555-300100"}
    assert [role["value"] for role in body["roles"]] == expected["roles"]


def test_the_largest_accepted_pdf_fits_lambdas_payload_and_one_byte_more_is_413(gateway_url: str) -> None:
    data, _ = LAYOUTS["national"]()
    largest = data + b"%" + b" " * (MAX_PDF_BYTES - len(data) - 1)
    assert len(largest) == MAX_PDF_BYTES
    status, body = post(gateway_url, largest)
    assert status == 200, body
    status, body = post(gateway_url, largest + b" ")
    assert status == 413
    assert body["error"]["code"] == "payload_too_large"


def test_a_multipart_upload_is_415_with_the_way_to_send_it(gateway_url: str) -> None:
    data, _ = LAYOUTS["national"]()
    status, body = post(gateway_url, data, "multipart/form-data; boundary=x")
    assert status == 415
    assert "application/pdf" in body["error"]["message"]
