"""The demo seed stays valid for the API's models and meaningful whatever the day it runs."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import BaseModel

from functions.api.models import CreditIn, ProfileIn
from functions.rulebook import triennium_of
from functions.rulebook.models import Exemption
from infra.local.seed import demo_requests, seed_day, triennia

MODELS: dict[str, type[BaseModel]] = {
    "/v1/me/credits": CreditIn,
    "/v1/me/exemptions": Exemption,
    "/v1/me/profile": ProfileIn,
}


def dates(body: dict[str, Any]) -> list[dt.date]:
    return [dt.date.fromisoformat(v) for k, v in body.items() if k.endswith(("date", "start", "end"))]


@pytest.mark.parametrize(
    "today",
    [
        dt.date(2023, 6, 1),
        dt.date(2026, 11, 22),
        dt.date(2029, 1, 5),
        dt.date(2030, 12, 31),
        dt.date(2031, 6, 1),
    ],
    ids=str,
)
def test_seed_requests_are_valid_and_in_the_past(today: dt.date) -> None:
    steps = demo_requests(today)
    for _, path, body in steps:
        MODELS[path].model_validate(body)
        assert all(d <= today for d in dates(body)), body
        # Every date lies in a triennium the rule book knows, or the API refuses the record.
        assert all(triennium_of(d) for d in dates(body)), body
    # After the last known triennium the demo is written as of its last day.
    today = seed_day(today)
    assert steps[-1][1] == "/v1/me/profile", "the profile goes last: it marks a complete seed"

    credits = [body for _, path, body in steps if path == "/v1/me/credits"]
    current, previous = triennia(today)
    years = {dt.date.fromisoformat(c["start_date"]).year for c in credits}
    assert any(previous <= y < current for y in years) and any(y >= current for y in years)
    assert len({c["type"] for c in credits}) >= 4
    overdue = [
        c
        for c in credits
        if c["registry_status"] == "provisional"
        and (today - dt.date.fromisoformat(c.get("end_date", c["start_date"]))).days > 180
    ]
    assert len(overdue) == 1
    assert [b["kind"] for _, p, b in steps if p == "/v1/me/exemptions"] == ["esenzione"]
