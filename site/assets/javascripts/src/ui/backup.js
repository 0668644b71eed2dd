/*
 * The triennium calculator's backup file and its tools: "save to a file" (profile, credits,
 * exemptions and the triennium shown, as JSON), "restore from a file" (this calculator's backup, the
 * API's export, or a bare list of credit records) with a sentence saying what was restored, and
 * "clear my data". What is kept in the browser between visits is in storage.js.
 */
import * as ECM from "../engine/index.js";
import { registryOf } from "./calendar_download.js";
import { el, nextId, saveFile } from "./dom.js";
import { joinWords } from "./format.js";
import { CREDIT_FLAGS } from "./triennium-rows.js";

const PROFILE_KEYS = [
  "first_registration",
  "registration_gaps",
  "previous_triennium_credits",
  "previous_triennium_met",
  "dossiers",
  "certified_trienni_at_2025_07_03",
  "profession",
  "employment",
  "retired_on",
  "medical_exposure",
  "radiology_complementary",
];
const EXEMPTION_KEYS = ["kind", "start", "end", "hours", "reason", "attributed_years"];

function pick(obj, keys) {
  const out = {};
  for (const key of keys) if (obj[key] !== undefined && obj[key] !== null) out[key] = obj[key];
  return out;
}

/** One credit of an import: the rule book's CreditRecord, or the API's CreditOut (start/end dates,
 *  `counted_in` when moved, `triennium` always set). */
function importCredit(c, i) {
  if (!c || typeof c !== "object" || !c.type) throw new Error(`credit ${i}`);
  const date = c.date || c.end_date || c.start_date;
  if (!date || c.credits === undefined || c.credits === null) throw new Error(`credit ${i}`);
  const out = { id: String(c.id || `imported-${i + 1}`), type: c.type, role: c.role || "participant" };
  out.date = String(date).slice(0, 10);
  out.credits = Number(c.credits);
  for (const flag of CREDIT_FLAGS) if (c[flag]) out[flag] = true;
  const moved = "counted_in" in c ? c.counted_in : c.triennium;
  if (moved) out.triennium = moved;
  if (c.event_code) out.event_code = String(c.event_code).slice(0, 64);
  Object.assign(out, registryOf(c));
  return out;
}

/** Accept the API's export ({profile, credits, exemptions}) or a bare list of credit records. */
export function parseImport(json) {
  const data = Array.isArray(json) ? { credits: json } : json;
  if (!data || typeof data !== "object" || !Array.isArray(data.credits)) throw new Error("no credits");
  const credits = data.credits.map(importCredit);
  const rawProfile = data.profile && typeof data.profile === "object" ? data.profile : {};
  const rawExemptions = Array.isArray(data.exemptions) ? data.exemptions : rawProfile.exemptions || [];
  // The API wraps each exemption ({id, exemption, created_at}); the rule book's shape is the inner one.
  const exemptions = rawExemptions.map((x) => pick(x && x.exemption ? x.exemption : x || {}, EXEMPTION_KEYS));
  const out = { credits, profile: pick(rawProfile, PROFILE_KEYS), exemptions };
  // A backup saved by this calculator names the triennium it showed; the API's export does not.
  if (typeof data.triennium === "string" && /^\d{4}-\d{4}$/.test(data.triennium)) out.triennium = data.triennium;
  return out;
}

/** The tools under the calculator: restore, save, clear, the note on local storage and a status line.
 *  `data()` gives the form's {profile, credits, exemptions, triennium}; `restore(imported)` applies
 *  a parsed file; `clear()` empties the calculator. */
export function backupTools(t, lang, trienni, { data, restore, clear }) {
  const label = (id, params) => ECM.render(id, params || {}, lang);
  const status = el("p", { class: "ecm-status", role: "status" });
  const fileId = nextId("import");
  const fileInput = el("input", { id: fileId, type: "file", accept: "application/json,.json" });

  function exportData() {
    const { profile, credits, exemptions, triennium } = data();
    const payload = { profile, credits, exemptions, triennium };
    saveFile(new Blob([JSON.stringify(payload, null, 2)], { type: "application/json" }), "ecm-triennio.json");
  }

  function clearData() {
    if (!window.confirm(t.confirmClear)) return;
    clear();
    status.textContent = t.cleared;
  }

  /** What a restore brought back, in words: the profile, the triennium, the periods, the credits. */
  function restoredText(imported) {
    const parts = [];
    if (Object.keys(imported.profile).length) parts.push(label("calc.triennium.restored_profile"));
    if (imported.triennium) parts.push(label("calc.triennium.restored_triennium", { triennium: imported.triennium }));
    if (imported.exemptions.length)
      parts.push(label("calc.triennium.restored_exemptions", { count: imported.exemptions.length }));
    parts.push(label("calc.triennium.restored_credits", { count: imported.credits.length }));
    return label("calc.triennium.restored", { what: joinWords(parts, lang) });
  }

  /** The restore sentence describes the file, not the form: the first edit after it takes it away. */
  function forgetOnEdit() {
    const calculator = status.closest(".ecm-calculator");
    if (!calculator) return;
    const edited = (e) => {
      if (e.target.closest(".ecm-tools")) return;
      status.textContent = "";
      calculator.removeEventListener("input", edited);
    };
    calculator.addEventListener("input", edited);
  }

  fileInput.addEventListener("change", () => {
    const file = fileInput.files && fileInput.files[0];
    if (!file) return;
    file.text().then((text) => {
      try {
        const imported = parseImport(JSON.parse(text));
        if (imported.triennium && !trienni.includes(imported.triennium)) delete imported.triennium;
        restore(imported);
        status.textContent = restoredText(imported);
        forgetOnEdit();
      } catch (_err) {
        status.textContent = t.importFailed;
      }
    });
  });

  return el(
    "div",
    { class: "ecm-tools" },
    el("div", { class: "ecm-field" }, el("label", { for: fileId }, t.importLabel), fileInput),
    el("button", { type: "button", class: "ecm-button", onclick: exportData }, t.exportData),
    // The print stylesheet keeps the answer, every line with its source and the notice (A4, no menus).
    el("button", { type: "button", class: "ecm-button", onclick: () => window.print() }, t.printResult),
    el("button", { type: "button", class: "ecm-button ecm-button--secondary", onclick: clearData }, t.clearData),
    el("p", { class: "ecm-note" }, t.storedLocally),
    status,
  );
}
