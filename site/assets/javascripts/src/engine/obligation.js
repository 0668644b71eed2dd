// The triennium's obligation: professions, reductions, dossier, premialità (obligation.py).
// Part of the browser engine (index.js is its public API); moved unchanged from ecm-engine.js.

import { Q, ZERO } from "./numbers.js";
import { yearOf } from "./dates.js";
import { isAbsent } from "./rulebook.js";
import { Explanation, getTriennium, previousTriennium, tenth, yearsOf } from "./shared.js";
import { check, fail, parseProfile } from "./input.js";
import { exemptionReductions, gapYears } from "./exemptions.js";

/* ------------------------------------------------------------------ professions.py */

const PHYSICIAN = "medico_chirurgo";

/** Refuse a profession or discipline not in the lists (professions.check_profile). */
function checkProfile(rb, profile, on) {
  if (profile.profession === null) {
    if (profile.discipline !== null) fail("profile.discipline", "error.discipline_without_profession", {});
    return;
  }
  const ids = rb.at("profession.list", on).value.map((p) => p.id);
  if (!ids.includes(profile.profession)) fail("profile.profession", "error.one_of", { expected: ids });
  if (profile.discipline === null) return;
  if (profile.profession !== PHYSICIAN) fail("profile.discipline", "error.discipline_physicians_only", {});
  const where = `profession.disciplines.${PHYSICIAN}`;
  if (!rb.at(where, on).value.includes(profile.discipline)) {
    fail("profile.discipline", "error.discipline_unknown", { where });
  }
}

/** The profession's own parameter in force on `on`, or null (professions.profession_rule). */
function professionRule(rb, profile, name, on) {
  if (profile.profession === null) return null;
  const id = `profession.${profile.profession}.${name}`;
  if (!rb.has(id)) return null;
  if (on < rb.parameters[id].values[0].from) return null;
  const pv = rb.at(id, on);
  return isAbsent(pv) ? null : pv;
}

/** Retired with occasional practice: the esenzione runs by itself (obligation._retired_esenzione). */
function retiredEsenzione(rb, triennium, profile, explanation) {
  const since = profile.retired_on;
  if (since === null) return [];
  const inForce = rb.parameters["exemption.retired"].values.filter((v) => !isAbsent(v));
  if (!inForce.length) return [];
  const pv = inForce[0];
  const start = [since, pv.from, triennium.start].sort().pop();
  if (start > triennium.end) return [];
  explanation.add(pv, Q.of(0), "line.obligation.retired", { since, start, end: triennium.end });
  return [{ kind: "esenzione", start, end: triennium.end, hours: null, reason: "retired", attributed_years: null }];
}

function obligationParsed(rb, trienniumId, profile) {
  const triennium = getTriennium(rb, trienniumId);
  const on = triennium.start;
  checkProfile(rb, profile, on);
  const explanation = new Explanation();

  const baseParam = rb.at("obligation.base", on);
  const base = Q.of(baseParam.value);
  explanation.add(baseParam, base, "line.obligation.base", { triennium: triennium.id });

  const startYear = profile.first_registration ? yearOf(profile.first_registration) + 1 : null;
  const tYears = yearsOf(triennium);
  const beforeStart = new Set(tYears.filter((y) => startYear !== null && y < startYear));
  const gaps = new Set(Array.from(gapYears(rb, triennium, profile)).filter((y) => !beforeStart.has(y)));
  const years = new Set(tYears.filter((y) => !beforeStart.has(y) && !gaps.has(y)));

  const exemptions = profile.exemptions.concat(retiredEsenzione(rb, triennium, profile, explanation));
  for (const r of exemptionReductions(rb, triennium, exemptions, base, years)) {
    explanation.add(r.param, r.amount.neg(), r.msg, r.params);
  }

  const net = explanation.total;
  const prorata = rb.at("obligation.prorata", on);
  const yearsInTriennium = Number(prorata.value);
  const perYear = Q.max(net, ZERO).div(yearsInTriennium);
  if (beforeStart.size) {
    explanation.add(
      prorata,
      perYear.mul(beforeStart.size).neg(),
      "line.obligation.start",
      { start: `${startYear}-01-01`, remaining: yearsInTriennium - beforeStart.size, years: yearsInTriennium },
    );
  }
  if (gaps.size) {
    const pv = rb.at("obligation.registration_cutoff", on);
    const listed = Array.from(gaps).sort((a, b) => a - b);
    explanation.add(pv, perYear.mul(gaps.size).neg(), "line.obligation.gap", { years: listed });
  }

  previousCredits(rb, triennium, profile, explanation);
  fixedReductions(rb, triennium, profile, explanation);
  dossier(rb, triennium, profile, explanation);
  premialita(rb, triennium, profile, explanation);

  const floorParam = rb.at("obligation.floor", on);
  const floor = Q.of(floorParam.value);
  if (explanation.total.lt(floor))
    explanation.add(floorParam, floor.sub(explanation.total), "line.obligation.floor");
  const total = explanation.total;
  if (!tenth(total).eq(total))
    explanation.add(rb.at("event.credit_rounding", on), tenth(total).sub(total), "line.rounded", { total });
  return {
    triennium: triennium.id,
    base,
    obligation: explanation.total,
    obligated_years: years.size,
    lines: explanation.lines,
    uncertain: explanation.uncertain,
  };
}

function previousCredits(rb, triennium, profile, explanation) {
  const pv = rb.at("obligation.previous_credits", triennium.start);
  const earned = profile.previous_triennium_credits;
  if (isAbsent(pv) || earned === null) return;
  const e = Q.of(earned);
  for (const band of pv.value) {
    const upper = band.max === undefined ? null : band.max;
    if (e.ge(band.min) && (upper === null || e.le(upper))) {
      const previous = previousTriennium(triennium);
      const [msg, bounds] =
        upper !== null
          ? ["line.obligation.previous_band", { min: band.min, max: upper }]
          : ["line.obligation.previous_band_open", { min: band.min }];
      explanation.add(pv, Q.of(band.reduction).neg(), msg, { earned: e, previous, ...bounds });
      return;
    }
  }
}

function fixedReductions(rb, triennium, profile, explanation) {
  const covid = rb.at("obligation.covid", triennium.start);
  if (!isAbsent(covid))
    explanation.add(covid, Q.of(covid.value).neg(), "line.obligation.covid");
  const met = rb.at("obligation.previous_met", triennium.start);
  if (!isAbsent(met) && profile.previous_triennium_met) {
    explanation.add(met, Q.of(met.value).neg(), "line.obligation.previous_met", {
      previous: previousTriennium(triennium),
    });
  }
}

function dossier(rb, triennium, profile, explanation) {
  const previous = previousTriennium(triennium);
  let buildBest = null;
  let carryBest = null;
  profile.dossiers.forEach((d, index) => {
    const builtIn = getTriennium(rb, d.triennium, `profile.dossiers.${index}.triennium`);
    const pv = rb.at("obligation.dossier", builtIn.start);
    if (isAbsent(pv)) return;
    const allowedYears = pv.value.build_years;
    if (allowedYears && allowedYears.length && d.built_on !== null && !allowedYears.includes(yearOf(d.built_on))) {
      fail(`profile.dossiers.${index}.built_on`, "error.dossier_years", {
        triennium: builtIn.id,
        years: allowedYears,
      });
    }
    const amounts = pv.value[d.kind];
    if (d.triennium === triennium.id) {
      const build = Q.of(amounts.build);
      if (buildBest === null || build.gt(buildBest[0]))
        buildBest = [build, d.kind];
    } else if (d.triennium === previous && d.objectives_met) {
      const carry = Q.of(amounts.carry);
      if (carryBest === null || carry.gt(carryBest[0]))
        carryBest = [carry, d.kind];
    }
  });
  if (buildBest)
    explanation.add(rb.at("obligation.dossier", triennium.start), buildBest[0].neg(), "line.dossier.built", {
      kind: `what.dossier.${buildBest[1]}`,
      triennium: triennium.id,
    });
  if (carryBest)
    explanation.add(
      rb.at("obligation.dossier", getTriennium(rb, previous).start),
      carryBest[0].neg(),
      "line.dossier.carried",
      { kind: `what.dossier.${carryBest[1]}`, previous },
    );
}

function premialita(rb, triennium, profile, explanation) {
  const pv = rb.at("obligation.premialita", triennium.start);
  if (isAbsent(pv)) return;
  const certified = new Set(profile.certified_trienni_at_2025_07_03);
  const startYear = profile.first_registration ? yearOf(profile.first_registration) + 1 : null;
  // The groups of Delibera CNFC 1/2025 by the first year of obligation, from the data (as in obligation.py).
  const groups = pv.value.groups;
  const group = startYear === null ? groups[0] : groups.find((g) => startYear <= g.started_by);
  if (!group) return;
  const needed = group.trienni;
  const key = group.key;
  if (needed.every((t) => certified.has(t))) {
    const amount = Q.of(pv.value[key]);
    explanation.add(pv, amount.neg(), "line.premialita", {
      trienni: [...needed].sort(),
      date: pv.value.status_date,
    });
  }
}

function parseTrienniumField(raw) {
  if (raw === undefined || raw === null) fail("triennium", "error.missing");
  check.triennium(raw, "triennium");
  check.threeYears(raw, "triennium");
}

/** ObligationInput JSON → ObligationResult. */
function computeObligation(rb, input) {
  check.object(input, "");
  check.known(input, ["triennium", "profile"], "");
  parseTrienniumField(input.triennium);
  return obligationParsed(rb, input.triennium, parseProfile(input.profile));
}

export { PHYSICIAN, checkProfile, professionRule, retiredEsenzione, obligationParsed, previousCredits, fixedReductions, dossier, premialita, parseTrienniumField, computeObligation };
