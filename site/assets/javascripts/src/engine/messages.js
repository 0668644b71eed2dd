// The message catalogue (messages.py's twin): texts rendered with Intl in Italian or English.
// Part of the browser engine (index.js is its public API); moved unchanged from ecm-engine.js.

import { Q } from "./numbers.js";
import { ISO_DATE } from "./dates.js";

/* ------------------------------------------------------------------ errors */

/* ------------------------------------------------------------------ messages
 * The catalogue (functions/rulebook/data/messages.toml, exported as rules.json "messages") is
 * rendered here with Intl, as messages.py renders it with Babel: the same ids, params and texts.
 */

const LANGS = ["it", "en"];
const DEFAULT_LANG = "it";
const LOCALES = { it: "it-IT", en: "en-GB" };
const FIRST_OF_MONTH = { it: "1°" };
let CATALOGUE = {}; // set by the RuleBook from its export: a page has one rule book

/** Called by the RuleBook (an ES module cannot assign another module's binding). */
function setCatalogue(catalogue) {
  CATALOGUE = catalogue;
}

const numberFormats = {};
const dateFormats = {};
const pluralRules = {};

function numberFormat(lang) {
  // Grouping always ("2.000"), as Babel does; at most two decimals, halves away from zero.
  numberFormats[lang] ||= new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: 2, useGrouping: "always" });
  return numberFormats[lang];
}

function formatNumber(value, lang = DEFAULT_LANG) {
  // The true minus sign (U+2212) in both languages, as messages.py: Intl's it/en use the hyphen.
  return numberFormat(lang).format(value instanceof Q ? value.toNumber() : Number(value)).replace("-", "\u2212");
}

function formatDate(iso, lang = DEFAULT_LANG) {
  dateFormats[lang] ||= new Intl.DateTimeFormat(LOCALES[lang], {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
  const m = ISO_DATE.exec(String(iso));
  if (!m) return String(iso);
  const text = dateFormats[lang].format(new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])));
  // Italian writes the first of a month as an ordinal, "1° febbraio 2024" (Intl has no such option).
  return +m[3] === 1 && FIRST_OF_MONTH[lang] ? FIRST_OF_MONTH[lang] + text.slice(1) : text;
}

const listFormats = {};

/** Lists in sentences joined as prose: "2027 e 2028", "A, B and C" (as Babel's format_list). */
function listFormat(lang) {
  listFormats[lang] ||= new Intl.ListFormat(LOCALES[lang], { style: "long", type: "conjunction" });
  return listFormats[lang];
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
  if (kind === "fraction") {
    // "1/3" in words where the catalogue has them ("un terzo"), else as written (messages.py).
    return CATALOGUE[`fraction.${value}`] ? render(`fraction.${value}`, {}, lang) : String(value);
  }
  if (kind === "list")
    return listFormat(lang).format(value.map((v) => (v && typeof v === "object" ? valueText("msg", v, lang) : String(v))));
  if (kind === "msg") {
    if (value && typeof value === "object") return render(value.msg, value.params || {}, lang);
    return render(String(value), {}, lang);
  }
  if (kind.startsWith("unit.")) return render(kind, { count: value }, lang);
  // A code in words from its label, "name:what.type" (messages.NAME); "names:" for a list of codes.
  if (kind.startsWith("names:")) return listFormat(lang).format(value.map((v) => nameOf(kind.slice(6), v, lang)));
  if (kind.startsWith("name:")) return nameOf(kind.slice(5), value, lang);
  return String(value);
}

/** `code` in words from the label `prefix.code`; a code with no label stays as given (messages.code_words). */
function nameOf(prefix, code, lang) {
  const id = `${prefix}.${code}`;
  return CATALOGUE[id] ? render(id, {}, lang) : String(code);
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
// The sources of the rules export (id -> {title_it, title_en, ...}): a result cites a source with its
// title in the reader's language, re-rendered by localize like the texts (explain._walk).
let SOURCES = {};
function setSources(sources) {
  SOURCES = sources || {};
}

/** A source's title in `lang`, or `fallback` when the export does not know it (parameters.title_in). */
function sourceTitle(id, lang, fallback) {
  const raw = SOURCES[id];
  if (!raw) return fallback;
  return raw[`title_${lang}`] || raw.title_en || raw.title || fallback;
}

const isSourceRef = (v) => {
  const keys = Object.keys(v);
  return keys.length === 3 && "id" in v && "title" in v && "url" in v;
};

function localize(value, lang) {
  if (!LANGS.includes(lang)) throw new RangeError(`language must be one of ${LANGS.join(", ")}`);
  if (Array.isArray(value)) return value.map((v) => localize(v, lang));
  if (value instanceof Q || !value || typeof value !== "object") return value;
  if (isSourceRef(value)) return { ...value, title: sourceTitle(value.id, lang, value.title) };
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

export { setSources, sourceTitle, LANGS, DEFAULT_LANG, LOCALES, CATALOGUE, numberFormats, dateFormats, pluralRules, numberFormat, formatNumber, formatDate, pluralCategory, plain, step, valueText, render, localize, notice, setCatalogue };
