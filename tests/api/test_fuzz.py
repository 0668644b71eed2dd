"""Property: whatever JSON a client sends, the API answers a 2xx or a 4xx in the error shape, never a 500."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from functions.api.models import CreditIn, ProfileIn
from functions.rulebook.models import ComplianceInput, EventInput, EventType, Exemption, ExemptionKind, Role
from tests.api.conftest import ApiClient

INTERESTING = st.one_of(
    st.none(),
    st.booleans(),
    st.sampled_from([-1, 0, 1, 2, 7.5, 0.05, 999.9, 1000, 10**6, 10**12, -(10**9), 1e308]),
    st.sampled_from(
        ["", "x", "x" * 400, "2026-03-10", "2026-02-30", "1900-01-01", "2101-01-01", "2026-2028"]
    ),
    st.sampled_from(
        [e.value for e in EventType] + [r.value for r in Role] + [k.value for k in ExemptionKind]
    ),
    st.just([]),
    st.just({}),
    st.lists(st.integers(min_value=2000, max_value=2030), max_size=3),
)


def _bodies(fields: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    keys = st.sampled_from([*fields, "unexpected"])
    return st.dictionaries(keys, INTERESTING, max_size=len(fields) + 1)


ROUTES = {
    ("PUT", "/v1/me/profile"): list(ProfileIn.model_fields),
    ("POST", "/v1/me/credits"): list(CreditIn.model_fields),
    ("POST", "/v1/me/exemptions"): list(Exemption.model_fields),
    ("POST", "/v1/event-credits"): list(EventInput.model_fields),
    ("POST", "/v1/compliance/evaluate"): list(ComplianceInput.model_fields),
}

CHECKS = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _check(api: ApiClient, method: str, path: str, body: dict[str, Any]) -> None:
    reply = api.request(method, path, body=body, sub="fuzz")
    assert reply.status < 500, (body, reply.text)
    if reply.status >= 400:
        assert reply.error["message"]
    else:
        json.loads(reply.text)


@CHECKS
@given(data=st.data())
def test_any_body_on_any_route_is_answered_without_a_server_fault(
    api: ApiClient, data: st.DataObject
) -> None:
    (method, path) = data.draw(st.sampled_from(sorted(ROUTES)))
    body = data.draw(_bodies(ROUTES[(method, path)]))
    _check(api, method, path, body)


@CHECKS
@given(
    body=st.fixed_dictionaries(
        {
            "title": st.just("Corso"),
            "type": st.sampled_from([e.value for e in EventType]),
            "role": st.sampled_from([r.value for r in Role]),
            "start_date": st.dates(min_value=dt.date(2011, 1, 1)).map(str),
        },
        optional={
            "hours": st.decimals(min_value=0, max_value=200, places=1).map(float),
            "participants": st.integers(min_value=1, max_value=500),
            "sponsored": st.booleans(),
            "abroad": st.booleans(),
            "autoformazione": st.booleans(),
            "during_exemption": st.booleans(),
        },
    )
)
def test_credits_the_rule_book_computes_are_answered_without_a_server_fault(
    api: ApiClient, body: dict[str, Any]
) -> None:
    _check(api, "POST", "/v1/me/credits", body)
