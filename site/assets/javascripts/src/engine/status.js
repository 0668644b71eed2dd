// The status answer: timeline, insurance and the one-sentence status (status.py).
// Part of the browser engine (index.js is its public API); moved unchanged from ecm-engine.js.

import { Q, ZERO } from "./numbers.js";
import { todayIso } from "./dates.js";
import { notice, step } from "./messages.js";
import { line } from "./rulebook.js";
import { LIST_DATE, allTrienni, getTriennium, trienniumOf } from "./shared.js";
import { check, optional, parseCredits, parseProfile } from "./input.js";
import { firstRuleDate } from "./events.js";
import { complianceParsed, countsIn } from "./compliance.js";
import { RULE_DATE, missingSuspectedAfter } from "./compensation.js";

/* ================================================================== status.py */

const ref = (src) => ({ id: src.id, title: src.title, url: src.url });

function datedRule(kind, date, pv) {
  return {
    kind,
    date,
    rule: pv.param,
    source: ref(pv.source),
    reported_by: pv.reported_by ? ref(pv.reported_by) : null,
    confidence: pv.confidence,
    single_source: pv.single_source,
  };
}

/** The value in force on `asOf`; before the first value, the first (status._as_it_stood). */
function asItStood(rb, paramId, asOf) {
  const values = rb.parameters[paramId].values;
  const known = values.filter((v) => v.from <= asOf);
  return known.length ? known[known.length - 1] : values[0];
}

/** End, recovery, moves and compensation deadlines of one triennium as they stood on `asOf`. */
function timeline(rb, trienniumId, asOf) {
  const t = getTriennium(rb, trienniumId);
  const deadlines = [datedRule("end", t.end, rb.at("trienni", LIST_DATE))];
  const recovery = asItStood(rb, `deadline.${t.id}`, asOf);
  if (recovery.value > t.end) deadlines.push(datedRule("recovery", recovery.value, recovery));
  const moves = rb.at("moves.rule", RULE_DATE);
  if (moves.value.deadlines[t.id] !== undefined) deadlines.push(datedRule("moves", moves.value.deadlines[t.id], moves));
  const comp = rb.at("compensation.rule", RULE_DATE);
  if (comp.value.debtors.includes(t.id) || comp.value.creditors.includes(t.id))
    deadlines.push(datedRule("compensation", comp.value.deadline, comp));
  deadlines.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
  let state = "closed";
  if (asOf < t.start) state = "not_started";
  else if (asOf <= t.end) state = "open";
  else if (asOf <= recovery.value) state = "recoverable";
  const ahead = deadlines.map((d) => d.date).filter((d) => d >= asOf).sort();
  return { triennium: t.id, state, deadlines, next_deadline: ahead.length ? ahead[0] : null };
}

// Facts about the person, true whatever triennium is asked (status.PERSONAL_FACTS): the insurer's
// triennium without a profile of its own still starts after the first registration and is reduced by
// the dated esenzioni and esoneri (70 % of the INDIVIDUAL obligation, art. 38-bis DL 152/2021).
const PERSONAL_FACTS = [
  "first_registration",
  "registration_gaps",
  "exemptions",
  "retired_on",
  "profession",
  "discipline",
  "medical_exposure",
  "radiology_complementary",
];

/** The profile given for `trienniumId`; else the person's facts from the current (or latest) one (status._profile_for). */
function profileFor(rb, profiles, trienniumId, asOf) {
  if (Object.prototype.hasOwnProperty.call(profiles, trienniumId)) return profiles[trienniumId];
  const current = trienniumOf(rb, asOf);
  let donor = current && Object.prototype.hasOwnProperty.call(profiles, current) ? profiles[current] : null;
  const keys = Object.keys(profiles).sort();
  if (donor === null && keys.length) donor = profiles[keys[keys.length - 1]];
  const empty = parseProfile({});
  if (donor === null) return empty;
  const out = { ...empty };
  for (const name of PERSONAL_FACTS) out[name] = donor[name];
  return out;
}

/** The day the obligation starts when the first registration emptied the triennium (status._obligation_start). */
function obligationStart(compliance) {
  for (const l of compliance.obligation.lines) {
    if (l.msg === "line.obligation.start" && Number(l.params.remaining) === 0)
      return typeof l.params.start === "string" ? l.params.start : null;
  }
  return null;
}

function insuranceStatus(rb, profiles, records, asOf) {
  const first0 = firstRuleDate(rb, "insurance.rule");
  const pv = rb.at("insurance.rule", asOf > first0 ? asOf : first0);
  const first = getTriennium(rb, pv.value.first_triennium);
  const policiesFrom = pv.value.policies_from;
  const closed = allTrienni(rb).filter((t) => t.end < asOf && t.start >= first.start);
  let state = "in_force";
  let target = closed.length ? closed[closed.length - 1] : null;
  if (asOf < policiesFrom) {
    state = "not_yet_in_force";
    target = asOf >= first.start ? first : null;
  }
  const rule = line(pv, ZERO, "line.insurance.rule", { first: first.id, policies_from: policiesFrom });
  if (target === null) {
    return {
      state: "none",
      triennium: null,
      policies_from: policiesFrom,
      threshold: null,
      counted: null,
      met: null,
      missing: null,
      fix_deadline: null,
      fix_deadline_single_source: false,
      rule,
      compliance: null,
    };
  }
  const result = complianceParsed(rb, target.id, profileFor(rb, profiles, target.id, asOf), records);
  if (Q.of(result.obligation.obligation).isZero()) {
    // Nothing owed there (registered later, or exempt throughout): 70 % of nothing is no test at all.
    return {
      state: "no_obligation",
      triennium: target.id,
      policies_from: policiesFrom,
      threshold: null,
      counted: result.counted,
      met: null,
      missing: null,
      fix_deadline: null,
      fix_deadline_single_source: false,
      rule,
      compliance: result,
    };
  }
  const recoveryValue = asItStood(rb, `deadline.${target.id}`, asOf);
  const recovery = recoveryValue.value;
  const openToFix = recovery >= asOf;
  // No record of that triennium at all: not entered is not known to be missing (status.py).
  const unknown = state === "in_force" && !records.some((r) => countsIn(rb, r) === target.id);
  return {
    state: unknown ? "no_credits_recorded" : state,
    triennium: target.id,
    policies_from: policiesFrom,
    threshold: result.insurance_threshold,
    counted: result.counted,
    met: unknown ? null : result.insurance_ok,
    missing: unknown ? null : result.missing_for_insurance,
    fix_deadline: openToFix ? recovery : null,
    fix_deadline_single_source: openToFix && recoveryValue.single_source,
    rule,
    compliance: result,
  };
}

const sentence = (msg, params, see) => ({ ...notice(null, msg, params), see });
/** The params of a registry sentence (status._registry_sentence): how many records, their credits in all,
 *  and each as people know it: its title and date, or its tipologia and credits (never its id). */
function registrySentence(msg, items, records, see) {
  const byId = new Map(records.map((r) => [r.id, r]));
  const credits = items.map((item) => {
    if (item.title) return step("what.credit_named", { title: item.title, date: item.date });
    const r = byId.get(item.id);
    return step("what.credit_unnamed", { type: r.type, credits: r.credits, date: item.date });
  });
  const amount = Q.sum(items.map((item) => byId.get(item.id).credits));
  return sentence(msg, { count: items.length, amount, credits }, see);
}

function currentSentence(current, tl) {
  const o = current.obligation.obligation;
  if (current.certifiable)
    return sentence("status.current.met", { triennium: current.triennium, obligation: o, counted: current.counted }, "current.credit_lines");
  return sentence(
    "status.current.missing",
    { triennium: current.triennium, obligation: o, counted: current.counted, missing: current.missing, deadline: tl.next_deadline },
    "current.credit_lines",
  );
}

function insuranceSentence(rb, ins) {
  const see = ins.compliance === null ? "insurance.rule" : "insurance.compliance.credit_lines";
  const t = ins.triennium;
  // The share as a percentage (70), read from the rules data like the threshold itself (status.py).
  const on = t === null ? ins.policies_from : getTriennium(rb, t).start;
  const percent = Q.of(rb.at("thresholds.insurance", on).value).mul(Q.of(100));
  if (ins.state === "none" || t === null)
    return sentence("status.insurance.none", { policies_from: ins.policies_from, percent }, see);
  if (ins.state === "no_obligation") {
    const start = obligationStart(ins.compliance);
    return start !== null
      ? sentence("status.insurance.no_obligation_registered", { triennium: t, percent, start }, "insurance.compliance.obligation.lines")
      : sentence("status.insurance.no_obligation", { triennium: t, percent }, "insurance.compliance.obligation.lines");
  }
  if (ins.state === "no_credits_recorded")
    return sentence("status.insurance.no_credits_recorded", { triennium: t, percent, threshold: ins.threshold }, see);
  if (ins.state === "not_yet_in_force")
    return sentence(
      "status.insurance.not_yet",
      { policies_from: ins.policies_from, triennium: t, percent, threshold: ins.threshold, counted: ins.counted },
      see,
    );
  if (ins.met) return sentence("status.insurance.met", { triennium: t, percent, threshold: ins.threshold, counted: ins.counted }, see);
  if (ins.fix_deadline !== null)
    return sentence(
      ins.fix_deadline_single_source ? "status.insurance.missing_single_source" : "status.insurance.missing",
      { triennium: t, percent, threshold: ins.threshold, missing: ins.missing, deadline: ins.fix_deadline },
      see,
    );
  return sentence("status.insurance.missing_closed", { triennium: t, percent, threshold: ins.threshold, missing: ins.missing }, see);
}

/** StatusInput JSON → StatusResult: "am I in order?" on `as_of` (default today). */
function evaluateStatus(rb, input) {
  check.object(input, "");
  check.known(input, ["as_of", "profiles", "credits"], "");
  optional(input, "as_of", "", check.date);
  const records = parseCredits(input.credits);
  const profilesRaw = input.profiles || {};
  check.object(profilesRaw, "profiles");
  const profiles = {};
  for (const [key, value] of Object.entries(profilesRaw)) {
    check.triennium(key, `profiles.${key}`);
    profiles[key] = parseProfile(value, `profiles.${key}`);
  }
  const asOf = input.as_of || todayIso();
  for (const key of Object.keys(profiles)) getTriennium(rb, key, `profiles.${key}`);
  const currentId = trienniumOf(rb, asOf);
  const current = currentId ? complianceParsed(rb, currentId, profiles[currentId] || parseProfile({}), records) : null;
  const currentTimeline = currentId ? timeline(rb, currentId, asOf) : null;
  const insurance = insuranceStatus(rb, profiles, records, asOf);
  const pending = [];
  const suspected = [];
  for (const r of [...records].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    if (r.in_registry !== false || r.date > asOf) continue;
    const after = missingSuspectedAfter(rb, r.end_date || r.date, r.provider_scope || "national");
    (asOf > after ? suspected : pending).push({ id: r.id, title: r.title, date: r.date, suspected_after: after });
  }
  const sentences = [];
  if (current) sentences.push(currentSentence(current, currentTimeline));
  sentences.push(insuranceSentence(rb, insurance));
  if (pending.length) sentences.push(registrySentence("status.pending", pending, records, "pending"));
  if (suspected.length)
    sentences.push(registrySentence("status.missing_suspected", suspected, records, "missing_suspected"));
  return {
    as_of: asOf,
    sentences,
    current,
    current_timeline: currentTimeline,
    insurance,
    timelines: allTrienni(rb).map((t) => timeline(rb, t.id, asOf)),
    pending,
    missing_suspected: suspected,
  };
}

export { PERSONAL_FACTS, profileFor, ref, datedRule, asItStood, timeline, insuranceStatus, sentence, currentSentence, insuranceSentence, evaluateStatus };
