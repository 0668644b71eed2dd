"""The guide's .ics download (site/assets/javascripts/src/engine/ical.js, written by hand) read by Python's
``icalendar``: the same events, days, texts, UIDs and reminders as the API's feed
(functions/documents/ical.py) for the same inputs, and well-formed RFC 5545 text (CRLF, lines folded at
75 octets, TEXT escaped).

The browser engine runs in Node straight from its ES modules; node is required (a missing node fails).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from functions.documents.ical import ics_calendar
from functions.rulebook import language
from functions.rulebook.deadline_events import CalendarInput, calendar_answer

ROOT = Path(__file__).resolve().parents[2]
STAMP = dt.datetime(2026, 11, 29, 10, 30, tzinfo=dt.UTC)
SCOPE = "guide"

NODE_SCRIPT = """
import fs from "node:fs";
import * as ECM from "./site/assets/javascripts/src/engine/index.js";
import { icsCalendar } from "./site/assets/javascripts/src/engine/ical.js";
const { input, lang, stamp, scope } = JSON.parse(fs.readFileSync(0, "utf8"));
const book = new ECM.RuleBook(JSON.parse(fs.readFileSync("functions/rulebook/generated/rules.json", "utf8")));
const { events } = ECM.localize(ECM.deadlineCalendar(book, input), lang);
const name = ECM.render("cal.name", {}, lang);
process.stdout.write(icsCalendar(events, { name, scope, stamp: new Date(stamp) }));
"""


def _credit(cid: str, day: str, **extra: Any) -> dict[str, Any]:
    return {"id": cid, "type": "fad_elearning", "date": day, "credits": 5, **extra}


INPUTS: dict[str, dict[str, Any]] = {
    "provisional credits, national and regional, named with characters TEXT escapes": {
        "as_of": "2026-11-29",
        "credits": [
            _credit("n1", "2026-10-01", in_registry=False),
            _credit("r1", "2026-10-01", in_registry=False, provider_scope="regional"),
            _credit("x", "2026-11-02", in_registry=False),
            _credit("ok", "2026-10-01", in_registry=True),
            _credit("past", "2026-06-01", in_registry=False),  # missing suspected since 20 Sep 2026
        ],
        "titles": {
            "n1": "FAD – e-learning",
            "r1": "Corso; «BLS», parte 2 \\ modulo\nsecondo: un titolo lungo che va piegato a 75 ottetti",
        },
    },
    "a day in 2025, before the insurer's rule": {"as_of": "2025-03-01"},
    "a day in 2028": {"as_of": "2028-06-15", "credits": [_credit("a", "2028-05-30", in_registry=False)]},
}


def _node_ics(payload: dict[str, Any], lang: str) -> bytes:
    node = shutil.which("node")
    assert node, "node (>= 18) is required to check the browser's .ics writer"
    run = subprocess.run(
        [node, "--input-type=module", "-e", NODE_SCRIPT],
        cwd=ROOT,
        input=json.dumps(
            {"input": payload, "lang": lang, "stamp": STAMP.isoformat(), "scope": SCOPE}
        ).encode(),
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, run.stderr.decode()[-3000:]
    return run.stdout


def _python_ics(payload: dict[str, Any], lang: str) -> bytes:
    with language(lang):
        events = calendar_answer(CalendarInput.model_validate(payload)).events
    return ics_calendar(events, lang, SCOPE, STAMP)


def _events(document: bytes) -> dict[str, dict[str, Any]]:
    """Each VEVENT by UID: its days, summary, and its alarm's action, trigger and text."""
    calendar = Calendar.from_ical(document)
    out = {}
    for event in calendar.walk("VEVENT"):
        alarms = event.walk("VALARM")
        assert len(alarms) <= 1
        alarm = alarms[0] if alarms else None
        out[str(event["UID"])] = {
            "start": event.decoded("DTSTART"),
            "end": event.decoded("DTEND"),
            "summary": str(event["SUMMARY"]),
            "stamp": event.decoded("DTSTAMP"),
            "transp": str(event["TRANSP"]),
            "action": alarm and str(alarm["ACTION"]),
            "trigger": alarm and alarm.decoded("TRIGGER"),
            "alarm_text": alarm and str(alarm["DESCRIPTION"]),
        }
    return out


@pytest.mark.parametrize("lang", ["it", "en"])
@pytest.mark.parametrize("case", list(INPUTS))
def test_browser_ics_has_the_feeds_events(case: str, lang: str) -> None:
    payload = INPUTS[case]
    browser = _node_ics(payload, lang)
    feed = _python_ics(payload, lang)
    ours, theirs = _events(browser), _events(feed)
    assert ours, "no events"
    assert ours == theirs
    name = Calendar.from_ical(browser)["X-WR-CALNAME"]
    assert name == ("Scadenze ECM" if lang == "it" else "ECM deadlines")


def test_browser_ics_is_well_formed_rfc5545() -> None:
    text = _node_ics(
        INPUTS["provisional credits, national and regional, named with characters TEXT escapes"], "it"
    )
    assert text.endswith(b"\r\n") and b"\n" not in text.replace(b"\r\n", b"")
    lines = text.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines), "the long title should have been folded"
    for line in lines:
        line.decode("utf-8")  # a fold never splits a UTF-8 character
    unfolded = text.replace(b"\r\n ", b"").decode("utf-8")
    # Backslash, semicolon, comma and the line break of the title escaped (RFC 5545 §3.3.11).
    assert "SUMMARY:«Corso\\; «BLS»\\, parte 2 \\\\ modulo\\nsecondo" in unfolded
    assert "DTSTART;VALUE=DATE:20270703\r\n" in unfolded  # 1 Oct 2026 + 274 days (regional) = 2 Jul, + 1
    assert "DTSTAMP:20261129T103000Z\r\n" in unfolded
    assert "TRIGGER:PT9H\r\n" in unfolded and "TRIGGER:-P13DT15H\r\n" in unfolded
    parsed = _events(text)
    regional = parsed[f"registry-r1-{SCOPE}@ecm-tracker"]
    assert regional["summary"].startswith("«Corso; «BLS», parte 2 \\ modulo\nsecondo")
    assert regional["trigger"] == dt.timedelta(hours=9)
    # The end of 2026-2028 rings 14 days before at 9:00: 17 Dec 2028, 9:00.
    end = parsed[f"end-2026-2028-{SCOPE}@ecm-tracker"]
    assert end["start"] == dt.date(2028, 12, 31) and end["end"] == dt.date(2029, 1, 1)
    assert dt.datetime.combine(end["start"], dt.time()) + end["trigger"] == dt.datetime(2028, 12, 17, 9)
    # A day already passed stays on its day without an alarm: the credit that ended on 1 Jun 2026 is
    # suspected after 19 Sep 2026 (29 + 31 + 31 = 91 days to 31 Aug, + 19 = 110), so its day is 20 Sep;
    # 2020-2022's recovery (31 Dec 2025) and moves (30 Jun 2026) deadlines have passed too.
    passed = {
        f"{key}-{SCOPE}@ecm-tracker" for key in ("registry-past", "recovery-2020-2022", "moves-2020-2022")
    }
    assert parsed[f"registry-past-{SCOPE}@ecm-tracker"]["start"] == dt.date(2026, 9, 20)
    assert {uid for uid, event in parsed.items() if event["trigger"] is None} == passed
    assert unfolded.count("BEGIN:VALARM") == len(parsed) - len(passed)
