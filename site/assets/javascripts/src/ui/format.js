/*
 * Numbers, dates and lists for people, with Intl in the page's language: the engine's number format,
 * signed amounts, the forms' sentences (ui.form.*), reading a typed number ("1.000" is a thousand on
 * an Italian page, "7,5" seven and a half), writing one back into a field, the rule numbers that
 * labels show ({insurance}, {certifiable}, {congress_min}...) and "a, b e c" lists.
 */
import * as ECM from "../engine/index.js";
import { pageLang } from "./labels.js";

// Numbers and dates as the engine writes them in sentences (Intl, the page's locale).
export const formatNumber = (value, lang) => ECM.formatNumber(value, lang);

export function formatSigned(value, lang) {
  // The sign as its own string (not `−${text}`): the minified bundle stays free of "`:x>0?`"-like
  // fragments that tests/site reads as a typed rule number.
  const sign = value < 0 ? "−" : value > 0 ? "+" : "";
  return sign + formatNumber(Math.abs(value), lang);
}

/** A sentence of the calculators' forms (ui.form.*) from the catalogue, in the page's language. */
export function formText(id, params) {
  return ECM.render(`ui.form.${id}`, params || {}, pageLang());
}

// Numbers written with the page's thousands groups: "1.000" and "1.000,5" in Italian, "1,000.5" in English.
const GROUPED = { it: /^-?\d{1,3}(\.\d{3})+(,\d+)?$/, en: /^-?\d{1,3}(,\d{3})+(\.\d+)?$/ };
const PLAIN = { it: /^-?\d+(,\d+)?$/, en: /^-?\d+(\.\d+)?$/ };
// The other language's decimal mark where it cannot be a group of three digits: "1.5" or "7.25" on an
// Italian page (phone keypads often offer only "."), "7,5" on an English one.
const OTHER_DECIMAL = { it: /^-?\d+\.(\d{1,2}|\d{4,})$/, en: /^-?\d+,(\d{1,2}|\d{4,})$/ };

/** Read a number as a person types it in `lang` ("it": "1.000" = 1000, "7,5" = 7.5).
 *  Returns {value, interpreted}: value null for an empty text, NaN for words or a malformed number;
 *  interpreted is true when a separator had to be read (a thousands group, the other decimal mark),
 *  so that the form can say how it read it instead of guessing silently. Spaces between digits are
 *  thousands separators too. */
export function readNumber(text, lang) {
  const s = String(text === undefined || text === null ? "" : text)
    .trim()
    .replace(/[\s\u00a0\u202f\u0027]/g, ""); // \u0027: the apostrophe (Swiss groups), never a quote in the bundle
  if (s === "") return { value: null, interpreted: false };
  const l = lang === "it" ? "it" : "en";
  const decimalToPoint = (x) => x.replace(",", ".");
  if (GROUPED[l].test(s)) {
    const group = l === "it" ? /\./g : /,/g;
    return { value: Number(decimalToPoint(s.replace(group, ""))), interpreted: true };
  }
  if (PLAIN[l].test(s)) return { value: Number(decimalToPoint(s)), interpreted: false };
  if (OTHER_DECIMAL[l].test(s)) return { value: Number(decimalToPoint(s)), interpreted: true };
  return { value: NaN, interpreted: false };
}

/** A number as a person of the page's language types it: decimal mark, no thousands groups. */
const typedFormats = {};
export function numberText(value) {
  const lang = pageLang();
  if (!typedFormats[lang]) {
    typedFormats[lang] = new Intl.NumberFormat(lang === "it" ? "it-IT" : "en-GB", {
      useGrouping: false,
      maximumFractionDigits: 6,
    });
  }
  return typedFormats[lang].format(value);
}

/** Parse a number typed by a person in the page's language. Empty → null; junk → NaN. */
export function parseNumber(text) {
  return readNumber(text, pageLang()).value;
}

/* ------------------------------------------------------------------ rule numbers in labels */

// Labels never carry a rule's number typed by hand: they hold a {placeholder} that is filled from the
// rules data (tests/js/test_js_conformance.py checks the bundle, tests/site the built pages).
export function percentOf(rulebook, paramId, day, lang) {
  // A label names the rule as it first applies when the day is earlier (the insurance share starts
  // with 2023-2025; older trienni show no insurance meter, only its label table is filled).
  const first = rulebook.parameters[paramId].values[0].from;
  const share = ECM.Q.of(rulebook.at(paramId, day < first ? first : day).value);
  return `${formatNumber(share.mul(new ECM.Q(100)).toNumber(), lang)} %`;
}

export function lastValue(rulebook, paramId) {
  const values = rulebook.parameters[paramId].values;
  return values[values.length - 1].value || {};
}

const longDates = {};

export function ruleNumbers(rulebook, lang, day = ECM.dates.todayIso()) {
  const status = lastValue(rulebook, "obligation.premialita").status_date;
  // The rule's own title carries its course threshold ("... (≥ 60 CFU): quota ...").
  const esonero = (rulebook.parameters["exemption.esonero_year"].title || {})[lang] || "";
  return {
    esonero_course: esonero.split(":")[0],
    insurance: percentOf(rulebook, "thresholds.insurance", day, lang),
    certifiable: percentOf(rulebook, "thresholds.certifiable", day, lang),
    congress_min: formatNumber(Number(rulebook.at("event.res.congress.min_participants", day).value), lang),
    premialita_date: status ? longDate(status, lang) : "?",
  };
}

function longDate(iso, lang) {
  longDates[lang] ||= new Intl.DateTimeFormat(lang === "it" ? "it-IT" : "en-GB", { dateStyle: "long", timeZone: "UTC" });
  return longDates[lang].format(new Date(`${iso}T00:00:00Z`));
}

/** A copy of a label table with every {placeholder} filled from the rules data. */
export function withRuleNumbers(table, values) {
  const out = {};
  for (const [key, text] of Object.entries(table)) {
    out[key] = typeof text === "string" ? text.replace(/\{(\w+)\}/g, (m, name) => values[name] ?? m) : text;
  }
  return out;
}

const listFormats = {};
/** "a, b e c" / "a, b and c" (Intl). */
export function joinWords(items, lang) {
  if (!listFormats[lang])
    listFormats[lang] = new Intl.ListFormat(lang === "it" ? "it-IT" : "en-GB", { style: "long", type: "conjunction" });
  return listFormats[lang].format(items);
}
