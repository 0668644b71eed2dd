"""The insurer statement (PDF) and the deadline calendar (iCalendar behind a secret address): issue 14.

Expected values are worked by hand from ecm-rules.md: a nurse registered in 2010 owes 150 credits in
2023-2025 (§2); 70 % of 150 is 105 (§11.5, art. 38-bis DL 152/2021: from policies of 1 Jan 2026 the
insurer looks at 2023-2025); credits as reclutato count up to 1/3 of the obligation, 50 (§4, Accordo
2/2/2017 art. 80 c.2); 2023-2025 can be completed until 31 Dec 2028 (L. 27/2026, one source, §11.8).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
import re

import pytest
from icalendar import Calendar
from pypdf import PdfReader

from tests.api.conftest import ALICE, BOB, ApiClient, Clock, credit_body, table_items

NURSE = {"profession": "infermiere", "first_registration": "2010-06-01"}
CONFIRM = {"confirm": "delete-all-my-data"}


def _pdf_text(reply_raw: dict[str, object]) -> str:
    assert reply_raw["isBase64Encoded"] is True
    data = base64.b64decode(str(reply_raw["body"]))
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def _nurse_in_2026(api: ApiClient, today: Clock, sub: str = ALICE) -> None:
    today.set(dt.date(2026, 11, 29))
    api.put("/v1/me/profile", NURSE, sub=sub)
    # 40 credits in 2024 and 60 as reclutato in 2025: 40 + min(60, 150 / 3 = 50) = 90 counted.
    api.post(
        "/v1/me/credits",
        credit_body(start_date="2024-03-01", end_date=None, credits=40, event_code="11-1"),
        sub=sub,
    )
    api.post(
        "/v1/me/credits",
        credit_body(start_date="2025-05-10", end_date=None, credits=60, event_code="11-2", sponsored=True),
        sub=sub,
    )


def test_the_insurance_statement_of_a_nurse_in_2026_names_2023_2025_and_its_70_percent(
    api: ApiClient, today: Clock
) -> None:
    _nurse_in_2026(api, today)
    reply = api.get("/v1/me/statement/insurance.pdf")
    assert reply.status == 200, reply.text
    assert reply.headers["content-type"] == "application/pdf"
    assert reply.headers["content-language"] == "it"
    assert 'filename="ecm-insurance-2023-2025.pdf"' in reply.headers["content-disposition"]
    text = " ".join(_pdf_text(reply.raw).split())
    assert "Dichiarazione ECM per l'assicurazione: triennio 2023-2025" in text
    assert "l'assicuratore guarda il triennio 2023-2025" in text
    # 70 % of 150 = 105; 40 + 50 (reclutato cap) = 90 counted; 105 - 90 = 15 and 150 - 90 = 60 missing.
    assert "Obbligo individuale: 150 crediti" in text
    assert "70 % (assicurazione): soglia 105 crediti, contati 90 crediti: non raggiunta" in text
    assert "100 % (obbligo verso l'Ordine): obbligo 150 crediti, contati 90 crediti: non raggiunto" in text
    assert "Per il 70 %: mancano 15 crediti" in text
    assert "Per il 100 %: mancano 60 crediti" in text
    assert "Registrati 100 crediti, contati 90 crediti" in text
    assert "31 dicembre 2028" in text
    assert "Calcolato il 29 novembre 2026" in text
    assert "art. 38-bis" in text and "Fonte:" in text
    assert "solo il tuo Ordine certifica" in text
    # Italian throughout: no ISO dates, no English words of the template.
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text), text
    for english in ("credits", "threshold", "Source", "missing", "Computed", "insurer"):
        assert english not in text, english


def test_the_statement_in_english(api: ApiClient, today: Clock) -> None:
    _nurse_in_2026(api, today)
    reply = api.get("/v1/me/statement/insurance.pdf", headers={"Accept-Language": "en"})
    assert reply.status == 200
    assert reply.headers["content-language"] == "en"
    text = " ".join(_pdf_text(reply.raw).split())
    assert "ECM statement for the insurer: triennium 2023-2025" in text
    assert "70 % (insurance): threshold 105 credits, 90 credits counted: not met" in text
    assert "For 70 %: 15 credits missing" in text
    assert "31 December 2028" in text
    assert "only your Ordine certifies" in text


def test_a_statement_of_a_triennium_with_no_credit_entered_gives_the_targets_without_a_verdict(
    api: ApiClient, today: Clock
) -> None:
    """Not entered is not known to be missing, as in the status answer: no "non raggiunta", no "mancano"."""
    today.set(dt.date(2026, 11, 29))
    api.put("/v1/me/profile", NURSE)
    api.post("/v1/me/credits", credit_body(start_date="2026-10-01", end_date=None, credits=12))  # 2026-2028
    text = " ".join(_pdf_text(api.get("/v1/me/statement/insurance.pdf").raw).split())
    assert "triennio 2023-2025" in text
    # 70 % of 150 = 105; 150 owed (registered in 2010, no reduction).
    assert (
        "70 % (assicurazione): soglia 105 crediti; nessun credito di questo triennio è registrato qui" in text
    )
    assert "100 % (obbligo verso l'Ordine): obbligo 150 crediti; nessun credito di questo triennio" in text
    assert "Nessun credito del triennio 2023-2025 è registrato qui" in text and "Co.Ge.A.P.S." in text
    assert "31 dicembre 2028" in text  # still completable until then (L. 27/2026)
    for verdict in ("non raggiunt", "mancano", "Non manca nulla"):
        assert verdict not in text, verdict
    english = api.get("/v1/me/statement/insurance.pdf", headers={"Accept-Language": "en"})
    text = " ".join(_pdf_text(english.raw).split())
    assert "70 % (insurance): threshold 105 credits; no credit of this triennium is recorded here" in text
    for verdict in ("not met", "missing:", "credits missing", "Nothing is missing"):
        assert verdict not in text, verdict


def test_as_of_chooses_the_insurers_triennium(api: ApiClient, today: Clock) -> None:
    _nurse_in_2026(api, today)
    # On 31 Dec 2028, the last day the rule book knows, 2026-2028 is not closed yet: still 2023-2025.
    later = api.get("/v1/me/statement/insurance.pdf", query={"as_of": "2028-12-31"})
    assert later.status == 200
    assert "triennio 2023-2025" in " ".join(_pdf_text(later.raw).split())
    # In 2022 no triennium is measured yet (the rule starts with 2023-2025): no threshold to print.
    early = " ".join(
        _pdf_text(api.get("/v1/me/statement/insurance.pdf", query={"as_of": "2022-05-01"}).raw).split()
    )
    assert "2023-2025" in early  # the sentence names the first triennium measured


@pytest.mark.parametrize("as_of", ["2011-01-01", "2020-06-30", "2022-12-31"])
def test_before_2023_the_insurers_statement_has_a_title_without_a_triennium(
    api: ApiClient, today: Clock, as_of: str
) -> None:
    """art. 38-bis measures 2023-2025 first (§11.5): a day before it has no triennium for the title."""
    _nurse_in_2026(api, today)
    reply = api.get("/v1/me/statement/insurance.pdf", query={"as_of": as_of})
    assert reply.status == 200, reply.text
    assert f'filename="ecm-insurance-{as_of}.pdf"' in reply.headers["content-disposition"]
    text = " ".join(_pdf_text(reply.raw).split())
    assert text.startswith("Dichiarazione ECM per l'assicurazione Calcolato il 29 novembre 2026"), text[:120]
    assert "triennio -" not in text and "triennio 2023-2025" not in text.split("Calcolato")[0]
    assert "a partire dal 2023-2025" in text  # the rule's line: which triennium is first measured
    english = api.get(
        "/v1/me/statement/insurance.pdf", query={"as_of": as_of}, headers={"Accept-Language": "en"}
    )
    text = " ".join(_pdf_text(english.raw).split())
    assert text.startswith("ECM statement for the insurer Computed on 29 November 2026"), text[:120]
    assert "triennium -" not in text
    # On 1 Jan 2023 2023-2025 is the triennium named (the rule is not in force yet, but it is the one).
    first = api.get("/v1/me/statement/insurance.pdf", query={"as_of": "2023-01-01"})
    assert "Dichiarazione ECM per l'assicurazione: triennio 2023-2025" in " ".join(
        _pdf_text(first.raw).split()
    )


def test_a_statement_says_the_day_computed_and_the_day_it_is_as_of(api: ApiClient, today: Clock) -> None:
    """Computed today (the API's clock); the as_of day, when another, on a line of its own."""
    _nurse_in_2026(api, today)  # today: 29 Nov 2026
    past = " ".join(
        _pdf_text(api.get("/v1/me/statement/insurance.pdf", query={"as_of": "2011-01-01"}).raw).split()
    )
    assert "Calcolato il 29 novembre 2026 con il libro delle regole" in past
    assert "Situazione al 1° gennaio 2011: il triennio che l'assicuratore guarda" in past
    assert "Calcolato il 1° gennaio 2011" not in past
    english = api.get(
        "/v1/me/statement/insurance.pdf", query={"as_of": "2028-12-31"}, headers={"Accept-Language": "en"}
    )
    text = " ".join(_pdf_text(english.raw).split())
    assert "Computed on 29 November 2026 with the rule book" in text
    assert "As of 31 December 2028: the triennium the insurer looks at" in text
    # as_of today, or not given: one day, said once.
    for query in ({"as_of": "2026-11-29"}, {}):
        text = " ".join(_pdf_text(api.get("/v1/me/statement/insurance.pdf", query=query).raw).split())
        assert "Calcolato il 29 novembre 2026" in text and "Situazione al" not in text
    # The same inputs on the same day give the same file; the next day, another (dated by the day made).
    first = api.get("/v1/me/statement/insurance.pdf", query={"as_of": "2025-06-01"}).raw["body"]
    assert api.get("/v1/me/statement/insurance.pdf", query={"as_of": "2025-06-01"}).raw["body"] == first
    today.set(dt.date(2026, 11, 30))
    later = api.get("/v1/me/statement/insurance.pdf", query={"as_of": "2025-06-01"})
    assert later.raw["body"] != first
    assert "Calcolato il 30 novembre 2026" in " ".join(_pdf_text(later.raw).split())


def test_a_triennium_statement_and_one_without_an_insurance_threshold(api: ApiClient, today: Clock) -> None:
    _nurse_in_2026(api, today)
    reply = api.get("/v1/me/statement/2023-2025.pdf")
    assert reply.status == 200, reply.text
    text = " ".join(_pdf_text(reply.raw).split())
    assert "Riepilogo ECM del triennio 2023-2025" in text
    assert "soglia 105 crediti" in text
    assert "Quale triennio guarda l'assicuratore" not in text
    # 2020-2022 is before art. 38-bis: no 70 % for it, only the 100 %.
    old = " ".join(_pdf_text(api.get("/v1/me/statement/2020-2022.pdf").raw).split())
    assert "Il triennio 2020-2022 non ha una soglia per l'assicurazione" in old
    assert "0 registrazioni di crediti nel triennio 2020-2022" in old


@pytest.mark.parametrize(
    ("query", "msg", "limit"),
    [
        ({"as_of": "2010-12-31"}, "error.date_min", "2011-01-01"),
        ({"as_of": "2029-01-01"}, "error.date_max", "2028-12-31"),
    ],
)
def test_as_of_outside_the_rule_books_trienni_is_refused(
    api: ApiClient, query: dict[str, str], msg: str, limit: str
) -> None:
    reply = api.get("/v1/me/statement/insurance.pdf", query=query)
    assert reply.status == 422
    error = reply.error
    assert error["field"] == "query.as_of"
    assert error["msg"] == msg
    assert error["params"] == {"limit": limit}


def test_an_unknown_or_malformed_triennium_is_refused(api: ApiClient) -> None:
    unknown = api.get("/v1/me/statement/2029-2031.pdf")
    assert unknown.status == 422
    assert unknown.error["field"] == "path.document"
    assert unknown.error["msg"] == "api.triennium_unknown"
    assert unknown.error["params"]["trienni"][-1] == "2026-2028"
    malformed = api.get("/v1/me/statement/2023.pdf")
    assert malformed.status == 422
    assert malformed.error["field"] == "path.document"
    assert api.get("/v1/me/statement/insurance.pdf", query={"as_of": "29/11/2026"}).status == 422


# --- the calendar --------------------------------------------------------------------------------------


def _feed_path(reply_json: dict[str, str]) -> str:
    path = reply_json["path"]
    assert re.fullmatch(r"/v1/calendar/[A-Za-z0-9_-]{43}\.ics", path), path
    return path


def _events(text: str) -> dict[str, tuple[dt.date, str, object]]:
    """Each VEVENT by UID: its day, summary and its alarm's trigger (None: no alarm)."""
    calendar = Calendar.from_ical(text)
    found = {}
    for event in calendar.walk("VEVENT"):
        alarms = event.walk("VALARM")
        assert len(alarms) <= 1
        trigger = alarms[0].decoded("TRIGGER") if alarms else None
        found[str(event["UID"])] = (event.decoded("DTSTART"), str(event["SUMMARY"]), trigger)
    return found


def test_the_calendar_feed_has_the_deadlines_with_reminders(api: ApiClient, today: Clock) -> None:
    _nurse_in_2026(api, today)
    # A provisional course that ended on 1 Oct 2026: 90 days for the provider + 20 for Agenas = 110 days
    # (30 left in October, 30 in November, 31 in December, 19 in January): suspected after 19 Jan 2027.
    late = api.post(
        "/v1/me/credits",
        credit_body(title="Corso BLSD", start_date="2026-10-01", end_date=None, credits=8, event_code="11-3"),
    ).json["id"]
    # One that ended on 1 Jun 2026: 29 + 31 + 31 = 91 days to 31 Aug, + 19 = 110: suspected after
    # 19 Sep 2026, so probably missing since 20 Sep, a day already passed on 29 Nov.
    gone = api.post(
        "/v1/me/credits",
        credit_body(title="Corso ACLS", start_date="2026-06-01", end_date=None, credits=4, event_code="11-4"),
    ).json["id"]
    created = api.post("/v1/me/calendar")
    assert created.status == 201, created.text
    body = created.json
    assert body["url"] == "https://api.example.org" + body["path"]
    assert body["webcal_url"] == "webcal://api.example.org" + body["path"]
    assert body["lang"] == "it"
    reply = api.get(_feed_path(body), sub=None)
    assert reply.status == 200, reply.text
    assert reply.headers["content-type"].startswith("text/calendar")
    text = reply.text
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    events = _events(text)
    scope = hashlib.sha256(f"ecm-calendar-uid:{ALICE}".encode()).hexdigest()[:16]
    two_weeks = dt.timedelta(days=-14, hours=9)
    expected = {
        # 2020-2022: recovery closed 31 Dec 2025, moves until 30 Jun 2026 (§11.8): both passed, kept for
        # a year as history, without a reminder (deadline_events.py).
        "recovery-2020-2022": (dt.date(2025, 12, 31), None),
        "moves-2020-2022": (dt.date(2026, 6, 30), None),
        f"registry-{gone}": (dt.date(2026, 9, 20), None),
        f"registry-{late}": (dt.date(2027, 1, 20), dt.timedelta(hours=9)),
        # Delibera CNFC 1/2025: compensation until 31 Dec 2028, once for every triennium it concerns.
        "compensation-2028-12-31": (dt.date(2028, 12, 31), two_weeks),
        "end-2026-2028": (dt.date(2028, 12, 31), two_weeks),
        "recovery-2023-2025": (dt.date(2028, 12, 31), two_weeks),
    }
    assert {uid: (day, trigger) for uid, (day, _, trigger) in events.items()} == {
        f"{key}-{scope}@ecm-tracker": value for key, value in expected.items()
    }
    summaries = {uid.rsplit("-", 1)[0].removesuffix(f"-{scope}"): s for uid, (_, s, _) in events.items()}
    assert "«Corso BLSD»" in next(s for s in summaries.values() if "Corso BLSD" in s)
    assert "«Corso ACLS»" in next(s for s in summaries.values() if "Corso ACLS" in s)
    # Only the days still ahead carry an alarm.
    assert text.count("BEGIN:VALARM") == 4
    assert any("una sola fonte" in s for s in summaries.values())
    assert all(ALICE not in uid for uid in events)

    # The same feed read again: the same UIDs (calendar apps update, never duplicate).
    again = api.get(body["path"], sub=None)
    assert set(_events(again.text)) == set(events)


def test_the_calendar_address_follows_the_forwarded_scheme_and_its_stamp_has_milliseconds(
    api: ApiClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from functions.api.logic import clock

    # A clock reading with microseconds: written to the millisecond, like every timestamp of the API.
    monkeypatch.setattr(clock, "now", lambda: dt.datetime(2026, 11, 30, 0, 17, 41, 290123, dt.UTC))
    deployed = api.post("/v1/me/calendar", headers={"X-Forwarded-Proto": "https"})
    assert deployed.status == 201, deployed.text
    assert deployed.json["created_at"] == "2026-11-30T00:17:41.290Z"
    assert deployed.json["url"].startswith("https://api.example.org/v1/calendar/")
    # The local stack's gateway forwards http (infra/local/events.py): the address must say so.
    local = api.post("/v1/me/calendar", headers={"X-Forwarded-Proto": "http"}).json
    assert local["url"] == "http://api.example.org" + local["path"]
    assert local["webcal_url"] == "webcal://api.example.org" + local["path"]
    monkeypatch.setattr(clock, "now", lambda: dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC))
    assert api.post("/v1/me/calendar").json["created_at"] == "2026-11-30T12:00:00.000Z"


def test_rotation_and_revocation_make_the_old_address_404(api: ApiClient, today: Clock) -> None:
    _nurse_in_2026(api, today)
    first = api.post("/v1/me/calendar").json["path"]
    assert api.get(first, sub=None).status == 200
    second = api.post("/v1/me/calendar", headers={"Accept-Language": "en"}).json
    assert second["lang"] == "en"
    old = api.get(first, sub=None)
    assert old.status == 404
    assert old.error["code"] == "not_found"
    fresh = api.get(second["path"], sub=None)
    assert fresh.status == 200
    assert "End of the ECM triennium 2026-2028" in fresh.text
    # Only the hash is stored; no item holds the secret, and exactly one lookup item is left.
    secret = second["path"].removeprefix("/v1/calendar/").removesuffix(".ics")
    stored = json.dumps(table_items())
    assert secret not in stored
    assert hashlib.sha256(secret.encode()).hexdigest() in stored
    assert stored.count('"CALENDAR#') == 1
    assert api.delete("/v1/me/calendar").status == 204
    assert api.get(second["path"], sub=None).status == 404
    assert api.delete("/v1/me/calendar").status == 404
    assert '"CALENDAR' not in json.dumps(table_items())


def test_unknown_or_malformed_feed_addresses_are_404(api: ApiClient) -> None:
    for path in ("/v1/calendar/x.ics", "/v1/calendar/" + "A" * 43 + ".ics", "/v1/calendar/" + "A" * 43):
        reply = api.get(path, sub=None)
        assert reply.status == 404, path
        assert "A" * 43 not in reply.text


def test_the_secret_is_never_logged(api: ApiClient, today: Clock, capsys: pytest.CaptureFixture[str]) -> None:
    _nurse_in_2026(api, today)
    path = api.post("/v1/me/calendar").json["path"]
    secret = path.removeprefix("/v1/calendar/").removesuffix(".ics")
    capsys.readouterr()
    import logging

    from functions.api.observability import logger

    level = logger.log_level
    logger.setLevel(logging.DEBUG)
    try:
        assert api.get(path, sub=None).status == 200
        api.get("/v1/calendar/" + secret[:-1] + "A.ics", sub=None)
    finally:
        logger.setLevel(level)
    out = capsys.readouterr()
    assert secret not in out.out + out.err


def test_erasing_the_account_revokes_the_feed(api: ApiClient, today: Clock) -> None:
    _nurse_in_2026(api, today)
    path = api.post("/v1/me/calendar").json["path"]
    assert api.delete("/v1/me", query=CONFIRM).status == 200
    assert api.get(path, sub=None).status == 404
    assert table_items() == []


def test_bob_cannot_see_or_revoke_alices_calendar(api: ApiClient, today: Clock) -> None:
    _nurse_in_2026(api, today)
    path = api.post("/v1/me/calendar").json["path"]
    assert api.delete("/v1/me/calendar", sub=BOB).status == 404
    bob = api.post("/v1/me/calendar", sub=BOB).json["path"]
    assert api.get(path, sub=None).status == 200
    # Bob's feed has no registry event of Alice's credits and UIDs of his own.
    bob_uids = set(_events(api.get(bob, sub=None).text))
    alice_uids = set(_events(api.get(path, sub=None).text))
    assert not bob_uids & alice_uids
