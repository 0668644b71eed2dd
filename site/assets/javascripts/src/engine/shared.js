// Pieces shared by the rule families: event types and roles, explanations, rounding, trienni.
// Part of the browser engine (index.js is its public API); moved unchanged from ecm-engine.js.

import { Q } from "./numbers.js";
import { yearOf } from "./dates.js";
import { RuleInputError, line } from "./rulebook.js";

/* ================================================================== shared pieces */

const EVENT_TYPES = [
  "res_course",
  "res_congress",
  "res_workshop",
  "res_interactive",
  "fsc_training",
  "fsc_improvement_group",
  "fsc_improvement_project",
  "fsc_research",
  "fsc_audit",
  "fad_self_study",
  "fad_self_study_tutored",
  "fad_elearning",
  "fad_webinar",
  "blended",
  "publication",
  "clinical_trial",
  "individual_tutoring",
  "autoformazione",
  "abroad",
];
const PROVIDER_TYPES = new Set(EVENT_TYPES.slice(0, 14));
const INDIVIDUAL_TYPES = new Set(EVENT_TYPES.slice(14));
const RES_TYPES = new Set(["res_course", "res_congress", "res_workshop", "res_interactive"]);
const FSC_TYPES = new Set([
  "fsc_training",
  "fsc_improvement_group",
  "fsc_improvement_project",
  "fsc_research",
  "fsc_audit",
]);
const FAD_TYPES = new Set(["fad_self_study", "fad_self_study_tutored", "fad_elearning", "fad_webinar"]);
const ROLES = [
  "participant",
  "teacher",
  "moderator",
  "scientific_lead",
  "fsc_tutor",
  "fad_tutor",
  "classroom_tutor",
];
const PUBLICATION_KINDS = ["indexed", "journal", "book"];
const EXEMPTION_KINDS = ["esonero_course", "esonero_hours", "esenzione"];
const union = (...sets) => new Set(sets.flatMap((x) => Array.from(x)));
// Which event types each role can have (event_credits.ROLE_TYPES).
const ROLE_TYPES = {
  teacher: union(RES_TYPES, FAD_TYPES, FSC_TYPES, ["blended"]),
  moderator: union(RES_TYPES, ["fad_webinar", "blended"]),
  scientific_lead: new Set(PROVIDER_TYPES),
  fsc_tutor: new Set(FSC_TYPES),
  fad_tutor: new Set(Array.from(FAD_TYPES).filter((x) => x !== "fad_webinar")),
  classroom_tutor: union(RES_TYPES, ["fad_webinar", "blended"]),
};

/** Round to a tenth: "up" (per eccesso) or "half_up" (nearest tenth); event_credits._round_tenth. */
function roundTenth(value, mode) {
  if (mode === "up") return tenthUp(value);
  if (mode === "half_up") return tenth(value);
  throw new Error(`unknown rounding mode ${mode}`);
}

/** The roles an event type allows, participant first (event_credits.roles_allowed). */
function rolesAllowed(type) {
  const others = Object.keys(ROLE_TYPES)
    .filter((role) => ROLE_TYPES[role].has(type))
    .sort();
  return ["participant", ...others];
}

/** Collects lines whose amounts add up to the result by construction (explain.Explanation). */
class Explanation {
  constructor() {
    this.lines = [];
  }
  add(pv, amount, msg, params) {
    this.lines.push(line(pv, amount, msg, params));
  }
  get total() {
    return Q.sum(this.lines.map((l) => l.amount));
  }
  get uncertain() {
    return this.lines.some((l) => l.confidence !== "HIGH" && !l.amount.isZero());
  }
}

const tenth = (q) => Q.of(q).roundHalfUp(1);
const tenthDown = (q) => Q.of(q).quantize(1, "floor");
const tenthUp = (q) => Q.of(q).quantize(1, "ceil");
const shareOf = (amount, share) => Q.of(amount).mul(share);

function wholeHours(hours, mode) {
  if (mode === "floor") return Q.of(hours).floor().toNumber();
  if (mode === "half_down") return Q.of(hours).roundHalfDown(0).toNumber();
  throw new Error(`unknown hour rounding ${mode}`);
}

const LIST_DATE = "2100-01-01"; // trienni.py: any date after the last triennium started reads the list

function allTrienni(rb) {
  return rb
    .at("trienni", LIST_DATE)
    .value.map((t) => ({ id: t.id, start: t.start, end: t.end, deadline: t.deadline || null }));
}

function getTriennium(rb, id, field = "triennium") {
  const found = allTrienni(rb).find((t) => t.id === id);
  if (found) return found;
  const known = allTrienni(rb).map((t) => t.id);
  throw new RuleInputError(field, "error.unknown_triennium", { triennium: id, known });
}

function trienniumOf(rb, day) {
  const found = allTrienni(rb).find((t) => t.start <= day && day <= t.end);
  return found ? found.id : null;
}

function yearsOf(t) {
  const y = yearOf(t.start);
  return [y, y + 1, y + 2];
}

function previousTriennium(t) {
  const y = yearOf(t.start);
  return `${y - 3}-${y - 1}`;
}

export { EVENT_TYPES, PROVIDER_TYPES, INDIVIDUAL_TYPES, RES_TYPES, FSC_TYPES, FAD_TYPES, ROLES, PUBLICATION_KINDS, EXEMPTION_KINDS, union, ROLE_TYPES, roundTenth, rolesAllowed, Explanation, tenth, tenthDown, tenthUp, shareOf, wholeHours, LIST_DATE, allTrienni, getTriennium, trienniumOf, yearsOf, previousTriennium };
