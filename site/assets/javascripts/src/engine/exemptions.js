// Esoneri and esenzioni: how periods away reduce the obligation (exemptions.py).
// Part of the browser engine (index.js is its public API); moved unchanged from ecm-engine.js.

import { Q } from "./numbers.js";
import { addDays, daysBetween, yearOf } from "./dates.js";
import { line } from "./rulebook.js";
import { shareOf } from "./shared.js";
import { fail } from "./input.js";

/* ================================================================== exemptions.py */

const dayCount = (start, end) => daysBetween(start, end) + 1;

function clip(start, end, low, high) {
  const s = start > low ? start : low;
  const e = end < high ? end : high;
  return s <= e ? [s, e] : null;
}

function yearDays(start, end, year) {
  const c = clip(start, end, `${year}-01-01`, `${year}-12-31`);
  return c ? dayCount(c[0], c[1]) : 0;
}

function merge(periods) {
  const sorted = Array.from(periods).sort((a, b) =>
    a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0,
  );
  const merged = [];
  for (const [start, end] of sorted) {
    const last = merged[merged.length - 1];
    if (last && start <= addDays(last[1], 1)) last[1] = end > last[1] ? end : last[1];
    else merged.push([start, end]);
  }
  return merged;
}

function subtract(periods, holes) {
  let result = periods;
  for (const [hs, he] of holes) {
    const next = [];
    for (const [start, end] of result) {
      if (he < start || hs > end) {
        next.push([start, end]);
        continue;
      }
      if (start < hs) next.push([start, addDays(hs, -1)]);
      if (end > he) next.push([addDays(he, 1), end]);
    }
    result = next;
  }
  return result;
}

function range(first, last) {
  const out = [];
  for (let y = first; y <= last; y += 1) out.push(y);
  return out;
}

function courseYears(index, ex, minDays) {
  const years = range(yearOf(ex.start), yearOf(ex.end));
  if (ex.attributed_years !== null) {
    for (const year of ex.attributed_years) {
      if (yearDays(ex.start, ex.end, year) < minDays) {
        fail(`exemptions.${index}.attributed_years`, "error.esonero_year_days", { year, min_days: minDays });
      }
    }
    if (new Set(ex.attributed_years).size !== ex.attributed_years.length) {
      fail(`exemptions.${index}.attributed_years`, "error.year_once");
    }
    return [...ex.attributed_years].sort((a, b) => a - b);
  }
  // One esonero per year of course, each attributed to the calendar year with more attendance.
  const courseYearCount = Math.max(1, pyRound(dayCount(ex.start, ex.end) / 365));
  const byAttendance = [...years].sort(
    (a, b) => yearDays(ex.start, ex.end, b) - yearDays(ex.start, ex.end, a) || a - b,
  );
  return byAttendance.slice(0, courseYearCount).sort((a, b) => a - b);
}

/** Python's round(): halves to even. */
function pyRound(x) {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function exemptionReductions(rb, triennium, exemptions, base, years) {
  const earliest = rb.at("exemption.earliest_date", triennium.start).value;
  exemptions.forEach((ex, index) => {
    if (ex.end < ex.start) fail(`exemptions.${index}.end`, "error.end_before_start");
    if (ex.start < earliest) fail(`exemptions.${index}.start`, "error.exemption_earliest", { earliest });
    if (ex.kind === "esonero_hours" && ex.hours === null)
      fail(`exemptions.${index}.hours`, "error.required_for_kind", { kind: "esonero_hours" });
  });
  return [
    ...courseReductions(rb, triennium, exemptions, base, years),
    ...hoursReductions(rb, triennium, exemptions, years),
    ...esenzioneReductions(rb, triennium, exemptions, years),
  ];
}

function courseReductions(rb, triennium, exemptions, base, years) {
  const pv = rb.at("exemption.esonero_year", triennium.start);
  const share = Q.of(pv.value.share);
  const minDays = Number(pv.value.min_attendance_days);
  const perYear = shareOf(base, share);
  const taken = new Set();
  const out = [];
  exemptions.forEach((ex, index) => {
    if (ex.kind !== "esonero_course") return;
    const counted = courseYears(index, ex, minDays).filter((y) => years.has(y) && !taken.has(y));
    counted.forEach((y) => taken.add(y));
    if (counted.length) {
      out.push({
        param: pv,
        amount: perYear.mul(counted.length),
        msg: "line.esonero.course",
        params: { years: counted, share: String(pv.value.share) },
      });
    }
  });
  return out;
}

function hoursReductions(rb, triennium, exemptions, years) {
  const pv = rb.at("exemption.esonero_hours", triennium.start);
  const perCredit = Number(pv.value);
  const out = [];
  for (const ex of exemptions) {
    // The hours are attributed to the year the course ended (as in exemptions.py).
    if (ex.kind !== "esonero_hours" || !years.has(yearOf(ex.end))) continue;
    const c = new Q(Math.floor(Math.trunc(ex.hours) / perCredit));
    out.push({
      param: pv,
      amount: c,
      msg: "line.esonero.hours",
      params: { hours: ex.hours, per_credit: perCredit },
    });
  }
  return out;
}

function esenzioneReductions(rb, triennium, exemptions, years) {
  const pv = rb.at("exemption.esenzione", triennium.start);
  const sortedYears = Array.from(years).sort((a, b) => a - b);
  const windows = sortedYears.map((y) => [`${y}-01-01`, `${y}-12-31`]);
  const clipped = [];
  for (const e of exemptions) {
    if (e.kind !== "esenzione") continue;
    for (const [lo, hi] of windows) {
      const c = clip(e.start, e.end, lo, hi);
      if (c) clipped.push(c);
    }
  }
  const suspended = merge(clipped);
  const esoneri = merge(exemptions.filter((e) => e.kind !== "esenzione").map((e) => [e.start, e.end]));
  const remaining = subtract(
    suspended.map((p) => [...p]),
    esoneri,
  );
  const total = (list) => list.reduce((acc, p) => acc + dayCount(p[0], p[1]), 0);
  const overlap = total(suspended) - total(remaining);
  // The overlap is told in the line, with its own message (as in exemptions.py).
  const suffix = overlap ? "_overlap" : "";
  const extra = overlap ? { overlap } : {};
  const perUnit = new Q(Math.trunc(Number(pv.value.credits)));
  if (pv.value.mode === "days") {
    const unit = Number(pv.value.days);
    const out = [];
    for (const [start, end] of remaining) {
      const blocks = Math.floor(dayCount(start, end) / unit);
      if (blocks) {
        out.push({
          param: pv,
          amount: perUnit.mul(blocks),
          msg: `line.esenzione.days${suffix}`,
          params: { start, end, days: dayCount(start, end), blocks, unit, ...extra },
        });
      }
    }
    return out;
  }
  // Older rule: a fixed amount for each calendar month with more than 15 days of suspension.
  const minDays = Number(pv.value.min_days);
  let months = 0;
  for (const year of sortedYears) {
    for (let month = 1; month <= 12; month += 1) {
      const first = `${year}-${String(month).padStart(2, "0")}-01`;
      const nextFirst = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, "0")}-01`;
      const last = addDays(nextFirst, -1);
      let inMonth = 0;
      for (const p of remaining) {
        const c = clip(p[0], p[1], first, last);
        if (c) inMonth += dayCount(c[0], c[1]);
      }
      if (inMonth >= minDays) months += 1;
    }
  }
  if (!months) return [];
  return [
    {
      param: pv,
      amount: perUnit.mul(months),
      msg: `line.esenzione.months${suffix}`,
      params: { months, min_days: minDays - 1, ...extra },
    },
  ];
}

/* ================================================================== obligation.py */

function cutoff(rb, year, triennium) {
  const [month, day] = String(rb.at("obligation.registration_cutoff", triennium.start).value).split("-");
  return `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
}

function gapYears(rb, triennium, profile) {
  const free = new Set();
  profile.registration_gaps.forEach((gap, index) => {
    const back = gap.reregistered_on;
    if (back !== null && back < gap.cancelled_on) {
      fail(`profile.registration_gaps.${index}.reregistered_on`, "error.not_before", { other: "cancelled_on" });
    }
    const first = yearOf(gap.cancelled_on);
    const last = back !== null ? yearOf(back) : yearOf(triennium.end);
    for (let year = first; year <= last; year += 1) {
      if (back !== null && first === yearOf(back)) continue; // cancelled and re-registered in one year
      if (year === first && gap.cancelled_on > cutoff(rb, year, triennium)) continue;
      if (back !== null && year === yearOf(back) && back <= cutoff(rb, year, triennium)) continue;
      free.add(year);
    }
  });
  return free;
}

export { dayCount, clip, yearDays, merge, subtract, range, courseYears, pyRound, exemptionReductions, courseReductions, hoursReductions, esenzioneReductions, cutoff, gapYears };
