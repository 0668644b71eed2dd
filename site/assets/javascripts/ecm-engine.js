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

  /* ------------------------------------------------------------------ messages
   * The catalogue (functions/rulebook/data/messages.toml, exported as rules.json "messages") is
   * rendered here with Intl, as messages.py renders it with Babel: the same ids, params and texts.
   */

  const LANGS = ["it", "en"];
  const DEFAULT_LANG = "it";
  const LOCALES = { it: "it-IT", en: "en-GB" };
  let CATALOGUE = {}; // set by the RuleBook from its export: a page has one rule book

  const numberFormats = {};
  const dateFormats = {};
  const pluralRules = {};

  function numberFormat(lang) {
    // Grouping always ("2.000"), as Babel does; at most two decimals, halves away from zero.
    numberFormats[lang] ||= new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: 2, useGrouping: "always" });
    return numberFormats[lang];
  }

  function formatNumber(value, lang = DEFAULT_LANG) {
    return numberFormat(lang).format(value instanceof Q ? value.toNumber() : Number(value));
  }

  function formatDate(iso, lang = DEFAULT_LANG) {
    dateFormats[lang] ||= new Intl.DateTimeFormat(LOCALES[lang], {
      day: "numeric",
      month: "long",
      year: "numeric",
      timeZone: "UTC",
    });
    const m = ISO_DATE.exec(String(iso));
    return m ? dateFormats[lang].format(new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]))) : String(iso);
  }

  function pluralCategory(value, lang) {
    pluralRules[lang] ||= new Intl.PluralRules(LOCALES[lang]);
    return pluralRules[lang].select(Number(value));
  }

  /** A param as data: exact fractions become numbers, lists and objects deep (messages.plain). */
  function plain(value) {
    if (value instanceof Q) return value.toNumber();
    if (Array.isArray(value)) return value.map(plain);
    if (value && typeof value === "object") {
      const out = {};
      for (const [k, v] of Object.entries(value)) out[k] = plain(v);
      return out;
    }
    return value;
  }

  /** A whole message as the value of a `msg` param (messages.step). */
  function step(msg, params) {
    return { msg, params: plain(params) };
  }

  function valueText(kind, value, lang) {
    if (kind === "number") return formatNumber(value, lang);
    if (kind === "date") return formatDate(value, lang);
    if (kind === "list") return value.map((v) => (v && typeof v === "object" ? valueText("msg", v, lang) : String(v))).join(", ");
    if (kind === "msg") {
      if (value && typeof value === "object") return render(value.msg, value.params || {}, lang);
      return render(String(value), {}, lang);
    }
    if (kind.startsWith("unit.")) return render(kind, { count: value }, lang);
    return String(value);
  }

  /** The text of message `msg` in `lang`; throws for an unknown id, language or param. */
  function render(msg, params = {}, lang = DEFAULT_LANG, catalogue = CATALOGUE) {
    const definition = catalogue[msg];
    if (!definition) throw new Error(`unknown message ${msg}`);
    let template = definition[lang];
    if (template === undefined) throw new Error(`message ${msg} has no ${lang} template`);
    const types = definition.params || {};
    if (typeof template !== "string") {
      const category = pluralCategory(params[definition.plural || "count"], lang);
      template = template[category] || template.other;
    }
    return template.replace(/\{(\w+)\}/g, (_, name) => {
      if (!(name in types)) throw new Error(`message ${msg}: placeholder {${name}} is not declared`);
      if (!(name in params)) throw new Error(`message ${msg}: no value for {${name}}`);
      return valueText(types[name], params[name], lang);
    });
  }

  /** `value` (a result, or lists and objects of results) with every message's text in `lang`. */
  function localize(value, lang) {
    if (!LANGS.includes(lang)) throw new RangeError(`language must be one of ${LANGS.join(", ")}`);
    if (Array.isArray(value)) return value.map((v) => localize(v, lang));
    if (value instanceof Q || !value || typeof value !== "object") return value;
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = k === "params" ? v : localize(v, lang);
    if (typeof value.msg === "string" && value.params && "text" in value) out.text = render(value.msg, value.params, lang);
    return out;
  }

  /** A warning or reason (explain.notice): `field` is the input it concerns, or null. */
  function notice(field, msg, params = {}) {
    const values = plain(params);
    return { field, msg, params: values, text: render(msg, values) };
  }

  /* ------------------------------------------------------------------ errors */

  /**
   * Input that no rule accepts: `field` is a dotted path into the input, `msg` a catalogue id and
   * `params` the limit and the value given. `detail` is the text in Italian; `text(lang)` in another.
   */
  class RuleInputError extends Error {
    constructor(field, msg, params = {}) {
      super(`${field}: ${msg}`);
      this.name = "RuleInputError";
      this.field = field;
      this.msg = msg;
      this.params = plain(params);
    }
    text(lang = DEFAULT_LANG) {
      return render(this.msg, this.params, lang);
    }
    get detail() {
      return this.text(DEFAULT_LANG);
    }
    asDict(lang = DEFAULT_LANG) {
      return { field: this.field, msg: this.msg, params: this.params, message: this.text(lang) };
    }
  }

  /* ------------------------------------------------------------------ the rule book */

  /** The exported rules: "what was parameter X on date D", with source and confidence. */
  class RuleBook {
    constructor(json) {
      if (!json || typeof json.parameters !== "object") throw new TypeError("not a rules export");
      this.json = json;
      this.sources = json.sources || {};
      this.messages = json.messages || {};
      CATALOGUE = this.messages;
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
        throw new RuleInputError("date", "error.no_rule_before", { rule: paramId, since: parameter.values[0].from });
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
  function line(pv, amount, msg, params = {}) {
    const values = plain(params);
    return {
      rule: pv.param,
      amount: Q.of(amount),
      msg,
      params: values,
      text: render(msg, values),
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

  /** Round to a tenth: "up" (per eccesso) or "half_up" (nearest tenth); event_credits._round_tenth. */
  function roundTenth(value, mode) {
    if (mode === "up") return tenthUp(value);
    if (mode === "half_up") return tenth(value);
    throw new Error(`unknown rounding mode ${mode}`);
  }

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
    add(pv, amount, msg, params) {
      this.lines.push(line(pv, amount, msg, params));
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
    const known = allTrienni(rb).map((t) => t.id);
    throw new RuleInputError(field, "error.unknown_triennium", { triennium: id, known });
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
      if (!new RegExp(TRIENNIUM_PATTERN).test(value)) fail(path, "error.pattern", { pattern: TRIENNIUM_PATTERN });
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
    add(pv, amount, msg, params) {
      this.explanation.add(pv, amount, msg, params);
    }
    warn(field, msg, params) {
      this.warnings.push(notice(field, msg, params));
    }
    require(name) {
      const value = this.event[name];
      if (value === null || value === undefined) {
        fail(name, "error.required_for", { type: this.event.type, role: this.event.role });
      }
      return value;
    }
    hours() {
      const hours = Q.of(this.require("hours"));
      const limit = Q.of(this.rule("event.max_hours").value);
      if (hours.gt(limit)) fail("hours", "error.at_most_got", { limit, got: hours });
      const whole = wholeHours(hours, String(this.rule("event.hour_rounding").value));
      if (whole < 1) fail("hours", "error.whole_hour", { got: hours });
      return whole;
    }
    participants(limitParam) {
      const participants = this.require("participants");
      if (limitParam) {
        const limit = Number(this.rule(limitParam).value);
        if (participants > limit) {
          fail("participants", "error.participants_for_type", { type: this.event.type, limit, got: participants });
        }
      }
      return participants;
    }
    perHour(pv, hours, what) {
      const rate = Q.of(pv.value);
      this.add(pv, rate.mul(hours), "line.per_hour", { what, hours, rate });
    }
    bonus(id, hours, applies, what) {
      const pv = this.rule(id);
      if (isAbsent(pv) || !applies) return;
      const rate = Q.of(pv.value && typeof pv.value === "object" ? pv.value.per_hour : pv.value);
      this.add(pv, rate.mul(hours), "line.per_hour", { what, hours, rate });
    }
    cap(id) {
      const pv = this.rule(id);
      const limit = Q.of(pv.value);
      const total = this.explanation.total;
      if (total.gt(limit)) this.add(pv, limit.sub(total), "line.event_cap", { limit });
    }
    minHoursWarning(id, hours) {
      const minimum = Number(this.rule(id).value);
      if (hours < minimum) {
        this.warn("hours", "warn.min_hours", { hours, minimum, rule: id });
      }
    }
    finish() {
      const total = this.explanation.total;
      const rounded = tenth(total);
      if (!rounded.eq(total)) {
        this.add(this.rule("event.credit_rounding"), rounded.sub(total), "line.rounded_to", { total, rounded });
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
    if (interactive > hours) fail("interactive_hours", "error.interactive_hours", { hours });
    calc.minHoursWarning("event.res.min_hours", hours);
    const oldInteractive = calc.rule("event.res.interactive.per_hour");
    const bands = calc.rule("event.res.course.bands");
    if (!isAbsent(oldInteractive)) {
      // 2010 criteria: frontal hours by participant band, interactive hours at their own rate.
      const frontal = hours - interactive;
      if (frontal) {
        const rate = bandRate(calc, bands, participants);
        calc.add(bands, rate.mul(frontal), "line.res.frontal_hours", { hours: frontal, rate, participants });
      }
      if (interactive) calc.perHour(oldInteractive, interactive, "what.interactive_hours");
    } else {
      const rate = bandRate(calc, bands, participants);
      calc.add(bands, rate.mul(hours), "line.res.band", { hours, rate, participants });
      resBonuses(calc, hours, participants, interactive);
      calc.bonus("event.bonus.special_topic", hours, event.special_topic, "what.special_topic");
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
    return fail("participants", "error.course_participants", { limit: low - 1, got: participants });
  }

  function resBonuses(calc, hours, participants, interactive) {
    const small = calc.rule("event.res.bonus.small_group");
    if (!isAbsent(small)) {
      calc.bonus("event.res.bonus.small_group", hours, participants <= small.value.max_participants, "what.small_group");
    }
    const inter = calc.rule("event.res.bonus.interactive");
    if (isAbsent(inter) || interactive === 0) return;
    const limit = Number(inter.value.max_participants);
    const perTeacher = Number(inter.value.learners_per_teacher);
    const teachers = calc.event.teachers;
    if (participants > limit) {
      calc.warn("participants", "warn.interactive_participants", { limit });
      return;
    }
    if (teachers !== null && participants > teachers * perTeacher) {
      calc.warn("teachers", "warn.interactive_teachers", { per_teacher: perTeacher });
      return;
    }
    if (teachers === null && participants > perTeacher) {
      calc.warn("teachers", "warn.teachers_assumed", { per_teacher: perTeacher });
    }
    calc.bonus("event.res.bonus.interactive", hours, true, "what.interactive_methods");
  }

  function resCongress(calc) {
    const hours = calc.hours();
    const participants = calc.participants();
    const minimum = Number(calc.rule("event.res.congress.min_participants").value);
    if (participants <= minimum) {
      fail("participants", "error.congress_participants", { minimum, got: participants });
    }
    calc.minHoursWarning("event.res.min_hours", hours);
    calc.perHour(calc.rule("event.res.congress.per_hour"), hours, "what.congress");
    calc.cap("event.res.congress.max_credits");
  }

  function resWorkshop(calc) {
    const hours = calc.hours();
    const participants = calc.participants("event.res.workshop.max_participants");
    const interactive = wholeHours(calc.event.interactive_hours, hourMode(calc));
    if (interactive > hours) fail("interactive_hours", "error.interactive_hours", { hours });
    calc.minHoursWarning("event.res.min_hours", hours);
    calc.perHour(calc.rule("event.res.workshop.per_hour"), hours, "what.workshop");
    resBonuses(calc, hours, participants, interactive);
    calc.cap("event.max_credits");
  }

  function fscTraining(calc) {
    const hours = calc.hours();
    calc.perHour(calc.rule("event.fsc.training.per_hour"), hours, "what.individual_training");
    calc.cap("event.fsc.training.max_credits");
  }

  function fscImprovement(calc) {
    const hours = calc.hours();
    if (calc.event.participants !== null) calc.participants("event.fsc.max_participants");
    calc.minHoursWarning("event.fsc.improvement.min_hours", hours);
    calc.perHour(calc.rule("event.fsc.improvement.per_hour"), hours, "what.improvement_group");
    calc.bonus("event.fsc.bonus.document", hours, calc.event.concluding_document, "what.concluding_document");
    calc.bonus("event.fsc.bonus.external_tutor", hours, calc.event.external_tutor, "what.external_tutor");
    calc.cap("event.max_credits");
  }

  function fscAudit(calc) {
    const hours = calc.hours();
    if (calc.event.participants !== null) calc.participants("event.fsc.max_participants");
    calc.minHoursWarning("event.fsc.audit.min_hours", hours);
    calc.perHour(calc.rule("event.fsc.audit.per_hour"), hours, "what.audit");
    calc.bonus("event.fsc.bonus.external_tutor", hours, calc.event.external_tutor, "what.external_tutor");
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
        calc.add(pv, c, "line.by_duration", { what, days, max_days: band.max_days, credits: c });
        return;
      }
    }
    const longest = pv.value[pv.value.length - 1].max_days;
    fail(longestField, "error.duration", { what, longest, got: days });
  }

  function fad(rateParam, what) {
    return (calc) => {
      const hours = calc.hours();
      const pv = calc.rule(rateParam);
      if (isAbsent(pv))
        fail("type", "error.type_not_yet", {
          type: calc.event.type,
          date: calc.day,
          since: firstRuleDate(calc.book, rateParam),
        });
      calc.perHour(pv, hours, what);
      calc.bonus("event.bonus.special_topic", hours, calc.event.special_topic, "what.special_topic");
      calc.cap("event.max_credits");
    };
  }

  function fadElearning(calc) {
    if (calc.event.tutor) fad("event.fad.tutor_per_hour", "what.elearning_tutored")(calc);
    else fad("event.fad.per_hour", "what.elearning")(calc);
  }

  function blended(calc) {
    const parts = calc.event.components;
    if (!parts || parts.length < 2) fail("components", "error.blended_parts");
    parts.forEach((part, index) => {
      if (!PROVIDER_TYPES.has(part.type) || part.type === "blended")
        fail(`components.${index}.type`, "error.blended_part_type");
      if (part.role !== "participant")
        fail(`components.${index}.role`, "error.blended_part_role");
      let result;
      try {
        result = computeParsed(calc.book, part);
      } catch (error) {
        if (error instanceof RuleInputError)
          throw new RuleInputError(`components.${index}.${error.field}`, error.msg, error.params);
        throw error;
      }
      for (const l of result.lines) {
        const params = { part: index + 1, step: step(l.msg, l.params) };
        calc.explanation.lines.push({ ...l, msg: "line.blended_part", params, text: render("line.blended_part", params) });
      }
      for (const w of result.warnings) {
        const field = w.field ? `components.${index}.${w.field}` : `components.${index}`;
        calc.warnings.push({ ...w, field });
      }
    });
    calc.cap("event.max_credits");
  }

  function publication(calc) {
    const kind = calc.require("publication_kind");
    const pv = calc.rule("individual.publication");
    const position = calc.event.lead_author ? "lead" : "other";
    const c = Q.of(pv.value[kind][position]);
    const who = calc.event.lead_author ? "what.lead_author" : "what.co_author";
    calc.add(pv, c, "line.publication", { kind: `what.publication.${kind}`, who, credits: c });
  }

  /** The date from which a parameter has a rule (its first value that is not `false`). */
  function firstRuleDate(rb, paramId) {
    const values = rb.parameters[paramId].values;
    const found = values.find((v) => v.value !== false);
    return found ? found.from : values[values.length - 1].from;
  }

  /** Psychologists supervising internships: 4 a month, at most 25 a year (_psychologist_supervision). */
  function psychologistSupervision(calc) {
    if (calc.event.profession !== "psicologo") return false;
    const id = "profession.psicologo.internship_supervision";
    if (calc.day < calc.book.parameters[id].values[0].from) return false;
    const pv = calc.rule(id);
    const months = calc.require("months");
    const rate = Q.of(pv.value.per_month);
    const limit = Q.of(pv.value.max_per_year);
    calc.add(pv, rate.mul(months), "line.tutoring_months", { months, rate });
    const total = calc.explanation.total;
    if (total.gt(limit)) calc.add(pv, limit.sub(total), "line.event_cap", { limit });
    return true;
  }

  function individualTutoring(calc) {
    const pv = calc.rule("individual.tutoring");
    if (isAbsent(pv))
      fail("date", "error.tutoring_before", { since: firstRuleDate(calc.book, pv.param) });
    if (psychologistSupervision(calc)) return;
    if ("per_month" in pv.value) {
      const months = calc.require("months");
      const rate = Q.of(pv.value.per_month);
      calc.add(pv, rate.mul(months), "line.tutoring_months", { months, rate });
      return;
    }
    const hours = calc.hours();
    const unit = Number(pv.value.unit_hours);
    const c = Q.of(pv.value.credits).mul(Math.floor(hours / unit));
    calc.add(pv, c, "line.tutoring_hours", { hours, unit });
  }

  function autoformazione(calc) {
    calc.perHour(calc.rule("individual.autoformazione.per_hour"), calc.hours(), "what.autoformazione");
  }

  /** False when the training took place where it cannot be recognised (event_credits._abroad_country). */
  function abroadCountry(calc) {
    const code = calc.event.country;
    if (code === null) {
      calc.warn("country", "warn.country_missing", {});
      return true;
    }
    // Country names are catalogue messages ("country.JP"): the accepted codes are those (messages.py).
    if (!Object.prototype.hasOwnProperty.call(calc.book.messages, `country.${code}`)) {
      fail("country", "error.country_unknown", { got: code });
    }
    if (code === calc.rule("country.home").value) fail("country", "error.country_home", { got: code });
    // A zero-amount line says which list the country is on (or that it is on none: then 0 credits).
    const country = { country: `country.${code}`, code };
    const eu = calc.rule("country.eu_members");
    if (eu.value.includes(code)) {
      calc.add(eu, Q.of(0), "line.country.eu", { date: calc.day, ...country });
      return true;
    }
    const outside = calc.rule("country.abroad_outside_eu");
    if (outside.value.includes(code)) {
      calc.add(outside, Q.of(0), "line.country.outside_eu", country);
      return true;
    }
    calc.add(outside, Q.of(0), "line.country.not_recognised", { date: calc.day, ...country });
    return false;
  }

  function abroad(calc) {
    if (!abroadCountry(calc)) return;
    const stated = calc.event.stated_credits;
    const hoursGiven = calc.event.hours !== null;
    if (stated === null && !hoursGiven) fail("stated_credits", "error.abroad_needs");
    const perHour = calc.rule("event.abroad.per_hour_unstated");
    if (stated !== null && hoursGiven) {
      const byHours = Q.of(perHour.value).mul(calc.hours());
      const base = Q.min(stated, byHours);
      calc.add(perHour, base, "line.abroad.lower", { stated, by_hours: byHours });
    } else if (stated !== null) {
      calc.add(perHour, Q.of(stated), "line.abroad.stated", { stated });
    } else {
      calc.perHour(perHour, calc.hours(), "what.abroad_hours");
    }
    calc.cap("event.max_credits");
    const share = calc.rule("event.abroad.share");
    const total = calc.explanation.total;
    const kept = total.mul(share.value);
    calc.add(share, kept.sub(total), "line.abroad.share", { percent: Q.of(share.value).mul(100) });
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
    fsc_research: (c) => byDuration(c, "event.fsc.research.bands", "what.research_project"),
    fad_self_study: fad("event.fad.per_hour", "what.self_study"),
    fad_self_study_tutored: fad("event.fad.tutor_per_hour", "what.self_study_tutored"),
    fad_elearning: fadElearning,
    fad_webinar: fad("event.fad.webinar_per_hour", "what.webinar"),
    blended,
    publication,
    clinical_trial: (c) => byDuration(c, "individual.clinical_trial", "what.clinical_trial"),
    individual_tutoring: individualTutoring,
    autoformazione,
    abroad,
  };

  function existing(calc, id) {
    const pv = calc.rule(id);
    if (isAbsent(pv))
      fail("role", "error.role_not_documented", {
        role: calc.event.role,
        date: calc.day,
        since: firstRuleDate(calc.book, id),
      });
    return pv;
  }

  function perTimeUnit(calc, pv, minutes, what) {
    const unit = Number(pv.value.unit_minutes);
    const perUnit = Q.of(pv.value.credits);
    const units = Math.floor(minutes / unit);
    calc.add(pv, perUnit.mul(units), "line.per_time_unit", { what, minutes, units, unit, per_unit: perUnit });
  }

  const ROLE_RULES = {
    teacher(calc) {
      const minutes = calc.require("teaching_minutes");
      perTimeUnit(calc, existing(calc, "role.teacher"), minutes, "what.teaching");
      calc.cap("event.max_credits");
    },
    fsc_tutor(calc) {
      const hours = calc.hours();
      perTimeUnit(calc, existing(calc, "role.fsc_tutor"), hours * 60, "what.tutoring");
      calc.cap("event.max_credits");
    },
    moderator(calc) {
      const pv = existing(calc, "role.moderator");
      const sessions = calc.require("sessions");
      const rate = Q.of(pv.value);
      calc.add(pv, rate.mul(sessions), "line.moderator", { sessions, rate });
      calc.cap("event.max_credits");
    },
    classroom_tutor(calc) {
      const hours = calc.hours();
      perTimeUnit(calc, existing(calc, "role.classroom_tutor"), hours * 60, "what.classroom_tutoring");
      calc.cap("event.max_credits");
    },
    scientific_lead(calc) {
      if (FSC_TYPES.has(calc.event.type)) {
        // Point 11: at an FSC event the scientific lead who coordinates is paid per hour, not 20 %.
        const hours = calc.hours();
        const fsc = existing(calc, "role.fsc_scientific_lead");
        perTimeUnit(calc, fsc, hours * 60, "what.fsc_coordination");
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
      calc.add(pv, raw, "line.scientific_lead", { percent: share.mul(100), event_credits: eventCredits });
      const rounding = calc.rule("role.scientific_lead_rounding");
      const mode = rounding.value.mode;
      const disputed = rounding.value.disputed;
      const kept = roundTenth(raw, mode);
      const other = roundTenth(raw, disputed);
      if (!kept.eq(raw)) {
        calc.add(rounding, kept.sub(raw), "line.scientific_lead_rounding", {
          raw,
          mode: `what.rounding.${mode}`,
          rounded: kept,
        });
      }
      if (!other.eq(kept)) {
        // The sources disagree (ecm-rules.md §11.1): say so whenever the other reading changes the number.
        calc.warn("role", "warn.scientific_lead_rounding_disputed", { other, other_mode: `what.rounding.${disputed}` });
      }
    },
    fad_tutor(calc) {
      const pv = existing(calc, "role.fad_tutor");
      const months = calc.require("months");
      const rate = Q.of(pv.value.per_month);
      const limit = Q.of(pv.value.max_credits);
      calc.add(pv, rate.mul(months), "line.fad_tutor_months", { months, rate });
      const total = calc.explanation.total;
      if (total.gt(limit)) calc.add(pv, limit.sub(total), "line.event_cap", { limit });
    },
  };

  function checkDates(calc) {
    const event = calc.event;
    const earliest = calc.book.parameters["event.earliest_date"].values[0].value;
    if (event.date < earliest) fail("date", "error.before_earliest", { earliest, got: event.date });
    if (event.end_date !== null && event.end_date < event.date)
      fail("end_date", "error.end_before_date", { date: event.date });
  }

  /** Inputs that belong to other types or roles are refused, not ignored (event_credits._check_applicable). */
  function checkApplicable(calc) {
    const event = calc.event;
    if (event.profession !== null) {
      const ids = calc.rule("profession.list").value.map((p) => p.id);
      if (!ids.includes(event.profession)) fail("profession", "error.one_of", { expected: ids });
    }
    if (event.country !== null && event.type !== "abroad") {
      fail("country", "error.only_for_type", { type: "abroad", got: event.type });
    }
    const learner = event.role === "participant" && PROVIDER_TYPES.has(event.type);
    for (const name of ["attendance_percent", "test_score_percent"]) {
      if (event[name] !== null && !learner) {
        fail(name, "error.only_for_learner", {});
      }
    }
  }

  /** Enough attendance and correct answers, or no credits (event_credits._participation). */
  function participation(calc) {
    const checks = [
      ["attendance_percent", "event.participation.min_attendance", "what.attendance"],
      ["test_score_percent", "event.participation.min_test_score", "what.test_score"],
    ];
    for (const [name, id, what] of checks) {
      const given = calc.event[name];
      if (given === null) continue;
      const pv = calc.rule(id);
      const minimum = Q.of(pv.value).mul(100); // the inputs are percentages
      if (!Q.of(given).lt(minimum)) {
        calc.add(pv, Q.of(0), "line.participation.met", { what, given: Q.of(given), minimum });
        continue;
      }
      const total = calc.explanation.total;
      calc.add(pv, total.neg(), "line.participation.not_met", { what, given: Q.of(given), minimum });
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
        fail("role", "error.role_not_for_type", { type: event.type, roles: rolesAllowed(event.type), got: event.role });
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

  /* ------------------------------------------------------------------ professions.py */

  const PHYSICIAN = "medico_chirurgo";

  /** Refuse a profession or discipline not in the lists (professions.check_profile). */
  function checkProfile(rb, profile, on) {
    if (profile.profession === null) {
      if (profile.discipline !== null) fail("profile.discipline", "error.discipline_without_profession", {});
      return;
    }
    const ids = rb.at("profession.list", on).value.map((p) => p.id);
    if (!ids.includes(profile.profession)) fail("profile.profession", "error.one_of", { expected: ids });
    if (profile.discipline === null) return;
    if (profile.profession !== PHYSICIAN) fail("profile.discipline", "error.discipline_physicians_only", {});
    const where = `profession.disciplines.${PHYSICIAN}`;
    if (!rb.at(where, on).value.includes(profile.discipline)) {
      fail("profile.discipline", "error.discipline_unknown", { where });
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
    explanation.add(pv, Q.of(0), "line.obligation.retired", { since, start, end: triennium.end });
    return [{ kind: "esenzione", start, end: triennium.end, hours: null, reason: "retired", attributed_years: null }];
  }

  function obligationParsed(rb, trienniumId, profile) {
    const triennium = getTriennium(rb, trienniumId);
    const on = triennium.start;
    checkProfile(rb, profile, on);
    const explanation = new Explanation();

    const baseParam = rb.at("obligation.base", on);
    const base = Q.of(baseParam.value);
    explanation.add(baseParam, base, "line.obligation.base", { triennium: triennium.id });

    const startYear = profile.first_registration ? yearOf(profile.first_registration) + 1 : null;
    const tYears = yearsOf(triennium);
    const beforeStart = new Set(tYears.filter((y) => startYear !== null && y < startYear));
    const gaps = new Set(Array.from(gapYears(rb, triennium, profile)).filter((y) => !beforeStart.has(y)));
    const years = new Set(tYears.filter((y) => !beforeStart.has(y) && !gaps.has(y)));

    const exemptions = profile.exemptions.concat(retiredEsenzione(rb, triennium, profile, explanation));
    for (const r of exemptionReductions(rb, triennium, exemptions, base, years)) {
      explanation.add(r.param, r.amount.neg(), r.msg, r.params);
    }

    const net = explanation.total;
    const prorata = rb.at("obligation.prorata", on);
    const yearsInTriennium = Number(prorata.value);
    const perYear = Q.max(net, ZERO).div(yearsInTriennium);
    if (beforeStart.size) {
      explanation.add(
        prorata,
        perYear.mul(beforeStart.size).neg(),
        "line.obligation.start",
        { start: `${startYear}-01-01`, remaining: yearsInTriennium - beforeStart.size, years: yearsInTriennium },
      );
    }
    if (gaps.size) {
      const pv = rb.at("obligation.registration_cutoff", on);
      const listed = Array.from(gaps).sort((a, b) => a - b);
      explanation.add(pv, perYear.mul(gaps.size).neg(), "line.obligation.gap", { years: listed });
    }

    previousCredits(rb, triennium, profile, explanation);
    fixedReductions(rb, triennium, profile, explanation);
    dossier(rb, triennium, profile, explanation);
    premialita(rb, triennium, profile, explanation);

    const floorParam = rb.at("obligation.floor", on);
    const floor = Q.of(floorParam.value);
    if (explanation.total.lt(floor))
      explanation.add(floorParam, floor.sub(explanation.total), "line.obligation.floor");
    const total = explanation.total;
    if (!tenth(total).eq(total))
      explanation.add(rb.at("event.credit_rounding", on), tenth(total).sub(total), "line.rounded", { total });
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
        const previous = previousTriennium(triennium);
        const [msg, bounds] =
          upper !== null
            ? ["line.obligation.previous_band", { min: band.min, max: upper }]
            : ["line.obligation.previous_band_open", { min: band.min }];
        explanation.add(pv, Q.of(band.reduction).neg(), msg, { earned: e, previous, ...bounds });
        return;
      }
    }
  }

  function fixedReductions(rb, triennium, profile, explanation) {
    const covid = rb.at("obligation.covid", triennium.start);
    if (!isAbsent(covid))
      explanation.add(covid, Q.of(covid.value).neg(), "line.obligation.covid");
    const met = rb.at("obligation.previous_met", triennium.start);
    if (!isAbsent(met) && profile.previous_triennium_met) {
      explanation.add(met, Q.of(met.value).neg(), "line.obligation.previous_met", {
        previous: previousTriennium(triennium),
      });
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
        fail(`profile.dossiers.${index}.built_on`, "error.dossier_years", {
          triennium: builtIn.id,
          years: allowedYears,
        });
      }
      const amounts = pv.value[d.kind];
      if (d.triennium === triennium.id) {
        const build = Q.of(amounts.build);
        if (buildBest === null || build.gt(buildBest[0]))
          buildBest = [build, d.kind];
      } else if (d.triennium === previous && d.objectives_met) {
        const carry = Q.of(amounts.carry);
        if (carryBest === null || carry.gt(carryBest[0]))
          carryBest = [carry, d.kind];
      }
    });
    if (buildBest)
      explanation.add(rb.at("obligation.dossier", triennium.start), buildBest[0].neg(), "line.dossier.built", {
        kind: `what.dossier.${buildBest[1]}`,
        triennium: triennium.id,
      });
    if (carryBest)
      explanation.add(
        rb.at("obligation.dossier", getTriennium(rb, previous).start),
        carryBest[0].neg(),
        "line.dossier.carried",
        { kind: `what.dossier.${carryBest[1]}`, previous },
      );
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
      explanation.add(pv, amount.neg(), "line.premialita", {
        trienni: [...needed].sort(),
        date: pv.value.status_date,
      });
    }
  }

  function parseTrienniumField(raw) {
    if (raw === undefined || raw === null) fail("triennium", "error.missing");
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
      if (seen.has(r.id)) fail(`credits.${index}.id`, "error.duplicate_id", { id: r.id });
      seen.add(r.id);
      if (r.sponsored && (!PROVIDER_TYPES.has(r.type) || isIndividual(r))) {
        fail(`credits.${index}.sponsored`, "error.sponsored_only");
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
      explanation.add(pv, limit.sub(amount), "line.compliance.profession_cap", {
        what,
        share: String(pv.value),
        owed,
        limit,
      });
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
          explanation.add(supervision, excess.neg(), "line.compliance.psychologist_yearly", { year, limit });
          removed.individual = removed.individual.add(excess);
        }
      }
    }
    const internship = professionRule(rb, profile, "internship_tutoring_max", on);
    if (internship !== null && tutoring.length) {
      removed.individual = removed.individual.add(
        shareCap(internship, totalOf(tutoring).sub(removed.individual), "what.cap.pharmacist_internship_tutoring"),
      );
    }
    const fadCap = professionRule(rb, profile, "fad_max", on);
    if (fadCap !== null) {
      const fad = records.filter((r) => FAD_SET.has(r.type) && !isIndividual(r));
      removed.learner = removed.learner.add(shareCap(fadCap, totalOf(fad), "what.cap.nurse_fad"));
    }
    const tipologie = rb.at("caps.tipologie_2_5_6_10_max", on);
    if (!isAbsent(tipologie)) {
      const kinds = records.filter((r) => TIPOLOGIE_2_5_6.has(r.type) || isTipologia10(r));
      const individualPart = totalOf(kinds.filter(isIndividual));
      take(shareCap(tipologie, totalOf(kinds), "what.cap.tipologie_2_5_6_10"), individualPart);
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
          explanation.add(yearly, excess.neg(), "line.compliance.yearly_max", { year, limit: high });
          take(excess, totalOf(ofYear.filter(isIndividual)));
        }
        removed.yearlyShortfall = removed.yearlyShortfall.add(Q.max(low.sub(Q.min(total, high)), ZERO));
      }
    }
    return removed;
  }

  /** Drop credits earned during an esenzione: recorded ones by date (a line each), else the flag (_outside_esenzioni). */
  function outsideEsenzioni(rb, triennium, profile, mine, explanation) {
    const pv = rb.at("caps.exclude_during_esenzione", triennium.start);
    const esenzioni = profile.exemptions
      .filter((e) => e.kind === "esenzione")
      .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.end < b.end ? -1 : a.end > b.end ? 1 : 0));
    let left = [...mine];
    for (const e of esenzioni) {
      const inside = left.filter((r) => e.start <= r.date && r.date <= e.end);
      if (inside.length) {
        explanation.add(pv, totalOf(inside).neg(), "line.compliance.in_esenzione", {
          count: inside.length,
          start: e.start,
          end: e.end,
        });
        left = left.filter((r) => !inside.includes(r));
      }
    }
    const flagged = left.filter((r) => r.during_exemption);
    if (flagged.length) {
      explanation.add(pv, totalOf(flagged).neg(), "line.compliance.during_esenzione", { count: flagged.length });
    }
    return left.filter((r) => !r.during_exemption);
  }

  /** Records sharing an event code in different roles: only the role with most credits counts (_one_role_per_event). */
  function oneRolePerEvent(rb, triennium, records, explanation) {
    const pv = rb.at("caps.one_role_per_event", triennium.start);
    const groups = new Map();
    for (const r of records) {
      if (r.event_code === null) continue;
      const key = r.event_code.trim().toUpperCase();
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(r);
    }
    const byId = (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    const dropped = new Set();
    for (const key of [...groups.keys()].sort()) {
      const group = groups.get(key);
      const byRole = new Map();
      for (const r of group) {
        if (!byRole.has(r.role)) byRole.set(r.role, []);
        byRole.get(r.role).push(r);
      }
      if (byRole.size < 2) continue; // one role: parts of one participation, all count
      const totals = new Map([...byRole].map(([role, rs]) => [role, totalOf(rs)]));
      const firstId = (role) => byRole.get(role).map((r) => r.id).sort()[0];
      const keptRole = [...byRole.keys()].sort((a, b) =>
        totals.get(a).gt(totals.get(b)) ? -1 : totals.get(b).gt(totals.get(a)) ? 1 : firstId(a) < firstId(b) ? -1 : 1,
      )[0];
      const keptId = firstId(keptRole);
      for (const r of [...group].sort(byId)) {
        if (r.role === keptRole) continue;
        dropped.add(r.id);
        explanation.add(pv, r.amount.neg(), "line.compliance.one_role", {
          event: r.event_code,
          id: r.id,
          role: `what.role.${r.role}`,
          kept: keptId,
          kept_role: `what.role.${keptRole}`,
          kept_credits: totals.get(keptRole),
        });
      }
    }
    return records.filter((r) => !dropped.has(r.id));
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
    explanation.add(rb.at("caps.recorded", on), recorded, "line.compliance.recorded", {
      count: mine.length,
      triennium: triennium.id,
    });

    const eligible = oneRolePerEvent(rb, triennium, outsideEsenzioni(rb, triennium, profile, mine, explanation), explanation);

    // Apply one cap (`what` is a label id); return what is left of `amount`.
    const cap = (id, amount, what) => {
      const pv = rb.at(id, on);
      const share = Q.of(pv.value);
      const limit = tenthDown(shareOf(owed, share));
      if (amount.le(limit)) return amount;
      explanation.add(pv, limit.sub(amount), "line.compliance.cap", { what, share: String(pv.value), owed, limit });
      return limit;
    };

    const removed = specialCaps(rb, triennium, profile, eligible, explanation, owed);
    const individual = eligible.filter(isIndividual);
    const auto = cap("caps.autoformazione_max", totalOf(individual.filter(isAutoformazione)), "what.cap.autoformazione");
    const abroadKept = cap(
      "caps.abroad_max",
      totalOf(individual.filter((r) => isAbroad(r) && !isAutoformazione(r))),
      "what.cap.abroad",
    );
    const others = totalOf(individual.filter((r) => !isAbroad(r) && !isAutoformazione(r))).sub(removed.individual);
    cap("caps.individual_max", auto.add(abroadKept).add(others), "what.cap.individual");

    const learnerRecords = eligible.filter((r) => !isIndividual(r));
    const sponsored = totalOf(learnerRecords.filter((r) => r.sponsored));
    const sponsoredKept = cap("caps.sponsored_max", sponsored, "what.cap.sponsored");
    const learner = totalOf(learnerRecords).sub(removed.learner).sub(sponsored.sub(sponsoredKept));

    const counted = explanation.total;
    const threshold = (id) => tenthUp(shareOf(owed, Q.of(rb.at(id, on).value)));
    const learnerMinimum = threshold("caps.learner_min");
    const certifiableThreshold = threshold("thresholds.certifiable");
    // Trienni before 2023-2025 have no insurance threshold (art. 38-bis DL 152/2021; compliance.py).
    const insuranceThreshold = on >= firstRuleDate(rb, "thresholds.insurance") ? threshold("thresholds.insurance") : null;
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
      insurance_ok: insuranceThreshold === null ? null : counted.ge(insuranceThreshold),
      missing,
      missing_for_insurance: insuranceThreshold === null ? null : Q.max(insuranceThreshold.sub(counted), ZERO),
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
      if (balances.has(item.triennium)) fail(`${path}.triennium`, "error.listed_twice", { triennium: item.triennium });
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
        explanation.add(pv, moved, "line.compensation", { moved, creditor, debtor });
      }
    }
    const out = {};
    const certifiable = {};
    for (const [t, b] of balances) {
      out[t] = b;
      certifiable[t] = b.ge(0);
    }
    // A net debt: what compensation cannot cover must still be earned by the deadline (across.py).
    const deadline = pv.value.deadline;
    const stillToEarn = {};
    const warnings = [];
    for (const t of [...balances.keys()].sort()) {
      const b = balances.get(t);
      if (!debtors.includes(t) || !b.lt(0)) continue;
      stillToEarn[t] = b.neg();
      warnings.push(notice(`balances.${t}`, "warn.compensation.debt_left", { triennium: t, credits: b.neg(), deadline }));
    }
    return { transfers, balances: out, certifiable, lines: explanation.lines, still_to_earn: stillToEarn, deadline, warnings };
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
    if (!record) fail("credit_id", "error.no_credit", { id: input.credit_id });
    const source = countsIn(rb, record);
    if (source === null) fail("credit_id", "error.credit_outside", { date: record.date });
    const target = getTriennium(rb, input.target, "target").id;
    if (target === source) fail("target", "error.already_counts", { triennium: source });
    for (const key of Object.keys(profiles)) getTriennium(rb, key, `profiles.${key}`);

    const moved = records.map((r) => (r.id === record.id ? { ...r, triennium: target } : r));
    const evaluate = (t, list) => complianceParsed(rb, t, profiles[t] || parseProfile({}), list);
    const before = { [source]: evaluate(source, records), [target]: evaluate(target, records) };
    const after = { [source]: evaluate(source, moved), [target]: evaluate(target, moved) };

    const reasons = [];
    let allowed = true;
    if (before[source].certifiable && !after[source].certifiable) {
      allowed = false;
      reasons.push(notice(null, "reason.move.surplus_only", { source, surplus: before[source].surplus }));
    }
    const deadline = pv.value.deadlines[target];
    const asOf = input.as_of || todayIso();
    if (deadline !== undefined && asOf > deadline) {
      allowed = false;
      reasons.push(notice("target", "reason.move.closed", { target, deadline }));
    }
    const gained = after[target].counted.sub(before[target].counted);
    const lost = before[source].counted.sub(after[source].counted);
    reasons.push(notice(null, "reason.move.effect", { target, gained, source, lost }));
    return { credit_id: record.id, source, target, allowed, reasons, before, after };
  }

  /** The day after which a credit not yet in the registry is reported as missing suspected (trienni.py). */
  function missingSuspectedAfter(rb, eventEnd, providerScope = "national") {
    const reporting = Number(rb.at("registry.reporting_days", eventEnd).value);
    const margin = Number(rb.at("registry.missing_margin_days", eventEnd).value);
    let days = reporting + margin;
    if (providerScope === "regional" && eventEnd >= firstRuleDate(rb, "registry.regional_days"))
      days = Math.max(days, Number(rb.at("registry.regional_days", eventEnd).value));
    return addDays(eventEnd, days);
  }

  /* ================================================================== status.py */

  const ref = (src) => ({ id: src.id, title: src.title, url: src.url });

  function datedRule(kind, date, pv) {
    return {
      kind,
      date,
      rule: pv.param,
      source: ref(pv.source),
      reported_by: pv.reported_by ? ref(pv.reported_by) : null,
      confidence: pv.confidence,
      single_source: pv.note.toLowerCase().includes("single source"),
    };
  }

  /** The value in force on `asOf`; before the first value, the first (status._as_it_stood). */
  function asItStood(rb, paramId, asOf) {
    const values = rb.parameters[paramId].values;
    const known = values.filter((v) => v.from <= asOf);
    return known.length ? known[known.length - 1] : values[0];
  }

  /** End, recovery, moves and compensation deadlines of one triennium as they stood on `asOf`. */
  function timeline(rb, trienniumId, asOf) {
    const t = getTriennium(rb, trienniumId);
    const deadlines = [datedRule("end", t.end, rb.at("trienni", LIST_DATE))];
    const recovery = asItStood(rb, `deadline.${t.id}`, asOf);
    if (recovery.value > t.end) deadlines.push(datedRule("recovery", recovery.value, recovery));
    const moves = rb.at("moves.rule", RULE_DATE);
    if (moves.value.deadlines[t.id] !== undefined) deadlines.push(datedRule("moves", moves.value.deadlines[t.id], moves));
    const comp = rb.at("compensation.rule", RULE_DATE);
    if (comp.value.debtors.includes(t.id) || comp.value.creditors.includes(t.id))
      deadlines.push(datedRule("compensation", comp.value.deadline, comp));
    deadlines.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
    let state = "closed";
    if (asOf < t.start) state = "not_started";
    else if (asOf <= t.end) state = "open";
    else if (asOf <= recovery.value) state = "recoverable";
    const ahead = deadlines.map((d) => d.date).filter((d) => d >= asOf).sort();
    return { triennium: t.id, state, deadlines, next_deadline: ahead.length ? ahead[0] : null };
  }

  function insuranceStatus(rb, profiles, records, asOf) {
    const first0 = firstRuleDate(rb, "insurance.rule");
    const pv = rb.at("insurance.rule", asOf > first0 ? asOf : first0);
    const first = getTriennium(rb, pv.value.first_triennium);
    const policiesFrom = pv.value.policies_from;
    const closed = allTrienni(rb).filter((t) => t.end < asOf && t.start >= first.start);
    let state = "in_force";
    let target = closed.length ? closed[closed.length - 1] : null;
    if (asOf < policiesFrom) {
      state = "not_yet_in_force";
      target = asOf >= first.start ? first : null;
    }
    const rule = line(pv, ZERO, "line.insurance.rule", { first: first.id, policies_from: policiesFrom });
    if (target === null) {
      return {
        state: "none",
        triennium: null,
        policies_from: policiesFrom,
        threshold: null,
        counted: null,
        met: null,
        missing: null,
        fix_deadline: null,
        fix_deadline_single_source: false,
        rule,
        compliance: null,
      };
    }
    const result = complianceParsed(rb, target.id, profiles[target.id] || parseProfile({}), records);
    const recoveryValue = asItStood(rb, `deadline.${target.id}`, asOf);
    const recovery = recoveryValue.value;
    const openToFix = recovery >= asOf;
    return {
      state,
      triennium: target.id,
      policies_from: policiesFrom,
      threshold: result.insurance_threshold,
      counted: result.counted,
      met: result.insurance_ok,
      missing: result.missing_for_insurance,
      fix_deadline: openToFix ? recovery : null,
      fix_deadline_single_source: openToFix && recoveryValue.note.toLowerCase().includes("single source"),
      rule,
      compliance: result,
    };
  }

  const sentence = (msg, params, see) => ({ ...notice(null, msg, params), see });
  /** A credit as people know it: its title and date, its id only without a title (status._named). */
  const namedCredit = (item) =>
    item.title
      ? step("what.credit_named", { title: item.title, date: item.date })
      : step("what.credit_unnamed", { id: item.id, date: item.date });

  function currentSentence(current, tl) {
    const o = current.obligation.obligation;
    if (current.certifiable)
      return sentence("status.current.met", { triennium: current.triennium, obligation: o, counted: current.counted }, "current.credit_lines");
    return sentence(
      "status.current.missing",
      { triennium: current.triennium, obligation: o, counted: current.counted, missing: current.missing, deadline: tl.next_deadline },
      "current.credit_lines",
    );
  }

  function insuranceSentence(rb, ins) {
    const see = ins.compliance === null ? "insurance.rule" : "insurance.compliance.credit_lines";
    const t = ins.triennium;
    // The share as a percentage (70), read from the rules data like the threshold itself (status.py).
    const on = t === null ? ins.policies_from : getTriennium(rb, t).start;
    const percent = Q.of(rb.at("thresholds.insurance", on).value).mul(Q.of(100));
    if (ins.state === "none" || t === null)
      return sentence("status.insurance.none", { policies_from: ins.policies_from, percent }, see);
    if (ins.state === "not_yet_in_force")
      return sentence(
        "status.insurance.not_yet",
        { policies_from: ins.policies_from, triennium: t, percent, threshold: ins.threshold, counted: ins.counted },
        see,
      );
    if (ins.met) return sentence("status.insurance.met", { triennium: t, percent, threshold: ins.threshold, counted: ins.counted }, see);
    if (ins.fix_deadline !== null)
      return sentence(
        ins.fix_deadline_single_source ? "status.insurance.missing_single_source" : "status.insurance.missing",
        { triennium: t, percent, threshold: ins.threshold, missing: ins.missing, deadline: ins.fix_deadline },
        see,
      );
    return sentence("status.insurance.missing_closed", { triennium: t, percent, threshold: ins.threshold, missing: ins.missing }, see);
  }

  /** StatusInput JSON → StatusResult: "am I in order?" on `as_of` (default today). */
  function evaluateStatus(rb, input) {
    check.object(input, "");
    check.known(input, ["as_of", "profiles", "credits"], "");
    optional(input, "as_of", "", check.date);
    const records = parseCredits(input.credits);
    const profilesRaw = input.profiles || {};
    check.object(profilesRaw, "profiles");
    const profiles = {};
    for (const [key, value] of Object.entries(profilesRaw)) {
      check.triennium(key, `profiles.${key}`);
      profiles[key] = parseProfile(value, `profiles.${key}`);
    }
    const asOf = input.as_of || todayIso();
    for (const key of Object.keys(profiles)) getTriennium(rb, key, `profiles.${key}`);
    const currentId = trienniumOf(rb, asOf);
    const current = currentId ? complianceParsed(rb, currentId, profiles[currentId] || parseProfile({}), records) : null;
    const currentTimeline = currentId ? timeline(rb, currentId, asOf) : null;
    const insurance = insuranceStatus(rb, profiles, records, asOf);
    const pending = [];
    const suspected = [];
    for (const r of [...records].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
      if (r.in_registry !== false || r.date > asOf) continue;
      const after = missingSuspectedAfter(rb, r.end_date || r.date, r.provider_scope || "national");
      (asOf > after ? suspected : pending).push({ id: r.id, title: r.title, date: r.date, suspected_after: after });
    }
    const sentences = [];
    if (current) sentences.push(currentSentence(current, currentTimeline));
    sentences.push(insuranceSentence(rb, insurance));
    if (pending.length)
      sentences.push(sentence("status.pending", { count: pending.length, credits: pending.map(namedCredit) }, "pending"));
    if (suspected.length)
      sentences.push(
        sentence(
          "status.missing_suspected",
          { count: suspected.length, credits: suspected.map(namedCredit) },
          "missing_suspected",
        ),
      );
    return {
      as_of: asOf,
      sentences,
      current,
      current_timeline: currentTimeline,
      insurance,
      timelines: allTrienni(rb).map((t) => timeline(rb, t.id, asOf)),
      pending,
      missing_suspected: suspected,
    };
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
    toJSON,
    // The message catalogue, rendered with Intl (messages.py's twin).
    LANGS,
    DEFAULT_LANG,
    render,
    localize,
    formatNumber,
    formatDate,
    dates: { isIsoDate, daysBetween, addDays, yearOf, todayIso, dayNumber },
    EVENT_TYPES,
    PROVIDER_TYPES,
    ROLES,
    ROLE_TYPES,
    // Results with exact fractions (Q) for the calculators' own use...
    exact: { computeEventCredits, computeObligation, evaluateCompliance, compensate, whatIfMove, evaluateStatus },
    evaluateStatus: jsonResult(evaluateStatus),
    timeline,
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
