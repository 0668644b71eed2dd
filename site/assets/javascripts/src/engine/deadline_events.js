// The professional's deadlines as calendar events (functions/rulebook/deadline_events.py's twin): the
// last day of the current triennium, recovery and move deadlines, the compensation deadline once, and
// the day each credit not yet in the registry becomes missing suspected. Every event sits on its own day:
// a day ahead (or today) has a reminder; a day passed within a year stays without one (a subscribed
// calendar keeps it as history; an alarm for a day gone reminds of nothing); older days are left out.
// Events come only from the status answer: no rule is recomputed here.
// Part of the browser engine (index.js is its public API).

import { addDays } from "./dates.js";
import { notice } from "./messages.js";
import { check } from "./input.js";
import { evaluateStatus } from "./status.js";

// The same choices as deadline_events.py (product choices, not rule numbers; the vectors compare
// reminder_days): a deadline rings two weeks ahead, a credit's registry day on the day itself; a passed
// day stays a year, without a reminder (null), so that a calendar keeps it as history.
const DEADLINE_REMINDER_DAYS = 14;
const REGISTRY_REMINDER_DAYS = 0;
const KEEP_PAST_DAYS = 365;

function event(day, key, msg, reminder, rule, single, params) {
  const said = notice(null, msg, params);
  return { day, key, msg, params: said.params, text: said.text, reminder_days: reminder, rule, single_source: single };
}

/** A status answer (evaluateStatus, plain JSON) → its events sorted by day then key (calendar_events).
 *  `titles`: credit id → the name its registry event shows (else the credit's title, else its id). */
function calendarEvents(status, titles = {}) {
  const oldest = addDays(status.as_of, -KEEP_PAST_DAYS);
  const events = [];
  const current = status.current_timeline;
  if (current)
    for (const d of current.deadlines)
      if (d.kind === "end")
        events.push(event(d.date, `end-${current.triennium}`, "cal.end", DEADLINE_REMINDER_DAYS, d.rule, false, { triennium: current.triennium }));
  const compensation = new Map();
  for (const tl of status.timelines)
    for (const d of tl.deadlines) {
      if (d.kind === "end" || d.date < oldest) continue;
      if (d.kind === "compensation") {
        if (!compensation.has(d.date)) compensation.set(d.date, { rule: d.rule, single: d.single_source, trienni: [] });
        compensation.get(d.date).trienni.push(tl.triennium);
        continue;
      }
      const msg = `cal.${d.kind}${d.single_source ? "_single_source" : ""}`;
      events.push(event(d.date, `${d.kind}-${tl.triennium}`, msg, DEADLINE_REMINDER_DAYS, d.rule, d.single_source, { triennium: tl.triennium }));
    }
  for (const [day, c] of compensation)
    events.push(event(day, `compensation-${day}`, "cal.compensation", DEADLINE_REMINDER_DAYS, c.rule, c.single, { trienni: c.trienni.sort() }));
  for (const item of [...status.pending, ...status.missing_suspected]) {
    const day = addDays(item.suspected_after, 1);
    if (day < oldest) continue;
    events.push(
      event(day, `registry-${item.id}`, "cal.registry", REGISTRY_REMINDER_DAYS, "registry.reporting_days", false, {
        title: titles[item.id] || item.title || item.id,
      }),
    );
  }
  // A day gone has no reminder; today's still rings.
  for (const e of events) if (e.day < status.as_of) e.reminder_days = null;
  // By day, then key (deadline_events.py); days are ISO dates of one length and keys are unique.
  return events.sort((a, b) => (a.day + a.key < b.day + b.key ? -1 : 1));
}

/** CalendarInput JSON (a StatusInput plus `titles`) → {as_of, events} (deadline_events.calendar_answer). */
function deadlineCalendar(rb, input) {
  check.object(input, "");
  const { titles = {}, ...request } = input;
  const status = evaluateStatus(rb, request);
  check.object(titles, "titles");
  for (const [key, title] of Object.entries(titles)) check.str(title, `titles.${key}`, 1, 300);
  return { as_of: status.as_of, events: calendarEvents(status, titles) };
}

export { DEADLINE_REMINDER_DAYS, REGISTRY_REMINDER_DAYS, calendarEvents, deadlineCalendar };
