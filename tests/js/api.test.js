// The engine's public API (src/engine/index.js) offers every entry point the calculators use: the
// calculators (src/ui/) reach the engine only through `ECM.<name>`, and the bundler would not notice a name that
// the index does not export (it would be undefined at run time).
//   node --test tests/js/

import test from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";

import * as ECM from "../../site/assets/javascripts/src/engine/index.js";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
// The calculators' interface: one module per concern (src/ui/), bundled per page kind.
const UI = path.join(ROOT, "site", "assets", "javascripts", "src", "ui");

test("every ECM.<name> the calculators use is exported by the engine's index", () => {
  const files = fs.readdirSync(UI).filter((name) => name.endsWith(".js"));
  assert.ok(files.length >= 10, `only ${files.length} modules in ${UI}`);
  const source = files.map((name) => fs.readFileSync(path.join(UI, name), "utf8")).join("\n");
  const used = new Set(Array.from(source.matchAll(/\bECM\.([A-Za-z_$][\w$]*)/g), (m) => m[1]));
  assert.ok(used.size >= 10, `only ${used.size} entry points found: is the import still "ECM"?`);
  const missing = [...used].filter((name) => !(name in ECM));
  assert.deepEqual(missing, []);
});

test("the index keeps the public API of the former single-file engine", () => {
  const names = [
    "Q", "RuleBook", "RuleInputError", "loadRules", "credits", "line", "isAbsent", "toJSON", "LANGS",
    "DEFAULT_LANG", "render", "localize", "formatNumber", "formatDate", "dates", "EVENT_TYPES",
    "PROVIDER_TYPES", "ROLES", "ROLE_TYPES", "exact", "evaluateStatus", "timeline", "computeEventCredits",
    "computeObligation", "evaluateCompliance", "compensate", "whatIfMove", "trienni", "trienniumOf",
    "missingSuspectedAfter", "deadlineCalendar", "calendarEvents",
    // The event form checks each field alone, to show every wrong field at once (review b2_errors).
    "checkEventField",
  ];
  assert.deepEqual(Object.keys(ECM).sort(), [...names].sort());
  for (const name of ["computeEventCredits", "computeObligation", "evaluateCompliance", "compensate", "whatIfMove", "evaluateStatus"]) {
    assert.equal(typeof ECM.exact[name], "function", name);
  }
  assert.deepEqual(Object.keys(ECM.dates).sort(), ["addDays", "dayNumber", "daysBetween", "isIsoDate", "todayIso", "yearOf"]);
});
