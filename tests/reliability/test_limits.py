"""Limits, discovered from the committed OpenAPI document: each is refused with a clear 4xx, never a 5xx,
and nothing stored changes.

For every operation: every query, path and header parameter one past its maximum or maxLength; for
every operation with a body: a body one byte over the accepted size, JSON nested ten thousand deep, a
number with five thousand digits, every top-level string one character past its maxLength and every
top-level list one item past its maxItems. A new route or field is covered without editing this file,
except that a new body needs a valid example in ``VALID_BODIES`` (a test fails until it has one).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

import pytest

from functions.api.entry import MAX_BODY_BYTES
from tests.api.conftest import EXEMPTION, PROFILE, ApiClient, Reply, credit_body
from tests.reliability import figures
from tests.reliability.conftest import snapshot
from tests.reliability.examples import EVALUATE, SPEC, VALID_BODIES, operations, resolve

# A valid element for each list field, so that maxItems + 1 copies break only the count.
LIST_ELEMENTS: dict[str, Any] = {
    "credits": EVALUATE["credits"][0],
    "registration_gaps": {"cancelled_on": "2015-01-01", "reregistered_on": "2015-06-01"},
    "dossiers": {"kind": "individual", "triennium": "2026-2028"},
    "certified_trienni_at_2025_07_03": "2020-2022",
    "components": {"type": "res_course", "date": "2026-03-10", "hours": 1, "participants": 10},
    "attributed_years": 2026,
}


def json_body(op: dict[str, Any]) -> dict[str, Any]:
    return dict((op.get("requestBody") or {}).get("content") or {})


def body_schema(op: dict[str, Any]) -> dict[str, Any] | None:
    content = json_body(op)
    return resolve(content["application/json"]["schema"]) if "application/json" in content else None


def concrete_path(path: str) -> str:
    return (
        path.replace("{triennium}", "2026-2028")
        .replace("{credit_id}", "abc")
        .replace("{exemption_id}", "abc")
    )


@pytest.fixture
def seeded(live_api: ApiClient) -> ApiClient:
    assert live_api.put("/v1/me/profile", PROFILE).status == 200
    assert live_api.post("/v1/me/credits", credit_body()).status == 201
    assert live_api.post("/v1/me/exemptions", EXEMPTION).status == 201
    return live_api


def stored() -> tuple[list[str], list[str]]:
    return snapshot()


def assert_refused(reply: Reply, before: tuple[list[str], list[str]], case: str) -> None:
    figures.record("bad_input", tried=1, failed=int(reply.status >= 500), detail=case)
    assert 400 <= reply.status < 500, f"{case}: {reply.status} {reply.text[:300]}"
    error = reply.error if reply.status != 401 else {"message": "x"}
    assert error["message"], case
    assert stored() == before, f"{case}: the tables changed"


def test_every_operation_with_a_body_has_a_valid_example() -> None:
    # JSON bodies; a file body (POST /v1/certificates/read) has its own tests in tests/attestati.
    with_body = {f"{m} {p}" for m, p, op in operations() if "application/json" in json_body(op)}
    assert with_body == set(VALID_BODIES), "add a valid example body for the new operation"


def test_valid_examples_are_accepted(seeded: ApiClient) -> None:
    """Otherwise the refusals below would prove nothing."""
    credit_id = seeded.post("/v1/me/credits", credit_body()).json["id"]
    exemption_id = seeded.post("/v1/me/exemptions", EXEMPTION).json["id"]
    for key, body in VALID_BODIES.items():
        method, path = key.split(" ", 1)
        path = path.replace("{credit_id}", credit_id).replace("{exemption_id}", exemption_id)
        reply = seeded.request(method, path, body=body)
        assert reply.status in (200, 201), f"{key}: {reply.text[:300]}"


PARAMETER_CASES = [
    (method, path, param)
    for method, path, op in operations()
    for param in op.get("parameters", [])
    if {"maximum", "maxLength", "pattern"} & set(resolve(param["schema"]))
]


@pytest.mark.parametrize(
    ("method", "path", "param"), PARAMETER_CASES, ids=[f"{m} {p} {x['name']}" for m, p, x in PARAMETER_CASES]
)
def test_parameters_past_their_limit_are_refused(
    seeded: ApiClient, method: str, path: str, param: dict[str, Any]
) -> None:
    schema = resolve(param["schema"])
    if "maximum" in schema:
        bad = str(int(schema["maximum"]) + 1)
    elif "maxLength" in schema:
        bad = "x" * (int(schema["maxLength"]) + 1)
    else:
        bad = "9" * 200  # fails every pattern here (dates, trienni, ids of at most 64 characters)
    query = {"triennium": "2026-2028"} if path == "/v1/me/credits" else {}
    if path == "/v1/me/what-if/move":
        query = {"credit_id": "abc", "target": "2023-2025"}
    headers: dict[str, str] = {}
    target = concrete_path(path)
    if param["in"] == "query":
        query[param["name"]] = bad
    elif param["in"] == "header":
        headers[param["name"]] = bad
    else:
        target = path.replace("{" + param["name"] + "}", bad)
        target = concrete_path(target)
    body = VALID_BODIES.get(f"{method} {path}")
    before = stored()
    reply = seeded.request(method, target, body=body, query=query or None, headers=headers)
    assert_refused(reply, before, f"{method} {path} {param['name']}={bad[:20]}...")
    if reply.status == 422:
        named: tuple[str, ...] = (f"{param['in']}.{param['name']}", param["name"])
        if param["in"] == "header":
            # Header names are case-insensitive (RFC 9110 §5.1) and API Gateway hands them over in lower
            # case; the document writes them as clients send them (If-Match, Idempotency-Key).
            named = tuple(n.lower() for n in named)
            assert reply.error["field"].lower() in named, reply.text
        else:
            assert reply.error["field"] in named, reply.text


BODY_OPERATIONS = sorted(VALID_BODIES)


def _send(api: ApiClient, key: str, raw: str) -> Reply:
    method, path = key.split(" ", 1)
    return api.request(method, concrete_path(path), raw_body=raw)


@pytest.mark.parametrize("key", BODY_OPERATIONS)
def test_a_body_one_byte_over_the_limit_is_413(seeded: ApiClient, key: str) -> None:
    before = stored()
    raw = json.dumps({**VALID_BODIES[key], "pad": ""})
    raw = raw[:-3] + "x" * (MAX_BODY_BYTES - len(raw.encode()) + 1) + raw[-3:]
    assert len(raw.encode()) == MAX_BODY_BYTES + 1
    reply = _send(seeded, key, raw)
    assert_refused(reply, before, f"{key} oversize")
    assert reply.status == 413


@pytest.mark.parametrize("key", BODY_OPERATIONS)
@pytest.mark.parametrize("shape", ["array", "object", "inside a field"])
@pytest.mark.parametrize("depth", [40, 950, 10_000])  # 10,000: 20 kB, inside the size limit
def test_deeply_nested_json_is_refused(seeded: ApiClient, key: str, shape: str, depth: int) -> None:
    if shape == "array":
        raw = "[" * depth + "]" * depth
    elif shape == "object":
        raw = '{"a":' * depth + "1" + "}" * depth
    else:
        raw = json.dumps(VALID_BODIES[key])[:-1] + ', "x": ' + "[" * depth + "]" * depth + "}"
    before = stored()
    assert_refused(_send(seeded, key, raw), before, f"{key} nested {depth} deep ({shape})")


@pytest.mark.parametrize("key", BODY_OPERATIONS)
def test_a_number_with_thousands_of_digits_is_refused(seeded: ApiClient, key: str) -> None:
    raw = json.dumps({**VALID_BODIES[key], "n": 0})[:-2] + "1" + "0" * 5000 + "}"
    before = stored()
    assert_refused(_send(seeded, key, raw), before, f"{key} 5001-digit number")


def _top_level_limits() -> Iterator[tuple[str, str, dict[str, Any]]]:
    for key in BODY_OPERATIONS:
        method, path = key.split(" ", 1)
        op = SPEC["paths"][path][method.lower()]
        schema = body_schema(op)
        assert schema is not None
        for name, prop in schema.get("properties", {}).items():
            field = resolve(prop)
            if "maxLength" in field or "maxItems" in field:
                yield key, name, field


LIMIT_CASES = list(_top_level_limits())


def test_the_document_declares_limits_to_test() -> None:
    names = {name for _, name, _ in LIMIT_CASES}
    assert {"title", "profession", "credits", "dossiers"} <= names, names


@pytest.mark.parametrize(("key", "name", "field"), LIMIT_CASES, ids=[f"{k} {n}" for k, n, _ in LIMIT_CASES])
def test_each_field_one_past_its_limit_is_refused_naming_it(
    seeded: ApiClient, key: str, name: str, field: dict[str, Any]
) -> None:
    body = copy.deepcopy(VALID_BODIES[key])
    if "maxLength" in field:
        body[name] = "é" * (int(field["maxLength"]) + 1)  # two bytes each: the limit counts characters
        case = f"{key} {name} of {field['maxLength'] + 1} characters"
    else:
        element = LIST_ELEMENTS.get(name)
        assert element is not None, f"add a valid element for list field {name!r} to LIST_ELEMENTS"
        count = int(field["maxItems"]) + 1
        items = [copy.deepcopy(element) for _ in range(count)]
        if name == "credits":
            for index, item in enumerate(items):
                item["id"] = f"c{index}"
        body[name] = items
        case = f"{key} {name} with {count} items"
    method, path = key.split(" ", 1)
    before = stored()
    reply = seeded.request(method, concrete_path(path), body=body)
    assert_refused(reply, before, case)
    if reply.status == 422:
        assert reply.error["field"].split(".")[0] == name, reply.text
        # Italian groups thousands ("2.000 caratteri"): the limit is compared without separators.
        shown = reply.error["message"].replace(".", "").replace(",", "")
        assert str(field.get("maxLength", field.get("maxItems"))) in shown, reply.text
