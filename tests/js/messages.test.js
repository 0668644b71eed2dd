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
const catalogue = rules.messages;
import { RUN } from "./engine_runs.js";
const SAMPLES = { number: 24.4, date: "2024-07-20", text: "2023-2025", list: [2024, 2025], msg: "what.congress", fraction: "1/3" };
const sample = (kind, count) => (kind === "number" || kind.startsWith("unit.") ? count : SAMPLES[kind]);
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
