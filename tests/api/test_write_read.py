"""What the rule book would refuse at read time is refused at write time, with the same message.

The outside tester stored items (201) that made compliance answer 500 or 422 for good; each is now a
422 at write time naming the field, and compliance, compensation and the what-if keep answering 200.
A property test then writes whatever hypothesis generates inside the write models' types and checks the
reads after every accepted write.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.api.conftest import ApiClient, credit_body

# The API answers in Italian by default (no Accept-Language): the rule book's own Italian sentence.
EARLIEST = "esoneri ed esenzioni si possono registrare dal"


def reads_ok(api: ApiClient, sub: str, trienni: tuple[str, ...] = ("2026-2028",)) -> None:
    for triennium in trienni:
        reply = api.get(f"/v1/me/compliance/{triennium}", sub=sub)
        assert reply.status == 200, reply.text
    reply = api.get("/v1/me/compensation", sub=sub)
    assert reply.status == 200, reply.text


def course(**overrides: Any) -> dict[str, Any]:
    return {"kind": "esonero_course", "start": "2026-01-01", "end": "2026-12-31", **overrides}


@pytest.mark.parametrize("years", [[-5], [10000], [10**12], [True], ["2026"], [1939], [2101]])
def test_attributed_years_outside_the_calendar_are_refused(api: ApiClient, years: list[Any]) -> None:
    reply = api.post("/v1/me/exemptions", course(attributed_years=years))
    assert reply.status == 422, reply.text
    assert reply.error["field"] == "attributed_years.0"
    reads_ok(api, "11111111-aaaa-4aaa-8aaa-111111111111")
    # The public calculation refuses the same body instead of answering 500.
    public = api.post(
        "/v1/compliance/evaluate",
        {"triennium": "2026-2028", "profile": {"exemptions": [course(attributed_years=years)]}},
        sub=None,
    )
    assert public.status == 422, public.text


def test_attributed_year_without_attendance_is_refused_with_the_rule_books_message(api: ApiClient) -> None:
    reply = api.post("/v1/me/exemptions", course(attributed_years=[2020]))
    assert reply.status == 422
    assert reply.error["field"] == "attributed_years"
    assert "il 2020 richiede almeno" in reply.error["message"]


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"kind": "esenzione", "start": "2010-01-01", "end": "2010-12-31"}, "start", EARLIEST),
        ({"kind": "esonero_hours", "start": "2026-01-01", "end": "2026-02-01"}, "hours", "è obbligatorio"),
    ],
)
def test_exemptions_compliance_would_refuse_are_refused_at_write(
    api: ApiClient, body: dict[str, Any], field: str, words: str
) -> None:
    reply = api.post("/v1/me/exemptions", body)
    assert reply.status == 422, reply.text
    assert reply.error["field"] == field and words in reply.error["message"]
    assert api.get("/v1/me/exemptions").json["items"] == []
    reads_ok(api, "11111111-aaaa-4aaa-8aaa-111111111111")


@pytest.mark.parametrize(
    ("dossier", "field", "words"),
    [
        ({"kind": "individual", "triennium": "9999-9999"}, "dossiers.0.triennium", "sconosciuto"),
        ({"kind": "group", "triennium": "2025-2026"}, "dossiers.0.triennium", "sconosciuto"),
        (
            {"kind": "individual", "triennium": "2026-2028", "built_on": "2028-05-01"},
            "dossiers.0.built_on",
            "si può costruire solo nel",
        ),
    ],
)
def test_profiles_compliance_would_refuse_are_refused_at_write(
    api: ApiClient, dossier: dict[str, Any], field: str, words: str
) -> None:
    reply = api.put("/v1/me/profile", {"profession": "infermiere", "dossiers": [dossier]})
    assert reply.status == 422, reply.text
    assert reply.error["field"] == field and words in reply.error["message"], reply.error
    assert api.get("/v1/me/profile").status == 404, "nothing stored"


def test_a_triennium_cannot_hold_more_than_the_rule_books_balance(api: ApiClient) -> None:
    assert api.post("/v1/me/credits", credit_body(credits=1000)).status == 201
    refused = api.post("/v1/me/credits", credit_body(credits=0.1))
    assert refused.status == 422
    error = refused.error
    assert error["code"] == "limit_reached" and error["field"] == "credits" and error["limit"] == 1000
    assert "2026-2028" in error["message"]
    # Another triennium still takes credits, and every read still answers.
    assert api.post("/v1/me/credits", credit_body(start_date="2024-05-05", end_date=None)).status == 201
    reads_ok(api, "11111111-aaaa-4aaa-8aaa-111111111111", ("2026-2028", "2023-2025"))


def test_a_move_into_a_closed_triennium_is_refused_with_the_what_ifs_reason(api: ApiClient) -> None:
    # The registry closed moves into 2014-2016 on 2022-06-30 (what-if's own rule).
    reply = api.post("/v1/me/credits", credit_body(counted_in="2014-2016"))
    assert reply.status == 422, reply.text
    assert reply.error["field"] == "counted_in"
    assert "chiusi dal 30 giugno 2022" in reply.error["message"]
    credit_id = api.post("/v1/me/credits", credit_body()).json["id"]
    moved = api.put(f"/v1/me/credits/{credit_id}", credit_body(counted_in="2014-2016"))
    assert moved.status == 422 and "chiusi dal" in moved.error["message"]
    assert api.get(f"/v1/me/credits/{credit_id}").json["triennium"] == "2026-2028"
    what_if = api.get("/v1/me/what-if/move", query={"credit_id": credit_id, "target": "2014-2016"})
    assert what_if.status == 200 and what_if.json["result"]["allowed"] is False


# --- property: whatever the write models accept keeps every read answering ---------------------------

# Mostly days inside the ECM calendar (where writes are accepted), sometimes anywhere near its bounds.
NEAR = st.dates(min_value=dt.date(2011, 1, 1), max_value=dt.date(2028, 12, 31))
WIDE = st.dates(min_value=dt.date(1935, 1, 1), max_value=dt.date(2105, 12, 31))
DAYS = st.one_of(NEAR, NEAR, NEAR, WIDE).map(dt.date.isoformat)
KNOWN = st.sampled_from(["2011-2013", "2014-2016", "2017-2019", "2020-2022", "2023-2025", "2026-2028"])
TRIENNI = st.one_of(KNOWN, KNOWN, st.from_regex(r"\A\d{4}-\d{4}\Z"))
AMOUNTS = st.integers(min_value=0, max_value=10000).map(lambda tenths: tenths / 10)
EXEMPTIONS = st.fixed_dictionaries(
    {"kind": st.sampled_from(["esonero_course", "esonero_hours", "esenzione"]), "start": DAYS, "end": DAYS},
    optional={
        "hours": st.integers(min_value=1, max_value=3000),
        "attributed_years": st.lists(
            st.one_of(
                st.integers(min_value=2011, max_value=2028), st.integers(min_value=-10, max_value=10**13)
            ),
            max_size=3,
        ),
    },
)
DOSSIERS = st.fixed_dictionaries(
    {"kind": st.sampled_from(["individual", "group"]), "triennium": TRIENNI},
    optional={"built_on": DAYS, "objectives_met": st.booleans()},
)
PROFILES = st.fixed_dictionaries(
    {"profession": st.just("medico_chirurgo")},
    optional={
        "first_registration": DAYS,
        "registration_gaps": st.lists(
            st.fixed_dictionaries({"cancelled_on": DAYS}, optional={"reregistered_on": DAYS}), max_size=2
        ),
        "previous_triennium_credits": AMOUNTS,
        "dossiers": st.lists(DOSSIERS, max_size=2),
        "certified_trienni_at_2025_07_03": st.lists(TRIENNI, max_size=2),
    },
)
CREDITS = st.fixed_dictionaries(
    {
        "title": st.just("Corso"),
        "type": st.sampled_from(["res_course", "fad_elearning", "publication", "abroad", "autoformazione"]),
        "start_date": DAYS,
        "credits": AMOUNTS,
    },
    optional={
        "role": st.sampled_from(["participant", "teacher", "moderator"]),
        "sponsored": st.booleans(),
        "during_exemption": st.booleans(),
        "counted_in": TRIENNI,
    },
)
WRITES = st.lists(
    st.one_of(
        st.tuples(st.just("exemption"), EXEMPTIONS),
        st.tuples(st.just("profile"), PROFILES),
        st.tuples(st.just("credit"), CREDITS),
    ),
    min_size=1,
    max_size=6,
)


@settings(
    max_examples=int(os.environ.get("ECM_PROPERTY_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(writes=WRITES)
def test_any_accepted_write_keeps_every_read_answering(api: ApiClient, writes: list[tuple[str, Any]]) -> None:
    sub = uuid.uuid4().hex
    trienni = {"2026-2028"}
    credit_ids = []
    for kind, body in writes:
        if kind == "exemption":
            reply = api.post("/v1/me/exemptions", body, sub=sub)
        elif kind == "profile":
            reply = api.put("/v1/me/profile", body, sub=sub)
        else:
            reply = api.post("/v1/me/credits", body, sub=sub)
            if reply.status == 201:
                trienni.add(reply.json["triennium"])
                credit_ids.append(reply.json["id"])
        assert reply.status in (200, 201, 422), reply.text
        event(f"{kind} {reply.status}")
        reads_ok(api, sub, tuple(sorted(trienni)))
        for credit_id in credit_ids:
            for target in ("2023-2025", "2026-2028"):
                what_if = api.get(
                    "/v1/me/what-if/move", sub=sub, query={"credit_id": credit_id, "target": target}
                )
                assert what_if.status in (200, 422), what_if.text
                if what_if.status == 422:
                    assert what_if.error["field"] == "target", "only the target itself may be refused"
