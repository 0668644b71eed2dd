// ISO dates (YYYY-MM-DD) as day numbers: differences, additions, today.
// Part of the browser engine (index.js is its public API); moved unchanged from ecm-engine.js.


/* ------------------------------------------------------------------ dates */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isIsoDate(text) {
  const m = ISO_DATE.exec(text || "");
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

function dayNumber(iso) {
  const m = ISO_DATE.exec(iso);
  return Date.UTC(+m[1], +m[2] - 1, +m[3]) / 86400000;
}

function fromDayNumber(n) {
  return new Date(n * 86400000).toISOString().slice(0, 10);
}

/** Days from a to b (b - a), like Python's (b - a).days. */
function daysBetween(a, b) {
  return dayNumber(b) - dayNumber(a);
}

function addDays(iso, days) {
  return fromDayNumber(dayNumber(iso) + days);
}

function yearOf(iso) {
  return Number(iso.slice(0, 4));
}

function todayIso() {
  const now = new Date();
  return fromDayNumber(Math.floor((now.getTime() - now.getTimezoneOffset() * 60000) / 86400000));
}

export { ISO_DATE, isIsoDate, dayNumber, fromDayNumber, daysBetween, addDays, yearOf, todayIso };
