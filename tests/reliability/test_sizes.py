"""The largest history the limits allow still fits every answer, checked through the local adapter.

One professional is filled to every per-person limit (``functions/api/limits.py``) with the longest
fields, written in the characters that cost most in JSON (outside the Basic Multilingual Plane, twelve
bytes each once escaped), all credits provisional and overdue (so compliance lists each as missing).
The local adapter enforces Lambda's 6 MB payload limit as AWS does (a 500 with nothing for the
caller), so every answer below being 200 proves it fits; the sizes are printed.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from decimal import Decimal

from functions.api import limits
from functions.api.professions import DISCIPLINES, PHYSICIAN, official
from infra.local.gateway import LAMBDA_PAYLOAD_LIMIT
from infra.local.seed import request
from tests.api.conftest import ALICE

WIDE = "\U0001f3e5"  # 🏥: a surrogate pair in JSON, the most bytes a character can cost
TRIENNI = ["2014-2016", "2017-2019", "2020-2022", "2023-2025", "2026-2028"]


def fill_to_the_limits() -> int:
    from functions.api.logic import credits, exemptions, profile
    from functions.api.models import CreditIn, ProfileIn
    from functions.rulebook.models import Exemption

    # Profession and discipline come from the rule book's lists: the longest of each.
    longest = max(official(DISCIPLINES), key=len)
    profile.put_profile(ALICE, ProfileIn.model_validate({"profession": PHYSICIAN, "discipline": longest}))
    reason = WIDE * 200
    for index in range(limits.MAX_EXEMPTIONS):
        year = 2014 + index % 14
        period = {"kind": "esenzione", "start": f"{year}-01-01", "end": f"{year}-01-02", "reason": reason}
        exemptions.create_exemption(ALICE, Exemption.model_validate(period))
    per_triennium = min(limits.MAX_CREDITS_PER_TRIENNIUM, -(-limits.MAX_CREDITS // len(TRIENNI)))
    amount = (limits.MAX_CREDITS_SUM_PER_TRIENNIUM / per_triennium).quantize(
        Decimal("0.1"), rounding="ROUND_DOWN"
    )
    stored = 0
    for triennium in TRIENNI:
        first = dt.date(int(triennium[:4]), 1, 10)
        for index in range(per_triennium):
            if stored == limits.MAX_CREDITS:
                return stored
            body: dict[str, object] = {
                "title": WIDE * 300,
                "event_code": WIDE * 40,
                "provider": WIDE * 200,
                "type": "res_course",
                "start_date": (first + dt.timedelta(days=index * 3)).isoformat(),
                "hours": 8,
                "participants": 30,
                "credits": float(amount),
            }
            credits.create_credit(ALICE, CreditIn.model_validate(body))
            stored += 1
    return stored


def test_every_answer_of_the_largest_allowed_history_fits_lambdas_payload_limit(
    gateway_url: str, token: str
) -> None:
    # The adapter sets the functions' variables on their first call; one read gives the logic its tables.
    assert request(f"{gateway_url}/v1/me/exemptions", "GET", token)[0] == 200
    stored = fill_to_the_limits()
    assert stored == limits.MAX_CREDITS
    sizes = {}
    for path in (
        "/v1/me/export",
        "/v1/me/export/credits.csv",
        "/v1/me/compensation",
        "/v1/me/exemptions",
        *(f"/v1/me/compliance/{t}" for t in TRIENNI),
    ):
        status, body = request(f"{gateway_url}{path}", "GET", token)
        assert status == 200, (path, str(body)[:300])
        sizes[path] = len(json.dumps(body).encode())
    with_escapes = max(sizes.values())
    print(
        f"\nsizes at the limits ({stored} credits): "
        + ", ".join(f"{p} {s / 1e6:.2f} MB" for p, s in sizes.items())
    )
    assert with_escapes < LAMBDA_PAYLOAD_LIMIT
    status, deleted = request(f"{gateway_url}/v1/me?confirm=delete-all-my-data", "DELETE", token)
    # Credits and pointers, exemptions, profile, counters, and one change record per write.
    changes = stored + limits.MAX_EXEMPTIONS + 1
    assert status == 200 and deleted["deleted_items"] == 2 * stored + limits.MAX_EXEMPTIONS + 2 + changes
    assert os.environ.get("USER_POOL_ID", "") == ""
