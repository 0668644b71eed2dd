"""Caps hold under parallel writes: the counter item is checked by the same transaction that writes.

The outside tester stored more than 50 exemptions by writing them in parallel (the cap was a count
read before the write). Here 64 writes race from 16 threads against the moto server: exactly the cap
is stored, every other write is refused with ``limit_reached``, and compliance still answers.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

from botocore.exceptions import ClientError

from functions.api import limits
from functions.api.errors import ApiError
from functions.rulebook.models import Exemption
from tests.api.conftest import ALICE, EXEMPTION, ApiClient, credit_body
from tests.reliability import figures
from tests.reliability.conftest import scan


def test_parallel_exemptions_stop_exactly_at_the_cap(live_api: ApiClient) -> None:
    from functions.api.logic import exemptions

    exemption = Exemption.model_validate(EXEMPTION)

    def write(_: int) -> str:
        # 16 writers of one professional queue for the change feed's sequence number; one that waited
        # too long gets the transient conflict (503 with Retry-After at the API) and is retried, as a
        # client would. It stored nothing, so the cap's count is unaffected.
        while True:
            try:
                exemptions.create_exemption(ALICE, exemption)
            except ApiError as error:
                assert error.code == "limit_reached" and error.limit == limits.MAX_EXEMPTIONS, error.message
                return "refused"
            except ClientError as error:
                assert error.response["Error"]["Code"] == "TransactionConflictException", error
                continue
            return "stored"

    with ThreadPoolExecutor(16) as pool:
        outcomes = list(pool.map(write, range(limits.MAX_EXEMPTIONS + 14)))
    stored = [item for item in scan() if item["sk"]["S"].startswith("EXEMPTION#")]
    figures.record("limits", tried=len(outcomes), failed=max(0, len(stored) - limits.MAX_EXEMPTIONS))
    assert outcomes.count("stored") == len(stored) == limits.MAX_EXEMPTIONS
    assert outcomes.count("refused") == 14
    assert live_api.get("/v1/me/compliance/2026-2028").status == 200
    # Deleting one frees one place.
    first = live_api.get("/v1/me/exemptions").json["items"][0]["id"]
    assert live_api.delete(f"/v1/me/exemptions/{first}").status == 204
    assert live_api.post("/v1/me/exemptions", EXEMPTION).status == 201
    refused = live_api.post("/v1/me/exemptions", EXEMPTION)
    assert refused.status == 422 and refused.error["code"] == "limit_reached"
    assert refused.error["field"] == "exemptions" and refused.error["limit"] == 50


def test_parallel_credits_never_take_a_triennium_past_its_sum(live_api: ApiClient) -> None:
    from functions.api.logic import credits
    from functions.api.models import CreditIn

    credit = CreditIn.model_validate(credit_body(credits=90))

    def write(_: int) -> str:
        try:
            credits.create_credit(ALICE, credit)
        except ApiError as error:
            assert error.code == "limit_reached", error.message
            return "refused"
        return "stored"

    with ThreadPoolExecutor(8) as pool:
        outcomes = list(pool.map(write, range(14)))
    stored = [Decimal(i["credits"]["N"]) for i in scan() if i["sk"]["S"].startswith("CREDIT#")]
    # 11 x 90 = 990 fits under 1,000; a twelfth would not.
    assert outcomes.count("stored") == len(stored) == 11
    assert sum(stored) <= limits.MAX_CREDITS_SUM_PER_TRIENNIUM
    assert live_api.get("/v1/me/compensation").status == 200
    figures.record("limits", tried=len(outcomes), failed=int(sum(stored) > 1000))
