// The radioprotection quota (radioprotection.py; D.Lgs 101/2020 art. 162 c. 4; ecm-rules.md §11.11):
// those who work with medical exposure owe at least 10 % (15 % for fisica medica and complementary
// radiological activity) of the triennium's credits on the objective "radioprotezione del paziente".
// A minimum inside the obligation, like the learner minimum. Part of the browser engine (index.js is
// its public API).
import { Q, ZERO } from "./numbers.js";
import { isAbsent } from "./rulebook.js";
import { Explanation, shareOf, tenthUp } from "./shared.js";
import { fail } from "./input.js";

/** [share parameter, label id] that applies, or null (radioprotection._rate); refuses unnamed professions. */
function radioprotectionRate(rb, triennium, profile) {
  if (!(profile.medical_exposure || profile.radiology_complementary)) return null;
  const on = triennium.start;
  const base = rb.at("caps.radioprotection_min", on);
  if (isAbsent(base)) return null; // trienni before 2020-2022 have no quota
  const lists = rb.at("radioprotection.professions", on).value;
  const profession = profile.profession;
  const higher = rb.at("caps.radioprotection_min_higher", on);
  if (profile.radiology_complementary) {
    if (profession !== null && !lists.complementary.includes(profession)) {
      fail("profile.radiology_complementary", "error.radioprotection_profession", {
        profession,
        professions: lists.complementary,
      });
    }
    return [higher, "what.radioprotection.complementary"];
  }
  if (lists.higher.includes(profession)) return [higher, "what.radioprotection.higher"];
  if (profession === null || lists.base.includes(profession)) return [base, "what.radioprotection.base"];
  if (lists.complementary.includes(profession)) {
    // Dentists appear only with complementary radiological activity: ask rather than guess.
    fail("profile.radiology_complementary", "error.radioprotection_complementary", { profession });
  }
  fail("profile.medical_exposure", "error.radioprotection_profession", {
    profession,
    professions: [...lists.base, ...lists.higher],
  });
}

/** {credits, minimum, lines, shortfall} (radioprotection.radioprotection_quota); credits/minimum null when none. */
export function radioprotectionQuota(rb, triennium, profile, eligible, owed, counted) {
  const rate = radioprotectionRate(rb, triennium, profile);
  if (rate === null) return { credits: null, minimum: null, lines: [], shortfall: ZERO };
  const [pv, who] = rate;
  const share = Q.of(pv.value);
  const minimum = tenthUp(shareOf(owed, share));
  const onObjective = eligible.filter((r) => r.radioprotection);
  const credits = Q.min(Q.sum(onObjective.map((r) => r.amount)), counted);
  const explanation = new Explanation();
  explanation.add(pv, ZERO, "line.compliance.radioprotection_minimum", {
    who,
    percent: share.mul(100),
    owed,
    minimum,
  });
  explanation.add(pv, credits, "line.compliance.radioprotection", { count: onObjective.length });
  return { credits, minimum, lines: explanation.lines, shortfall: Q.max(minimum.sub(credits), ZERO) };
}
