// Across trienni: compensation and moving a credit (across.py), missing credits (trienni.py).
// Part of the browser engine (index.js is its public API); moved unchanged from ecm-engine.js.

import { Q } from "./numbers.js";
import { addDays, todayIso } from "./dates.js";
import { notice } from "./messages.js";
import { Explanation, getTriennium } from "./shared.js";
import { check, fail, parseCredits, parseProfile } from "./input.js";
import { firstRuleDate } from "./events.js";
import { complianceParsed, countsIn } from "./compliance.js";

/* ================================================================== across.py */

const RULE_DATE = "2025-07-03"; // across.py: the compensation rule read as of Delibera CNFC 1/2025

/** CompensationInput JSON → CompensationResult. */
function compensate(rb, input) {
  check.object(input, "");
  check.known(input, ["balances"], "");
  check.list(input.balances, "balances", 1, 10);
  const pv = rb.at("compensation.rule", RULE_DATE);
  const creditors = pv.value.creditors;
  const debtors = pv.value.debtors;
  const balances = new Map();
  input.balances.forEach((item, index) => {
    const path = `balances.${index}`;
    check.object(item, path);
    check.known(item, ["triennium", "balance"], path);
    check.triennium(item.triennium, `${path}.triennium`);
    check.decimal(item.balance, `${path}.balance`, { ge: -1000, le: 1000, places: 1 });
    getTriennium(rb, item.triennium, `${path}.triennium`);
    if (balances.has(item.triennium)) fail(`${path}.triennium`, "error.listed_twice", { triennium: item.triennium });
    balances.set(item.triennium, Q.of(item.balance));
  });
  const explanation = new Explanation();
  const transfers = [];
  const keys = Array.from(balances.keys());
  for (const debtor of keys.filter((t) => debtors.includes(t) && balances.get(t).lt(0)).sort()) {
    for (const creditor of keys
      .filter((t) => creditors.includes(t))
      .sort()
      .reverse()) {
      if (creditor === debtor || balances.get(creditor).le(0) || balances.get(debtor).ge(0)) continue;
      const moved = Q.min(balances.get(creditor), balances.get(debtor).neg());
      balances.set(creditor, balances.get(creditor).sub(moved));
      balances.set(debtor, balances.get(debtor).add(moved));
      transfers.push({ source: creditor, target: debtor, credits: moved });
      explanation.add(pv, moved, "line.compensation", { moved, creditor, debtor });
    }
  }
  const out = {};
  const certifiable = {};
  for (const [t, b] of balances) {
    out[t] = b;
    certifiable[t] = b.ge(0);
  }
  // A net debt: what compensation cannot cover must still be earned by the deadline (across.py).
  const deadline = pv.value.deadline;
  const stillToEarn = {};
  const warnings = [];
  for (const t of [...balances.keys()].sort()) {
    const b = balances.get(t);
    if (!debtors.includes(t) || !b.lt(0)) continue;
    stillToEarn[t] = b.neg();
    warnings.push(notice(`balances.${t}`, "warn.compensation.debt_left", { triennium: t, credits: b.neg(), deadline }));
  }
  return { transfers, balances: out, certifiable, lines: explanation.lines, still_to_earn: stillToEarn, deadline, warnings };
}

/** MoveInput JSON → MoveResult: both trienni before and after moving one credit. */
function whatIfMove(rb, input) {
  check.object(input, "");
  check.known(input, ["credit_id", "target", "profiles", "credits", "as_of"], "");
  check.str(input.credit_id, "credit_id", 0, 1e9);
  check.triennium(input.target, "target");
  const records = parseCredits(input.credits);
  if (input.as_of !== undefined && input.as_of !== null) check.date(input.as_of, "as_of");
  const profilesRaw = input.profiles || {};
  check.object(profilesRaw, "profiles");
  const profiles = {};
  for (const [key, value] of Object.entries(profilesRaw)) profiles[key] = parseProfile(value, `profiles.${key}`);

  const pv = rb.at("moves.rule", RULE_DATE);
  const record = records.find((r) => r.id === input.credit_id);
  if (!record) fail("credit_id", "error.no_credit", { id: input.credit_id });
  const source = countsIn(rb, record);
  if (source === null) fail("credit_id", "error.credit_outside", { date: record.date });
  const target = getTriennium(rb, input.target, "target").id;
  if (target === source) fail("target", "error.already_counts", { triennium: source });
  for (const key of Object.keys(profiles)) getTriennium(rb, key, `profiles.${key}`);

  const moved = records.map((r) => (r.id === record.id ? { ...r, triennium: target } : r));
  const evaluate = (t, list) => complianceParsed(rb, t, profiles[t] || parseProfile({}), list);
  const before = { [source]: evaluate(source, records), [target]: evaluate(target, records) };
  const after = { [source]: evaluate(source, moved), [target]: evaluate(target, moved) };

  const reasons = [];
  let allowed = true;
  if (before[source].certifiable && !after[source].certifiable) {
    allowed = false;
    reasons.push(notice(null, "reason.move.surplus_only", { source, surplus: before[source].surplus }));
  }
  const deadline = pv.value.deadlines[target];
  const asOf = input.as_of || todayIso();
  if (deadline !== undefined && asOf > deadline) {
    allowed = false;
    reasons.push(notice("target", "reason.move.closed", { target, deadline }));
  }
  const gained = after[target].counted.sub(before[target].counted);
  const lost = before[source].counted.sub(after[source].counted);
  reasons.push(notice(null, "reason.move.effect", { target, gained, source, lost }));
  return { credit_id: record.id, source, target, allowed, reasons, before, after };
}

/** The day after which a credit not yet in the registry is reported as missing suspected (trienni.py). */
function missingSuspectedAfter(rb, eventEnd, providerScope = "national") {
  const reporting = Number(rb.at("registry.reporting_days", eventEnd).value);
  const margin = Number(rb.at("registry.missing_margin_days", eventEnd).value);
  let days = reporting + margin;
  if (providerScope === "regional" && eventEnd >= firstRuleDate(rb, "registry.regional_days"))
    days = Math.max(days, Number(rb.at("registry.regional_days", eventEnd).value));
  return addDays(eventEnd, days);
}

export { RULE_DATE, compensate, whatIfMove, missingSuspectedAfter };
