/*
 * The triennium calculator's labels from the message catalogue (calc.triennium.*), made once per
 * language and set of rule numbers, and two questions about the rules on this page: whether a
 * parameter applies on a day, and whether the engine accepts an input key.
 */
import * as ECM from "../engine/index.js";

// Labels of the triennium calculator that live in the message catalogue (messages.toml, calc.triennium.*),
// by the key the form uses. The rest of TEXT moves there step by step.
const TRIENNIUM_LABELS = {
  profession: "calc.triennium.profession",
  professionUnset: "calc.triennium.profession_unset",
  trienniumChoice: "calc.triennium.triennium",
  medical_exposure: "calc.triennium.medical_exposure",
  radiology_complementary: "calc.triennium.radiology_complementary",
  radioprotection: "calc.triennium.radioprotection",
  premialitaRule: "calc.triennium.premialita_rule",
  premialitaYes: "calc.triennium.premialita_yes",
  premialitaNo: "calc.triennium.premialita_no",
  exemptions: "calc.triennium.exemptions",
  addExemption: "calc.triennium.add_exemption",
  reason: "calc.triennium.reason",
  reasonEsenzione: "calc.triennium.reason_group.esenzione",
  reasonEsonero: "calc.triennium.reason_group.esonero",
  start: "calc.triennium.start",
  end: "calc.triennium.end",
  sponsored: "calc.triennium.sponsored",
  importLabel: "calc.triennium.restore",
  exportData: "calc.triennium.save_file",
  printResult: "calc.triennium.print",
  storedLocally: "calc.triennium.stored_locally",
  importFailed: "calc.triennium.restore_failed",
  removed: "calc.triennium.removed",
  undo: "calc.triennium.undo",
  restoredRow: "calc.triennium.restored_row",
  incomplete: "calc.triennium.incomplete",
  whatIfColBefore: "calc.triennium.whatif.col_before",
  whatIfColAfter: "calc.triennium.whatif.col_after",
  allowed: "calc.triennium.whatif.allowed",
  notAllowed: "calc.triennium.whatif.not_allowed",
};

// The other labels of the triennium calculator, by the key the form uses: the catalogue's
// calc.triennium.text.<key in snake case>; their {placeholders} are rule numbers (ruleNumbers).
const TRIENNIUM_TEXT_KEYS = [
  "triennium",
  "profile",
  "first_registration",
  "previous_triennium_credits",
  "employment",
  "employee",
  "self_employed",
  "retired_on",
  "previous_triennium_met",
  "dossier",
  "dossierKind",
  "dossierIndividual",
  "dossierGroup",
  "dossierTriennium",
  "built_on",
  "addDossier",
  "objectives_met",
  "attributed_years",
  "attendanceHours",
  "gaps",
  "addGap",
  "cancelled_on",
  "reregistered_on",
  "esonero_course",
  "creditsList",
  "addCredit",
  "creditAmount",
  "creditDate",
  "abroad",
  "autoformazione",
  "during_exemption",
  "event_code",
  "statusTitle",
  "statusWhy",
  "statusTimeline",
  "singleSource",
  "movedTo",
  "notMoved",
  "clearData",
  "cleared",
  "confirmClear",
  "obligation",
  "obligationLines",
  "creditLines",
  "recorded",
  "counted",
  "missing",
  "missingShort",
  "missingInsurance",
  "learner",
  "learnerMin",
  "radioprotectionObjective",
  "certifiable",
  "insurance",
  "meter100",
  "meter70",
  "reached",
  "notReached",
  "whatIf",
  "whatIfCredit",
  "whatIfTarget",
  "whatIfRun",
  "before",
  "after",
  "irreversible",
  "noCredits",
];
const DEADLINE_KINDS = ["end", "recovery", "moves", "compensation"];

/** The triennium calculator's labels in `lang`, rule numbers filled in, all from the message catalogue
 *  (made once per language and set of rule numbers: a recomputation only looks them up). */
const trienniumTexts = new Map();
export function trienniumText(lang, numbers) {
  const key = `${lang}|${JSON.stringify(numbers)}`;
  if (!trienniumTexts.has(key)) trienniumTexts.set(key, makeTrienniumText(lang, numbers));
  return trienniumTexts.get(key);
}

function makeTrienniumText(lang, numbers) {
  const t = {};
  for (const [key, id] of Object.entries(TRIENNIUM_LABELS)) t[key] = ECM.render(id, {}, lang);
  for (const key of TRIENNIUM_TEXT_KEYS) {
    const id = `calc.triennium.text.${key.replace(/[A-Z0-9]+/g, (m) => `_${m.toLowerCase()}`)}`;
    t[key] = ECM.render(id, numbers, lang);
  }
  t.deadlineKinds = Object.fromEntries(
    DEADLINE_KINDS.map((kind) => [kind, ECM.render(`calc.triennium.text.deadline.${kind}`, {}, lang)]),
  );
  return t;
}

// Anchors of the premialità section on the guide's bonus page, per language (the headings' slugs).
export const PREMIALITA_ANCHOR = { it: "premialita-delibera-cnfc-12025", en: "premialita-cnfc-delibera-12025" };

/** Whether a parameter has a value (not "absent") on a day; false before its first value. */
export function applies(rulebook, paramId, on) {
  try {
    return !ECM.isAbsent(rulebook.at(paramId, on));
  } catch (_err) {
    return false;
  }
}

/** Whether the engine on this page accepts an input key (the radioprotection inputs arrive with the
 *  rule book's radioprotection quota): unknown keys are refused, so the form passes them only then. */
export function engineAccepts(rulebook, input) {
  try {
    ECM.evaluateCompliance(rulebook, input);
    return true;
  } catch (err) {
    return !(err && err.msg === "error.extra_forbidden");
  }
}
