"""Property: whatever JSON a client sends, the API answers a 2xx or a 4xx in the error shape, never a 500.

The credits fuzz draws dates inside the ECM calendar (the rule book's trienni), so that a share of the
requests is accepted and reaches the credit computation; a fuzz that only ever gets 4xx tests nothing
but the validator, and the last test of this module fails when that happens.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from functions.api.models import CreditIn, ProfileIn
from functions.api.models_files import ContactIn, UploadIn
from functions.rulebook.models import ComplianceInput, EventInput, EventType, Exemption, ExemptionKind, Role
from functions.rulebook.trienni import all_trienni
from tests.api.conftest import EXEMPTION, PROFILE, ApiClient, credit_body

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
    # Merge patches (issue 13): of a credit, an exemption and the profile made by _target below.
    ("PATCH", "/v1/me/credits/{id}"): list(CreditIn.model_fields),
    ("PATCH", "/v1/me/exemptions/{id}"): list(Exemption.model_fields),
    ("PATCH", "/v1/me/profile"): list(ProfileIn.model_fields),
}

CHECKS = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


# Outcomes of the credits fuzz: "refused" (4xx), "stored" (2xx), "computed" (2xx, credits computed).
OUTCOMES: Counter[str] = Counter()
FIRST_DAY = all_trienni()[0].start
LAST_DAY = all_trienni()[-1].end


def _check(api: ApiClient, method: str, path: str, body: dict[str, Any]) -> dict[str, Any] | None:
    reply = api.request(method, path, body=body, sub="fuzz")
    assert reply.status < 500, (body, reply.text)
    if reply.status >= 400:
        assert reply.error["message"]
        return None
    answer: dict[str, Any] = json.loads(reply.text)
    return answer


@CHECKS
@given(data=st.data())
def test_any_body_on_any_route_is_answered_without_a_server_fault(
    api: ApiClient, data: st.DataObject
) -> None:
    (method, path) = data.draw(st.sampled_from(sorted(ROUTES)))
    body = data.draw(_bodies(ROUTES[(method, path)]))
    _check(api, method, _target(api, method, path), body)


def _target(api: ApiClient, method: str, path: str) -> str:
    """A PATCH aims at an item that exists (else every patch would only be a 404)."""
    if method != "PATCH":
        return path
    if path == "/v1/me/profile":
        api.request("PUT", path, body=PROFILE, sub="fuzz")
        return path
    kind, body = ("credits", credit_body()) if "credits" in path else ("exemptions", EXEMPTION)
    created = api.request("POST", f"/v1/me/{kind}", body=body, sub="fuzz")
    assert created.status == 201, created.text
    return path.replace("{id}", created.json["id"])


def _in_calendar() -> st.SearchStrategy[str]:
    return st.dates(min_value=FIRST_DAY, max_value=LAST_DAY).map(str)


# Any mix of fields: mostly refused, which is the point of this half.
_ANY_CREDIT = st.fixed_dictionaries(
    {
        "title": st.just("Corso"),
        "type": st.sampled_from([e.value for e in EventType]),
        "role": st.sampled_from([r.value for r in Role]),
        "start_date": _in_calendar(),
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
# What a learner really records: the rule book has all it needs to compute the credits.
_PLAUSIBLE_CREDIT = st.fixed_dictionaries(
    {
        "title": st.just("Corso"),
        "type": st.sampled_from(["fad_elearning", "fad_self_study", "fsc_training", "fsc_audit"]),
        "start_date": _in_calendar(),
        "hours": st.integers(min_value=1, max_value=60),
    },
    optional={"during_exemption": st.booleans()},
) | st.fixed_dictionaries(
    {
        "title": st.just("Corso"),
        "type": st.just("res_course"),
        "start_date": _in_calendar(),
        "hours": st.decimals(min_value=1, max_value=60, places=1).map(float),
        "participants": st.integers(min_value=1, max_value=200),
    },
    optional={"sponsored": st.booleans()},
)


@CHECKS
@given(body=st.one_of(_PLAUSIBLE_CREDIT, _ANY_CREDIT))
def test_credits_the_rule_book_computes_are_answered_without_a_server_fault(
    api: ApiClient, body: dict[str, Any]
) -> None:
    answer = _check(api, "POST", "/v1/me/credits", body)
    if answer is None:
        OUTCOMES["refused"] += 1
    else:
        OUTCOMES["computed" if answer.get("credits_source") == "computed" else "stored"] += 1


def test_the_credits_fuzz_reached_the_computation() -> None:
    """Runs after the fuzz above (pytest keeps file order; xdist --dist loadfile keeps the module)."""
    total = sum(OUTCOMES.values())
    assert total >= 50, f"the credits fuzz ran {total} cases: run this module whole"
    accepted = OUTCOMES["stored"] + OUTCOMES["computed"]
    print(f"\ncredits fuzz: {dict(OUTCOMES)}")
    assert accepted >= total * 0.2, f"only {accepted} of {total} requests were accepted: {dict(OUTCOMES)}"
    assert OUTCOMES["computed"] >= total * 0.1, f"the computation was reached {OUTCOMES['computed']} times"


# --- the documents routes (issue 14): paths and queries, not bodies ------------------------------------

TEXTS = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["2026-11-29", "2010-12-31", "2029-01-01", "2026-02-30", "0001-01-01", "9999-12-31"]),
    st.from_regex(r"\A\d{4}-\d{4}\.pdf\Z"),
    st.from_regex(r"\A[A-Za-z0-9_-]{43}\.ics\Z"),
)


@CHECKS
@given(data=st.data())
def test_documents_routes_answer_any_path_or_query_without_a_server_fault(
    api: ApiClient, data: st.DataObject
) -> None:
    from urllib.parse import quote

    value = data.draw(TEXTS)
    kind = data.draw(st.sampled_from(["as_of", "document", "feed"]))
    # An empty path segment matches no route: API Gateway answers that itself.
    assume(kind == "as_of" or value != "")
    if kind == "as_of":
        reply = api.get("/v1/me/statement/insurance.pdf", sub="fuzz", query={"as_of": quote(value)})
    elif kind == "document":
        reply = api.get("/v1/me/statement/" + quote(value, safe=""), sub="fuzz")
    else:
        reply = api.get("/v1/calendar/" + quote(value, safe=""), sub=None)
        # No feed was ever created: every address, well formed or not, is unknown.
        assert reply.status == 404, (value, reply.text)
    assert reply.status < 500, (kind, value, reply.text)
    if reply.status >= 400:
        assert reply.error["message"]


KEPT_ROUTES = {
    "certificate": list(UploadIn.model_fields),
    "contacts": list(ContactIn.model_fields),
}
CLAIM_QUERY = ["name", "tax_code", "profession", "discipline", "order", "email", "unexpected"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_the_attestato_contacts_and_claim_routes_never_fault(api: ApiClient, data: st.DataObject) -> None:
    """Any body on the upload form and the contacts, any query on the claim pack, for a credit that
    exists (missing suspected by now) and for one that does not."""
    created = api.request(
        "POST",
        "/v1/me/credits",
        sub="fuzz",
        body={
            "title": "Corso",
            "type": "res_course",
            "start_date": "2025-03-10",
            "hours": 8,
            "credits": 8,
        },
    )
    assert created.status == 201, created.text
    credit_id = data.draw(st.sampled_from([created.json["id"], "0" * 32, "not-a-credit"]))
    route = data.draw(st.sampled_from(sorted(KEPT_ROUTES)))
    _check(api, "POST", f"/v1/me/credits/{credit_id}/{route}", data.draw(_bodies(KEPT_ROUTES[route])))
    text = st.one_of(st.text(max_size=250), st.sampled_from(["RSSMRA80A01H501U", "", "x" * 201]))
    query = data.draw(st.dictionaries(st.sampled_from(CLAIM_QUERY), text, max_size=3))
    safe = {k: v for k, v in query.items() if v and "&" not in v and "=" not in v}
    reply = api.request("GET", f"/v1/me/credits/{credit_id}/claim.pdf", sub="fuzz", query=safe)
    assert reply.status < 500, (safe, reply.text[:300])
