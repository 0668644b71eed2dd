// Input validation: the pydantic models' constraints (models.py), with the same `field` paths.
// Part of the browser engine (index.js is its public API); moved unchanged from ecm-engine.js.

import { Q } from "./numbers.js";
import { isIsoDate } from "./dates.js";
import { RuleInputError } from "./rulebook.js";
import { EVENT_TYPES, EXEMPTION_KINDS, PUBLICATION_KINDS, ROLES } from "./shared.js";

/* ================================================================== input validation
 * The pydantic models' constraints (models.py), so that bad input gets the same `field` as the API.
 */

function fail(field, msg, params = {}) {
  throw new RuleInputError(field, msg, params);
}

const TRIENNIUM_PATTERN = "^\\d{4}-\\d{4}$"; // models.Triennium, as pydantic reports it

function decimalPlaces(n) {
  const text = String(n);
  if (/e/i.test(text)) return 20;
  const dot = text.indexOf(".");
  return dot < 0 ? 0 : text.length - dot - 1;
}

const check = {
  known(obj, allowed, path) {
    for (const key of Object.keys(obj)) {
      if (!allowed.includes(key)) fail(join(path, key), "error.extra_forbidden");
    }
  },
  object(value, path) {
    if (!value || typeof value !== "object" || Array.isArray(value)) fail(path || "input", "error.object");
  },
  oneOf(value, list, path) {
    if (!list.includes(value)) fail(path, "error.one_of", { expected: list });
  },
  date(value, path) {
    if (typeof value !== "string") fail(path, "error.date_written");
    if (!isIsoDate(value)) fail(path, "error.date");
    // Same bounds as models.py (Day): ISO dates compare correctly as strings.
    if (value < "1940-01-01" || value > "2100-12-31")
      fail(path, "error.date_range", { first: "1940-01-01", last: "2100-12-31" });
  },
  bool(value, path) {
    if (typeof value !== "boolean") fail(path, "error.boolean");
  },
  int(value, path, min, max) {
    if (typeof value !== "number" || !Number.isInteger(value)) fail(path, "error.integer");
    if (value < min) fail(path, "error.greater_than_equal", { limit: min });
    if (value > max) fail(path, "error.less_than_equal", { limit: max });
  },
  /** A Decimal field: bounds (exclusive low when `gt`), and decimal places. */
  decimal(value, path, { gt, ge, le, places }) {
    if (typeof value !== "number" || !Number.isFinite(value)) fail(path, "error.number");
    if (gt !== undefined && !(value > gt)) fail(path, "error.greater_than", { limit: gt });
    if (ge !== undefined && value < ge) fail(path, "error.greater_than_equal", { limit: ge });
    if (le !== undefined && value > le) fail(path, "error.less_than_equal", { limit: le });
    if (decimalPlaces(value) > places) fail(path, "error.decimal_places", { limit: places });
  },
  str(value, path, min, max) {
    if (typeof value !== "string") fail(path, "error.text");
    if (value.length < min) fail(path, "error.text_too_short", { limit: min });
    if (value.length > max) fail(path, "error.text_too_long", { limit: max });
  },
  list(value, path, min, max) {
    if (!Array.isArray(value)) fail(path, "error.list");
    if (value.length < min) fail(path, "error.list_too_short", { limit: min });
    if (value.length > max) fail(path, "error.list_too_long", { limit: max });
  },
  triennium(value, path) {
    if (typeof value !== "string") fail(path, "error.text");
    if (!new RegExp(TRIENNIUM_PATTERN).test(value)) fail(path, "error.pattern_triennium", {});
  },
  /** The ObligationInput/ComplianceInput validator: three calendar years. */
  threeYears(value, path) {
    const m = /^(\d{4})-(\d{4})$/.exec(value);
    if (!m || Number(m[2]) - Number(m[1]) !== 2) fail(path, "error.triennium_form");
  },
};

function join(path, key) {
  return path ? `${path}.${key}` : String(key);
}

function optional(obj, key, path, fn) {
  if (obj[key] !== undefined && obj[key] !== null) fn(obj[key], join(path, key));
}

const EVENT_KEYS = [
  "type",
  "role",
  "date",
  "end_date",
  "hours",
  "interactive_hours",
  "participants",
  "teachers",
  "special_topic",
  "concluding_document",
  "external_tutor",
  "tutor",
  "teaching_minutes",
  "sessions",
  "months",
  "event_credits",
  "publication_kind",
  "lead_author",
  "stated_credits",
  "profession",
  "country",
  "attendance_percent",
  "test_score_percent",
  "components",
];

/** EventInput: validated and normalised (defaults filled in). */
function parseEvent(raw, path = "") {
  check.object(raw, path);
  check.known(raw, EVENT_KEYS, path);
  const e = { ...raw };
  if (e.type === undefined) fail(join(path, "type"), "error.missing");
  check.oneOf(e.type, EVENT_TYPES, join(path, "type"));
  e.role = e.role === undefined ? "participant" : e.role;
  check.oneOf(e.role, ROLES, join(path, "role"));
  if (e.date === undefined) fail(join(path, "date"), "error.missing");
  check.date(e.date, join(path, "date"));
  optional(e, "end_date", path, check.date);
  optional(e, "hours", path, (v, p) => check.decimal(v, p, { gt: 0, le: 100000, places: 2 }));
  e.interactive_hours = e.interactive_hours === undefined || e.interactive_hours === null ? 0 : e.interactive_hours;
  check.decimal(e.interactive_hours, join(path, "interactive_hours"), { ge: 0, le: 100000, places: 2 });
  optional(e, "participants", path, (v, p) => check.int(v, p, 1, 100000));
  optional(e, "teachers", path, (v, p) => check.int(v, p, 1, 10000));
  for (const flag of ["special_topic", "concluding_document", "external_tutor", "tutor", "lead_author"]) {
    e[flag] = e[flag] === undefined ? false : e[flag];
    check.bool(e[flag], join(path, flag));
  }
  optional(e, "teaching_minutes", path, (v, p) => check.int(v, p, 1, 100000));
  optional(e, "sessions", path, (v, p) => check.int(v, p, 1, 1000));
  optional(e, "months", path, (v, p) => check.int(v, p, 1, 120));
  optional(e, "event_credits", path, (v, p) => check.decimal(v, p, { ge: 0, le: 1000, places: 1 }));
  optional(e, "stated_credits", path, (v, p) => check.decimal(v, p, { ge: 0, le: 1000, places: 1 }));
  optional(e, "country", path, (v, p) => check.str(v, p, 2, 2));
  optional(e, "profession", path, (v, p) => check.str(v, p, 0, 60));
  for (const name of ["attendance_percent", "test_score_percent"]) {
    optional(e, name, path, (v, p) => check.decimal(v, p, { ge: 0, le: 100, places: 2 }));
  }
  optional(e, "publication_kind", path, (v, p) => check.oneOf(v, PUBLICATION_KINDS, p));
  if (e.components !== undefined && e.components !== null) {
    check.list(e.components, join(path, "components"), 0, 20);
    e.components = e.components.map((c, i) => parseEvent(c, join(path, `components.${i}`)));
  }
  for (const key of EVENT_KEYS) if (e[key] === undefined) e[key] = null;
  return e;
}

// Each field's bounds do not depend on the others: a form can check every field alone and show all its
// errors at once, where a computation stops at the first refusal.
const FIELD_CHECK_BASE = { type: "res_course", role: "participant", date: "2024-01-01" };

/** One event field checked alone against its bounds (parseEvent's checks); throws a RuleInputError naming it. */
function checkEventField(name, value) {
  parseEvent({ ...FIELD_CHECK_BASE, [name]: value });
}

function parseExemption(raw, path) {
  check.object(raw, path);
  check.known(raw, ["kind", "start", "end", "hours", "reason", "attributed_years"], path);
  check.oneOf(raw.kind, EXEMPTION_KINDS, join(path, "kind"));
  check.date(raw.start, join(path, "start"));
  check.date(raw.end, join(path, "end"));
  optional(raw, "hours", path, (v, p) => check.decimal(v, p, { gt: 0, le: 100000, places: 2 }));
  optional(raw, "reason", path, (v, p) => check.str(v, p, 0, 200));
  optional(raw, "attributed_years", path, (v, p) => {
    check.list(v, p, 0, 10);
    v.forEach((y, i) => check.int(y, `${p}.${i}`, -1e9, 1e9));
  });
  return { hours: null, reason: null, attributed_years: null, ...raw };
}

function parseProfile(raw, path = "profile") {
  if (raw === undefined || raw === null) raw = {};
  check.object(raw, path);
  check.known(
    raw,
    [
      "first_registration",
      "registration_gaps",
      "previous_triennium_credits",
      "previous_triennium_met",
      "dossiers",
      "certified_trienni_at_2025_07_03",
      "exemptions",
      "profession",
      "discipline",
      "employment",
      "retired_on",
      "medical_exposure",
      "radiology_complementary",
    ],
    path,
  );
  const p = {
    first_registration: null,
    previous_triennium_credits: null,
    previous_triennium_met: null,
    profession: null,
    discipline: null,
    employment: null,
    retired_on: null,
    medical_exposure: false,
    radiology_complementary: false,
    ...raw,
  };
  for (const flag of ["medical_exposure", "radiology_complementary"]) check.bool(p[flag], join(path, flag));
  optional(p, "profession", path, (v, q) => check.str(v, q, 0, 60));
  optional(p, "discipline", path, (v, q) => check.str(v, q, 0, 200));
  optional(p, "employment", path, (v, q) => check.oneOf(v, ["employee", "self_employed"], q));
  optional(p, "retired_on", path, check.date);
  optional(p, "first_registration", path, check.date);
  optional(p, "previous_triennium_credits", path, (v, q) => check.decimal(v, q, { ge: 0, le: 1000, places: 1 }));
  optional(p, "previous_triennium_met", path, check.bool);
  p.registration_gaps = p.registration_gaps || [];
  check.list(p.registration_gaps, join(path, "registration_gaps"), 0, 20);
  p.registration_gaps = p.registration_gaps.map((g, i) => {
    const q = join(path, `registration_gaps.${i}`);
    check.object(g, q);
    check.known(g, ["cancelled_on", "reregistered_on"], q);
    check.date(g.cancelled_on, join(q, "cancelled_on"));
    optional(g, "reregistered_on", q, check.date);
    return { reregistered_on: null, ...g };
  });
  p.dossiers = p.dossiers || [];
  check.list(p.dossiers, join(path, "dossiers"), 0, 10);
  p.dossiers = p.dossiers.map((d, i) => {
    const q = join(path, `dossiers.${i}`);
    check.object(d, q);
    check.known(d, ["kind", "triennium", "built_on", "objectives_met"], q);
    check.oneOf(d.kind, ["individual", "group"], join(q, "kind"));
    check.triennium(d.triennium, join(q, "triennium"));
    optional(d, "built_on", q, check.date);
    const out = { built_on: null, objectives_met: false, ...d };
    check.bool(out.objectives_met, join(q, "objectives_met"));
    return out;
  });
  p.certified_trienni_at_2025_07_03 = p.certified_trienni_at_2025_07_03 || [];
  check.list(p.certified_trienni_at_2025_07_03, join(path, "certified_trienni_at_2025_07_03"), 0, 5);
  p.certified_trienni_at_2025_07_03.forEach((t, i) =>
    check.triennium(t, join(path, `certified_trienni_at_2025_07_03.${i}`)),
  );
  p.exemptions = p.exemptions || [];
  check.list(p.exemptions, join(path, "exemptions"), 0, 50);
  p.exemptions = p.exemptions.map((x, i) => parseExemption(x, join(path, `exemptions.${i}`)));
  return p;
}

function parseCredit(raw, path) {
  check.object(raw, path);
  check.known(
    raw,
    [
      "id",
      "title",
      "type",
      "role",
      "date",
      "credits",
      "sponsored",
      "abroad",
      "autoformazione",
      "during_exemption",
      "triennium",
      "event_code",
      "end_date",
      "provider_scope",
      "in_registry",
      "radioprotection",
    ],
    path,
  );
  check.str(raw.id, join(path, "id"), 1, 64);
  check.oneOf(raw.type, EVENT_TYPES, join(path, "type"));
  const c = {
    title: null,
    role: "participant",
    sponsored: false,
    abroad: false,
    autoformazione: false,
    during_exemption: false,
    triennium: null,
    event_code: null,
    end_date: null,
    provider_scope: null,
    in_registry: null,
    radioprotection: false,
    ...raw,
  };
  optional(c, "title", path, (v, p) => check.str(v, p, 1, 300));
  optional(c, "event_code", path, (v, p) => check.str(v, p, 1, 64));
  optional(c, "end_date", path, check.date);
  optional(c, "provider_scope", path, (v, p) => check.oneOf(v, ["national", "regional"], p));
  optional(c, "in_registry", path, check.bool);
  check.oneOf(c.role, ROLES, join(path, "role"));
  check.date(c.date, join(path, "date"));
  check.decimal(c.credits, join(path, "credits"), { ge: 0, le: 1000, places: 1 });
  for (const flag of ["sponsored", "abroad", "autoformazione", "during_exemption", "radioprotection"])
    check.bool(c[flag], join(path, flag));
  optional(c, "triennium", path, check.triennium);
  c.amount = Q.of(c.credits);
  return c;
}

function parseCredits(list, path = "credits") {
  if (list === undefined || list === null) return [];
  check.list(list, path, 0, 20000);
  return list.map((c, i) => parseCredit(c, join(path, i)));
}

export { fail, TRIENNIUM_PATTERN, decimalPlaces, check, join, optional, EVENT_KEYS, parseEvent, checkEventField, parseExemption, parseProfile, parseCredit, parseCredits };
