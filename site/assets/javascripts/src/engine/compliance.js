// Compliance: credits counted against the obligation, with the caps (compliance.py, special_caps.py).
// Part of the browser engine (index.js is its public API); moved unchanged from ecm-engine.js.

import { Q, ZERO, credits } from "./numbers.js";
import { addDays, yearOf } from "./dates.js";
import { notice } from "./messages.js";
import { isAbsent } from "./rulebook.js";
import { Explanation, FAD_TYPES, INDIVIDUAL_TYPES, PROVIDER_TYPES, getTriennium, shareOf, tenthDown, tenthUp, trienniumOf, yearsOf } from "./shared.js";
import { check, fail, parseCredits, parseProfile } from "./input.js";
import { fad, firstRuleDate } from "./events.js";
import { obligationParsed, parseTrienniumField, professionRule } from "./obligation.js";
import { radioprotectionQuota } from "./radioprotection.js";

/* ================================================================== compliance.py */

const countsIn = (rb, r) => r.triennium || trienniumOf(rb, r.date);
const isAutoformazione = (r) => r.autoformazione || r.type === "autoformazione";
const isAbroad = (r) => r.abroad || r.type === "abroad";
const isIndividual = (r) =>
  INDIVIDUAL_TYPES.has(r.type) || r.role !== "participant" || isAbroad(r) || isAutoformazione(r);
const totalOf = (records) => Q.sum(records.map((r) => r.amount));

function validateRecords(rb, records) {
  const seen = new Set();
  records.forEach((r, index) => {
    if (seen.has(r.id)) fail(`credits.${index}.id`, "error.duplicate_id", { id: r.id });
    seen.add(r.id);
    if (r.sponsored && (!PROVIDER_TYPES.has(r.type) || isIndividual(r))) {
      fail(`credits.${index}.sponsored`, "error.sponsored_only");
    }
    if (r.triennium !== null) getTriennium(rb, r.triennium, `credits.${index}.triennium`);
  });
}

/* ------------------------------------------------------------------ special_caps.py */

const FAD_SET = FAD_TYPES;
const TIPOLOGIE_2_5_6 = new Set(["res_congress", "fsc_improvement_group", "fsc_improvement_project", "fsc_research"]);
const isTipologia10 = (r) => r.role !== "participant" || r.type === "individual_tutoring";

/** The profession's and the period's own caps, before the general ones (special_caps.special_caps). */
function specialCaps(rb, triennium, profile, records, explanation, owed) {
  const on = triennium.start;
  const removed = { learner: ZERO, individual: ZERO, yearlyShortfall: ZERO };
  const shareCap = (pv, amount, what) => {
    const limit = tenthDown(shareOf(owed, Q.of(pv.value)));
    if (amount.le(limit)) return ZERO;
    explanation.add(pv, limit.sub(amount), "line.compliance.profession_cap", {
      what,
      share: String(pv.value),
      owed,
      limit,
    });
    return amount.sub(limit);
  };
  const take = (excess, individualPart) => {
    const fromIndividual = Q.min(excess, individualPart);
    removed.individual = removed.individual.add(fromIndividual);
    removed.learner = removed.learner.add(excess.sub(fromIndividual));
  };
  const tutoring = records.filter((r) => r.type === "individual_tutoring");

  const supervision = professionRule(rb, profile, "internship_supervision", on);
  if (supervision !== null && tutoring.length) {
    const limit = Q.of(supervision.value.max_per_year);
    const byYear = new Map();
    for (const r of tutoring) byYear.set(yearOf(r.date), (byYear.get(yearOf(r.date)) || ZERO).add(r.amount));
    for (const year of Array.from(byYear.keys()).sort()) {
      const total = byYear.get(year);
      if (total.gt(limit)) {
        const excess = total.sub(limit);
        explanation.add(supervision, excess.neg(), "line.compliance.psychologist_yearly", { year, limit });
        removed.individual = removed.individual.add(excess);
      }
    }
  }
  const internship = professionRule(rb, profile, "internship_tutoring_max", on);
  if (internship !== null && tutoring.length) {
    removed.individual = removed.individual.add(
      shareCap(internship, totalOf(tutoring).sub(removed.individual), "what.cap.pharmacist_internship_tutoring"),
    );
  }
  const fadCap = professionRule(rb, profile, "fad_max", on);
  if (fadCap !== null) {
    const fad = records.filter((r) => FAD_SET.has(r.type) && !isIndividual(r));
    removed.learner = removed.learner.add(shareCap(fadCap, totalOf(fad), "what.cap.nurse_fad"));
  }
  const tipologie = rb.at("caps.tipologie_2_5_6_10_max", on);
  if (!isAbsent(tipologie)) {
    const kinds = records.filter((r) => TIPOLOGIE_2_5_6.has(r.type) || isTipologia10(r));
    const individualPart = totalOf(kinds.filter(isIndividual));
    take(shareCap(tipologie, totalOf(kinds), "what.cap.tipologie_2_5_6_10"), individualPart);
  }
  const yearly = rb.at("caps.yearly_employee", on);
  if (!isAbsent(yearly) && profile.employment === "employee") {
    const low = Q.of(yearly.value.min);
    const high = Q.of(yearly.value.max);
    for (const year of yearsOf(triennium)) {
      const ofYear = records.filter((r) => yearOf(r.date) === year);
      const total = totalOf(ofYear);
      if (total.gt(high)) {
        const excess = total.sub(high);
        explanation.add(yearly, excess.neg(), "line.compliance.yearly_max", { year, limit: high });
        take(excess, totalOf(ofYear.filter(isIndividual)));
      }
      removed.yearlyShortfall = removed.yearlyShortfall.add(Q.max(low.sub(Q.min(total, high)), ZERO));
    }
  }
  return removed;
}

/** Drop credits earned during an esenzione: recorded ones by date (a line each), else the flag (_outside_esenzioni). */
function outsideEsenzioni(rb, triennium, profile, mine, explanation) {
  const pv = rb.at("caps.exclude_during_esenzione", triennium.start);
  const esenzioni = profile.exemptions
    .filter((e) => e.kind === "esenzione")
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.end < b.end ? -1 : a.end > b.end ? 1 : 0));
  let left = [...mine];
  for (const e of esenzioni) {
    const inside = left.filter((r) => e.start <= r.date && r.date <= e.end);
    if (inside.length) {
      explanation.add(pv, totalOf(inside).neg(), "line.compliance.in_esenzione", {
        count: inside.length,
        start: e.start,
        end: e.end,
      });
      left = left.filter((r) => !inside.includes(r));
    }
  }
  const flagged = left.filter((r) => r.during_exemption);
  if (flagged.length) {
    explanation.add(pv, totalOf(flagged).neg(), "line.compliance.during_esenzione", { count: flagged.length });
  }
  return left.filter((r) => !r.during_exemption);
}

/** Records sharing an event code in different roles: only the role with most credits counts (_one_role_per_event). */
function oneRolePerEvent(rb, triennium, records, explanation) {
  const pv = rb.at("caps.one_role_per_event", triennium.start);
  const groups = new Map();
  for (const r of records) {
    if (r.event_code === null) continue;
    const key = r.event_code.trim().toUpperCase();
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(r);
  }
  const byId = (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const dropped = new Set();
  for (const key of [...groups.keys()].sort()) {
    const group = groups.get(key);
    const byRole = new Map();
    for (const r of group) {
      if (!byRole.has(r.role)) byRole.set(r.role, []);
      byRole.get(r.role).push(r);
    }
    if (byRole.size < 2) continue; // one role: parts of one participation, all count
    const totals = new Map([...byRole].map(([role, rs]) => [role, totalOf(rs)]));
    const firstId = (role) => byRole.get(role).map((r) => r.id).sort()[0];
    const keptRole = [...byRole.keys()].sort((a, b) =>
      totals.get(a).gt(totals.get(b)) ? -1 : totals.get(b).gt(totals.get(a)) ? 1 : firstId(a) < firstId(b) ? -1 : 1,
    )[0];
    const keptId = firstId(keptRole);
    for (const r of [...group].sort(byId)) {
      if (r.role === keptRole) continue;
      dropped.add(r.id);
      explanation.add(pv, r.amount.neg(), "line.compliance.one_role", {
        event: r.event_code,
        id: r.id,
        role: `what.role.${r.role}`,
        kept: keptId,
        kept_role: `what.role.${keptRole}`,
        kept_credits: totals.get(keptRole),
      });
    }
  }
  return records.filter((r) => !dropped.has(r.id));
}

/** When this triennium's 70 % decides a policy, and that in one sentence (compliance._insurance_reading):
 *  the day after it ends (art. 38-bis DL 152/2021: the last closed triennium), never while it runs. */
function insuranceReading(rb, triennium, owed, threshold) {
  if (threshold === null) return { appliesFrom: null, notice: null };
  const appliesFrom = addDays(triennium.end, 1);
  const percent = Q.of(rb.at("thresholds.insurance", triennium.start).value).mul(Q.of(100));
  if (Q.of(owed).isZero())
    return { appliesFrom, notice: notice(null, "compliance.insurance.no_obligation", { triennium: triennium.id, percent }) };
  return {
    appliesFrom,
    notice: notice(null, "compliance.insurance.applies_from", {
      triennium: triennium.id,
      percent,
      threshold,
      policies_from: appliesFrom,
    }),
  };
}

function complianceParsed(rb, trienniumId, profile, records) {
  const triennium = getTriennium(rb, trienniumId);
  validateRecords(rb, records);
  const obligation = obligationParsed(rb, trienniumId, profile);
  const owed = obligation.obligation;
  const on = triennium.start;

  const mine = records.filter((r) => countsIn(rb, r) === triennium.id);
  const ignored = records
    .filter((r) => countsIn(rb, r) !== triennium.id)
    .map((r) => r.id)
    .sort();
  const explanation = new Explanation();
  const recorded = totalOf(mine);
  explanation.add(rb.at("caps.recorded", on), recorded, "line.compliance.recorded", {
    count: mine.length,
    triennium: triennium.id,
  });

  const eligible = oneRolePerEvent(rb, triennium, outsideEsenzioni(rb, triennium, profile, mine, explanation), explanation);

  // Apply one cap (`what` is a label id); return what is left of `amount`.
  const cap = (id, amount, what) => {
    const pv = rb.at(id, on);
    const share = Q.of(pv.value);
    const limit = tenthDown(shareOf(owed, share));
    if (amount.le(limit)) return amount;
    explanation.add(pv, limit.sub(amount), "line.compliance.cap", { what, share: String(pv.value), owed, limit });
    return limit;
  };

  const removed = specialCaps(rb, triennium, profile, eligible, explanation, owed);
  const individual = eligible.filter(isIndividual);
  const auto = cap("caps.autoformazione_max", totalOf(individual.filter(isAutoformazione)), "what.cap.autoformazione");
  const abroadKept = cap(
    "caps.abroad_max",
    totalOf(individual.filter((r) => isAbroad(r) && !isAutoformazione(r))),
    "what.cap.abroad",
  );
  const others = totalOf(individual.filter((r) => !isAbroad(r) && !isAutoformazione(r))).sub(removed.individual);
  cap("caps.individual_max", auto.add(abroadKept).add(others), "what.cap.individual");

  const learnerRecords = eligible.filter((r) => !isIndividual(r));
  const sponsored = totalOf(learnerRecords.filter((r) => r.sponsored));
  const sponsoredKept = cap("caps.sponsored_max", sponsored, "what.cap.sponsored");
  const learner = totalOf(learnerRecords).sub(removed.learner).sub(sponsored.sub(sponsoredKept));

  const counted = explanation.total;
  const threshold = (id) => tenthUp(shareOf(owed, Q.of(rb.at(id, on).value)));
  const learnerMinimum = threshold("caps.learner_min");
  const certifiableThreshold = threshold("thresholds.certifiable");
  // Trienni before 2023-2025 have no insurance threshold (art. 38-bis DL 152/2021; compliance.py).
  const insuranceThreshold = on >= firstRuleDate(rb, "thresholds.insurance") ? threshold("thresholds.insurance") : null;
  const reading = insuranceReading(rb, triennium, owed, insuranceThreshold);
  const radio = radioprotectionQuota(rb, triennium, profile, eligible, owed, counted); // radioprotection.py
  // Employees in 2011-2013 also owe what a year fell short of its minimum (specialCaps).
  const certifiable =
    counted.ge(certifiableThreshold) &&
    learner.ge(learnerMinimum) &&
    removed.yearlyShortfall.isZero() &&
    radio.shortfall.isZero();
  const missing = Q.max(
    Q.max(Q.max(certifiableThreshold.sub(counted), learnerMinimum.sub(learner)), removed.yearlyShortfall),
    Q.max(radio.shortfall, ZERO),
  );
  return {
    triennium: triennium.id,
    obligation,
    recorded,
    counted,
    credit_lines: explanation.lines,
    learner,
    learner_minimum: learnerMinimum,
    certifiable_threshold: certifiableThreshold,
    insurance_threshold: insuranceThreshold,
    certifiable,
    insurance_ok: insuranceThreshold === null ? null : counted.ge(insuranceThreshold),
    missing,
    missing_for_insurance: insuranceThreshold === null ? null : Q.max(insuranceThreshold.sub(counted), ZERO),
    insurance_applies_from: reading.appliesFrom,
    insurance_notice: reading.notice,
    surplus: Q.max(counted.sub(owed), ZERO),
    ignored_records: ignored,
    uncertain: obligation.uncertain || explanation.uncertain,
    radioprotection: radio.credits,
    radioprotection_minimum: radio.minimum,
    radioprotection_lines: radio.lines,
  };
}

/** ComplianceInput JSON → ComplianceResult. */
function evaluateCompliance(rb, input) {
  check.object(input, "");
  check.known(input, ["triennium", "profile", "credits"], "");
  parseTrienniumField(input.triennium);
  return complianceParsed(rb, input.triennium, parseProfile(input.profile), parseCredits(input.credits));
}

export { countsIn, isAutoformazione, isAbroad, isIndividual, totalOf, validateRecords, FAD_SET, TIPOLOGIE_2_5_6, isTipologia10, specialCaps, outsideEsenzioni, oneRolePerEvent, complianceParsed, evaluateCompliance };
