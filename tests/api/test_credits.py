"""Credits: create (given or computed), read, list with cursors, update, delete, missing suspected."""

from __future__ import annotations

import datetime as dt

from tests.api.conftest import ALICE, BOB, ApiClient, Clock, credit_body, table_items


def test_create_with_certificate_credits_and_read_back(api: ApiClient) -> None:
    created = api.post("/v1/me/credits", credit_body())
    assert created.status == 201
    credit = created.json
    assert credit["credits"] == 8.0
    assert credit["credits_source"] == "certificate"
    assert credit["computation"] is None
    assert credit["triennium"] == "2026-2028"
    assert credit["registry_status"] == "provisional"

    read = api.get(f"/v1/me/credits/{credit['id']}")
    assert read.status == 200
    assert read.json["title"] == "Aggiornamento in cardiologia"
    assert "computation" not in read.json


def test_left_out_credits_are_computed_and_say_so(api: ApiClient) -> None:
    body = credit_body()
    del body["credits"]
    created = api.post("/v1/me/credits", body)
    assert created.status == 201, created.text
    credit = created.json
    assert credit["credits_source"] == "computed"
    assert credit["rules_version"]
    assert credit["computation"]["credits"] == credit["credits"]
    assert credit["computation"]["lines"], "the explanation comes with the computed credits"


def test_credits_are_stored_as_decimal_with_one_decimal_place(api: ApiClient) -> None:
    api.post("/v1/me/credits", credit_body(credits=7))
    stored = [item for item in table_items() if item["sk"]["S"].startswith("CREDIT#")]
    assert stored[0]["credits"] == {"N": "7.0"}


def test_credits_with_more_than_one_decimal_are_refused_not_rounded(api: ApiClient) -> None:
    reply = api.post("/v1/me/credits", credit_body(credits=7.25))
    assert reply.status == 422
    assert reply.error["field"] == "credits"
    assert table_items() == []


def test_update_moves_the_credit_when_its_date_changes_triennium(api: ApiClient) -> None:
    credit_id = api.post("/v1/me/credits", credit_body()).json["id"]
    moved = api.put(
        f"/v1/me/credits/{credit_id}",
        credit_body(start_date="2025-11-03", end_date="2025-11-04", registry_status="registered"),
    )
    assert moved.status == 200, moved.text
    assert moved.json["triennium"] == "2023-2025"
    assert moved.json["registry_status"] == "registered"
    assert api.get("/v1/me/credits", query={"triennium": "2026-2028"}).json["items"] == []
    listed = api.get("/v1/me/credits", query={"triennium": "2023-2025"}).json["items"]
    assert [c["id"] for c in listed] == [credit_id]
    # One credit item, one pointer and the counters: the old copy went away in the same transaction;
    # and two change records (the create and the update).
    items = {i["sk"]["S"].split("#")[0]: i for i in table_items() if not i["sk"]["S"].startswith("CHANGE#")}
    assert len(table_items()) == 3 + 2 and set(items) == {"CREDIT", "CREDITID", "COUNTERS"}
    assert items["COUNTERS"]["credits 2023-2025"] == {"N": "1"}
    assert items["COUNTERS"]["credits 2026-2028"] == {"N": "0"}
    assert items["COUNTERS"]["sum 2023-2025"] == {"N": "8.0"} and items["COUNTERS"]["credits"] == {"N": "1"}


def test_counted_in_moves_the_credit_to_another_triennium(api: ApiClient) -> None:
    reply = api.post("/v1/me/credits", credit_body(counted_in="2023-2025"))
    assert reply.status == 201
    assert reply.json["triennium"] == "2023-2025"


def test_delete_removes_credit_and_pointer(api: ApiClient) -> None:
    credit_id = api.post("/v1/me/credits", credit_body()).json["id"]
    assert api.delete(f"/v1/me/credits/{credit_id}").status == 204
    # Only the counters stay, back at zero (the sequence at 2), and the two writes' change records.
    counters, *changes = sorted(table_items(), key=lambda item: item["sk"]["S"] != "COUNTERS")
    assert counters["sk"] == {"S": "COUNTERS"}
    assert {k: v for k, v in counters.items() if k not in ("pk", "sk")} == {
        "credits": {"N": "0"},
        "credits 2026-2028": {"N": "0"},
        "sum 2026-2028": {"N": "0.0"},
        "seq": {"N": "2"},
    }
    assert sorted((c["sk"]["S"], c["op"]["S"]) for c in changes) == [
        ("CHANGE#000000000001", "put"),
        ("CHANGE#000000000002", "delete"),
    ]
    assert api.get(f"/v1/me/credits/{credit_id}").status == 404
    assert api.delete(f"/v1/me/credits/{credit_id}").status == 404


def test_list_pages_with_an_opaque_cursor(api: ApiClient) -> None:
    ids = [
        api.post("/v1/me/credits", credit_body(start_date=f"2026-0{m}-01", end_date=None)).json["id"]
        for m in range(1, 6)
    ]
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        query = {"triennium": "2026-2028", "limit": "2", **({"cursor": cursor} if cursor else {})}
        page = api.get("/v1/me/credits", query=query)
        assert page.status == 200, page.text
        seen += [c["id"] for c in page.json["items"]]
        pages += 1
        cursor = page.json["next_cursor"]
        if not cursor:
            break
    assert seen == ids  # ordered by date
    assert pages == 3


def test_an_exactly_full_last_page_has_no_cursor(api: ApiClient) -> None:
    """Four credits in pages of two: two pages, the second says it is the last (no empty third page)."""
    for m in range(1, 5):
        api.post("/v1/me/credits", credit_body(start_date=f"2026-0{m}-01", end_date=None))
    first = api.get("/v1/me/credits", query={"triennium": "2026-2028", "limit": "2"}).json
    assert len(first["items"]) == 2 and first["next_cursor"]
    query = {"triennium": "2026-2028", "limit": "2", "cursor": first["next_cursor"]}
    second = api.get("/v1/me/credits", query=query).json
    assert len(second["items"]) == 2
    assert second["next_cursor"] is None
    # The same edge on a single page: exactly `limit` items, nothing after them.
    whole = api.get("/v1/me/credits", query={"triennium": "2026-2028", "limit": "4"}).json
    assert len(whole["items"]) == 4 and whole["next_cursor"] is None
    empty = api.get("/v1/me/credits", query={"triennium": "2023-2025", "limit": "4"}).json
    assert empty == {"triennium": "2023-2025", "items": [], "next_cursor": None}


def test_a_cursor_from_another_user_is_not_found_and_ones_own_for_another_listing_is_named(
    api: ApiClient,
) -> None:
    for m in range(1, 4):
        api.post("/v1/me/credits", credit_body(start_date=f"2026-0{m}-01", end_date=None))
        api.post("/v1/me/credits", credit_body(start_date=f"2026-0{m}-01", end_date=None), sub=BOB)
    cursor = api.get("/v1/me/credits", query={"triennium": "2026-2028", "limit": "1"}).json["next_cursor"]
    stolen = api.get("/v1/me/credits", sub=BOB, query={"triennium": "2026-2028", "cursor": cursor})
    assert stolen.status == 404
    assert stolen.error["code"] == "not_found"
    # The caller's own cursor with another triennium or order: a 422 on query.cursor saying why (it was a
    # 404 with no field, which a reviewer read as "the cursor expired").
    for query in ({"triennium": "2023-2025"}, {"order": "desc"}):
        other = api.get("/v1/me/credits", query={**query, "cursor": cursor})
        assert other.status == 422, other.text
        assert (other.error["field"], other.error["msg"]) == ("query.cursor", "api.cursor_other_query")
        assert "stesso triennio e stesso ordine" in other.error["message"]


def test_a_forged_cursor_is_refused(api: ApiClient) -> None:
    reply = api.get("/v1/me/credits", query={"triennium": "2026-2028", "cursor": "not-a-cursor!"})
    assert reply.status == 422
    assert reply.error["field"] == "query.cursor"


def test_provisional_credit_becomes_missing_suspected_after_window_and_margin(
    api: ApiClient, today: Clock
) -> None:
    from functions.rulebook import missing_suspected_after

    end = dt.date(2026, 3, 10)
    limit = missing_suspected_after(end)
    assert (limit - end).days >= 90
    today.set(limit)
    credit_id = api.post("/v1/me/credits", credit_body()).json["id"]
    assert api.get(f"/v1/me/credits/{credit_id}").json["missing_suspected"] is False

    today.set(limit + dt.timedelta(days=1))
    credit = api.get(f"/v1/me/credits/{credit_id}").json
    assert credit["missing_suspected"] is True
    claim = credit["missing_claim"]
    assert claim["suspected_since"] == (limit + dt.timedelta(days=1)).isoformat()
    # In the reader's language (Italian by default): the attestato comes first (ecm-rules.md §11.9).
    assert any("attestato di partecipazione" in need for need in claim["needs"])
    assert any("provider" in need for need in claim["needs"])

    registered = api.put(f"/v1/me/credits/{credit_id}", credit_body(registry_status="registered"))
    assert registered.json["missing_suspected"] is False


def test_rule_book_refusals_surface_as_422_with_the_field(api: ApiClient) -> None:
    # A teacher cannot be sponsor-recruited; the rule book says so at creation, not at compliance time.
    reply = api.post("/v1/me/credits", credit_body(role="teacher", sponsored=True))
    assert reply.status == 422, reply.text
    assert reply.error["field"] == "sponsored"
    assert table_items() == []


def test_dates_outside_known_trienni_are_refused(api: ApiClient) -> None:
    reply = api.post("/v1/me/credits", credit_body(start_date="2005-01-10", end_date=None))
    assert reply.status == 422
    assert reply.error["field"] == "start_date"  # the date sent (no end_date: the end is the start)


def test_each_user_sees_only_their_credits(api: ApiClient) -> None:
    mine = api.post("/v1/me/credits", credit_body(), sub=ALICE).json["id"]
    theirs = api.post("/v1/me/credits", credit_body(), sub=BOB).json["id"]
    listed = api.get("/v1/me/credits", sub=ALICE, query={"triennium": "2026-2028"}).json["items"]
    assert [c["id"] for c in listed] == [mine]
    assert theirs not in [c["id"] for c in listed]


def test_computed_credits_use_the_details_the_rule_book_needs(api: ApiClient) -> None:
    body = credit_body(role="teacher", details={"teaching_minutes": 120})
    del body["credits"]
    reply = api.post("/v1/me/credits", body)
    assert reply.status == 201, reply.text
    assert reply.json["credits_source"] == "computed"
    assert reply.json["details"]["teaching_minutes"] == 120


def test_credits_the_rule_book_cannot_compute_name_the_missing_input(api: ApiClient) -> None:
    body = credit_body(type="abroad", hours=None, participants=None)
    del body["credits"]
    reply = api.post("/v1/me/credits", body)
    assert reply.status == 422
    assert reply.error["field"] == "details.stated_credits"
    assert "attestato" in reply.error["message"]  # Italian by default
    assert reply.error["msg"] == "api.or_certificate_credits"
    english = api.post("/v1/me/credits", body, headers={"Accept-Language": "en"})
    assert "certificate" in english.error["message"]
    assert table_items() == []


def test_amounts_are_never_rounded_quietly() -> None:
    from decimal import Decimal

    import pytest

    from functions.api.logic.common import one_decimal

    assert str(one_decimal(Decimal(5))) == "5.0"
    with pytest.raises(ValueError, match="more than one decimal"):
        one_decimal(Decimal("2.25"))


def test_attendance_and_test_score_reach_the_rule_book(api: ApiClient) -> None:
    """§11.7 of the rules: a participant who attended under 90 % earns no credits; 95 % earns what the
    event gives without the attendance stated."""
    body = credit_body(start_date="2024-05-10", end_date=None, hours=6, participants=20)
    del body["credits"]
    attended = api.post("/v1/me/credits", {**body, "details": {"attendance_percent": 95}})
    assert attended.status == 201, attended.text
    plain = api.post("/v1/me/credits", body).json["credits"]
    assert plain > 0 and attended.json["credits"] == plain
    assert attended.json["details"]["attendance_percent"] == 95.0
    short = api.post("/v1/me/credits", {**body, "details": {"attendance_percent": 85}})
    assert short.status == 201, short.text
    assert short.json["credits"] == 0.0
    wrong = api.post("/v1/me/credits", {**body, "details": {"test_score_percent": 100.5}})
    assert wrong.status == 422 and wrong.error["field"] == "details.test_score_percent"
    country = api.post("/v1/me/credits", {**body, "details": {"country": "de"}})
    assert country.status == 422 and country.error["field"] == "details.country"
