"""Issue 14: the triennium calculator's deadlines as a downloadable .ics, on a phone (375 x 800, it-IT).

The person marks two credits as not yet in Co.Ge.A.P.S. (one from a regional provider), imports a third
that the API's export calls provisional, downloads the file and opens it with Python's ``icalendar``.
Expected days by hand from ../shared/ecm-rules.md (the day is fixed at 29 Nov 2026):
- §2/§11.8: 2026-2028 ends 31 Dec 2028; 2023-2025 recoverable until 31 Dec 2028 (L. 27/2026, one
  source); 2020-2022 recoverable until 31 Dec 2025 and moves until 30 Jun 2026 (both passed within the
  year: kept, without a reminder); compensation until 31 Dec 2028 (Delibera CNFC 1/2025);
- §11.8 registry clock, from the event's end: the provider's 90 days + Agenas' 20 (events from 2025),
  the event on the next day; a regional provider up to 9 months (274 days):
  15 Oct 2026 + 110 = 2 Feb 2027 (16 to 31 Oct, + 30 + 31 + 31 = 108 to 31 Jan, + 2): event 3 Feb 2027;
  1 Sep 2026 + 274 = 2 Jun 2027 (273 days to 1 Jun): event 3 Jun 2027;
  20 Nov 2026 + 110 = 10 Mar 2027 (10 + 31 + 31 + 28 = 100 to 28 Feb, + 10): event 11 Mar 2027;
  1 Mar 2026 + 110 = 19 Jun 2026 (30 + 30 + 31 = 91 to 31 May, + 19), already past on 29 Nov 2026:
  missing suspected since 20 Jun 2026, an event on that day without a reminder.
Reminders: 14 days before at 9:00 for a deadline, 9:00 on the day for a credit; none for a day passed
(deadline_events.py).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from icalendar import Calendar
from playwright.sync_api import Page, expect

from .conftest import TRIENNIUM_PAGE, PageWatch
from .helpers import axe_violations, calculator, field, import_export

pytestmark = pytest.mark.browser

DATA = {
    "triennium": "2026-2028",
    "credits": [
        {"id": "reg", "type": "res_course", "date": "2026-02-10", "credits": 20},
        {"id": "nat", "type": "fad_elearning", "date": "2026-10-15", "credits": 10, "event_code": "123-4"},
        {"id": "rgn", "type": "res_course", "date": "2026-09-01", "credits": 8},
        # As GET /v1/me/export writes it: still "provisional", with the title the person gave it.
        {
            "id": "api",
            "type": "fad_elearning",
            "date": "2026-11-20",
            "credits": 5,
            "registry_status": "provisional",
            "title": "Corso BLS",
        },
        {"id": "old", "type": "fad_elearning", "date": "2026-03-01", "credits": 5, "in_registry": False},
    ],
}
DEADLINE = dt.timedelta(days=-14, hours=9)
ON_THE_DAY = dt.timedelta(hours=9)


def test_deadlines_download_as_ics(phone: Page, base_url: str, watch: PageWatch) -> None:
    page = phone
    host = calculator(page, base_url + TRIENNIUM_PAGE, "triennium")
    import_export(host, DATA)
    rows = host.locator(".ecm-credit")
    expect(rows).to_have_count(5)
    expect(rows.nth(1).locator('[name="date"]')).to_have_value("2026-10-15")
    # The imported records keep their registry state; the regional box shows only for a pending credit.
    expect(rows.nth(3).locator('[name="in_registry"]')).to_be_checked()
    expect(rows.nth(0).locator('[name="provider_scope"]')).to_be_hidden()
    rows.nth(1).get_by_label("Non ancora nel Co.Ge.A.P.S.").check()
    rows.nth(2).get_by_label("Non ancora nel Co.Ge.A.P.S.").check()
    rows.nth(2).get_by_label("Provider regionale").check()
    # The status answer names the pending credits (the imported title among them).
    answer = host.locator('[data-testid="status-answer"]')
    expect(answer).to_contain_text("Corso BLS")

    button = host.get_by_role("button", name="Scarica le scadenze nel calendario (.ics)")
    expect(button).to_be_visible()
    expect(host.locator(".ecm-ics .ecm-note")).to_contain_text("non si invia nulla")
    # Right after the answer, outside its live region (which screen readers read again at each change).
    expect(answer.locator(".ecm-ics")).to_have_count(0)
    assert answer.evaluate("a => a.nextElementSibling.className") == "ecm-ics"
    expect(host.locator(".ecm-ics")).to_have_count(1)
    with page.expect_download() as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "scadenze-ecm.ics"
    raw = Path(download.path()).read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n")
    calendar = Calendar.from_ical(raw)
    assert str(calendar["X-WR-CALNAME"]) == "Scadenze ECM"
    events = {}
    for event in calendar.walk("VEVENT"):
        alarms = event.walk("VALARM")
        assert len(alarms) <= 1
        key = str(event["UID"]).removesuffix("-guide@ecm-tracker")
        start = event.decoded("DTSTART")
        assert type(start) is dt.date, "an all-day event"
        assert event.decoded("DTEND") == start + dt.timedelta(days=1)
        assert all(str(alarm["ACTION"]) == "DISPLAY" for alarm in alarms)
        trigger = alarms[0].decoded("TRIGGER") if alarms else None
        events[key] = (start, trigger, str(event["SUMMARY"]))

    days = {key: (start, trigger) for key, (start, trigger, _) in events.items()}
    assert days == {
        "end-2026-2028": (dt.date(2028, 12, 31), DEADLINE),
        "recovery-2023-2025": (dt.date(2028, 12, 31), DEADLINE),
        "recovery-2020-2022": (dt.date(2025, 12, 31), None),
        "moves-2020-2022": (dt.date(2026, 6, 30), None),
        "compensation-2028-12-31": (dt.date(2028, 12, 31), DEADLINE),
        "registry-nat": (dt.date(2027, 2, 3), ON_THE_DAY),
        "registry-rgn": (dt.date(2027, 6, 3), ON_THE_DAY),
        "registry-api": (dt.date(2027, 3, 11), ON_THE_DAY),
        "registry-old": (dt.date(2026, 6, 20), None),
    }
    summaries = {key: summary for key, (_, _, summary) in events.items()}
    assert summaries["end-2026-2028"].startswith("Fine del triennio ECM 2026-2028")
    assert "una sola fonte" in summaries["recovery-2023-2025"]
    assert summaries["registry-nat"].startswith("«FAD – e-learning 123-4»: se da oggi non è nel Co.Ge.A.P.S.")
    assert summaries["registry-api"].startswith("«Corso BLS»")

    # What the person entered is kept with the data (and in a backup file). The save waits 250 ms after
    # the last edit (storage.js), which a busy machine can stretch past the download: wait for it.
    page.wait_for_function(
        "() => (JSON.parse(localStorage.getItem('ecm-triennium-v1') || 'null')?.credits || [])"
        ".some((c) => c.id === 'rgn' && 'in_registry' in c)"
    )
    stored = json.loads(page.evaluate("localStorage.getItem('ecm-triennium-v1')"))
    by_id = {c["id"]: c for c in stored["credits"]}
    assert by_id["rgn"]["in_registry"] is False and by_id["rgn"]["provider_scope"] == "regional"
    assert "in_registry" not in by_id["reg"] and by_id["api"]["title"] == "Corso BLS"

    violations = axe_violations(page, ".ecm-calculator")
    assert not violations, json.dumps(violations, indent=1)
    watch.assert_clean()


def test_english_page_offers_the_file_in_english(phone: Page, base_url: str, watch: PageWatch) -> None:
    host = calculator(phone, base_url + "en/" + TRIENNIUM_PAGE, "triennium")
    field(host, "triennium").select_option("2026-2028")
    button = host.get_by_role("button", name="Download the deadlines to your calendar (.ics)")
    with phone.expect_download() as info:
        button.click()
    assert info.value.suggested_filename == "ecm-deadlines.ics"
    calendar = Calendar.from_ical(Path(info.value.path()).read_bytes())
    summaries = {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}
    assert "End of the ECM triennium 2026-2028: last day to earn its credits" in summaries
    # A printed result is the result: the download button and its note stay off the paper.
    phone.emulate_media(media="print")
    expect(host.locator(".ecm-ics")).to_be_hidden()
    watch.assert_clean()
