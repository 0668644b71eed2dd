"""GET /v1/me/status: the status answer on the caller's stored records (issue 11), in both languages."""

from __future__ import annotations

import datetime as dt

from tests.api.conftest import BOB, PROFILE, ApiClient, Clock, credit_body


def test_status_names_the_insurers_triennium_and_the_registry_clock(api: ApiClient, today: Clock) -> None:
    today.set(dt.date(2026, 11, 29))
    api.put("/v1/me/profile", PROFILE)
    # 2024: 60 credits in 2023-2025 (registered); 2026: a provisional course ended on 10 Mar 2026.
    api.post(
        "/v1/me/credits",
        credit_body(
            start_date="2024-03-01",
            end_date=None,
            credits=60,
            event_code="11-1",
            registry_status="registered",
        ),
    )
    late = api.post(
        "/v1/me/credits", credit_body(start_date="2026-03-10", end_date=None, credits=8, event_code="11-2")
    ).json["id"]
    reply = api.get("/v1/me/status")
    assert reply.status == 200, reply.text
    body = reply.json
    # During 2026-2028 the insurer looks at 2023-2025: 70 % of 150 = 105, 60 counted, 45 missing.
    assert body["insurance"]["state"] == "in_force"
    assert body["insurance"]["triennium"] == "2023-2025"
    assert body["insurance"]["missing"] == 45
    assert body["insurance"]["fix_deadline"] == "2028-12-31"
    # 10 Mar 2026 + 110 days (21 left in March + 30 + 31 + 28) = 28 Jun 2026: past on 29 Nov, suspected.
    assert [m["id"] for m in body["missing_suspected"]] == [late]
    assert body["missing_suspected"][0]["suspected_after"] == "2026-06-28"
    assert [s["see"] for s in body["sentences"]] == [
        "current.credit_lines",
        "insurance.compliance.credit_lines",
        "missing_suspected",
    ]
    assert body["sentences"][1]["text"].startswith(
        "Assicurazione: l'assicuratore guarda il triennio 2023-2025"
    )
    english = api.get("/v1/me/status", headers={"Accept-Language": "en"})
    assert english.headers["content-language"] == "en"
    assert english.json["sentences"][1]["text"].startswith("Insurance: the insurer looks at 2023-2025")
    # Bob sees only his own records.
    assert api.get("/v1/me/status", sub=BOB).json["insurance"]["counted"] == 0


def test_compliance_counts_one_role_per_event(api: ApiClient) -> None:
    # Speaker (90 min = 4.5) and participant (2.7) at one congress, same event code: 4.5 counts.
    common = {"start_date": "2026-05-10", "end_date": None, "type": "res_congress", "event_code": "77-1"}
    api.post("/v1/me/credits", credit_body(**common, role="teacher", credits=4.5))
    api.post("/v1/me/credits", credit_body(**common, credits=2.7))
    result = api.get("/v1/me/compliance/2026-2028").json["result"]
    assert result["recorded"] == 7.2
    assert result["counted"] == 4.5


def test_status_names_credits_by_title_and_the_provider_scope_moves_the_clock(
    api: ApiClient, today: Clock
) -> None:
    # Both ended on 10 Mar 2026. National: suspected after 10 Mar + 110 days = 28 Jun 2026. Regional:
    # after 10 Mar + 274 days (the regional wait, ecm-rules.md 11.8) = 9 Dec 2026. On 29 Nov 2026 the
    # first is suspected missing and the second still pending.
    today.set(dt.date(2026, 11, 29))
    national = api.post(
        "/v1/me/credits", credit_body(title="La sepsi", start_date="2026-03-10", end_date=None)
    )
    regional = api.post(
        "/v1/me/credits",
        credit_body(
            title="Rischio clinico", start_date="2026-03-10", end_date=None, provider_scope="regional"
        ),
    )
    assert national.json["provider_scope"] == "national"  # the default the contract states
    assert regional.json["provider_scope"] == "regional"
    assert regional.json["missing_suspected"] is False
    assert national.json["missing_suspected"] is True
    body = api.get("/v1/me/status").json
    assert [(p["title"], p["suspected_after"]) for p in body["pending"]] == [
        ("Rischio clinico", "2026-12-09")
    ]
    sentences = {s["see"]: s["text"] for s in body["sentences"]}
    # One activity (a record) of 8 credits: counted as an activity, its credits said apart.
    assert sentences["pending"] == (
        "1 attività formativa non ancora nel registro, ancora nei tempi, per 8 crediti: "
        "«Rischio clinico» (10 marzo 2026)."
    )
    assert "«La sepsi» (10 marzo 2026)" in sentences["missing_suspected"]
    english = api.get("/v1/me/status", headers={"Accept-Language": "en"}).json
    texts = {s["see"]: s["text"] for s in english["sentences"]}
    assert texts["pending"] == (
        "1 activity not in the registry yet, still within the time allowed, for 8 credits: "
        "“Rischio clinico” (10 March 2026)."
    )
    # No credit id appears in any sentence.
    for text in [*sentences.values(), *texts.values()]:
        assert national.json["id"] not in text and regional.json["id"] not in text


def test_an_unknown_provider_scope_is_refused_naming_the_field(api: ApiClient) -> None:
    reply = api.post("/v1/me/credits", credit_body(provider_scope="provincial"))
    assert reply.status == 422, reply.text
    assert reply.error["field"] == "provider_scope"
