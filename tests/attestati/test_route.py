"""POST /v1/certificates/read through the public function's handler, with the event API Gateway's HTTP
API sends (payload 2.0; a binary body arrives base64-encoded)."""

from __future__ import annotations

import base64
import json
import logging
from typing import Any

import pytest

from functions.api.entry import MAX_BODY_BYTES
from functions.api.handlers.public import lambda_handler
from functions.attestati.limits import MAX_PDF_BYTES

from .pdfs import LAYOUTS

PATH = "/v1/certificates/read"


class Context:
    function_name = "public"
    memory_limit_in_mb = 512
    invoked_function_arn = "arn:aws:lambda:eu-south-1:123456789012:function:public"
    aws_request_id = "request"

    def get_remaining_time_in_millis(self) -> int:
        return 10_000


def call(
    body: bytes | str,
    content_type: str = "application/pdf",
    lang: str = "it",
    encoded: bool = True,
    flag_base64: bool = False,
) -> tuple[int, dict[str, Any], dict[str, Any]]:
    raw = body if isinstance(body, bytes) else body.encode()
    event = {
        "version": "2.0",
        "routeKey": f"POST {PATH}",
        "rawPath": PATH,
        "rawQueryString": "",
        "headers": {"content-type": content_type, "accept-language": lang},
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "api",
            "domainName": "api.example.org",
            "domainPrefix": "api",
            "http": {
                "method": "POST",
                "path": PATH,
                "protocol": "HTTP/1.1",
                "sourceIp": "203.0.113.1",
                "userAgent": "t",
            },
            "requestId": "r",
            "routeKey": f"POST {PATH}",
            "stage": "$default",
            "time": "29/Nov/2026:10:00:00 +0000",
            "timeEpoch": 0,
        },
        "body": base64.b64encode(raw).decode() if encoded else body,
        "isBase64Encoded": encoded or flag_base64,
    }
    answer = lambda_handler(event, Context())
    return int(answer["statusCode"]), answer["headers"], json.loads(answer["body"])


def test_reads_the_fields_with_where_they_were_found() -> None:
    data, expected = LAYOUTS["regional"]()
    status, headers, body = call(data)
    assert status == 200
    assert headers["Cache-Control"] == "no-store"
    assert body["event_code"] == {"value": "59-123456", "page": 1, "text": "Codice evento: 59-123456-2"}
    assert body["credits"]["value"] == expected["credits"] == 7.8
    assert body["event_credits"] is None


def test_a_file_larger_than_the_json_limit_is_accepted() -> None:
    data, _ = LAYOUTS["national"]()
    padded = data + b"%" + b" " * (MAX_BODY_BYTES * 2)
    status, _, body = call(padded)
    assert status == 200, body
    assert body["event_code"]["value"] == "1234-98765"


@pytest.mark.parametrize(("lang", "word"), [("it", "byte"), ("en", "bytes")])
def test_over_the_limit_is_413_naming_the_limit(lang: str, word: str) -> None:
    status, headers, body = call(b"%PDF-1.7\n" + b" " * MAX_PDF_BYTES, lang=lang)
    assert status == 413
    assert headers["Content-Language"] == lang
    error = body["error"]
    assert (error["code"], error["field"], error["params"]) == (
        "payload_too_large",
        "body",
        {"limit": MAX_PDF_BYTES},
    )
    assert f"4.194.304 {word}" in error["message"] or f"4,194,304 {word}" in error["message"]


@pytest.mark.parametrize(
    "content_type", ["application/json", "multipart/form-data; boundary=x", "image/png", ""]
)
def test_another_media_type_is_415(content_type: str) -> None:
    data, _ = LAYOUTS["national"]()
    status, _, body = call(data, content_type=content_type)
    assert status == 415
    assert body["error"]["msg"] == "attestato.media_type"


@pytest.mark.parametrize(
    ("data", "code", "lang", "words"),
    [
        (b"not a pdf", "not_pdf", "it", "non è un PDF"),
        (b"not a pdf", "not_pdf", "en", "not a PDF"),
        (b"%PDF-1.7\n" + b"garbage " * 50, "pdf_corrupt", "en", "damaged"),
    ],
)
def test_refusals_name_the_problem_in_the_readers_language(
    data: bytes, code: str, lang: str, words: str
) -> None:
    status, _, body = call(data, lang=lang)
    assert status == 422
    assert body["error"]["code"] == code
    assert words in body["error"]["message"]


def test_a_text_body_or_broken_base64_is_not_a_pdf() -> None:
    status, _, body = call("%%% not base64 %%%", encoded=False)
    assert status == 422 and body["error"]["code"] == "not_pdf"
    status, _, body = call_raw_base64("@@@@")
    assert status == 422 and body["error"]["code"] == "not_pdf"


def call_raw_base64(text: str) -> tuple[int, dict[str, Any], dict[str, Any]]:
    """An event flagged base64 whose body is not base64 (a broken proxy in front of the function)."""
    return call(text, encoded=False, flag_base64=True)


def test_nothing_of_the_file_is_logged(
    caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)
    data, _ = LAYOUTS["national"]()
    assert call(data)[0] == 200
    assert call(data[:400])[0] == 422
    logged = caplog.text + "".join(capsys.readouterr())
    for secret in ("BIANCHI", "Scompenso", "1234-98765", base64.b64encode(data[:60]).decode()[:40]):
        assert secret not in logged
