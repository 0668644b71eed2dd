"""Compliance from stored records: the rule book's answer, thresholds, missing suspected, few requests."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from tests.api.conftest import BOB, PROFILE, ApiClient, Clock, RequestCounter, credit_body


def test_compliance_reports_both_thresholds_and_missing(api: ApiClient) -> None:
    api.put("/v1/me/profile", PROFILE)
    for month in (1, 2, 3):
        api.post("/v1/me/credits", credit_body(start_date=f"2026-0{month}-15", end_date=None, credits=10))
    reply = api.get("/v1/me/compliance/2026-2028")
    assert reply.status == 200, reply.text
    body = reply.json
    result = body["result"]
    assert result["recorded"] == 30.0
    assert result["certifiable_threshold"] > result["insurance_threshold"] > 0
    assert result["missing"] > 0
    assert result["certifiable"] is False
    assert result["obligation"]["lines"], "every reduction is explained"
    assert body["provisional_credits"] == 30.0
    assert "Ordine" in body["notice"]


def test_missing_suspected_credits_are_listed_with_claim_needs(api: ApiClient, today: Clock) -> None:
    today.set(dt.date(2026, 11, 22))
    old = api.post("/v1/me/credits", credit_body(start_date="2026-02-01", end_date=None)).json["id"]
    api.post("/v1/me/credits", credit_body(start_date="2026-11-20", end_date=None))
    api.post(
        "/v1/me/credits", credit_body(start_date="2026-01-20", end_date=None, registry_status="registered")
    )
    body = api.get("/v1/me/compliance/2026-2028").json
    assert [m["credit_id"] for m in body["missing_suspected"]] == [old]
    assert body["missing_suspected"][0]["claim"]["needs"]


def test_exemptions_reduce_the_obligation(api: ApiClient) -> None:
    api.put("/v1/me/profile", PROFILE)
    before = api.get("/v1/me/compliance/2026-2028").json["result"]["obligation"]["obligation"]
    api.post("/v1/me/exemptions", {"kind": "esenzione", "start": "2026-01-01", "end": "2026-12-31"})
    after = api.get("/v1/me/compliance/2026-2028").json["result"]["obligation"]["obligation"]
    assert after < before


def _seed_credits(sub: str, count: int) -> None:
    """Write credit items straight to the table (a test-only batch write, for speed)."""
    import boto3

    from functions.api import dal, dal_credits

    requests: list[Any] = []
    for index in range(count):
        day = dt.date(2026, 1, 1) + dt.timedelta(days=index % 1000)
        data = {
            "id": f"c{index}",
            "triennium": "2026-2028",
            "title": "t",
            "type": "res_course",
            "role": "participant",
            "start_date": day,
            "end_date": day,
            "credits": 0.1,
            "credits_source": "certificate",
            "registry_status": "registered",
            "created_at": "2026-01-01T00:00:00+00:00",
            "updated_at": "2026-01-01T00:00:00+00:00",
        }
        item = dal._encode(sub, dal_credits.credit_sk("2026-2028", day, f"c{index}"), data)
        requests.append({"PutRequest": {"Item": item}})
    client = boto3.client("dynamodb")
    for start in range(0, len(requests), 25):
        client.batch_write_item(RequestItems={os.environ["TABLE_NAME"]: requests[start : start + 25]})


def test_compliance_makes_two_queries_for_10_and_for_1000_credits(
    api: ApiClient, dynamodb_calls: RequestCounter
) -> None:
    api.put("/v1/me/profile", PROFILE)
    for count in (10, 1000):
        _seed_credits("bulk", count)
        dynamodb_calls.reset()
        reply = api.get("/v1/me/compliance/2026-2028", sub="bulk")
        assert reply.status == 200, reply.text
        assert reply.json["result"]["recorded"] == float(count) / 10
        assert dynamodb_calls.calls == ["Query", "Query"], (count, dynamodb_calls.calls)


def test_compliance_reads_only_the_callers_items(api: ApiClient) -> None:
    api.post("/v1/me/credits", credit_body(credits=40), sub=BOB)
    assert api.get("/v1/me/compliance/2026-2028").json["result"]["recorded"] == 0.0
    assert api.get("/v1/me/compliance/2026-2028", sub=BOB).json["result"]["recorded"] == 40.0


def test_compensation_shows_balances_per_triennium(api: ApiClient) -> None:
    api.put("/v1/me/profile", PROFILE)
    api.post("/v1/me/credits", credit_body(start_date="2024-05-05", end_date=None, credits=50))
    api.post("/v1/me/credits", credit_body(credits=20))
    reply = api.get("/v1/me/compensation")
    assert reply.status == 200, reply.text
    trienni = {row["triennium"]: row for row in reply.json["trienni"]}
    assert {"2023-2025", "2026-2028"} <= set(trienni)
    assert trienni["2026-2028"]["counted"] == 20.0
    assert set(reply.json["result"]["balances"]) == set(trienni)


def test_what_if_move_changes_nothing_stored(api: ApiClient) -> None:
    api.put("/v1/me/profile", PROFILE)
    credit_id = api.post("/v1/me/credits", credit_body(credits=12)).json["id"]
    reply = api.get("/v1/me/what-if/move", query={"credit_id": credit_id, "target": "2023-2025"})
    assert reply.status == 200, reply.text
    result = reply.json["result"]
    assert result["source"] == "2026-2028" and result["target"] == "2023-2025"
    assert set(result["before"]) == set(result["after"])
    assert api.get(f"/v1/me/credits/{credit_id}").json["triennium"] == "2026-2028"


def test_what_if_for_someone_elses_credit_is_not_found(api: ApiClient) -> None:
    credit_id = api.post("/v1/me/credits", credit_body(), sub=BOB).json["id"]
    reply = api.get("/v1/me/what-if/move", query={"credit_id": credit_id, "target": "2023-2025"})
    assert reply.status == 404


def test_radioprotection_quota_from_profile_and_credit_flags(api: ApiClient) -> None:
    """D.Lgs 101/2020 art. 162 c. 4 (ecm-rules.md §11.11): with medical exposure, 10 % of 150 = 15 credits
    on radioprotection of the patient; 140 + 10 flagged counts 150 but leaves 5 missing."""
    api.put("/v1/me/profile", {**PROFILE, "medical_exposure": True})
    assert api.get("/v1/me/profile").json["medical_exposure"] is True
    api.post("/v1/me/credits", credit_body(start_date="2026-02-15", end_date=None, credits=140))
    flagged = api.post(
        "/v1/me/credits",
        credit_body(start_date="2026-03-15", end_date=None, credits=10, radioprotection=True),
    )
    assert flagged.status == 201, flagged.text
    assert flagged.json["radioprotection"] is True
    result = api.get("/v1/me/compliance/2026-2028").json["result"]
    assert (result["counted"], result["radioprotection"], result["radioprotection_minimum"]) == (150, 10, 15)
    assert (result["certifiable"], result["missing"]) == (False, 5)
    assert [line["msg"] for line in result["radioprotection_lines"]] == [
        "line.compliance.radioprotection_minimum",
        "line.compliance.radioprotection",
    ]
    # Complementary radiological activity: 15 % of 150 = 22.5, so 12.5 missing.
    api.put("/v1/me/profile", {**PROFILE, "radiology_complementary": True})
    result = api.get("/v1/me/compliance/2026-2028").json["result"]
    assert (result["radioprotection_minimum"], result["missing"]) == (22.5, 12.5)


def test_radioprotection_flag_written_as_1_is_refused(api: ApiClient) -> None:
    reply = api.post("/v1/me/credits", credit_body(start_date="2026-03-15", end_date=None, radioprotection=1))
    assert reply.status == 422
    assert "radioprotection" in reply.text
    reply = api.put("/v1/me/profile", {**PROFILE, "medical_exposure": "yes"})
    assert reply.status == 422
    assert "medical_exposure" in reply.text
