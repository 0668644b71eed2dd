"""The product on days after the last triennium the rule book knows (2026-2028): 2029 and 2031.

The data grows when the CNFC sets the next triennium; until then the API answers with what it knows
(the last known triennium) instead of refusing, and the demo seed stays valid.
"""

from __future__ import annotations

import datetime as dt

import pytest

from infra.local.seed import demo_requests
from tests.api.conftest import ApiClient, Clock

AFTER = [dt.date(2029, 1, 1), dt.date(2029, 7, 15), dt.date(2031, 6, 1)]


@pytest.mark.parametrize("day", AFTER, ids=str)
def test_compensation_answers_with_what_it_knows(api: ApiClient, today: Clock, day: dt.date) -> None:
    today.set(day)
    reply = api.get("/v1/me/compensation", sub="nobody-yet")
    assert reply.status == 200, reply.text
    rows = reply.json["trienni"]
    assert [row["triennium"] for row in rows] == ["2026-2028"]
    assert rows[0]["counted"] == 0.0 and rows[0]["obligation"] == 150.0
    assert reply.json["result"]["certifiable"] == {"2026-2028": False}


@pytest.mark.parametrize("day", AFTER, ids=str)
def test_the_demo_seed_is_accepted_and_computed(api: ApiClient, today: Clock, day: dt.date) -> None:
    today.set(day)
    for method, path, body in demo_requests(day):
        reply = api.request(method, path, body=body, sub="demo-later")
        assert reply.status < 300, (path, body, reply.text)
    balances = api.get("/v1/me/compensation", sub="demo-later")
    assert balances.status == 200, balances.text
    assert [row["triennium"] for row in balances.json["trienni"]] == ["2023-2025", "2026-2028"]
    current = api.get("/v1/me/compliance/2026-2028", sub="demo-later")
    assert current.status == 200, current.text
    assert current.json["result"]["counted"] > 0
