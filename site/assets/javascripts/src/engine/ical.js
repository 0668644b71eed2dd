// The deadline calendar as iCalendar text (RFC 5545), in the browser: functions/documents/ical.py's twin
// for the triennium calculator's download (tests/documents/test_ical_browser.py parses this output with
// Python's `icalendar` and compares it with the API's feed for the same inputs).
//
// Written by hand on purpose: the npm libraries that write iCalendar (ics, ical-generator) bring a
// validation or date library along and would cost the calculator page several KB compressed, over its
// size budget (tests/site/page_weight.py); what is needed here is one fixed shape of all-day events, about fifty lines.
//
// Each event is an all-day VEVENT (DTSTART;VALUE=DATE, DTEND the next day: §3.6.1) with a VALARM
// (ACTION:DISPLAY) that rings at 9:00 `reminder_days` before (none when that is null: a day passed), as a duration relative to the start
// (§3.8.6.3). UIDs are `<event key>-<scope>@ecm-tracker`: the same event keeps its UID from one
// download to the next, so importing again updates it instead of adding a copy.

import { addDays } from "./dates.js";

const PRODID = "-//ECM tracker//Scadenze ECM//IT";
const UID_DOMAIN = "ecm-tracker";
const REMINDER_HOUR = 9;

/** TEXT values (§3.3.11): backslash, semicolon, comma and line breaks escaped. */
const escapeText = (text) => text.replace(/[\\;,]/g, "\\$&").replace(/\r?\n/g, "\\n");

const UTF8 = new TextEncoder();

/** One content line folded at 75 octets (§3.1), never inside a UTF-8 character; lines end in CRLF. */
function fold(line) {
  let out = "";
  let width = 0;
  for (const ch of line) {
    const size = UTF8.encode(ch).length;
    if (width + size > 75) {
      out += "\r\n ";
      width = 1;
    }
    out += ch;
    width += size;
  }
  return `${out}\r\n`;
}

const basicDate = (iso) => iso.replace(/-/g, "");

/** The alarm's offset from the event's start (midnight): 9:00 `days` before, as icalendar writes it
 *  ("-P13DT15H" for 14 days, "PT9H" for the day itself). */
function trigger(days) {
  const hours = days * 24 - REMINDER_HOUR;
  const size = Math.abs(hours);
  const d = Math.floor(size / 24);
  return `${hours > 0 ? "-" : ""}P${d ? `${d}D` : ""}T${size % 24}H`;
}

/** Events of deadlineCalendar (with their texts in the calendar's language) → the .ics text.
 *  `name`: the calendar's name; `scope`: a short id made part of every UID; `stamp`: a Date (DTSTAMP). */
function icsCalendar(events, { name, scope, stamp }) {
  const dtstamp = stamp.toISOString().replace(/[-:]|\.\d+/g, "");
  // CALSCALE is left to its default, GREGORIAN (§3.7.1), which the feed writes out.
  const lines = ["BEGIN:VCALENDAR", "VERSION:2.0", `PRODID:${PRODID}`, "METHOD:PUBLISH"];
  lines.push(`NAME:${escapeText(name)}`, `X-WR-CALNAME:${escapeText(name)}`);
  for (const e of events) {
    const summary = escapeText(e.text);
    lines.push(
      "BEGIN:VEVENT",
      `UID:${escapeText(`${e.key}-${scope}@${UID_DOMAIN}`)}`,
      `DTSTAMP:${dtstamp}`,
      `DTSTART;VALUE=DATE:${basicDate(e.day)}`,
      `DTEND;VALUE=DATE:${basicDate(addDays(e.day, 1))}`,
      `SUMMARY:${summary}`,
      "TRANSP:TRANSPARENT",
      "CATEGORIES:ECM",
    );
    // No alarm for a day already passed (reminder_days null), as the feed.
    if (e.reminder_days !== null)
      lines.push("BEGIN:VALARM", "ACTION:DISPLAY", `DESCRIPTION:${summary}`, `TRIGGER:${trigger(e.reminder_days)}`, "END:VALARM");
    lines.push("END:VEVENT");
  }
  lines.push("END:VCALENDAR");
  return lines.map(fold).join("");
}

export { icsCalendar };
