// Runs every conformance vector of the Python rule book through the browser engine (ecm-engine.js)
// and compares the numbers: credits, obligation, counted, missing, and each explanation line's rule
// and amount; the message id, params and Italian text of every line, warning and reason; for error
// cases, the field, message id, params and text of the refusal.
//
//   node --test tests/js/
//
// ECM_RULES / ECM_CONFORMANCE override the JSON files (the pytest wrapper passes the committed ones);
// ECM_LANG=en compares the texts in English (vectors computed by Python in English).
import test from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const GENERATED = path.join(ROOT, "functions", "rulebook", "generated");
// The engine's ES modules themselves, not the bundle the guide serves.
import * as ECM from "../../site/assets/javascripts/src/engine/index.js";

const rules = JSON.parse(fs.readFileSync(process.env.ECM_RULES || path.join(GENERATED, "rules.json"), "utf8"));
const vectors = JSON.parse(
  fs.readFileSync(process.env.ECM_CONFORMANCE || path.join(GENERATED, "conformance.json"), "utf8"),
);
const book = new ECM.RuleBook(rules);
const LANG = process.env.ECM_LANG || "it";

import { RUN } from "./engine_runs.js";

// Amounts are JSON numbers from Python Decimals (1/3 shares carry 28 digits): compare to 1e-9.
function near(actual, expected, where) {
  assert.equal(typeof actual, "number", `${where}: not a number (${actual})`);
  assert.ok(Math.abs(actual - expected) < 1e-9, `${where}: got ${actual}, expected ${expected}`);
}

/** Params as data: numbers compared to 1e-9 (1/3 shares), everything else exactly. */
function sameParams(actual, expected, where) {
  if (typeof expected === "number") return near(actual, expected, where);
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${where}: not a list (${JSON.stringify(actual)})`);
    assert.equal(actual.length, expected.length, `${where}: length`);
    return expected.forEach((e, i) => sameParams(actual[i], e, `${where}.${i}`));
  }
  if (expected && typeof expected === "object") {
    assert.deepEqual(Object.keys(actual || {}).sort(), Object.keys(expected).sort(), `${where}: keys`);
    return Object.keys(expected).forEach((k) => sameParams(actual[k], expected[k], `${where}.${k}`));
  }
  assert.deepEqual(actual, expected, where);
}

/** The same message: id, params, and the Italian text (Intl here, Babel in Python). */
function sameMessage(actual, expected, where) {
  assert.equal(actual.msg, expected.msg, `${where}: message id`);
  sameParams(actual.params, expected.params, `${where}.params`);
  if ("field" in expected) assert.equal(actual.field, expected.field, `${where}.field`);
  assert.equal(actual.text, expected.text, `${where}: text`);
}

function sameMessages(actual, expected, where) {
  assert.equal(actual.length, expected.length, `${where}: count`);
  expected.forEach((e, i) => sameMessage(actual[i], e, `${where}.${i}`));
}

function sameLines(actual, expected, where) {
  const pairs = (lines) => lines.map((l) => `${l.rule} ${Math.round(l.amount * 1e6) / 1e6}`);
  assert.deepEqual(pairs(actual), pairs(expected), `${where}: explanation lines differ`);
  sameMessages(actual, expected, `${where}.lines`);
}

/** Compare what a person reads: every number of the result and every line's rule and amount. */
function compare(kind, actual, expected, where = kind) {
  if (kind === "event") {
    near(actual.credits, expected.credits, `${where}.credits`);
    assert.equal(actual.rules_version, expected.rules_version, `${where}.rules_version`);
    assert.equal(actual.uncertain, expected.uncertain, `${where}.uncertain`);
    sameLines(actual.lines, expected.lines, where);
    sameMessages(actual.warnings, expected.warnings, `${where}.warnings`);
  } else if (kind === "obligation") {
    for (const key of ["base", "obligation", "obligated_years"]) near(actual[key], expected[key], `${where}.${key}`);
    assert.equal(actual.uncertain, expected.uncertain, `${where}.uncertain`);
    sameLines(actual.lines, expected.lines, where);
  } else if (kind === "compliance") {
    compare("obligation", actual.obligation, expected.obligation, `${where}.obligation`);
    const numbers = [
      "recorded",
      "counted",
      "learner",
      "learner_minimum",
      "certifiable_threshold",
      "insurance_threshold",
      "missing",
      "missing_for_insurance",
      "surplus",
    ];
    // The insurance figures are null for trienni before 2023-2025 (issue 11).
    for (const key of numbers)
      if (expected[key] === null) assert.equal(actual[key], null, `${where}.${key}`);
      else near(actual[key], expected[key], `${where}.${key}`);
    for (const key of ["certifiable", "insurance_ok", "uncertain"])
      assert.equal(actual[key], expected[key], `${where}.${key}`);
    assert.deepEqual(actual.ignored_records, expected.ignored_records, `${where}.ignored_records`);
    sameLines(actual.credit_lines, expected.credit_lines, `${where}.credit_lines`);
  } else if (kind === "compensation") {
    assert.deepEqual(Object.keys(actual.balances).sort(), Object.keys(expected.balances).sort(), `${where}.balances`);
    for (const key of Object.keys(expected.balances))
      near(actual.balances[key], expected.balances[key], `${where}.balances.${key}`);
    assert.deepEqual(actual.certifiable, expected.certifiable, `${where}.certifiable`);
    assert.equal(actual.transfers.length, expected.transfers.length, `${where}.transfers`);
    expected.transfers.forEach((t, i) => {
      assert.equal(actual.transfers[i].source, t.source);
      assert.equal(actual.transfers[i].target, t.target);
      near(actual.transfers[i].credits, t.credits, `${where}.transfers.${i}`);
    });
    sameLines(actual.lines, expected.lines, where);
    assert.deepEqual(Object.keys(actual.still_to_earn).sort(), Object.keys(expected.still_to_earn).sort());
    for (const key of Object.keys(expected.still_to_earn))
      near(actual.still_to_earn[key], expected.still_to_earn[key], `${where}.still_to_earn.${key}`);
    assert.equal(actual.deadline, expected.deadline, `${where}.deadline`);
    sameMessages(actual.warnings, expected.warnings, `${where}.warnings`);
  } else if (kind === "move") {
    for (const key of ["credit_id", "source", "target", "allowed"])
      assert.equal(actual[key], expected[key], `${where}.${key}`);
    sameMessages(actual.reasons, expected.reasons, `${where}.reasons`);
    for (const side of ["before", "after"]) {
      assert.deepEqual(Object.keys(actual[side]).sort(), Object.keys(expected[side]).sort(), `${where}.${side}`);
      for (const t of Object.keys(expected[side]))
        compare("compliance", actual[side][t], expected[side][t], `${where}.${side}.${t}`);
    }
  } else if (kind === "status") {
    assert.equal(actual.as_of, expected.as_of, `${where}.as_of`);
    sameMessages(actual.sentences, expected.sentences, `${where}.sentences`);
    assert.deepEqual(
      actual.sentences.map((x) => x.see),
      expected.sentences.map((x) => x.see),
      `${where}.sentences.see`,
    );
    if (expected.current === null) assert.equal(actual.current, null);
    else compare("compliance", actual.current, expected.current, `${where}.current`);
    assert.deepEqual(actual.current_timeline, expected.current_timeline, `${where}.current_timeline`);
    assert.deepEqual(actual.timelines, expected.timelines, `${where}.timelines`);
    const ai = actual.insurance;
    const ei = expected.insurance;
    for (const key of ["state", "triennium", "policies_from", "met", "fix_deadline", "fix_deadline_single_source"])
      assert.equal(ai[key], ei[key], `${where}.insurance.${key}`);
    for (const key of ["threshold", "counted", "missing"])
      if (ei[key] === null) assert.equal(ai[key], null, `${where}.insurance.${key}`);
      else near(ai[key], ei[key], `${where}.insurance.${key}`);
    sameLines([ai.rule], [ei.rule], `${where}.insurance.rule`);
    if (ei.compliance === null) assert.equal(ai.compliance, null);
    else compare("compliance", ai.compliance, ei.compliance, `${where}.insurance.compliance`);
    assert.deepEqual(actual.pending, expected.pending, `${where}.pending`);
    assert.deepEqual(actual.missing_suspected, expected.missing_suspected, `${where}.missing_suspected`);
  } else if (kind === "calendar") {
    // Every event as the iCalendar feed writes it: day, key (the UID), reminder, rule, and the summary.
    assert.equal(actual.as_of, expected.as_of, `${where}.as_of`);
    const facts = (events) => events.map((e) => [e.day, e.key, e.reminder_days, e.rule, e.single_source]);
    assert.deepEqual(facts(actual.events), facts(expected.events), `${where}.events`);
    sameMessages(actual.events, expected.events, `${where}.events`);
  } else {
    assert.fail(`unknown kind ${kind}`);
  }
}

test("the conformance file has cases of every kind", () => {
  assert.ok(vectors.cases.length > 0, "no cases");
  for (const c of vectors.cases) assert.ok(RUN[c.kind], `${c.name}: unknown kind ${c.kind}`);
});

for (const c of vectors.cases) {
  test(`${c.kind}: ${c.name}`, () => {
    const run = () => ECM.localize(RUN[c.kind](book, c.input), LANG);
    if (c.error) {
      assert.throws(run, (err) => {
        assert.ok(err instanceof ECM.RuleInputError, `expected a RuleInputError, got ${err && err.stack}`);
        assert.equal(err.field, c.error.field, `error field (message: ${err.detail})`);
        assert.equal(err.msg, c.error.msg, `error message id (${err.detail})`);
        sameParams(err.params, c.error.params, "error.params");
        assert.equal(err.text(LANG), c.error.message, "error text");
        return true;
      });
    } else {
      compare(c.kind, run(), c.expected);
    }
  });
}
