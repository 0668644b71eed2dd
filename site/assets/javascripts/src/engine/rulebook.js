// The rule book export (rules.json): dated parameters with sources, and bad-input errors.
// Part of the browser engine (index.js is its public API); moved unchanged from ecm-engine.js.

import { Q } from "./numbers.js";
import { DEFAULT_LANG, plain, render, setCatalogue, setSources, sourceTitle } from "./messages.js";

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
    this.messages = { ...json.messages }; // a copy: the profession labels are added below
    setCatalogue(this.messages);
    setSources(this.sources);
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
          // Only one source states the value (rules export: single_source; the bundle keeps it when true).
          single_source: v.single_source === true,
        }))
        .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
      this.parameters[id] = { id, title: raw.title || {}, unit: raw.unit, values };
    }
    // Profession names as labels inside sentences (messages.py FROM_RULES): from the latest list, with a
    // small initial ("Medico chirurgo" -> "medico chirurgo", acronyms kept), not downloaded twice.
    const inside = (name) => (/^.[a-zà-ù]/.test(name) ? name[0].toLowerCase() + name.slice(1) : name);
    const professions = this.parameters["profession.list"];
    if (professions) {
      for (const p of professions.values[professions.values.length - 1].value)
        this.messages[`what.profession.${p.id}`] ||= { it: inside(p.it), en: inside(p.en) };
    }
    // A rule named by its title in a refusal (messages.py FROM_RULES), never by its parameter id.
    for (const [id, parameter] of Object.entries(this.parameters)) {
      const { it, en } = parameter.title;
      if (it && en) this.messages[`what.rule.${id}`] ||= { it: inside(it), en: inside(en) };
    }
  }

  source(id) {
    if (id && typeof id === "object") return { id: id.id, title: id.title, url: id.url };
    const raw = this.sources[id] || {};
    // Cited in the engine's language (Italian, as results are built); localize re-renders the title.
    return { id, title: sourceTitle(id, DEFAULT_LANG, raw.title || id), url: raw.url || "" };
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

export { RuleInputError, RuleBook, line, isAbsent, toJSON, loadRules };
