"""The API speaks Italian (by default) and English: Accept-Language picks, Content-Language tells.

The nurse example of issue 9: esenzione 1 Feb-31 Aug 2024 in 2023-2025, autoformazione over the cap.
Hand calculation: 213 days (1 Feb-31 Aug 2024, a leap year) = 14 blocks of 15 days × 2 credits = 28;
150 - 28 = 122 owed; autoformazione capped at 1/5 of 122 = 24.4, so 25 recorded lose 0.6.
"""

from __future__ import annotations

from typing import Any

import pytest

from functions.rulebook.conformance import build_vectors
from tests.api.conftest import ApiClient
from tests.rulebook.test_messages import _italian_problems, _messages

NURSE = {
    "triennium": "2023-2025",
    "profile": {"exemptions": [{"kind": "esenzione", "start": "2024-02-01", "end": "2024-08-31"}]},
    "credits": [
        {"id": "a1", "type": "autoformazione", "date": "2024-10-10", "credits": 25},
        {"id": "r1", "type": "res_course", "date": "2024-11-10", "credits": 40},
    ],
}


def _texts(body: Any) -> list[str]:
    return [text or "" for _, _, text in _messages(body)]


def _without_texts(value: Any) -> Any:
    if isinstance(value, dict):
        # A cited source's title is a text too (Italian or English); its id and url are not.
        texts = ("text", "message", "title") if set(value) == {"id", "title", "url"} else ("text", "message")
        return {k: _without_texts(v) for k, v in value.items() if k not in texts}
    if isinstance(value, list):
        return [_without_texts(v) for v in value]
    return value


def test_same_request_in_italian_and_english_same_numbers_and_ids_different_texts(api: ApiClient) -> None:
    italian = api.post("/v1/compliance/evaluate", NURSE, headers={"Accept-Language": "it"})
    english = api.post("/v1/compliance/evaluate", NURSE, headers={"Accept-Language": "en"})
    assert italian.status == english.status == 200, italian.text
    assert italian.headers["content-language"] == "it"
    assert english.headers["content-language"] == "en"
    assert "Accept-Language" in italian.headers["vary"]
    assert _without_texts(italian.json) == _without_texts(english.json)
    it_texts, en_texts = _texts(italian.json), _texts(english.json)
    assert len(it_texts) == len(en_texts) >= 4
    assert all(a != b for a, b in zip(it_texts, en_texts, strict=True) if any(c.isalpha() for c in a))
    body = italian.json
    assert body["obligation"]["obligation"] == 122
    assert body["counted"] == 64.4
    esenzione = next(line for line in body["obligation"]["lines"] if line["msg"] == "line.esenzione.days")
    assert esenzione["amount"] == -28
    assert esenzione["params"] == {
        "start": "2024-02-01",
        "end": "2024-08-31",
        "days": 213,
        "blocks": 14,
        "unit": 15,
    }
    joined_it, joined_en = " | ".join(it_texts), " | ".join(en_texts)
    assert (
        "esenzione dal 1° febbraio 2024 al 31 agosto 2024: 213 giorni continuativi = 14 × 15 giorni"
        in joined_it
    )
    assert "autoformazione: limitato a 1/5 di 122 = 24,4" in joined_it
    assert "213 continuous days = 14 × 15 days" in joined_en
    assert "capped at 1/5 of 122 = 24.4" in joined_en
    assert _italian_problems(joined_it) == []


def test_italian_is_the_default_and_unknown_languages_get_italian(api: ApiClient) -> None:
    for header in (None, "fr-FR", "de;q=0.9, *;q=0.1", "xx;q=abc"):
        reply = api.post(
            "/v1/compliance/evaluate", NURSE, headers={"Accept-Language": header} if header else None
        )
        assert reply.headers["content-language"] == "it", header
        assert "registrazioni di crediti nel triennio 2023-2025" in " ".join(_texts(reply.json))


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        ("en-GB,en;q=0.9,it;q=0.8", "en"),
        ("it-IT;q=0.5, en;q=0.6", "en"),
        ("en;q=0, it", "it"),
        ("fr, en;q=0.3", "en"),
        ("EN", "en"),
    ],
)
def test_q_values_are_honoured(api: ApiClient, header: str, lang: str) -> None:
    reply = api.post(
        "/v1/event-credits",
        {"type": "fad_elearning", "date": "2024-05-10", "hours": 3},
        headers={"Accept-Language": header},
    )
    assert reply.status == 200, reply.text
    assert reply.headers["content-language"] == lang


def test_an_italian_error_names_the_field_and_the_limit(api: ApiClient) -> None:
    event = {"type": "fad_elearning", "date": "2024-05-10", "hours": 5000}
    reply = api.post("/v1/event-credits", event, headers={"Accept-Language": "it"})
    assert reply.status == 422
    error = reply.error
    assert error["field"] == "hours"
    assert error["msg"] == "error.at_most_got"
    assert error["params"] == {"limit": 2000, "got": 5000}
    assert error["message"] == "hours: deve essere al massimo 2.000 (indicato 5.000)"
    english = api.post("/v1/event-credits", event, headers={"Accept-Language": "en"}).error
    assert english["message"] == "hours: must be at most 2,000 (got 5,000)"
    assert (english["field"], english["msg"], english["params"]) == ("hours", error["msg"], error["params"])


def test_a_validation_error_in_italian_keeps_the_limit_as_a_value(api: ApiClient) -> None:
    reply = api.post(
        "/v1/event-credits", {"type": "res_course", "date": "2024-05-10", "hours": 3, "participants": 10**7}
    )
    error = reply.error
    assert (error["field"], error["msg"], error["params"]) == (
        "participants",
        "error.less_than_equal",
        {"limit": 100000},
    )
    assert error["message"] == "participants: deve essere al massimo 100.000"
    assert error["details"][0]["msg"] == "error.less_than_equal"


def test_api_errors_of_the_api_itself_are_italian_too(api: ApiClient) -> None:
    reply = api.get("/v1/me/credits/nope", headers={"Accept-Language": "it"})
    assert reply.status == 404
    assert reply.error["message"] == "Credito non trovato"
    assert (
        api.get("/v1/me/credits/nope", headers={"Accept-Language": "en"}).error["message"]
        == "Credit not found"
    )


def test_italian_api_outputs_of_all_event_and_compliance_vectors(api: ApiClient) -> None:
    routes = {"event": "/v1/event-credits", "compliance": "/v1/compliance/evaluate"}
    problems, checked = [], 0
    for case in build_vectors()["cases"]:
        if case["kind"] not in routes:
            continue
        reply = api.post(routes[case["kind"]], case["input"], headers={"Accept-Language": "it"})
        checked += 1
        assert reply.headers["content-language"] == "it"
        problems += [f"{case['name']}: {p}" for text in _texts(reply.json) for p in _italian_problems(text)]
    assert checked > 50
    assert problems == []
