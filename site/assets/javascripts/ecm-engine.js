/*
 * ECM rule book engine for the browser (and Node): a port of functions/rulebook/*.py.
 *
 * Every number comes from the exported rules JSON (assets/data/rules.json); this file holds the
 * arithmetic only. Credits are exact rationals (numerator/denominator as safe integers) so that
 * 1.1 * 3 is 3.3 and not 3.3000000000000003, and results are rounded like Python's
 * Decimal.quantize(Decimal("0.1"), ROUND_HALF_UP).
 *
 * Works without a bundler: in a browser it attaches to window.ECM, in Node it is a CommonJS module.
 */
(function (root, factory) {
  "use strict";
  const api = factory();
  if (typeof module === "object" && module.exports) {
    module.exports = api;
  } else {
    root.ECM = api;
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  /* ------------------------------------------------------------------ exact numbers */

  function gcd(a, b) {
    a = Math.abs(a);
    b = Math.abs(b);
    while (b) [a, b] = [b, a % b];
    return a || 1;
  }

  /** An exact fraction n/d with d > 0, reduced. */
  class Q {
    constructor(n, d = 1) {
      if (!Number.isSafeInteger(n) || !Number.isSafeInteger(d) || d === 0) {
        throw new RangeError(`not an exact fraction: ${n}/${d}`);
      }
      if (d < 0) {
        n = -n;
        d = -d;
      }
      const g = gcd(n, d);
      this.n = n / g;
      this.d = d / g;
    }

    /** Parse a JSON number, a decimal string ("0.25") or a fraction string ("2/5"). */
    static of(value) {
      if (value instanceof Q) return value;
      if (typeof value === "boolean" || value === null || value === undefined) {
        throw new TypeError(`not a number: ${value}`);
      }
      // String() first, as the Python does with Decimal(str(x)): 0.1 stays 1/10.
      const text = String(value).trim();
      const frac = /^(-?\d+)\/(\d+)$/.exec(text);
      if (frac) return new Q(Number(frac[1]), Number(frac[2]));
      const dec = /^(-?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(text);
      if (!dec || (dec[2] === "" && !dec[3])) throw new TypeError(`not a number: ${value}`);
      const digits = (dec[2] || "0") + (dec[3] || "");
      let scale = (dec[3] || "").length - Number(dec[4] || 0);
      let n = Number(digits) * (dec[1] ? -1 : 1);
      let d = 1;
      if (scale < 0) {
        n *= 10 ** -scale;
        scale = 0;
      }
      d = 10 ** scale;
      return new Q(n, d);
    }

    add(o) {
      o = Q.of(o);
      return new Q(this.n * o.d + o.n * this.d, this.d * o.d);
    }
    sub(o) {
      o = Q.of(o);
      return new Q(this.n * o.d - o.n * this.d, this.d * o.d);
    }
    mul(o) {
      o = Q.of(o);
      return new Q(this.n * o.n, this.d * o.d);
    }
    div(o) {
      o = Q.of(o);
      return new Q(this.n * o.d, this.d * o.n);
    }
    neg() {
      return new Q(-this.n, this.d);
    }
    cmp(o) {
      o = Q.of(o);
      const l = this.n * o.d;
      const r = o.n * this.d;
      return l < r ? -1 : l > r ? 1 : 0;
    }
    lt(o) {
      return this.cmp(o) < 0;
    }
    le(o) {
      return this.cmp(o) <= 0;
    }
    gt(o) {
      return this.cmp(o) > 0;
    }
    ge(o) {
      return this.cmp(o) >= 0;
    }
    eq(o) {
      return this.cmp(o) === 0;
    }
    isZero() {
      return this.n === 0;
    }
    /** Largest integer <= this. */
    floor() {
      return new Q(Math.floor(this.n / this.d));
    }
    /** Smallest integer >= this. */
    ceil() {
      return new Q(Math.ceil(this.n / this.d));
    }
    /** Round to `places` decimals, halves away from zero (Python's ROUND_HALF_UP). */
    roundHalfUp(places = 1) {
      const scale = 10 ** places;
      const scaled = Math.abs(this.n) * scale;
      const whole = Math.floor(scaled / this.d);
      const rest = scaled - whole * this.d;
      const up = rest * 2 >= this.d ? 1 : 0;
      return new Q(Math.sign(this.n) * (whole + up), scale);
    }
    /** Round to `places` decimals, halves toward zero (Python's ROUND_HALF_DOWN). */
    roundHalfDown(places = 0) {
      const scale = 10 ** places;
      const scaled = Math.abs(this.n) * scale;
      const whole = Math.floor(scaled / this.d);
      const rest = scaled - whole * this.d;
      const up = rest * 2 > this.d ? 1 : 0;
      return new Q(Math.sign(this.n) * (whole + up), scale);
    }
    /** Round to `places` decimals toward -infinity ("floor") or +infinity ("ceil"). */
    quantize(places, mode) {
      const scale = 10 ** places;
      const scaled = this.n * scale;
      const whole = mode === "ceil" ? Math.ceil(scaled / this.d) : Math.floor(scaled / this.d);
      return new Q(whole, scale);
    }
    toNumber() {
      return this.n / this.d;
    }
    toString() {
      return String(this.toNumber());
    }
    static min(a, b) {
      return Q.of(a).le(b) ? Q.of(a) : Q.of(b);
    }
    static max(a, b) {
      return Q.of(a).ge(b) ? Q.of(a) : Q.of(b);
    }
    static sum(list) {
      return list.reduce((acc, x) => acc.add(x), ZERO);
    }
  }
  const ZERO = new Q(0);

  /** Credits as Python's Decimal.quantize(Decimal("0.1"), ROUND_HALF_UP). */
  function credits(q) {
    return Q.of(q).roundHalfUp(1);
  }

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

  /* ------------------------------------------------------------------ errors */

  /** Input that no rule accepts: `field` is a dotted path into the input, `message` names the limit. */
  class RuleInputError extends Error {
    constructor(field, message) {
      super(`${field}: ${message}`);
      this.name = "RuleInputError";
      this.field = field;
      this.detail = message;
    }
    asDict() {
      return { field: this.field, message: this.detail };
    }
  }

  /* ------------------------------------------------------------------ the rule book */

  /** The exported rules: "what was parameter X on date D", with source and confidence. */
  class RuleBook {
    constructor(json) {
      if (!json || typeof json.parameters !== "object") throw new TypeError("not a rules export");
      this.json = json;
      this.sources = json.sources || {};
      this.parameters = {};
      for (const [id, raw] of Object.entries(json.parameters)) {
        const values = raw.values
          .map((v) => ({
            param: id,
            from: v.from,
            value: v.value,
            source: this.source(v.source),
            reported_by: v.reported_by ? this.source(v.reported_by) : null,
            confidence: v.confidence,
            note: v.note || "",
          }))
          .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
        this.parameters[id] = { id, title: raw.title || {}, unit: raw.unit, values };
      }
    }

    source(id) {
      if (id && typeof id === "object") return { id: id.id, title: id.title, url: id.url };
      const raw = this.sources[id] || {};
      return { id, title: raw.title || id, url: raw.url || "" };
    }

    has(paramId) {
      return Object.prototype.hasOwnProperty.call(this.parameters, paramId);
    }

    /** The value of a parameter in force on an ISO date (the last one whose `from` <= date). */
    at(paramId, on) {
      const parameter = this.parameters[paramId];
      if (!parameter) throw new Error(`unknown parameter ${paramId}`);
      let current = null;
      for (const value of parameter.values) {
        if (value.from <= on) current = value;
      }
      if (current === null) {
        throw new RuleInputError("date", `no rule '${paramId}' is known before ${parameter.values[0].from}`);
      }
      return current;
    }

    /** The latest value, whatever the date (for lists such as the trienni). */
    latest(paramId) {
      const values = this.parameters[paramId].values;
      return values[values.length - 1];
    }

    /** Title in the page language ("it" or "en"); English is the engine's own language. */
    title(paramId, lang = "en") {
      const parameter = this.parameters[paramId];
      if (!parameter) return paramId;
      return parameter.title[lang] || parameter.title.en || paramId;
    }
  }

  /** An explanation line, shaped like the Python Line model (amount as a JSON number). */
  function line(pv, amount, text) {
    return {
      rule: pv.param,
      amount: Q.of(amount),
      text,
      source: { id: pv.source.id, title: pv.source.title, url: pv.source.url },
      reported_by: pv.reported_by
        ? { id: pv.reported_by.id, title: pv.reported_by.title, url: pv.reported_by.url }
        : null,
      confidence: pv.confidence,
    };
  }

  function isAbsent(pv) {
    return pv.value === false;
  }

  function fmt(q) {
    // Python prints Decimals like "7.8" or "50"; the text is for people, the amount is the contract.
    const n = Q.of(q).toNumber();
    return String(Math.round(n * 100) / 100);
  }

  /** Serialise a result: every Q becomes a JSON number, recursively. */
  function toJSON(value) {
    if (value instanceof Q) return value.toNumber();
    if (Array.isArray(value)) return value.map(toJSON);
    if (value && typeof value === "object") {
      const out = {};
      for (const [k, v] of Object.entries(value)) out[k] = toJSON(v);
      return out;
    }
    return value;
  }

  function loadRules(url, fetchImpl) {
    const f = fetchImpl || (typeof fetch === "function" ? fetch : null);
    if (!f) return Promise.reject(new Error("no fetch available"));
    return f(url, { credentials: "same-origin" })
      .then((response) => {
        if (!response.ok) throw new Error(`rules: HTTP ${response.status} for ${url}`);
        return response.json();
      })
      .then((json) => new RuleBook(json));
  }

  /* ================================================================== shared pieces */

  const EVENT_TYPES = [
    "res_course",
    "res_congress",
    "res_workshop",
    "res_interactive",
    "fsc_training",
    "fsc_improvement_group",
    "fsc_improvement_project",
    "fsc_research",
    "fsc_audit",
    "fad_self_study",
    "fad_self_study_tutored",
    "fad_elearning",
    "fad_webinar",
    "blended",
    "publication",
    "clinical_trial",
    "individual_tutoring",
    "autoformazione",
    "abroad",
  ];
  const PROVIDER_TYPES = new Set(EVENT_TYPES.slice(0, 14));
  const INDIVIDUAL_TYPES = new Set(EVENT_TYPES.slice(14));
  const RES_TYPES = new Set(["res_course", "res_congress", "res_workshop", "res_interactive"]);
  const FSC_TYPES = new Set([
    "fsc_training",
    "fsc_improvement_group",
    "fsc_improvement_project",
    "fsc_research",
    "fsc_audit",
  ]);
  const FAD_TYPES = new Set(["fad_self_study", "fad_self_study_tutored", "fad_elearning", "fad_webinar"]);
  const ROLES = [
    "participant",
    "teacher",
    "moderator",
    "scientific_lead",
    "fsc_tutor",
    "fad_tutor",
    "classroom_tutor",
  ];
  const PUBLICATION_KINDS = ["indexed", "journal", "book"];
  const EXEMPTION_KINDS = ["esonero_course", "esonero_hours", "esenzione"];
  const union = (...sets) => new Set(sets.flatMap((x) => Array.from(x)));
  // Which event types each role can have (event_credits.ROLE_TYPES).
  const ROLE_TYPES = {
    teacher: union(RES_TYPES, FAD_TYPES, FSC_TYPES, ["blended"]),
    moderator: union(RES_TYPES, ["fad_webinar", "blended"]),
    scientific_lead: new Set(PROVIDER_TYPES),
    fsc_tutor: new Set(FSC_TYPES),
    fad_tutor: new Set(Array.from(FAD_TYPES).filter((x) => x !== "fad_webinar")),
    classroom_tutor: union(RES_TYPES, ["fad_webinar", "blended"]),
  };

  /** The roles an event type allows, participant first (event_credits.roles_allowed). */
  function rolesAllowed(type) {
    const others = Object.keys(ROLE_TYPES)
      .filter((role) => ROLE_TYPES[role].has(type))
      .sort();
    return ["participant", ...others];
  }

  /** Collects lines whose amounts add up to the result by construction (explain.Explanation). */
  class Explanation {
    constructor() {
      this.lines = [];
    }
    add(pv, amount, text) {
      this.lines.push(line(pv, amount, text));
    }
    get total() {
      return Q.sum(this.lines.map((l) => l.amount));
    }
    get uncertain() {
      return this.lines.some((l) => l.confidence !== "HIGH" && !l.amount.isZero());
    }
  }

  const tenth = (q) => Q.of(q).roundHalfUp(1);
  const tenthDown = (q) => Q.of(q).quantize(1, "floor");
  const tenthUp = (q) => Q.of(q).quantize(1, "ceil");
  const shareOf = (amount, share) => Q.of(amount).mul(share);

  function wholeHours(hours, mode) {
    if (mode === "floor") return Q.of(hours).floor().toNumber();
    if (mode === "half_down") return Q.of(hours).roundHalfDown(0).toNumber();
    throw new Error(`unknown hour rounding ${mode}`);
  }

  const LIST_DATE = "2100-01-01"; // trienni.py: any date after the last triennium started reads the list

  function allTrienni(rb) {
    return rb
      .at("trienni", LIST_DATE)
      .value.map((t) => ({ id: t.id, start: t.start, end: t.end, deadline: t.deadline || null }));
  }

  function getTriennium(rb, id, field = "triennium") {
    const found = allTrienni(rb).find((t) => t.id === id);
    if (found) return found;
    const known = allTrienni(rb)
      .map((t) => t.id)
      .join(", ");
    throw new RuleInputError(field, `unknown triennium '${id}'; the rule book knows ${known}`);
  }

  function trienniumOf(rb, day) {
    const found = allTrienni(rb).find((t) => t.start <= day && day <= t.end);
    return found ? found.id : null;
  }

  function yearsOf(t) {
    const y = yearOf(t.start);
    return [y, y + 1, y + 2];
  }

  function previousTriennium(t) {
    const y = yearOf(t.start);
    return `${y - 3}-${y - 1}`;
  }

  /* ================================================================== input validation
   * The pydantic models' constraints (models.py), so that bad input gets the same `field` as the API.
   */

  function fail(field, message) {
    throw new RuleInputError(field, message);
  }

  function decimalPlaces(n) {
    const text = String(n);
    if (/e/i.test(text)) return 20;
    const dot = text.indexOf(".");
    return dot < 0 ? 0 : text.length - dot - 1;
  }

  const check = {
    known(obj, allowed, path) {
      for (const key of Object.keys(obj)) {
        if (!allowed.includes(key)) fail(join(path, key), "extra inputs are not permitted");
      }
    },
    object(value, path) {
      if (!value || typeof value !== "object" || Array.isArray(value)) fail(path || "input", "must be an object");
    },
    oneOf(value, list, path) {
      if (!list.includes(value)) fail(path, `must be one of ${list.join(", ")}`);
    },
    date(value, path) {
      if (typeof value !== "string" || !isIsoDate(value)) fail(path, "must be a valid date (YYYY-MM-DD)");
      // Same bounds as models.py (Day): ISO dates compare correctly as strings.
      if (value < "1940-01-01" || value > "2100-12-31") fail(path, "must be between 1940-01-01 and 2100-12-31");
    },
    bool(value, path) {
      if (typeof value !== "boolean") fail(path, "must be true or false");
    },
    int(value, path, min, max) {
      if (typeof value !== "number" || !Number.isInteger(value)) fail(path, "must be a whole number");
      if (value < min) fail(path, `must be at least ${min}`);
      if (value > max) fail(path, `must be at most ${max}`);
    },
    /** A Decimal field: bounds (exclusive low when `gt`), and decimal places. */
    decimal(value, path, { gt, ge, le, places }) {
      if (typeof value !== "number" || !Number.isFinite(value)) fail(path, "must be a number");
      if (gt !== undefined && !(value > gt)) fail(path, `must be greater than ${gt}`);
      if (ge !== undefined && value < ge) fail(path, `must be at least ${ge}`);
      if (le !== undefined && value > le) fail(path, `must be at most ${le}`);
      if (decimalPlaces(value) > places)
        fail(path, `must have at most ${places} decimal place${places === 1 ? "" : "s"}`);
    },
    str(value, path, min, max) {
      if (typeof value !== "string") fail(path, "must be a string");
      if (value.length < min) fail(path, `must have at least ${min} character${min === 1 ? "" : "s"}`);
      if (value.length > max) fail(path, `must have at most ${max} characters`);
    },
    list(value, path, min, max) {
      if (!Array.isArray(value)) fail(path, "must be a list");
      if (value.length < min) fail(path, `must have at least ${min} item${min === 1 ? "" : "s"}`);
      if (value.length > max) fail(path, `must have at most ${max} items`);
    },
    triennium(value, path) {
      if (typeof value !== "string" || !/^\d{4}-\d{4}$/.test(value)) fail(path, "must look like '2026-2028'");
    },
    /** The ObligationInput/ComplianceInput validator: three calendar years. */
    threeYears(value, path) {
      const m = /^(\d{4})-(\d{4})$/.exec(value);
      if (!m || Number(m[2]) - Number(m[1]) !== 2) fail(path, "must look like '2026-2028' (three calendar years)");
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
    if (e.type === undefined) fail(join(path, "type"), "field required");
    check.oneOf(e.type, EVENT_TYPES, join(path, "type"));
    e.role = e.role === undefined ? "participant" : e.role;
    check.oneOf(e.role, ROLES, join(path, "role"));
    if (e.date === undefined) fail(join(path, "date"), "field required");
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
      ...raw,
    };
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
        "type",
        "role",
        "date",
        "credits",
        "sponsored",
        "abroad",
        "autoformazione",
        "during_exemption",
        "triennium",
      ],
      path,
    );
    check.str(raw.id, join(path, "id"), 1, 64);
    check.oneOf(raw.type, EVENT_TYPES, join(path, "type"));
    const c = {
      role: "participant",
      sponsored: false,
      abroad: false,
      autoformazione: false,
      during_exemption: false,
      triennium: null,
      ...raw,
    };
    check.oneOf(c.role, ROLES, join(path, "role"));
    check.date(c.date, join(path, "date"));
    check.decimal(c.credits, join(path, "credits"), { ge: 0, le: 1000, places: 1 });
    for (const flag of ["sponsored", "abroad", "autoformazione", "during_exemption"])
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

  /* ================================================================== event_credits.py */

  class Calc {
    constructor(rb, event) {
      this.book = rb;
      this.event = event;
      this.day = event.date;
      this.explanation = new Explanation();
      this.warnings = [];
    }
    rule(id) {
      return this.book.at(id, this.day);
    }
    add(pv, amount, text) {
      this.explanation.add(pv, amount, text);
    }
    require(name) {
      const value = this.event[name];
      if (value === null || value === undefined) {
        fail(name, `is required for type ${this.event.type} as ${this.event.role}`);
      }
      return value;
    }
    hours() {
      const hours = Q.of(this.require("hours"));
      const limit = Q.of(this.rule("event.max_hours").value);
      if (hours.gt(limit)) fail("hours", `must be at most ${fmt(limit)} (got ${fmt(hours)})`);
      const whole = wholeHours(hours, String(this.rule("event.hour_rounding").value));
      if (whole < 1) fail("hours", `at least one whole hour is needed (got ${fmt(hours)})`);
      return whole;
    }
    participants(limitParam) {
      const participants = this.require("participants");
      if (limitParam) {
        const limit = Number(this.rule(limitParam).value);
        if (participants > limit) {
          fail("participants", `a ${this.event.type} event has at most ${limit} participants (got ${participants})`);
        }
      }
      return participants;
    }
    perHour(pv, hours, what) {
      const rate = Q.of(pv.value);
      this.add(pv, rate.mul(hours), `${what}: ${hours} h × ${fmt(rate)} credits/h`);
    }
    bonus(id, hours, applies, what) {
      const pv = this.rule(id);
      if (isAbsent(pv) || !applies) return;
      const rate = Q.of(pv.value && typeof pv.value === "object" ? pv.value.per_hour : pv.value);
      this.add(pv, rate.mul(hours), `${what}: ${hours} h × ${fmt(rate)} credits/h`);
    }
    cap(id) {
      const pv = this.rule(id);
      const limit = Q.of(pv.value);
      const total = this.explanation.total;
      if (total.gt(limit)) this.add(pv, limit.sub(total), `capped at ${fmt(limit)} credits per event`);
    }
    minHoursWarning(id, hours) {
      const minimum = Number(this.rule(id).value);
      if (hours < minimum) {
        this.warnings.push(`hours: ${hours} h is below the usual minimum of ${minimum} h for this type (${id})`);
      }
    }
    finish() {
      const total = this.explanation.total;
      const rounded = tenth(total);
      if (!rounded.eq(total)) {
        this.add(this.rule("event.credit_rounding"), rounded.sub(total), `${fmt(total)} rounded to ${fmt(rounded)}`);
      }
      return {
        credits: this.explanation.total,
        rules_version: String(this.rule("event.rules_version").value),
        lines: this.explanation.lines,
        warnings: this.warnings,
        uncertain: this.explanation.uncertain,
      };
    }
  }

  function hourMode(calc) {
    return String(calc.rule("event.hour_rounding").value);
  }

  function resCourseLike(calc, interactiveDefault) {
    const event = calc.event;
    const hours = calc.hours();
    const participants = calc.participants("event.res.course.max_participants");
    let interactive = wholeHours(event.interactive_hours, hourMode(calc));
    if (interactiveDefault && interactive === 0) interactive = hours;
    if (interactive > hours) fail("interactive_hours", `must be at most the event's hours (${hours})`);
    calc.minHoursWarning("event.res.min_hours", hours);
    const oldInteractive = calc.rule("event.res.interactive.per_hour");
    const bands = calc.rule("event.res.course.bands");
    if (!isAbsent(oldInteractive)) {
      // 2010 criteria: frontal hours by participant band, interactive hours at their own rate.
      const frontal = hours - interactive;
      if (frontal) {
        const rate = bandRate(calc, bands, participants);
        calc.add(
          bands,
          rate.mul(frontal),
          `${frontal} frontal h × ${fmt(rate)} credits/h (${participants} participants)`,
        );
      }
      if (interactive) calc.perHour(oldInteractive, interactive, "interactive hours");
    } else {
      const rate = bandRate(calc, bands, participants);
      calc.add(bands, rate.mul(hours), `${hours} h × ${fmt(rate)} credits/h (${participants} participants)`);
      resBonuses(calc, hours, participants, interactive);
      calc.bonus("event.bonus.special_topic", hours, event.special_topic, "special topic");
    }
    calc.cap("event.max_credits");
  }

  function bandRate(calc, bands, participants) {
    let low = 1;
    for (const band of bands.value) {
      if (participants <= band.max_participants) {
        if (band.per_hour === "decreasing") {
          const table = calc.rule("event.res.course.decreasing").value;
          return Q.of(table[participants - low]);
        }
        return Q.of(band.per_hour);
      }
      low = band.max_participants + 1;
    }
    return fail("participants", `at most ${low - 1} participants for a course (got ${participants})`);
  }

  function resBonuses(calc, hours, participants, interactive) {
    const small = calc.rule("event.res.bonus.small_group");
    if (!isAbsent(small)) {
      calc.bonus("event.res.bonus.small_group", hours, participants <= small.value.max_participants, "small group");
    }
    const inter = calc.rule("event.res.bonus.interactive");
    if (isAbsent(inter) || interactive === 0) return;
    const limit = Number(inter.value.max_participants);
    const perTeacher = Number(inter.value.learners_per_teacher);
    const teachers = calc.event.teachers;
    if (participants > limit) {
      calc.warnings.push(`participants: the interactive bonus needs at most ${limit} participants`);
      return;
    }
    if (teachers !== null && participants > teachers * perTeacher) {
      calc.warnings.push(`teachers: the interactive bonus needs one teacher for every ${perTeacher} learners`);
      return;
    }
    if (teachers === null && participants > perTeacher) {
      calc.warnings.push(`teachers: assumed at least one teacher for every ${perTeacher} learners`);
    }
    calc.bonus("event.res.bonus.interactive", hours, true, "interactive methods");
  }

  function resCongress(calc) {
    const hours = calc.hours();
    const participants = calc.participants();
    const minimum = Number(calc.rule("event.res.congress.min_participants").value);
    if (participants <= minimum) {
      fail(
        "participants",
        `a congress has more than ${minimum} participants (got ${participants}); use res_course or res_workshop`,
      );
    }
    calc.minHoursWarning("event.res.min_hours", hours);
    calc.perHour(calc.rule("event.res.congress.per_hour"), hours, "congress");
    calc.cap("event.res.congress.max_credits");
  }

  function resWorkshop(calc) {
    const hours = calc.hours();
    const participants = calc.participants("event.res.workshop.max_participants");
    const interactive = wholeHours(calc.event.interactive_hours, hourMode(calc));
    if (interactive > hours) fail("interactive_hours", `must be at most the event's hours (${hours})`);
    calc.minHoursWarning("event.res.min_hours", hours);
    calc.perHour(calc.rule("event.res.workshop.per_hour"), hours, "workshop");
    resBonuses(calc, hours, participants, interactive);
    calc.cap("event.max_credits");
  }

  function fscTraining(calc) {
    const hours = calc.hours();
    calc.perHour(calc.rule("event.fsc.training.per_hour"), hours, "individual training");
    calc.cap("event.fsc.training.max_credits");
  }

  function fscImprovement(calc) {
    const hours = calc.hours();
    if (calc.event.participants !== null) calc.participants("event.fsc.max_participants");
    calc.minHoursWarning("event.fsc.improvement.min_hours", hours);
    calc.perHour(calc.rule("event.fsc.improvement.per_hour"), hours, "improvement group");
    calc.bonus("event.fsc.bonus.document", hours, calc.event.concluding_document, "concluding document");
    calc.bonus("event.fsc.bonus.external_tutor", hours, calc.event.external_tutor, "external validating tutor");
    calc.cap("event.max_credits");
  }

  function fscAudit(calc) {
    const hours = calc.hours();
    if (calc.event.participants !== null) calc.participants("event.fsc.max_participants");
    calc.minHoursWarning("event.fsc.audit.min_hours", hours);
    calc.perHour(calc.rule("event.fsc.audit.per_hour"), hours, "audit");
    calc.bonus("event.fsc.bonus.external_tutor", hours, calc.event.external_tutor, "external validating tutor");
    calc.cap("event.max_credits");
  }

  function durationDays(calc) {
    const end = calc.require("end_date");
    return daysBetween(calc.day, end) + 1;
  }

  function byDuration(calc, id, what, longestField = "end_date") {
    const pv = calc.rule(id);
    const days = durationDays(calc);
    for (const band of pv.value) {
      if (days <= band.max_days) {
        const c = Q.of(band.credits);
        calc.add(pv, c, `${what} lasting ${days} days (up to ${band.max_days}): ${fmt(c)} credits`);
        return;
      }
    }
    const longest = pv.value[pv.value.length - 1].max_days;
    fail(longestField, `a ${what} lasts at most ${longest} days (got ${days})`);
  }

  function fad(rateParam, what) {
    return (calc) => {
      const hours = calc.hours();
      const pv = calc.rule(rateParam);
      if (isAbsent(pv)) fail("type", `${calc.event.type} did not exist on ${calc.day}: ${pv.note}`);
      calc.perHour(pv, hours, what);
      calc.bonus("event.bonus.special_topic", hours, calc.event.special_topic, "special topic");
      calc.cap("event.max_credits");
    };
  }

  function fadElearning(calc) {
    if (calc.event.tutor) fad("event.fad.tutor_per_hour", "e-learning with tutor")(calc);
    else fad("event.fad.per_hour", "e-learning")(calc);
  }

  function blended(calc) {
    const parts = calc.event.components;
    if (!parts || parts.length < 2) fail("components", "a blended event needs at least 2 parts (e.g. FAD + RES)");
    parts.forEach((part, index) => {
      if (!PROVIDER_TYPES.has(part.type) || part.type === "blended")
        fail(`components.${index}.type`, "must be a RES, FSC or FAD type");
      if (part.role !== "participant")
        fail(`components.${index}.role`, "parts of a blended event are computed as participant");
      let result;
      try {
        result = computeParsed(calc.book, part);
      } catch (error) {
        if (error instanceof RuleInputError)
          throw new RuleInputError(`components.${index}.${error.field}`, error.detail);
        throw error;
      }
      for (const l of result.lines) calc.explanation.lines.push({ ...l, text: `part ${index + 1}: ${l.text}` });
      for (const w of result.warnings) calc.warnings.push(`components.${index}.${w}`);
    });
    calc.cap("event.max_credits");
  }

  function publication(calc) {
    const kind = calc.require("publication_kind");
    const pv = calc.rule("individual.publication");
    const position = calc.event.lead_author ? "lead" : "other";
    const c = Q.of(pv.value[kind][position]);
    const who = calc.event.lead_author ? "first or last author" : "co-author";
    calc.add(pv, c, `${kind} publication, ${who}: ${fmt(c)} credits`);
  }

  /** The date from which a parameter has a rule (its first value that is not `false`). */
  function firstRuleDate(rb, paramId) {
    const found = rb.parameters[paramId].values.find((v) => v.value !== false);
    return found ? found.from : "";
  }

  function individualTutoring(calc) {
    const pv = calc.rule("individual.tutoring");
    if (isAbsent(pv))
      fail("date", `no rule for individual tutoring before ${firstRuleDate(calc.book, pv.param)} (${pv.note})`);
    if ("per_month" in pv.value) {
      const months = calc.require("months");
      const rate = Q.of(pv.value.per_month);
      calc.add(pv, rate.mul(months), `${months} months × ${fmt(rate)} credits/month`);
      return;
    }
    const hours = calc.hours();
    const unit = Number(pv.value.unit_hours);
    const c = Q.of(pv.value.credits).mul(Math.floor(hours / unit));
    calc.add(pv, c, `${hours} h of tutoring: 1 credit per ${unit} h`);
  }

  function autoformazione(calc) {
    calc.perHour(calc.rule("individual.autoformazione.per_hour"), calc.hours(), "self-directed learning");
  }

  /** False when the training took place where it cannot be recognised (event_credits._abroad_country). */
  function abroadCountry(calc) {
    const code = calc.event.country;
    if (code === null) {
      calc.warnings.push("country: not given; training abroad counts only in the EU, Switzerland, the USA and Canada");
      return true;
    }
    const names = calc.book.json.countries || {};
    if (!Object.prototype.hasOwnProperty.call(names, code)) {
      fail(
        "country",
        `'${code}' is not an ISO 3166-1 alpha-2 country code; use one such as DE, CH or US ` +
          "(the accepted codes are listed under 'countries' in rules.json)",
      );
    }
    if (code === calc.rule("country.home").value) fail("country", `${code} is Italy: record training in Italy with its own type`);
    const name = names[code].en;
    const eu = calc.rule("country.eu_members");
    if (eu.value.includes(code)) {
      calc.add(eu, Q.of(0), `${name} (${code}) was an EU member state on ${calc.day}`);
      return true;
    }
    const outside = calc.rule("country.abroad_outside_eu");
    if (outside.value.includes(code)) {
      calc.add(outside, Q.of(0), `${name} (${code}) is one of the non-EU countries recognised`);
      return true;
    }
    calc.add(
      outside,
      Q.of(0),
      `${name} (${code}) is neither an EU member state on ${calc.day} nor Switzerland, the USA or Canada: ` +
        "training there gives no ECM credits",
    );
    return false;
  }

  function abroad(calc) {
    if (!abroadCountry(calc)) return;
    const stated = calc.event.stated_credits;
    const hoursGiven = calc.event.hours !== null;
    if (stated === null && !hoursGiven) fail("stated_credits", "give the credits stated by the event, or its hours");
    const perHour = calc.rule("event.abroad.per_hour_unstated");
    if (stated !== null && hoursGiven) {
      const byHours = Q.of(perHour.value).mul(calc.hours());
      const base = Q.min(stated, byHours);
      calc.add(perHour, base, `lower of stated credits (${fmt(stated)}) and hours (${fmt(byHours)})`);
    } else if (stated !== null) {
      calc.add(perHour, Q.of(stated), `credits stated by the event: ${fmt(stated)}`);
    } else {
      calc.perHour(perHour, calc.hours(), "hours abroad with no stated credits");
    }
    calc.cap("event.max_credits");
    const share = calc.rule("event.abroad.share");
    const total = calc.explanation.total;
    const kept = total.mul(share.value);
    calc.add(share, kept.sub(total), `training abroad counts ${fmt(Q.of(share.value).mul(100))} %`);
    calc.cap("event.abroad.max_credits");
  }

  const PARTICIPANT_RULES = {
    res_course: (c) => resCourseLike(c, false),
    res_interactive: (c) => resCourseLike(c, true),
    res_congress: resCongress,
    res_workshop: resWorkshop,
    fsc_training: fscTraining,
    fsc_improvement_group: fscImprovement,
    fsc_improvement_project: fscImprovement,
    fsc_audit: fscAudit,
    fsc_research: (c) => byDuration(c, "event.fsc.research.bands", "research project"),
    fad_self_study: fad("event.fad.per_hour", "self-study"),
    fad_self_study_tutored: fad("event.fad.tutor_per_hour", "self-study with tutor"),
    fad_elearning: fadElearning,
    fad_webinar: fad("event.fad.webinar_per_hour", "webinar"),
    blended,
    publication,
    clinical_trial: (c) => byDuration(c, "individual.clinical_trial", "clinical trial"),
    individual_tutoring: individualTutoring,
    autoformazione,
    abroad,
  };

  function existing(calc, id) {
    const pv = calc.rule(id);
    if (isAbsent(pv)) fail("role", `no rule for ${calc.event.role} is documented on ${calc.day}: ${pv.note}`);
    return pv;
  }

  function perTimeUnit(calc, pv, minutes, what) {
    const unit = Number(pv.value.unit_minutes);
    const perUnit = Q.of(pv.value.credits);
    const units = Math.floor(minutes / unit);
    calc.add(pv, perUnit.mul(units), `${what}: ${minutes} min = ${units} × ${unit} min × ${fmt(perUnit)} credits`);
  }

  const ROLE_RULES = {
    teacher(calc) {
      const minutes = calc.require("teaching_minutes");
      perTimeUnit(calc, existing(calc, "role.teacher"), minutes, "teaching");
      calc.cap("event.max_credits");
    },
    fsc_tutor(calc) {
      const hours = calc.hours();
      perTimeUnit(calc, existing(calc, "role.fsc_tutor"), hours * 60, "tutoring");
      calc.cap("event.max_credits");
    },
    moderator(calc) {
      const pv = existing(calc, "role.moderator");
      const sessions = calc.require("sessions");
      const rate = Q.of(pv.value);
      calc.add(pv, rate.mul(sessions), `${sessions} sessions moderated × ${fmt(rate)} credits`);
      calc.cap("event.max_credits");
    },
    classroom_tutor(calc) {
      const hours = calc.hours();
      perTimeUnit(calc, existing(calc, "role.classroom_tutor"), hours * 60, "classroom tutoring");
      calc.cap("event.max_credits");
    },
    scientific_lead(calc) {
      if (FSC_TYPES.has(calc.event.type)) {
        // Point 11: at an FSC event the scientific lead who coordinates is paid per hour, not 20 %.
        const hours = calc.hours();
        const fsc = existing(calc, "role.fsc_scientific_lead");
        perTimeUnit(calc, fsc, hours * 60, "coordination and evaluation of the FSC event");
        calc.cap("event.max_credits");
        return;
      }
      const pv = existing(calc, "role.scientific_lead");
      let eventCredits = calc.event.event_credits;
      eventCredits =
        eventCredits === null
          ? computeParsed(calc.book, { ...calc.event, role: "participant" }).credits
          : Q.of(eventCredits);
      const share = Q.of(pv.value);
      const raw = eventCredits.mul(share);
      calc.add(pv, raw, `${fmt(share.mul(100))} % of the event's ${fmt(eventCredits)} credits`);
      const rounding = calc.rule("role.scientific_lead_rounding");
      const up = rounding.value.mode === "up";
      const kept = up ? tenthUp(raw) : tenth(raw);
      const other = up ? tenth(raw) : tenthUp(raw);
      if (!kept.eq(raw)) calc.add(rounding, kept.sub(raw), `${fmt(raw)} rounded ${rounding.value.mode} to ${fmt(kept)}`);
      if (!other.eq(kept)) {
        calc.warnings.push(`rounding: sources disagree on rounding the 20 %; the other reading gives ${fmt(other)}`);
      }
    },
    fad_tutor(calc) {
      const pv = existing(calc, "role.fad_tutor");
      const months = calc.require("months");
      const rate = Q.of(pv.value.per_month);
      const limit = Q.of(pv.value.max_credits);
      calc.add(pv, rate.mul(months), `${months} months of tutoring × ${fmt(rate)} credits`);
      const total = calc.explanation.total;
      if (total.gt(limit)) calc.add(pv, limit.sub(total), `capped at ${fmt(limit)} credits per event`);
    },
  };

  function checkDates(calc) {
    const event = calc.event;
    const earliest = calc.book.parameters["event.earliest_date"].values[0].value;
    if (event.date < earliest) fail("date", `ECM credits exist from ${earliest} (got ${event.date})`);
    if (event.end_date !== null && event.end_date < event.date)
      fail("end_date", `must not be before date (${event.date})`);
  }

  /** Inputs that belong to other types or roles are refused, not ignored (event_credits._check_applicable). */
  function checkApplicable(calc) {
    const event = calc.event;
    if (event.country !== null && event.type !== "abroad") fail("country", `applies only to type abroad (got ${event.type})`);
    const learner = event.role === "participant" && PROVIDER_TYPES.has(event.type);
    for (const name of ["attendance_percent", "test_score_percent"]) {
      if (event[name] !== null && !learner) {
        fail(name, "applies only to a participant at a provider's event (RES, FAD, FSC or blended)");
      }
    }
  }

  /** Enough attendance and correct answers, or no credits (event_credits._participation). */
  function participation(calc) {
    const checks = [
      ["attendance_percent", "event.participation.min_attendance", "attendance"],
      ["test_score_percent", "event.participation.min_test_score", "correct answers in the test"],
    ];
    for (const [name, id, what] of checks) {
      const given = calc.event[name];
      if (given === null) continue;
      const pv = calc.rule(id);
      const minimum = Q.of(pv.value).mul(100); // the inputs are percentages
      if (!Q.of(given).lt(minimum)) {
        calc.add(pv, Q.of(0), `${what} ${fmt(given)} % meets the minimum of ${fmt(minimum)} %`);
        continue;
      }
      calc.add(pv, calc.explanation.total.neg(), `${what} ${fmt(given)} % is below the minimum of ${fmt(minimum)} %: no credits`);
    }
  }

  function computeParsed(rb, event) {
    const calc = new Calc(rb, event);
    checkDates(calc);
    checkApplicable(calc);
    if (event.role === "participant") {
      PARTICIPANT_RULES[event.type](calc);
    } else {
      if (!ROLE_TYPES[event.role].has(event.type)) {
        fail("role", `${event.type} allows only these roles: ${rolesAllowed(event.type).join(", ")} (got ${event.role})`);
      }
      ROLE_RULES[event.role](calc);
    }
    if (event.role === "participant" && PROVIDER_TYPES.has(event.type)) participation(calc);
    return calc.finish();
  }

  /** Credits for one event (EventInput as JSON), with the explanation of every step. */
  function computeEventCredits(rb, input) {
    return computeParsed(rb, parseEvent(input));
  }

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
          fail(
            `exemptions.${index}.attributed_years`,
            `${year} needs at least ${minDays} days of attendance inside the course period`,
          );
        }
      }
      if (new Set(ex.attributed_years).size !== ex.attributed_years.length) {
        fail(`exemptions.${index}.attributed_years`, "a year can be attributed only once");
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
      if (ex.end < ex.start) fail(`exemptions.${index}.end`, "must not be before start");
      if (ex.start < earliest)
        fail(`exemptions.${index}.start`, `esoneri and esenzioni can be recorded from ${earliest}`);
      if (ex.kind === "esonero_hours" && ex.hours === null)
        fail(`exemptions.${index}.hours`, "is required for esonero_hours");
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
          text: `esonero for a university course in ${counted.join(", ")}: ${pv.value.share} each`,
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
      out.push({ param: pv, amount: c, text: `esonero for ${ex.hours} h of course: 1 credit per ${perCredit} h` });
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
    const note = overlap ? ` (${overlap} days overlapping an esonero not counted)` : "";
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
            text: `esenzione ${start} to ${end}: ${dayCount(start, end)} continuous days = ${blocks} × ${unit} days${note}`,
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
        text: `esenzione: ${months} months with more than ${minDays - 1} days${note}`,
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
        fail(`profile.registration_gaps.${index}.reregistered_on`, "must not be before cancelled_on");
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

  /* ------------------------------------------------------------------ professions.py */

  const PHYSICIAN = "medico_chirurgo";

  /** Refuse a profession or discipline not in the lists (professions.check_profile). */
  function checkProfile(rb, profile, on) {
    if (profile.profession === null) {
      if (profile.discipline !== null) fail("profile.discipline", "give the profession first (a discipline is given for physicians only)");
      return;
    }
    const ids = rb.at("profession.list", on).value.map((p) => p.id);
    if (!ids.includes(profile.profession)) fail("profile.profession", `must be one of: ${ids.join(", ")}`);
    if (profile.discipline === null) return;
    if (profile.profession !== PHYSICIAN) fail("profile.discipline", `a discipline is given only for the profession ${PHYSICIAN}`);
    const where = `profession.disciplines.${PHYSICIAN}`;
    if (!rb.at(where, on).value.includes(profile.discipline)) {
      fail("profile.discipline", `is not a discipline in the list (rules.json, parameter ${where})`);
    }
  }

  /** The profession's own parameter in force on `on`, or null (professions.profession_rule). */
  function professionRule(rb, profile, name, on) {
    if (profile.profession === null) return null;
    const id = `profession.${profile.profession}.${name}`;
    if (!rb.has(id)) return null;
    if (on < rb.parameters[id].values[0].from) return null;
    const pv = rb.at(id, on);
    return isAbsent(pv) ? null : pv;
  }

  /** Retired with occasional practice: the esenzione runs by itself (obligation._retired_esenzione). */
  function retiredEsenzione(rb, triennium, profile, explanation) {
    const since = profile.retired_on;
    if (since === null) return [];
    const inForce = rb.parameters["exemption.retired"].values.filter((v) => !isAbsent(v));
    if (!inForce.length) return [];
    const pv = inForce[0];
    const start = [since, pv.from, triennium.start].sort().pop();
    if (start > triennium.end) return [];
    explanation.add(pv, Q.of(0), `retired with occasional practice since ${since}: esenzione from ${start} to ${triennium.end}`);
    return [{ kind: "esenzione", start, end: triennium.end, hours: null, reason: "retired", attributed_years: null }];
  }

  function obligationParsed(rb, trienniumId, profile) {
    const triennium = getTriennium(rb, trienniumId);
    const on = triennium.start;
    checkProfile(rb, profile, on);
    const explanation = new Explanation();

    const baseParam = rb.at("obligation.base", on);
    const base = Q.of(baseParam.value);
    explanation.add(baseParam, base, `obligation for ${triennium.id}`);

    const startYear = profile.first_registration ? yearOf(profile.first_registration) + 1 : null;
    const tYears = yearsOf(triennium);
    const beforeStart = new Set(tYears.filter((y) => startYear !== null && y < startYear));
    const gaps = new Set(Array.from(gapYears(rb, triennium, profile)).filter((y) => !beforeStart.has(y)));
    const years = new Set(tYears.filter((y) => !beforeStart.has(y) && !gaps.has(y)));

    const exemptions = profile.exemptions.concat(retiredEsenzione(rb, triennium, profile, explanation));
    for (const r of exemptionReductions(rb, triennium, exemptions, base, years)) {
      explanation.add(r.param, r.amount.neg(), r.text);
    }

    const net = explanation.total;
    const prorata = rb.at("obligation.prorata", on);
    const yearsInTriennium = Number(prorata.value);
    const perYear = Q.max(net, ZERO).div(yearsInTriennium);
    if (beforeStart.size) {
      explanation.add(
        prorata,
        perYear.mul(beforeStart.size).neg(),
        `obligation starts on 1 Jan ${startYear}: ${yearsInTriennium - beforeStart.size} of ${yearsInTriennium} years`,
      );
    }
    if (gaps.size) {
      const pv = rb.at("obligation.registration_cutoff", on);
      const listed = Array.from(gaps)
        .sort((a, b) => a - b)
        .join(", ");
      explanation.add(pv, perYear.mul(gaps.size).neg(), `no obligation in ${listed} (cancellation from the Ordine)`);
    }

    previousCredits(rb, triennium, profile, explanation);
    fixedReductions(rb, triennium, profile, explanation);
    dossier(rb, triennium, profile, explanation);
    premialita(rb, triennium, profile, explanation);

    const floorParam = rb.at("obligation.floor", on);
    const floor = Q.of(floorParam.value);
    if (explanation.total.lt(floor))
      explanation.add(floorParam, floor.sub(explanation.total), "the obligation cannot go below zero");
    const total = explanation.total;
    if (!tenth(total).eq(total))
      explanation.add(rb.at("event.credit_rounding", on), tenth(total).sub(total), `${fmt(total)} rounded`);
    return {
      triennium: triennium.id,
      base,
      obligation: explanation.total,
      obligated_years: years.size,
      lines: explanation.lines,
      uncertain: explanation.uncertain,
    };
  }

  function previousCredits(rb, triennium, profile, explanation) {
    const pv = rb.at("obligation.previous_credits", triennium.start);
    const earned = profile.previous_triennium_credits;
    if (isAbsent(pv) || earned === null) return;
    const e = Q.of(earned);
    for (const band of pv.value) {
      const upper = band.max === undefined ? null : band.max;
      if (e.ge(band.min) && (upper === null || e.le(upper))) {
        const limits = upper !== null ? `${band.min}-${upper}` : `${band.min} or more`;
        explanation.add(
          pv,
          Q.of(band.reduction).neg(),
          `${fmt(e)} credits in ${previousTriennium(triennium)} (band ${limits})`,
        );
        return;
      }
    }
  }

  function fixedReductions(rb, triennium, profile, explanation) {
    const covid = rb.at("obligation.covid", triennium.start);
    if (!isAbsent(covid))
      explanation.add(covid, Q.of(covid.value).neg(), "COVID emergency: one third counted as earned");
    const met = rb.at("obligation.previous_met", triennium.start);
    if (!isAbsent(met) && profile.previous_triennium_met) {
      explanation.add(met, Q.of(met.value).neg(), `obligation of ${previousTriennium(triennium)} met`);
    }
  }

  function dossier(rb, triennium, profile, explanation) {
    const previous = previousTriennium(triennium);
    let buildBest = null;
    let carryBest = null;
    profile.dossiers.forEach((d, index) => {
      const builtIn = getTriennium(rb, d.triennium, `profile.dossiers.${index}.triennium`);
      const pv = rb.at("obligation.dossier", builtIn.start);
      if (isAbsent(pv)) return;
      const allowedYears = pv.value.build_years;
      if (allowedYears && allowedYears.length && d.built_on !== null && !allowedYears.includes(yearOf(d.built_on))) {
        fail(
          `profile.dossiers.${index}.built_on`,
          `a dossier for ${builtIn.id} can be built only in ${allowedYears.join(" or ")}`,
        );
      }
      const amounts = pv.value[d.kind];
      if (d.triennium === triennium.id) {
        const build = Q.of(amounts.build);
        if (buildBest === null || build.gt(buildBest[0]))
          buildBest = [build, `${d.kind} dossier formativo built in ${triennium.id}`];
      } else if (d.triennium === previous && d.objectives_met) {
        const carry = Q.of(amounts.carry);
        if (carryBest === null || carry.gt(carryBest[0]))
          carryBest = [carry, `${d.kind} dossier formativo of ${previous} carried out`];
      }
    });
    if (buildBest) explanation.add(rb.at("obligation.dossier", triennium.start), buildBest[0].neg(), buildBest[1]);
    if (carryBest)
      explanation.add(rb.at("obligation.dossier", getTriennium(rb, previous).start), carryBest[0].neg(), carryBest[1]);
  }

  function premialita(rb, triennium, profile, explanation) {
    const pv = rb.at("obligation.premialita", triennium.start);
    if (isAbsent(pv)) return;
    const certified = new Set(profile.certified_trienni_at_2025_07_03);
    const startYear = profile.first_registration ? yearOf(profile.first_registration) + 1 : null;
    // The groups of Delibera CNFC 1/2025 by the first year of obligation, from the data (as in obligation.py).
    const groups = pv.value.groups;
    const group = startYear === null ? groups[0] : groups.find((g) => startYear <= g.started_by);
    if (!group) return;
    const needed = group.trienni;
    const key = group.key;
    if (needed.every((t) => certified.has(t))) {
      const amount = Q.of(pv.value[key]);
      explanation.add(
        pv,
        amount.neg(),
        `premialità: in good standing for ${[...needed].sort().join(", ")} on ${pv.value.status_date}`,
      );
    }
  }

  function parseTrienniumField(raw) {
    if (raw === undefined || raw === null) fail("triennium", "field required");
    check.triennium(raw, "triennium");
    check.threeYears(raw, "triennium");
  }

  /** ObligationInput JSON → ObligationResult. */
  function computeObligation(rb, input) {
    check.object(input, "");
    check.known(input, ["triennium", "profile"], "");
    parseTrienniumField(input.triennium);
    return obligationParsed(rb, input.triennium, parseProfile(input.profile));
  }

  /* ================================================================== compliance.py */

  const countsIn = (rb, r) => r.triennium || trienniumOf(rb, r.date);
  const isAutoformazione = (r) => r.autoformazione || r.type === "autoformazione";
  const isAbroad = (r) => r.abroad || r.type === "abroad";
  const isIndividual = (r) =>
    INDIVIDUAL_TYPES.has(r.type) || r.role !== "participant" || isAbroad(r) || isAutoformazione(r);
  const totalOf = (records) => Q.sum(records.map((r) => r.amount));

  function validateRecords(rb, records) {
    const seen = new Set();
    records.forEach((r, index) => {
      if (seen.has(r.id)) fail(`credits.${index}.id`, `duplicate id '${r.id}'`);
      seen.add(r.id);
      if (r.sponsored && (!PROVIDER_TYPES.has(r.type) || isIndividual(r))) {
        fail(`credits.${index}.sponsored`, "only a learner at an Italian provider's event can be sponsor-recruited");
      }
      if (r.triennium !== null) getTriennium(rb, r.triennium, `credits.${index}.triennium`);
    });
  }

  /* ------------------------------------------------------------------ special_caps.py */

  const FAD_SET = FAD_TYPES;
  const TIPOLOGIE_2_5_6 = new Set(["res_congress", "fsc_improvement_group", "fsc_improvement_project", "fsc_research"]);
  const isTipologia10 = (r) => r.role !== "participant" || r.type === "individual_tutoring";

  /** The profession's and the period's own caps, before the general ones (special_caps.special_caps). */
  function specialCaps(rb, triennium, profile, records, explanation, owed) {
    const on = triennium.start;
    const removed = { learner: ZERO, individual: ZERO, yearlyShortfall: ZERO };
    const shareCap = (pv, amount, what) => {
      const limit = tenthDown(shareOf(owed, Q.of(pv.value)));
      if (amount.le(limit)) return ZERO;
      explanation.add(pv, limit.sub(amount), `${what}: capped at ${pv.value} of ${fmt(owed)} = ${fmt(limit)}`);
      return amount.sub(limit);
    };
    const take = (excess, individualPart) => {
      const fromIndividual = Q.min(excess, individualPart);
      removed.individual = removed.individual.add(fromIndividual);
      removed.learner = removed.learner.add(excess.sub(fromIndividual));
    };
    const tutoring = records.filter((r) => r.type === "individual_tutoring");

    const supervision = professionRule(rb, profile, "internship_supervision", on);
    if (supervision !== null && tutoring.length) {
      const limit = Q.of(supervision.value.max_per_year);
      const byYear = new Map();
      for (const r of tutoring) byYear.set(yearOf(r.date), (byYear.get(yearOf(r.date)) || ZERO).add(r.amount));
      for (const year of Array.from(byYear.keys()).sort()) {
        const total = byYear.get(year);
        if (total.gt(limit)) {
          const excess = total.sub(limit);
          explanation.add(supervision, excess.neg(), `internship supervision in ${year} above ${fmt(limit)} a year`);
          removed.individual = removed.individual.add(excess);
        }
      }
    }
    const internship = professionRule(rb, profile, "internship_tutoring_max", on);
    if (internship !== null && tutoring.length) {
      removed.individual = removed.individual.add(
        shareCap(internship, totalOf(tutoring).sub(removed.individual), "internship tutoring (pharmacists)"),
      );
    }
    const fadCap = professionRule(rb, profile, "fad_max", on);
    if (fadCap !== null) {
      const fad = records.filter((r) => FAD_SET.has(r.type) && !isIndividual(r));
      removed.learner = removed.learner.add(shareCap(fadCap, totalOf(fad), "FAD (nurses)"));
    }
    const tipologie = rb.at("caps.tipologie_2_5_6_10_max", on);
    if (!isAbsent(tipologie)) {
      const kinds = records.filter((r) => TIPOLOGIE_2_5_6.has(r.type) || isTipologia10(r));
      const individualPart = totalOf(kinds.filter(isIndividual));
      take(shareCap(tipologie, totalOf(kinds), "tipologie 2, 5, 6 and 10"), individualPart);
    }
    const yearly = rb.at("caps.yearly_employee", on);
    if (!isAbsent(yearly) && profile.employment === "employee") {
      const low = Q.of(yearly.value.min);
      const high = Q.of(yearly.value.max);
      for (const year of yearsOf(triennium)) {
        const ofYear = records.filter((r) => yearOf(r.date) === year);
        const total = totalOf(ofYear);
        if (total.gt(high)) {
          const excess = total.sub(high);
          explanation.add(yearly, excess.neg(), `credits of ${year} above the yearly maximum of ${fmt(high)}`);
          take(excess, totalOf(ofYear.filter(isIndividual)));
        }
        removed.yearlyShortfall = removed.yearlyShortfall.add(Q.max(low.sub(Q.min(total, high)), ZERO));
      }
    }
    return removed;
  }

  function complianceParsed(rb, trienniumId, profile, records) {
    const triennium = getTriennium(rb, trienniumId);
    validateRecords(rb, records);
    const obligation = obligationParsed(rb, trienniumId, profile);
    const owed = obligation.obligation;
    const on = triennium.start;

    const mine = records.filter((r) => countsIn(rb, r) === triennium.id);
    const ignored = records
      .filter((r) => countsIn(rb, r) !== triennium.id)
      .map((r) => r.id)
      .sort();
    const explanation = new Explanation();
    const recorded = totalOf(mine);
    explanation.add(rb.at("caps.recorded", on), recorded, `${mine.length} credit records in ${triennium.id}`);

    const excluded = mine.filter((r) => r.during_exemption);
    if (excluded.length) {
      explanation.add(
        rb.at("caps.exclude_during_esenzione", on),
        totalOf(excluded).neg(),
        `${excluded.length} records earned during an esenzione`,
      );
    }
    const eligible = mine.filter((r) => !r.during_exemption);

    // Apply one cap; return what is left of `amount`.
    const cap = (id, amount, what) => {
      const pv = rb.at(id, on);
      const share = Q.of(pv.value);
      const limit = tenthDown(shareOf(owed, share));
      if (amount.le(limit)) return amount;
      explanation.add(pv, limit.sub(amount), `${what} capped at ${pv.value} of ${fmt(owed)} = ${fmt(limit)}`);
      return limit;
    };

    const removed = specialCaps(rb, triennium, profile, eligible, explanation, owed);
    const individual = eligible.filter(isIndividual);
    const auto = cap("caps.autoformazione_max", totalOf(individual.filter(isAutoformazione)), "autoformazione");
    const abroadKept = cap(
      "caps.abroad_max",
      totalOf(individual.filter((r) => isAbroad(r) && !isAutoformazione(r))),
      "credits abroad",
    );
    const others = totalOf(individual.filter((r) => !isAbroad(r) && !isAutoformazione(r))).sub(removed.individual);
    cap("caps.individual_max", auto.add(abroadKept).add(others), "individual training");

    const learnerRecords = eligible.filter((r) => !isIndividual(r));
    const sponsored = totalOf(learnerRecords.filter((r) => r.sponsored));
    const sponsoredKept = cap("caps.sponsored_max", sponsored, "sponsor-recruited credits");
    const learner = totalOf(learnerRecords).sub(removed.learner).sub(sponsored.sub(sponsoredKept));

    const counted = explanation.total;
    const threshold = (id) => tenthUp(shareOf(owed, Q.of(rb.at(id, on).value)));
    const learnerMinimum = threshold("caps.learner_min");
    const certifiableThreshold = threshold("thresholds.certifiable");
    const insuranceThreshold = threshold("thresholds.insurance");
    // Employees in 2011-2013 also owe what a year fell short of its minimum (specialCaps).
    const certifiable =
      counted.ge(certifiableThreshold) && learner.ge(learnerMinimum) && removed.yearlyShortfall.isZero();
    const missing = Q.max(
      Q.max(Q.max(certifiableThreshold.sub(counted), learnerMinimum.sub(learner)), removed.yearlyShortfall),
      ZERO,
    );
    return {
      triennium: triennium.id,
      obligation,
      recorded,
      counted,
      credit_lines: explanation.lines,
      learner,
      learner_minimum: learnerMinimum,
      certifiable_threshold: certifiableThreshold,
      insurance_threshold: insuranceThreshold,
      certifiable,
      insurance_ok: counted.ge(insuranceThreshold),
      missing,
      missing_for_insurance: Q.max(insuranceThreshold.sub(counted), ZERO),
      surplus: Q.max(counted.sub(owed), ZERO),
      ignored_records: ignored,
      uncertain: obligation.uncertain || explanation.uncertain,
    };
  }

  /** ComplianceInput JSON → ComplianceResult. */
  function evaluateCompliance(rb, input) {
    check.object(input, "");
    check.known(input, ["triennium", "profile", "credits"], "");
    parseTrienniumField(input.triennium);
    return complianceParsed(rb, input.triennium, parseProfile(input.profile), parseCredits(input.credits));
  }

  /* ================================================================== across.py */

  const RULE_DATE = "2025-07-03"; // across.py: the compensation rule read as of Delibera CNFC 1/2025

  /** CompensationInput JSON → CompensationResult. */
  function compensate(rb, input) {
    check.object(input, "");
    check.known(input, ["balances"], "");
    check.list(input.balances, "balances", 1, 10);
    const pv = rb.at("compensation.rule", RULE_DATE);
    const creditors = pv.value.creditors;
    const debtors = pv.value.debtors;
    const balances = new Map();
    input.balances.forEach((item, index) => {
      const path = `balances.${index}`;
      check.object(item, path);
      check.known(item, ["triennium", "balance"], path);
      check.triennium(item.triennium, `${path}.triennium`);
      check.decimal(item.balance, `${path}.balance`, { ge: -1000, le: 1000, places: 1 });
      getTriennium(rb, item.triennium, `${path}.triennium`);
      if (balances.has(item.triennium)) fail(`${path}.triennium`, `${item.triennium} is listed twice`);
      balances.set(item.triennium, Q.of(item.balance));
    });
    const explanation = new Explanation();
    const transfers = [];
    const keys = Array.from(balances.keys());
    for (const debtor of keys.filter((t) => debtors.includes(t) && balances.get(t).lt(0)).sort()) {
      for (const creditor of keys
        .filter((t) => creditors.includes(t))
        .sort()
        .reverse()) {
        if (creditor === debtor || balances.get(creditor).le(0) || balances.get(debtor).ge(0)) continue;
        const moved = Q.min(balances.get(creditor), balances.get(debtor).neg());
        balances.set(creditor, balances.get(creditor).sub(moved));
        balances.set(debtor, balances.get(debtor).add(moved));
        transfers.push({ source: creditor, target: debtor, credits: moved });
        explanation.add(pv, moved, `${fmt(moved)} surplus credits of ${creditor} cover ${debtor}`);
      }
    }
    const out = {};
    const certifiable = {};
    for (const [t, b] of balances) {
      out[t] = b;
      certifiable[t] = b.ge(0);
    }
    return { transfers, balances: out, certifiable, lines: explanation.lines };
  }

  /** MoveInput JSON → MoveResult: both trienni before and after moving one credit. */
  function whatIfMove(rb, input) {
    check.object(input, "");
    check.known(input, ["credit_id", "target", "profiles", "credits", "as_of"], "");
    check.str(input.credit_id, "credit_id", 0, 1e9);
    check.triennium(input.target, "target");
    const records = parseCredits(input.credits);
    if (input.as_of !== undefined && input.as_of !== null) check.date(input.as_of, "as_of");
    const profilesRaw = input.profiles || {};
    check.object(profilesRaw, "profiles");
    const profiles = {};
    for (const [key, value] of Object.entries(profilesRaw)) profiles[key] = parseProfile(value, `profiles.${key}`);

    const pv = rb.at("moves.rule", RULE_DATE);
    const record = records.find((r) => r.id === input.credit_id);
    if (!record) fail("credit_id", `no credit with id '${input.credit_id}' in credits`);
    const source = countsIn(rb, record);
    if (source === null) fail("credit_id", `the credit's date ${record.date} is outside every known triennium`);
    const target = getTriennium(rb, input.target, "target").id;
    if (target === source) fail("target", `the credit already counts in ${source}`);
    for (const key of Object.keys(profiles)) getTriennium(rb, key, `profiles.${key}`);

    const moved = records.map((r) => (r.id === record.id ? { ...r, triennium: target } : r));
    const evaluate = (t, list) => complianceParsed(rb, t, profiles[t] || parseProfile({}), list);
    const before = { [source]: evaluate(source, records), [target]: evaluate(target, records) };
    const after = { [source]: evaluate(source, moved), [target]: evaluate(target, moved) };

    const reasons = [];
    let allowed = true;
    if (before[source].certifiable && !after[source].certifiable) {
      allowed = false;
      reasons.push(`${source} is certifiable: only its surplus (${fmt(before[source].surplus)}) can be moved out`);
    }
    const deadline = pv.value.deadlines[target];
    const asOf = input.as_of || todayIso();
    if (deadline !== undefined && asOf > deadline) {
      allowed = false;
      reasons.push(`moves into ${target} closed on ${deadline}`);
    }
    const gained = after[target].counted.sub(before[target].counted);
    const lost = before[source].counted.sub(after[source].counted);
    reasons.push(
      `${target} gains ${fmt(gained)} counted credits, ${source} loses ${fmt(lost)}; ` +
        "the credit moves for its full value under the destination's rules, and the move cannot be undone",
    );
    return { credit_id: record.id, source, target, allowed, reasons, before, after };
  }

  /** The day after which a credit not yet in the registry is reported as missing suspected. */
  function missingSuspectedAfter(rb, eventEnd) {
    const reporting = Number(rb.at("registry.reporting_days", eventEnd).value);
    const margin = Number(rb.at("registry.missing_margin_days", eventEnd).value);
    return addDays(eventEnd, reporting + margin);
  }

  /** Run a public function and return plain JSON (numbers instead of exact fractions). */
  function jsonResult(fn) {
    return (rb, input) => toJSON(fn(rb, input));
  }

  return {
    Q,
    RuleBook,
    RuleInputError,
    loadRules,
    credits,
    line,
    isAbsent,
    fmt,
    toJSON,
    dates: { isIsoDate, daysBetween, addDays, yearOf, todayIso, dayNumber },
    EVENT_TYPES,
    PROVIDER_TYPES,
    ROLES,
    ROLE_TYPES,
    // Results with exact fractions (Q) for the calculators' own use...
    exact: { computeEventCredits, computeObligation, evaluateCompliance, compensate, whatIfMove },
    // ...and as plain JSON, shaped like the Python models' JSON.
    computeEventCredits: jsonResult(computeEventCredits),
    computeObligation: jsonResult(computeObligation),
    evaluateCompliance: jsonResult(evaluateCompliance),
    compensate: jsonResult(compensate),
    whatIfMove: jsonResult(whatIfMove),
    trienni: allTrienni,
    trienniumOf,
    missingSuspectedAfter,
  };
});
