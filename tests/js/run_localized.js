// Runs inputs through the browser engine and prints each result localized in Italian and in English
// (ECM.localize), as the calculators show it: tests/rulebook/test_sources_in_italian.py checks that the
// Italian one carries no English source title.
//
//   node tests/js/run_localized.js inputs.json rules.json
import fs from "node:fs";
// The engine's ES modules themselves, not the bundle the guide serves.
import * as ECM from "../../site/assets/javascripts/src/engine/index.js";
import { RUN } from "./engine_runs.js";

const inputs = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const book = new ECM.RuleBook(JSON.parse(fs.readFileSync(process.argv[3], "utf8")));
const out = {};
for (const c of inputs) {
  try {
    const result = RUN[c.kind](book, c.input);
    out[c.id] = { it: ECM.toJSON(ECM.localize(result, "it")), en: ECM.toJSON(ECM.localize(result, "en")) };
  } catch (err) {
    if (!(err instanceof ECM.RuleInputError)) throw err;
  }
}
process.stdout.write(JSON.stringify(out));
