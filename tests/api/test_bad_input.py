"""Bad input on every route: a clear 4xx naming the field and the limit, one error shape, nothing stored."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.api.conftest import EXEMPTION, PROFILE, ApiClient, credit_body, idempotency_items, table_items

EVENT = {"type": "res_course", "date": "2026-03-10", "hours": 8, "participants": 30}
EVALUATE = {
    "triennium": "2026-2028",
    "credits": [{"id": "a", "type": "res_course", "date": "2026-03-10", "credits": 8}],
}


def _with(body: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {**body, **changes}


def _without(body: dict[str, Any], name: str) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k != name}


# (method, path, body, expected field). Each body breaks exactly one rule.
BODY_CASES: list[tuple[str, str, Any, str]] = [
    # profile
    ("PUT", "/v1/me/profile", _without(PROFILE, "profession"), "profession"),
    ("PUT", "/v1/me/profile", _with(PROFILE, nickname="x"), "nickname"),
    ("PUT", "/v1/me/profile", _with(PROFILE, profession=12), "profession"),
    ("PUT", "/v1/me/profile", _with(PROFILE, previous_triennium_credits=-1), "previous_triennium_credits"),
    ("PUT", "/v1/me/profile", _with(PROFILE, previous_triennium_credits=10**9), "previous_triennium_credits"),
    ("PUT", "/v1/me/profile", _with(PROFILE, first_registration="1899-01-01"), "first_registration"),
    (
        "PUT",
        "/v1/me/profile",
        _with(PROFILE, dossiers=[{"kind": "solo", "triennium": "2026-2028"}]),
        "dossiers.0.kind",
    ),
    # credits
    ("POST", "/v1/me/credits", _without(credit_body(), "title"), "title"),
    ("POST", "/v1/me/credits", _with(credit_body(), owner="someone-else"), "owner"),
    ("POST", "/v1/me/credits", _with(credit_body(), hours="eight"), "hours"),
    ("POST", "/v1/me/credits", _with(credit_body(), credits=-1), "credits"),
    ("POST", "/v1/me/credits", _with(credit_body(), credits=1e12), "credits"),
    ("POST", "/v1/me/credits", _with(credit_body(), participants=0), "participants"),
    ("POST", "/v1/me/credits", _with(credit_body(), start_date="1990-01-01", end_date=None), "start_date"),
    ("POST", "/v1/me/credits", _with(credit_body(), end_date="2999-01-01"), "end_date"),
    # After 2002 but before the first triennium the rule book knows (2011-2013): the date sent is named.
    ("POST", "/v1/me/credits", _with(credit_body(), start_date="2005-05-10", end_date=None), "start_date"),
    ("POST", "/v1/me/credits", _with(credit_body(), end_date="2026-03-01"), "end_date"),  # before start
    ("POST", "/v1/me/credits", _with(credit_body(), type="lecture"), "type"),
    ("POST", "/v1/me/credits", _with(credit_body(), role="janitor"), "role"),
    ("POST", "/v1/me/credits", _with(credit_body(), counted_in="2026-2027"), "counted_in"),
    ("POST", "/v1/me/credits", _with(credit_body(), title="x" * 301), "title"),
    # exemptions
    ("POST", "/v1/me/exemptions", _without(EXEMPTION, "kind"), "kind"),
    ("POST", "/v1/me/exemptions", _with(EXEMPTION, kind="holiday"), "kind"),
    ("POST", "/v1/me/exemptions", _with(EXEMPTION, extra=True), "extra"),
    ("POST", "/v1/me/exemptions", _with(EXEMPTION, end="2025-01-01"), "end"),
    ("POST", "/v1/me/exemptions", _with(EXEMPTION, start="1800-01-01"), "start"),
    ("POST", "/v1/me/exemptions", _with(EXEMPTION, hours=-3), "hours"),
    # public
    ("POST", "/v1/event-credits", _without(EVENT, "type"), "type"),
    ("POST", "/v1/event-credits", _with(EVENT, type="party"), "type"),
    ("POST", "/v1/event-credits", _with(EVENT, hours=-8), "hours"),
    ("POST", "/v1/event-credits", _with(EVENT, hours=10**9), "hours"),
    ("POST", "/v1/event-credits", _with(EVENT, colour="red"), "colour"),
    ("POST", "/v1/event-credits", _with(EVENT, date="1999-05-10"), "date"),  # refused by the rule book
    ("POST", "/v1/compliance/evaluate", _with(EVALUATE, triennium="2026-2027"), "triennium"),
    ("POST", "/v1/compliance/evaluate", _without(EVALUATE, "triennium"), "triennium"),
    ("POST", "/v1/compliance/evaluate", _with(EVALUATE, credits="many"), "credits"),
]


@pytest.mark.parametrize(("method", "path", "body", "field"), BODY_CASES)
def test_invalid_bodies_name_the_field_and_store_nothing(
    api: ApiClient, method: str, path: str, body: Any, field: str
) -> None:
    reply = api.request(method, path, body=body, headers={"Idempotency-Key": "k-1"}, sub="tester")
    assert reply.status == 422, reply.text
    error = reply.error
    assert error["code"] == "invalid_input"
    assert error["field"] == field or error["field"].startswith(field + "."), error
    assert error["message"].startswith(error["field"]), "the message names the field"
    # One shape whichever check refused it (pydantic, the rule book, the API): the field is a detail too.
    first = error["details"][0]
    assert (first["field"], first["msg"], first["params"]) == (error["field"], error["msg"], error["params"])
    assert "Traceback" not in reply.text
    assert table_items() == []
    assert idempotency_items() == []


# The limit as a value (params.limit) and as the reader writes it: Italian groups thousands with a dot.
LIMIT_MESSAGES = [
    ("POST", "/v1/me/credits", _with(credit_body(), credits=5000), 1000, "1.000", "1,000"),
    ("POST", "/v1/me/credits", _with(credit_body(), title="x" * 301), 300, "300", "300"),
    ("POST", "/v1/event-credits", _with(EVENT, participants=10**7), 100000, "100.000", "100,000"),
]


@pytest.mark.parametrize(("method", "path", "body", "limit", "italian", "english"), LIMIT_MESSAGES)
def test_messages_name_the_limit(
    api: ApiClient, method: str, path: str, body: Any, limit: int, italian: str, english: str
) -> None:
    reply = api.request(method, path, body=body)
    assert reply.status == 422
    assert reply.headers["content-language"] == "it"
    assert reply.error["params"]["limit"] == limit
    # The top-level limit agrees with the sentence (a new user found it null while the message named it).
    assert reply.error["limit"] == limit
    assert italian in reply.error["message"]
    english_reply = api.request(method, path, body=body, headers={"Accept-Language": "en"})
    assert english_reply.headers["content-language"] == "en"
    assert english in english_reply.error["message"]


def test_a_credit_before_the_first_known_triennium_names_the_calendar_it_can_fall_in(api: ApiClient) -> None:
    """The rule book's calendar runs from 2011-2013 to 2026-2028 (obligation.toml ``trienni``): a credit of
    2005 is refused naming those bounds and the date given, in the reader's language."""
    reply = api.post("/v1/me/credits", _with(credit_body(), start_date="2005-05-10", end_date=None))
    assert reply.status == 422
    assert reply.error["params"] == {"first": "2011-01-01", "last": "2028-12-31", "got": "2005-05-10"}
    assert reply.error["message"] == (
        "start_date: deve cadere in un triennio del calendario ECM, dal 1° gennaio 2011 al 31 dicembre 2028 "
        "(indicato 10 maggio 2005)"
    )
    english = api.post(
        "/v1/me/credits",
        _with(credit_body(), start_date="2005-05-10", end_date="2005-05-11"),
        headers={"Accept-Language": "en"},
    )
    assert english.error["field"] == "end_date"
    assert english.error["message"] == (
        "end_date: must fall in a triennium of the ECM calendar, 1 January 2011 to 31 December 2028 "
        "(11 May 2005 given)"
    )
    assert table_items() == []


BODY_ROUTES = [
    ("PUT", "/v1/me/profile"),
    ("POST", "/v1/me/credits"),
    ("PUT", "/v1/me/credits/abc"),
    ("POST", "/v1/me/exemptions"),
    ("POST", "/v1/event-credits"),
    ("POST", "/v1/compliance/evaluate"),
]


@pytest.mark.parametrize(("method", "path"), BODY_ROUTES)
def test_malformed_json_is_422(api: ApiClient, method: str, path: str) -> None:
    reply = api.request(method, path, raw_body='{"title": "unterminated')
    assert reply.status == 422
    assert reply.error["field"] == "body"
    assert table_items() == []


@pytest.mark.parametrize(("method", "path"), BODY_ROUTES)
def test_a_json_array_or_empty_body_is_422(api: ApiClient, method: str, path: str) -> None:
    assert api.request(method, path, raw_body="[]").status == 422
    assert api.request(method, path).status == 422
    assert table_items() == []


@pytest.mark.parametrize(("method", "path"), BODY_ROUTES)
@pytest.mark.parametrize("encoded", [False, True])
def test_a_one_megabyte_body_is_413(api: ApiClient, method: str, path: str, encoded: bool) -> None:
    huge = json.dumps(credit_body(title="x" * (1024 * 1024)))
    reply = api.request(method, path, raw_body=huge, base64_body=encoded)
    assert reply.status == 413
    assert reply.error["code"] == "payload_too_large"
    assert table_items() == []


# Routes without a body: bad path and query parameters.
PARAM_CASES: list[tuple[str, str, dict[str, str] | None, int, str]] = [
    ("GET", "/v1/me/credits", {"order": "newest"}, 422, "query.order"),
    ("GET", "/v1/me/changes", {"since": "%%%"}, 422, "query.since"),
    ("GET", "/v1/me/changes", {"limit": "0"}, 422, "query.limit"),
    ("PATCH", "/v1/me/credits/bad!id", None, 422, "path.credit_id"),
    ("GET", "/v1/me/credits", {"triennium": "2026"}, 422, "query.triennium"),
    ("GET", "/v1/me/credits", {"triennium": "2026-2027"}, 422, "query.triennium"),
    ("GET", "/v1/me/credits", {"triennium": "2027-2029"}, 422, "query.triennium"),
    ("GET", "/v1/me/credits", {"triennium": "2026-2028", "limit": "0"}, 422, "query.limit"),
    ("GET", "/v1/me/credits", {"triennium": "2026-2028", "limit": "100000"}, 422, "query.limit"),
    ("GET", "/v1/me/credits", {"triennium": "2026-2028", "limit": "ten"}, 422, "query.limit"),
    ("GET", "/v1/me/credits", {"triennium": "2026-2028", "cursor": "%%%"}, 422, "query.cursor"),
    ("GET", "/v1/me/credits/bad%20id!", None, 422, "path.credit_id"),
    ("PUT", "/v1/me/credits/" + "a" * 65, None, 422, "path.credit_id"),
    ("DELETE", "/v1/me/credits/bad!id", None, 422, "path.credit_id"),
    ("DELETE", "/v1/me/exemptions/bad!id", None, 422, "path.exemption_id"),
    ("GET", "/v1/me/compliance/2026", None, 422, "path.triennium"),
    ("GET", "/v1/me/compliance/2026-2027", None, 422, "path.triennium"),
    ("GET", "/v1/me/compliance/1998-2000", None, 422, "path.triennium"),
    ("GET", "/v1/me/what-if/move", None, 422, "query.credit_id"),
    ("GET", "/v1/me/what-if/move", {"credit_id": "abc"}, 422, "query.target"),
    ("GET", "/v1/me/what-if/move", {"credit_id": "abc", "target": "3000-3002"}, 422, "query.target"),
    ("DELETE", "/v1/me", None, 422, "query.confirm"),
    ("DELETE", "/v1/me", {"confirm": "yes"}, 422, "query.confirm"),
]


@pytest.mark.parametrize(("method", "path", "query", "status", "field"), PARAM_CASES)
def test_invalid_parameters(
    api: ApiClient, method: str, path: str, query: dict[str, str] | None, status: int, field: str
) -> None:
    api.put("/v1/me/profile", PROFILE)
    stored = table_items()
    body = credit_body() if method == "PUT" else None
    reply = api.request(method, path, query=query, body=body)
    assert reply.status == status, reply.text
    assert reply.error["field"] == field
    assert reply.error["details"][0]["field"] == field
    assert table_items() == stored, "nothing changed"


def test_unknown_route_is_404_with_the_error_shape(api: ApiClient) -> None:
    from functions.api.handlers import records
    from tests.api.conftest import FakeContext

    event = {
        "version": "2.0",
        "rawPath": "/v1/me/nothing",
        "requestContext": {"http": {"method": "GET", "path": "/v1/me/nothing"}, "stage": "$default"},
        "headers": {},
    }
    raw = records.lambda_handler(event, FakeContext())
    assert raw["statusCode"] == 404
    assert json.loads(raw["body"])["error"]["code"] == "not_found"


def test_a_server_fault_is_500_without_internals(api: ApiClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from functions.api import dal_profile

    def broken(*_: Any) -> None:
        raise RuntimeError("secret table layout in /var/task/functions/api/dal.py")

    monkeypatch.setattr(dal_profile, "get_profile", broken)
    reply = api.get("/v1/me/profile")
    assert reply.status == 500
    assert reply.error["code"] == "internal_error"
    assert "secret" not in reply.text and "Traceback" not in reply.text and "dal.py" not in reply.text


def test_a_response_that_fails_its_own_schema_is_500_not_422(
    api: ApiClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from functions.api import dal_profile

    api.put("/v1/me/profile", PROFILE)
    real = dal_profile.get_profile

    def corrupted(sub: str) -> dict[str, Any] | None:
        stored = real(sub)
        assert stored is not None
        return {**stored, "profession": ""}  # breaks ProfileOut's min_length

    monkeypatch.setattr(dal_profile, "get_profile", corrupted)
    reply = api.get("/v1/me/profile")
    assert reply.status == 500, reply.text
    assert reply.error["code"] == "internal_error"


def test_an_id_token_is_not_accepted_as_an_access_token(api: ApiClient) -> None:
    from functions.api.handlers import records
    from tests.api.conftest import FakeContext

    event = {
        "version": "2.0",
        "routeKey": "GET /v1/me/profile",
        "rawPath": "/v1/me/profile",
        "headers": {},
        "requestContext": {
            "http": {"method": "GET", "path": "/v1/me/profile"},
            "stage": "$default",
            "authorizer": {"jwt": {"claims": {"sub": "x", "token_use": "id"}}},
        },
    }
    raw = records.lambda_handler(event, FakeContext())
    assert raw["statusCode"] == 401


def test_an_end_before_the_start_names_end_date_on_post_put_and_patch(api: ApiClient) -> None:
    """The field to correct is the end (a reviewer got "body: ..."), as the exemption route says "end"."""
    body = _with(credit_body(), start_date="2026-03-10", end_date="2026-03-01")
    created = api.post("/v1/me/credits", credit_body()).json
    path = f"/v1/me/credits/{created['id']}"
    for reply in (
        api.post("/v1/me/credits", body),
        api.request("PUT", path, body=body),
        api.request(
            "PATCH",
            path,
            body={"end_date": "2026-03-01"},
            headers={"content-type": "application/merge-patch+json"},
        ),
    ):
        assert reply.status == 422, reply.text
        assert (reply.error["field"], reply.error["msg"]) == ("end_date", "error.end_before_start")
        assert reply.error["details"][0]["field"] == "end_date"
    assert api.get(path).json["end_date"] == "2026-03-10"  # nothing changed


@pytest.mark.parametrize(
    ("method", "path", "query", "body", "field", "italian", "english"),
    [
        # One character: singular ("almeno 1 caratteri" read badly).
        (
            "POST",
            "/v1/me/credits",
            None,
            _with(credit_body(), title=""),
            "title",
            "deve avere almeno 1 carattere",
            "must have at least 1 character",
        ),
        # A pattern in words, never as a regular expression.
        (
            "GET",
            "/v1/me/statement/2023.pdf",
            None,
            None,
            "path.document",
            "deve essere un triennio seguito da .pdf, come 2023-2025.pdf",
            "must be a triennium followed by .pdf, such as 2023-2025.pdf",
        ),
        (
            "GET",
            "/v1/me/credits",
            {"triennium": "2026"},
            None,
            "query.triennium",
            "deve essere un triennio scritto come 2026-2028",
            "must be a triennium written as 2026-2028",
        ),
        (
            "GET",
            "/v1/me/credits/not%20an%20id",
            None,
            None,
            "path.credit_id",
            "deve essere un identificativo come quelli dati dall'API",
            "must be an id as the API gives them",
        ),
    ],
)
def test_refusals_read_as_sentences(
    api: ApiClient,
    method: str,
    path: str,
    query: dict[str, str] | None,
    body: Any,
    field: str,
    italian: str,
    english: str,
) -> None:
    reply = api.request(method, path, query=query, body=body)
    assert reply.status == 422, reply.text
    assert reply.error["field"] == field
    assert italian in reply.error["message"]
    assert "^" not in reply.error["message"] and "\\d" not in reply.error["message"]
    other = api.request(method, path, query=query, body=body, headers={"Accept-Language": "en"})
    assert english in other.error["message"]


@pytest.mark.parametrize(("name", "value"), [("triennium", "2023-2025,2026-2028"), ("limit", "5,6")])
def test_a_query_parameter_given_twice_is_named_as_such(api: ApiClient, name: str, value: str) -> None:
    """API Gateway joins ?limit=5&limit=6 into "5,6"; the answer said "deve essere un numero intero"."""
    reply = api.get("/v1/me/credits", query={name: value})
    assert reply.status == 422
    assert reply.error["field"] == f"query.{name}"
    sentence = "va indicato una volta sola, con un solo valore (senza virgole)"
    assert reply.error["message"] == f"query.{name}: {sentence}"
