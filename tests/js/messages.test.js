// The browser engine's texts: every catalogue message renders in Italian and English with Intl, and
// the Italian outputs of all conformance vectors carry no English template text and no ISO dates.
//
//   node --test tests/js/
import test from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const GENERATED = path.join(ROOT, "functions", "rulebook", "generated");
// The engine's ES modules themselves, not the bundle the guide serves.
import * as ECM from "../../site/assets/javascripts/src/engine/index.js";

const rules = JSON.parse(fs.readFileSync(process.env.ECM_RULES || path.join(GENERATED, "rules.json"), "utf8"));
const vectors = JSON.parse(fs.readFileSync(path.join(GENERATED, "conformance.json"), "utf8"));
const book = new ECM.RuleBook(rules);
const catalogue = book.messages; // the export's catalogue and the labels the rule book adds (profession names)
import { RUN } from "./engine_runs.js";
const SAMPLES = { number: 24.4, date: "2024-07-20", text: "2023-2025", list: [2024, 2025], msg: "what.congress", fraction: "1/3" };
/** The first code that has a label, for params of type name:<prefix> / names:<prefix> (messages.py NAME). */
const firstCode = (prefix) => Object.keys(catalogue).sort().find((id) => id.startsWith(`${prefix}.`)).slice(prefix.length + 1);
const sample = (kind, count) => {
  if (kind.startsWith("names:")) return [firstCode(kind.slice(6))];
  if (kind.startsWith("name:")) return firstCode(kind.slice(5));
  return kind === "number" || kind.startsWith("unit.") ? count : SAMPLES[kind];
};
const forms = (t) => (typeof t === "string" ? [t] : Object.values(t));

test("the rules export carries the catalogue", () => {
  assert.ok(Object.keys(catalogue).length > 100);
});

test("every message renders in Italian and English", () => {
  for (const [id, def] of Object.entries(catalogue)) {
    for (const lang of ECM.LANGS) {
      for (const count of [1, 2, 1000000]) {
        const params = {};
        for (const [name, kind] of Object.entries(def.params || {})) params[name] = sample(kind, count);
        const text = ECM.render(id, params, lang);
        assert.ok(text && !/[{}]/.test(text), `${id} ${lang}: ${text}`);
      }
    }
  }
});

test("a missing param or language is an error, not a blank", () => {
  assert.throws(() => ECM.render("line.event_cap", {}, "it"), /no value/);
  assert.throws(() => ECM.render("line.event_cap", { limit: 1 }, "fr"), /no fr template/);
});

test("numbers, dates and plurals follow the language", () => {
  assert.equal(ECM.render("line.compliance.cap", { what: "what.cap.autoformazione", share: "1/5", owed: 122, limit: 24.4 }, "it"), "autoformazione: limitato a 1/5 di 122 = 24,4");
  assert.equal(ECM.render("line.event_cap", { limit: 1 }, "it"), "limitato a 1 credito per evento");
  assert.equal(ECM.render("line.event_cap", { limit: 2 }, "en"), "capped at 2 credits per event");
  assert.equal(ECM.render("error.before_earliest", { earliest: "2002-01-01", got: "2001-07-20" }, "it"), "i crediti ECM esistono dal 1° gennaio 2002 (indicato 20 luglio 2001)");
  assert.equal(ECM.formatNumber(2000, "it"), "2.000");
  // The first of a month is an ordinal in Italian only ("1° giugno"), as in messages.py.
  assert.equal(ECM.formatDate("2001-06-01", "it"), "1° giugno 2001");
  assert.equal(ECM.formatDate("2001-06-01", "en"), "1 June 2001");
  assert.equal(ECM.formatDate("2001-06-11", "it"), "11 giugno 2001");
});

test("lists in sentences are joined as prose, as Babel's format_list", () => {
  assert.equal(ECM.render("line.obligation.gap", { years: [2027, 2028] }, "it"), "nessun obbligo nel 2027 e 2028 (cancellazione dall'Ordine)");
  assert.equal(ECM.render("line.premialita", { trienni: ["2014-2016", "2017-2019", "2020-2022"], date: "2025-07-03" }, "en"), "premialità: in good standing for 2014-2016, 2017-2019 and 2020-2022 on 3 July 2025");
});

// Literal pieces of the English templates (two words or more) that no Italian template uses.
const italianTemplates = Object.values(catalogue).flatMap((d) => forms(d.it)).join(" ");
const fragments = new Set();
for (const def of Object.values(catalogue)) {
  for (const form of forms(def.en)) {
    for (const piece of form.split(/\{\w+\}/)) {
      const trimmed = piece.trim();
      if ((trimmed.match(/[A-Za-z']+/g) || []).length >= 2 && trimmed.length >= 8 && !italianTemplates.includes(trimmed))
        fragments.add(trimmed.replace(/^[\s:;,()=]+|[\s:;,()=]+$/g, ""));
    }
  }
}

function texts(value, out = []) {
  if (Array.isArray(value)) value.forEach((v) => texts(v, out));
  else if (value && typeof value === "object") {
    if (typeof value.msg === "string" && typeof value.text === "string") out.push(value.text);
    for (const [k, v] of Object.entries(value)) if (k !== "params") texts(v, out);
  }
  return out;
}

test("Italian outputs of every conformance vector: no English template text, no ISO dates", () => {
  assert.ok(fragments.size > 40 && [...fragments].some((f) => f.includes("capped at")));
  const problems = [];
  for (const c of vectors.cases) {
    let found;
    try {
      found = texts(RUN[c.kind](book, c.input));
    } catch (error) {
      assert.ok(error instanceof ECM.RuleInputError, `${c.name}: ${error}`);
      found = [error.text("it")];
    }
    for (const text of found) {
      if (/\b\d{4}-\d{2}-\d{2}\b/.test(text)) problems.push(`${c.name}: ISO date in ${text}`);
      for (const f of fragments) if (text.includes(f)) problems.push(`${c.name}: English "${f}" in ${text}`);
    }
  }
  assert.deepEqual(problems, []);
});

// A code people never type, rendered raw into a sentence (test_messages.RAW_CODE): snake_case ids such
// as res_course, fad_webinar, scientific_lead, esonero_hours, medico_chirurgo. error.one_of (the values
// a field accepts) and error.discipline_unknown (the export's parameter holding the list) name codes on purpose.
const RAW_CODE = /\b[a-z]+(?:_[a-z0-9]+)+\b/g;
const CODES_ON_PURPOSE = new Set(["error.one_of", "error.discipline_unknown"]);

function messageTexts(value, out = []) {
  if (Array.isArray(value)) value.forEach((v) => messageTexts(v, out));
  else if (value && typeof value === "object") {
    if (typeof value.msg === "string" && typeof value.text === "string" && !CODES_ON_PURPOSE.has(value.msg))
      out.push(value.text);
    for (const [k, v] of Object.entries(value)) if (k !== "params") messageTexts(v, out);
  }
  return out;
}

test("no line, warning, sentence or refusal of any conformance vector shows a raw code, in either language", () => {
  assert.deepEqual("un evento res_course ha al massimo 200 partecipanti".match(RAW_CODE), ["res_course"]);
  const problems = [];
  let refusals = 0;
  for (const c of vectors.cases) {
    for (const lang of ECM.LANGS) {
      let found;
      try {
        found = messageTexts(ECM.localize(RUN[c.kind](book, c.input), lang));
      } catch (error) {
        assert.ok(error instanceof ECM.RuleInputError, `${c.name}: ${error}`);
        refusals += 1;
        found = CODES_ON_PURPOSE.has(error.msg) ? [] : [error.text(lang)];
      }
      for (const text of found) for (const code of text.match(RAW_CODE) || []) problems.push(`${c.name} [${lang}]: ${code} in ${text}`);
    }
  }
  assert.ok(refusals > 40, `only ${refusals} refusals checked`);
  assert.deepEqual(problems, []);
});

test("profession names are labels made from the export's list, not downloaded twice", () => {
  assert.equal(rules.messages["what.profession.medico_chirurgo"], undefined);
  assert.deepEqual(book.messages["what.profession.medico_chirurgo"], { it: "medico chirurgo", en: "physician" });
  assert.equal(ECM.render("error.radioprotection_complementary", { profession: "odontoiatra" }, "en").includes("profession of dentist"), true);
});

test("a rule is named by its title, not by its parameter id, when a date comes before it", () => {
  assert.equal(rules.messages["what.rule.trienni"], undefined);
  // The ECM trienni start in 2011 (obligation.toml `trienni`, first value 2011-01-01).
  assert.throws(
    () => book.at("trienni", "2005-03-01"),
    (error) =>
      error instanceof ECM.RuleInputError &&
      error.text("it") === "nessuna regola nota prima del 1° gennaio 2011 per «trienni formativi»" &&
      error.text("en") === "no rule is known before 1 January 2011 for “trienni”",
  );
});
