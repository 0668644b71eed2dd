"""Two devices editing and syncing one professional's records: versions, If-Match, merge patches, the
change feed. Expected values are written by hand from the scenario (versions count the writes)."""

from __future__ import annotations

import re
from typing import Any

from functions.api.logic.changes import encode_cursor
from tests.api.conftest import (
    ALICE,
    BOB,
    EXEMPTION,
    PROFILE,
    ApiClient,
    RequestCounter,
    credit_body,
    table_items,
)

MERGE = {"content-type": "application/merge-patch+json"}


def _patch(api: ApiClient, path: str, patch: dict[str, Any], etag: str | None = None, **kwargs: Any) -> Any:
    headers = {**MERGE, **({"If-Match": etag} if etag else {})}
    return api.request("PATCH", path, body=patch, headers=headers, **kwargs)


class Device:
    """A phone's copy of the records, kept up to date only through the change feed."""

    def __init__(self, api: ApiClient, cursor: str) -> None:
        self.api = api
        self.cursor = cursor
        self.items: dict[tuple[str, str], dict[str, Any]] = {}
        self.pages = 0

    def sync(self, limit: int = 2) -> None:
        while True:
            reply = self.api.get("/v1/me/changes", query={"since": self.cursor, "limit": str(limit)})
            assert reply.status == 200, reply.text
            self.pages += 1
            for change in reply.json["items"]:
                key = (change["kind"], change["id"])
                if change["op"] == "delete":
                    self.items.pop(key, None)
                else:
                    self.items[key] = change[change["kind"]]
            self.cursor = reply.json["next_cursor"]
            if not reply.json["has_more"]:
                return


def _server_state(api: ApiClient) -> dict[tuple[str, str], dict[str, Any]]:
    state: dict[tuple[str, str], dict[str, Any]] = {}
    for credit in api.get("/v1/me/credits", query={"limit": "100"}).json["items"]:
        state[("credit", credit["id"])] = credit
    for exemption in api.get("/v1/me/exemptions").json["items"]:
        state[("exemption", exemption["id"])] = exemption
    profile = api.get("/v1/me/profile")
    if profile.status == 200:
        state[("profile", "profile")] = profile.json
    return state


def test_a_stale_patch_from_the_second_device_gets_412_with_the_current_version(api: ApiClient) -> None:
    credit_id = api.post("/v1/me/credits", credit_body()).json["id"]
    phone = api.get(f"/v1/me/credits/{credit_id}")
    tablet = api.get(f"/v1/me/credits/{credit_id}")
    assert phone.headers["etag"] == tablet.headers["etag"] == '"v1"' == phone.json["etag"]

    done = _patch(
        api, f"/v1/me/credits/{credit_id}", {"registry_status": "registered"}, phone.headers["etag"]
    )
    assert done.status == 200, done.text
    assert done.headers["etag"] == '"v2"' and done.json["version"] == 2
    stored = table_items()

    late = _patch(api, f"/v1/me/credits/{credit_id}", {"title": "Corso BLS"}, tablet.headers["etag"])
    assert late.status == 412, late.text
    error = late.json["error"]
    assert error["code"] == "precondition_failed" and error["field"] == "header.if-match"
    assert error["msg"] == "api.stale" and error["params"] == {"etag": '"v2"'}
    assert late.headers["etag"] == '"v2"'
    current = late.json["current"]
    assert current["version"] == 2 and current["registry_status"] == "registered"
    assert current["title"] == "Aggiornamento in cardiologia", "the stale title was not written"
    assert table_items() == stored, "nothing written, no change record either"

    # The tablet applies its change to the current version: accepted.
    again = _patch(api, f"/v1/me/credits/{credit_id}", {"title": "Corso BLS"}, late.headers["etag"])
    assert again.status == 200 and again.json["version"] == 3
    assert (again.json["title"], again.json["registry_status"]) == ("Corso BLS", "registered")


def test_stale_put_and_delete_are_refused_too_and_star_or_no_header_are_not(api: ApiClient) -> None:
    credit_id = api.post("/v1/me/credits", credit_body()).json["id"]
    assert _patch(api, f"/v1/me/credits/{credit_id}", {"hours": 6}).json["version"] == 2
    stale_put = api.put(f"/v1/me/credits/{credit_id}", credit_body(), headers={"If-Match": '"v1"'})
    assert stale_put.status == 412 and stale_put.json["current"]["hours"] == 6
    stale_delete = api.delete(f"/v1/me/credits/{credit_id}", headers={"If-Match": '"v1"'})
    assert stale_delete.status == 412 and stale_delete.json["current"]["version"] == 2
    weak = api.delete(f"/v1/me/credits/{credit_id}", headers={"If-Match": 'W/"v2"'})
    assert weak.status == 412, "If-Match compares strongly: a weak tag never matches"
    bad = api.delete(f"/v1/me/credits/{credit_id}", headers={"If-Match": "v2"})
    assert bad.status == 422 and bad.error["field"] == "header.if-match"
    star = api.put(f"/v1/me/credits/{credit_id}", credit_body(hours=5), headers={"If-Match": "*"})
    assert star.status == 200 and star.json["version"] == 3
    assert api.delete(f"/v1/me/credits/{credit_id}", headers={"If-Match": '"v1", "v3"'}).status == 204
    assert api.get(f"/v1/me/credits/{credit_id}").status == 404


def test_the_change_feed_replays_both_devices_to_the_same_state(api: ApiClient) -> None:
    start = api.get("/v1/me/changes")
    assert start.status == 200 and start.json["items"] == [] and start.json["has_more"] is False
    phone, tablet = Device(api, start.json["next_cursor"]), Device(api, start.json["next_cursor"])

    first = api.post("/v1/me/credits", credit_body()).json  # 1
    second = api.post("/v1/me/credits", credit_body(start_date="2025-05-05", end_date=None)).json  # 2
    phone.sync()
    _patch(api, f"/v1/me/credits/{first['id']}", {"registry_status": "registered"}, first["etag"])  # 3
    exemption = api.post("/v1/me/exemptions", EXEMPTION).json  # 4
    assert api.put("/v1/me/profile", PROFILE).status == 200  # 5
    assert api.delete(f"/v1/me/credits/{second['id']}").status == 204  # 6
    _patch(api, f"/v1/me/exemptions/{exemption['id']}", {"end": "2026-05-31"})  # 7
    _patch(api, "/v1/me/profile", {"discipline": None})  # 8
    phone.sync()
    tablet.sync(limit=3)

    expected = _server_state(api)
    assert set(expected) == {("credit", first["id"]), ("exemption", exemption["id"]), ("profile", "profile")}
    assert phone.items == expected and tablet.items == expected
    assert expected[("credit", first["id"])]["version"] == 2
    assert expected[("exemption", exemption["id"])]["exemption"]["end"] == "2026-05-31"
    assert (
        "discipline" not in expected[("profile", "profile")]
        or expected[("profile", "profile")]["discipline"] is None
    )
    # 8 changes: the tablet read them 3 at a time (3 + 3 + 2), the phone 2 + 2 + 2 + 2 in two rounds.
    assert tablet.pages == 3 and phone.pages == 1 + 3

    feed = api.get("/v1/me/changes", query={"since": start.json["next_cursor"], "limit": "100"}).json
    assert [(c["seq"], c["kind"], c["op"], c["version"]) for c in feed["items"]] == [
        (1, "credit", "put", 1),
        (2, "credit", "put", 1),
        (3, "credit", "put", 2),
        (4, "exemption", "put", 1),
        (5, "profile", "put", 1),
        (6, "credit", "delete", 2),
        (7, "exemption", "put", 2),
        (8, "profile", "put", 2),
    ]
    tombstone = feed["items"][5]
    assert tombstone["credit"] is None and tombstone["id"] == second["id"] and tombstone["etag"] == '"v2"'
    # Nothing new: the same cursor comes back, and an empty page.
    again = api.get("/v1/me/changes", query={"since": feed["next_cursor"]}).json
    assert again == {"items": [], "next_cursor": feed["next_cursor"], "has_more": False}


def test_timestamps_have_milliseconds_in_utc(api: ApiClient) -> None:
    credit = api.post("/v1/me/credits", credit_body()).json
    stamp = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
    assert stamp.match(credit["created_at"]) and stamp.match(credit["updated_at"])
    change = api.get("/v1/me/changes", query={"since": encode_cursor(ALICE, 0)}).json["items"][0]
    assert stamp.match(change["changed_at"])


def test_a_cursor_is_bound_to_its_owner_and_refused_when_expired(api: ApiClient) -> None:
    api.post("/v1/me/credits", credit_body())
    alices = api.get("/v1/me/changes").json["next_cursor"]
    assert api.get("/v1/me/changes", query={"since": alices}, sub=BOB).status == 404
    assert api.get("/v1/me/changes", query={"since": "not-a-cursor"}).status == 422
    assert api.get("/v1/me/changes", query={"since": encode_cursor(ALICE, -1)}).status == 422
    # A cursor past the end of the history (say, kept across an erasure) cannot be served either.
    ahead = api.get("/v1/me/changes", query={"since": encode_cursor(ALICE, 5)})
    assert ahead.status == 410 and ahead.error["code"] == "resync_required"
    assert "30" in ahead.error["message"]


def test_merge_patch_semantics_and_refusals(api: ApiClient) -> None:
    credit = api.post("/v1/me/credits", credit_body()).json
    path = f"/v1/me/credits/{credit['id']}"
    removed = _patch(api, path, {"provider": None, "details": {"teachers": 2}})
    assert removed.status == 200 and removed.json["provider"] is None
    assert removed.json["details"]["teachers"] == 2
    stored = table_items()
    invalid = _patch(api, path, {"end_date": "2026-03-01"})  # before start_date 2026-03-10
    # Named as a POST names it: the rule spans two fields, so the body is at fault.
    assert invalid.status == 422 and invalid.error["msg"] == "error.end_before_start"
    negative = _patch(api, path, {"hours": -1})
    assert negative.status == 422 and negative.error["field"] == "hours"
    too_long = _patch(api, path, {"title": "x" * 301})
    assert too_long.status == 422 and too_long.error["field"] == "title"
    assert too_long.error["params"].get("limit") == 300 or "300" in too_long.error["message"]
    not_nullable = _patch(api, path, {"title": None})  # title is required: removing it is refused
    assert not_nullable.status == 422 and not_nullable.error["field"] == "title"
    assert table_items() == stored, "refused patches write nothing"
    plain_json = api.request("PATCH", path, body={"title": "Corso"})  # application/json is accepted
    assert plain_json.status == 200 and plain_json.json["title"] == "Corso"
    other_type = api.request("PATCH", path, raw_body="title=x", headers={"content-type": "text/plain"})
    assert other_type.status == 415


def test_credits_of_a_computed_credit_change_only_on_purpose(api: ApiClient) -> None:
    body = credit_body()
    del body["credits"]
    credit = api.post("/v1/me/credits", body).json
    assert (credit["credits"], credit["credits_source"], credit["rules_version"]) == (
        8.0,
        "computed",
        "manuale-2019",
    )
    path = f"/v1/me/credits/{credit['id']}"

    # Inputs change: computed again (res_course, 1 credit per hour: 6 h -> 6.0).
    recomputed = _patch(api, path, {"hours": 6})
    assert (recomputed.json["credits"], recomputed.json["credits_source"]) == (6.0, "computed")

    stored = table_items()
    ambiguous = _patch(api, path, {"credits": 10})
    assert ambiguous.status == 422 and ambiguous.error["field"] == "credits_source"
    assert ambiguous.error["msg"] == "api.credits_source_required"
    also_put = api.put(path, credit_body(hours=6, credits=10))
    assert also_put.status == 422 and also_put.error["field"] == "credits_source"
    contradiction = _patch(api, path, {"credits": 10, "credits_source": "computed"})
    assert contradiction.status == 422 and contradiction.error["field"] == "credits"
    assert table_items() == stored

    kept = _patch(api, path, {"credits": 10, "credits_source": "overridden", "details": {"teachers": 3}})
    assert kept.status == 200, kept.text
    assert (kept.json["credits"], kept.json["credits_source"], kept.json["rules_version"]) == (
        10.0,
        "overridden",
        "manuale-2019",
    )
    # An overridden credit keeps its value when another field changes.
    still = _patch(api, path, {"title": "Corso BLS"})
    assert (still.json["credits"], still.json["credits_source"]) == (10.0, "overridden")
    assert still.json["details"]["teachers"] == 3

    cleared = _patch(api, path, {"credits": 9, "credits_source": "certificate"})
    assert (cleared.json["credits"], cleared.json["credits_source"]) == (9.0, "certificate")
    assert cleared.json["rules_version"] is None and cleared.json["details"] is None

    again = _patch(api, path, {"credits": None})  # back to computing: 6 h -> 6.0
    assert (again.json["credits"], again.json["credits_source"]) == (6.0, "computed")


def test_exemption_and_profile_patches(api: ApiClient) -> None:
    exemption = api.post("/v1/me/exemptions", EXEMPTION).json
    path = f"/v1/me/exemptions/{exemption['id']}"
    assert api.get(path).headers["etag"] == '"v1"'
    backwards = _patch(api, path, {"end": "2025-12-31"})
    assert backwards.status == 422 and backwards.error["field"] == "end"
    assert _patch(api, path, {"end": "2026-03-31"}, '"v1"').json["exemption"]["end"] == "2026-03-31"
    assert _patch(api, path, {"end": "2026-04-30"}, '"v1"').status == 412
    assert api.delete(path, headers={"If-Match": '"v2"'}).status == 204

    assert _patch(api, "/v1/me/profile", {"discipline": "Pediatria"}).status == 404  # no profile yet
    assert api.put("/v1/me/profile", PROFILE, headers={"If-Match": '"v1"'}).status == 404
    created = api.put("/v1/me/profile", PROFILE)
    assert created.headers["etag"] == '"v1"'
    patched = _patch(api, "/v1/me/profile", {"discipline": "Pediatria"}, '"v1"')
    assert patched.status == 200 and patched.json["discipline"] == "Pediatria"
    assert patched.json["profession"] == PROFILE["profession"]
    assert _patch(api, "/v1/me/profile", {"profession": ""}).error["field"] == "profession"
    assert api.put("/v1/me/profile", PROFILE, headers={"If-Match": '"v1"'}).status == 412


def test_every_credit_newest_first_a_page_at_a_time(api: ApiClient) -> None:
    days = ["2024-02-02", "2026-03-10", "2025-06-01", "2026-01-15"]
    ids = {
        day: api.post("/v1/me/credits", credit_body(start_date=day, end_date=None)).json["id"] for day in days
    }
    seen: list[str] = []
    cursor: str | None = None
    pages = 0
    while True:
        query = {"order": "desc", "limit": "2", **({"cursor": cursor} if cursor else {})}
        page = api.get("/v1/me/credits", query=query).json
        pages += 1
        assert page["triennium"] is None
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [ids["2026-03-10"], ids["2026-01-15"], ids["2025-06-01"], ids["2024-02-02"]]
    assert pages == 2, "the last page is exactly full and says so (no empty third page)"
    oldest = api.get("/v1/me/credits", query={"limit": "1"}).json
    assert [item["id"] for item in oldest["items"]] == [ids["2024-02-02"]]
    # A cursor of the oldest-first listing is not one of the newest-first one: refused on query.cursor.
    mixed = api.get("/v1/me/credits", query={"cursor": oldest["next_cursor"], "order": "desc"})
    assert (mixed.status, mixed.error["field"]) == (422, "query.cursor")


def test_a_retried_create_writes_its_change_record_once(api: ApiClient) -> None:
    key = {"Idempotency-Key": "retry-1"}
    first = api.post("/v1/me/credits", credit_body(), headers=key)
    replay = api.post("/v1/me/credits", credit_body(), headers=key)
    assert first.status == replay.status == 201 and first.json["id"] == replay.json["id"]
    feed = api.get("/v1/me/changes", query={"since": encode_cursor(ALICE, 0)}).json
    assert [(c["seq"], c["id"]) for c in feed["items"]] == [(1, first.json["id"])]


def test_dynamodb_requests_per_patch_and_per_changes_page(
    api: ApiClient, dynamodb_calls: RequestCounter
) -> None:
    credit = api.post("/v1/me/credits", credit_body()).json
    exemption = api.post("/v1/me/exemptions", EXEMPTION).json
    api.put("/v1/me/profile", PROFILE)
    figures: dict[str, list[str]] = {}
    for name, path in (
        ("credit", f"/v1/me/credits/{credit['id']}"),
        ("exemption", f"/v1/me/exemptions/{exemption['id']}"),
        ("profile", "/v1/me/profile"),
    ):
        patch = {"title": "Corso BLS"} if name == "credit" else {"end": "2026-05-31"}
        patch = {"discipline": "Pediatria"} if name == "profile" else patch
        dynamodb_calls.reset()
        assert _patch(api, path, patch).status == 200
        figures[f"PATCH {name}"] = list(dynamodb_calls.calls)
    dynamodb_calls.reset()
    page = api.get("/v1/me/changes", query={"since": encode_cursor(ALICE, 0), "limit": "2"})
    assert page.json["has_more"] is True
    figures["changes page"] = list(dynamodb_calls.calls)
    dynamodb_calls.reset()
    api.get("/v1/me/changes", query={"since": page.json["next_cursor"], "limit": "100"})
    figures["changes last page"] = list(dynamodb_calls.calls)
    print("\nDynamoDB requests:", {k: f"{len(v)} {v}" for k, v in figures.items()})
    # Credit: its pointer, the credit, the sequence number, one transaction (item, pointer, counters,
    # change record). Exemption and profile: the item, the sequence number, one transaction.
    assert figures["PATCH credit"] == ["GetItem", "GetItem", "GetItem", "TransactWriteItems"]
    assert figures["PATCH exemption"] == ["GetItem", "GetItem", "TransactWriteItems"]
    assert figures["PATCH profile"] == ["GetItem", "GetItem", "TransactWriteItems"]
    assert figures["changes page"] == ["Query"] and figures["changes last page"] == ["Query"]
