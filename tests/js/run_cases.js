// Runs the reviewed rule cases (tests/cases/*.toml, handed over as JSON by the pytest wrapper
// tests/js/test_js_rule_cases.py) through the browser engine and prints, per case id, the engine's
// JSON result or the field of its refusal. The comparison with the expected values is done in Python,
// with the same code that checks the Python rule book.
//
//   node tests/js/run_cases.js cases.json [rules.json]
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
// The engine's ES modules themselves, not the bundle the guide serves.
import * as ECM from "../../site/assets/javascripts/src/engine/index.js";

const cases = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const rulesPath = process.argv[3] || path.join(ROOT, "functions", "rulebook", "generated", "rules.json");
const book = new ECM.RuleBook(JSON.parse(fs.readFileSync(rulesPath, "utf8")));

import { RUN } from "./engine_runs.js";

const out = {};
for (const c of cases) {
  try {
    out[c.id] = { result: RUN[c.kind](book, c.input) };
  } catch (err) {
    if (err instanceof ECM.RuleInputError) out[c.id] = { error: { field: err.field, message: err.detail } };
    else out[c.id] = { crash: String((err && err.stack) || err) };
  }
}
process.stdout.write(JSON.stringify(out));
