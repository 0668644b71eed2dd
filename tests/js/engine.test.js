// Unit tests of the browser engine's building blocks: exact numbers, Python-like rounding, dated rules.
//   node --test tests/js/
import test from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
// The engine's ES modules themselves, not the bundle the guide serves.
import * as ECM from "../../site/assets/javascripts/src/engine/index.js";
const { Q } = ECM;
const rules = JSON.parse(fs.readFileSync(path.join(ROOT, "functions", "rulebook", "generated", "rules.json"), "utf8"));

test("numbers are parsed exactly, as Decimal(str(x)) and Fraction(x) would", () => {
  assert.deepEqual([Q.of(0.3).n, Q.of(0.3).d], [3, 10]);
  assert.deepEqual([Q.of("2/5").n, Q.of("2/5").d], [2, 5]);
  assert.deepEqual([Q.of("-3.25").n, Q.of("-3.25").d], [-13, 4]);
  assert.deepEqual([Q.of(1e-7).n, Q.of(1e-7).d], [1, 10000000]);
  assert.deepEqual([Q.of(150).n, Q.of(150).d], [150, 1]);
  assert.equal(Q.of(0.1).add(0.2).toNumber(), 0.3);
  assert.equal(Q.of(1.1).mul(3).toNumber(), 3.3);
  assert.throws(() => Q.of(true), TypeError);
  assert.throws(() => Q.of("abc"), TypeError);
});

test("rounding follows Python's decimal modes", () => {
  const r = (x, fn) => Q.of(x)[fn]().toNumber();
  // ROUND_HALF_UP to one decimal: halves away from zero.
  assert.equal(Q.of("0.05").roundHalfUp(1).toNumber(), 0.1);
  assert.equal(Q.of("-0.05").roundHalfUp(1).toNumber(), -0.1);
  assert.equal(Q.of("7.849").roundHalfUp(1).toNumber(), 7.8);
  assert.equal(Q.of(200).div(3).roundHalfUp(1).toNumber(), 66.7);
  // ROUND_HALF_DOWN to whole hours (2010 criteria): 2.5 -> 2, 2.6 -> 3.
  assert.equal(Q.of("2.5").roundHalfDown(0).toNumber(), 2);
  assert.equal(Q.of("2.6").roundHalfDown(0).toNumber(), 3);
  // ROUND_FLOOR and ROUND_CEILING to one decimal (caps and thresholds).
  assert.equal(Q.of(130).mul("1/5").quantize(1, "floor").toNumber(), 26);
  assert.equal(Q.of(100).div(3).quantize(1, "floor").toNumber(), 33.3);
  assert.equal(Q.of(100).div(3).quantize(1, "ceil").toNumber(), 33.4);
  assert.equal(Q.of("-0.01").quantize(1, "floor").toNumber(), -0.1);
  assert.equal(r("7.9", "floor"), 7);
});

test("a parameter's value is the one in force on the date", () => {
  const book = new ECM.RuleBook(rules);
  assert.equal(book.at("event.res.congress.per_hour", "2018-12-31").value, 0.2);
  assert.equal(book.at("event.res.congress.per_hour", "2019-01-01").value, 0.3);
  // Point 11 applies to events from 1 Jan 2023 (ecm-rules.md §11.1).
  assert.equal(book.at("role.teacher", "2022-12-31").value.unit_minutes, 30);
  assert.equal(book.at("role.teacher", "2023-01-01").value.unit_minutes, 20);
  assert.throws(
    () => book.at("obligation.base", "2010-12-31"),
    (err) => err instanceof ECM.RuleInputError && err.field === "date",
  );
  assert.equal(book.title("obligation.base", "it"), rules.parameters["obligation.base"].title.it);
  assert.equal(book.title("obligation.base", "en"), rules.parameters["obligation.base"].title.en);
});

test("results are plain JSON numbers, with the explanation adding up to the total", () => {
  const book = new ECM.RuleBook(rules);
  const result = ECM.computeEventCredits(book, { type: "res_course", date: "2024-05-10", hours: 6, participants: 20 });
  assert.equal(result.credits, 7.8);
  const sum = result.lines.reduce((acc, line) => acc.add(line.amount), Q.of(0));
  assert.equal(sum.toNumber(), result.credits);
  assert.equal(JSON.parse(JSON.stringify(result)).credits, 7.8);
});

test("dates: days between, adding days, leap years", () => {
  assert.equal(ECM.dates.daysBetween("2024-02-28", "2024-03-01"), 2);
  assert.equal(ECM.dates.addDays("2023-12-31", 1), "2024-01-01");
  assert.equal(ECM.dates.isIsoDate("2023-02-29"), false);
  assert.equal(ECM.dates.isIsoDate("2024-02-29"), true);
});

test("each event field is checked alone against its bounds, so a form can show every wrong field", () => {
  // Participants are at least 1 and hours more than 0 (parseEvent's bounds, as the Python models').
  assert.throws(() => ECM.checkEventField("participants", -20), (err) => err.field === "participants" && err.msg === "error.greater_than_equal");
  assert.throws(() => ECM.checkEventField("hours", 0), (err) => err.field === "hours");
  assert.doesNotThrow(() => ECM.checkEventField("participants", 20));
  assert.doesNotThrow(() => ECM.checkEventField("hours", 7.5));
});

test("a scientific lead without the event's credits is asked for them, as in Python", () => {
  // 20 % of the event's credits (point 11): the refusal names event_credits, not a participant's field.
  const book = new ECM.RuleBook(rules);
  assert.throws(
    () => ECM.computeEventCredits(book, { type: "res_course", date: "2024-05-10", role: "scientific_lead" }),
    (error) =>
      error instanceof ECM.RuleInputError &&
      error.field === "event_credits" &&
      error.text("it") ===
        "servono i crediti dell'evento per i discenti (sono sul programma dell'evento): al responsabile scientifico ne spetta il 20 %",
  );
});
