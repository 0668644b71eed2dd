"""Every refusal the API phrases itself is a catalogue message: Italian by default, English on request.

Each case was an English-only sentence typed in the API's code before issue 13.
"""

from __future__ import annotations

from typing import Any

import pytest

from functions.rulebook import render
from tests.api.conftest import EXEMPTION, PROFILE, ApiClient, credit_body

# (method, path, keyword arguments for the request, field at fault, catalogue id)
CASES: list[tuple[str, str, dict[str, Any], str, str]] = [
    ("GET", "/v1/me/compliance/2005-2007", {}, "path.triennium", "api.triennium_unknown"),
    (
        "GET",
        "/v1/me/credits",
        {"query": {"triennium": "2026-2028", "cursor": "bm9wZQ"}},
        "query.cursor",
        "api.cursor_foreign",
    ),
    ("DELETE", "/v1/me", {"query": {"confirm": "yes"}}, "query.confirm", "api.confirm_delete"),
    (
        "POST",
        "/v1/me/exemptions",
        {"body": {**EXEMPTION, "start": "1990-01-01"}},
        "start",
        "error.date_range",
    ),
    (
        "POST",
        "/v1/me/exemptions",
        {"body": {**EXEMPTION, "end": "2025-12-01"}},
        "end",
        "error.end_before_start",
    ),
    (
        "PUT",
        "/v1/me/profile",
        {
            "body": {
                **PROFILE,
                "registration_gaps": [{"cancelled_on": "2024-05-01", "reregistered_on": "2024-01-01"}],
            }
        },
        "registration_gaps.0.reregistered_on",
        "api.not_before",
    ),
    (
        "POST",
        "/v1/me/credits",
        {"body": credit_body(), "headers": {"Idempotency-Key": "\u0007"}},
        "header.idempotency-key",
        "api.idempotency_key",
    ),
    (
        "POST",
        "/v1/me/credits",
        {"body": credit_body(start_date="2026-03-10", end_date="2026-03-01")},
        "end_date",
        "error.end_before_start",
    ),
]


@pytest.mark.parametrize(("method", "path", "kwargs", "field", "msg"), CASES)
def test_a_refusal_speaks_the_request_s_language(
    api: ApiClient, method: str, path: str, kwargs: dict[str, Any], field: str, msg: str
) -> None:
    for lang in ("it", "en"):
        headers = {**kwargs.get("headers", {}), "Accept-Language": lang}
        reply = api.request(method, path, **{**kwargs, "headers": headers})
        assert reply.status == 422, reply.text
        error = reply.error
        assert (error["field"], error["msg"]) == (field, msg), error
        assert reply.headers["content-language"] == lang
        expected = render(msg, error["params"], lang)
        assert error["message"] == f"{field}: {expected}", error
        if lang == "it":
            assert expected != render(msg, error["params"], "en")


def test_the_compliance_notice_is_in_the_request_s_language(api: ApiClient) -> None:
    api.put("/v1/me/profile", PROFILE)
    italian = api.get("/v1/me/compliance/2026-2028").json["notice"]
    english = api.get("/v1/me/compliance/2026-2028", headers={"Accept-Language": "en"}).json["notice"]
    assert italian == render("api.notice", {}, "it") and "Ordine" in italian
    assert english == render("api.notice", {}, "en") and english != italian
