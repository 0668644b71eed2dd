// Event credits by type and role (event_credits.py).
// Part of the browser engine (index.js is its public API); moved unchanged from ecm-engine.js.

import { Q, ZERO } from "./numbers.js";
import { daysBetween } from "./dates.js";
import { notice, render, step } from "./messages.js";
import { RuleInputError, isAbsent } from "./rulebook.js";
import { Explanation, FSC_TYPES, PROVIDER_TYPES, ROLE_TYPES, rolesAllowed, roundTenth, tenth, wholeHours } from "./shared.js";
import { fail, parseEvent } from "./input.js";

/* ================================================================== event_credits.py */

class Calc {
  constructor(rb, event) {
    this.book = rb;
    this.event = event;
    this.day = event.date;
    this.explanation = new Explanation();
    this.warnings = [];
  }
  rule(id) {
    return this.book.at(id, this.day);
  }
  add(pv, amount, msg, params) {
    this.explanation.add(pv, amount, msg, params);
  }
  warn(field, msg, params) {
    this.warnings.push(notice(field, msg, params));
  }
  require(name) {
    const value = this.event[name];
    if (value === null || value === undefined) {
      fail(name, "error.required_for", { type: this.event.type, role: this.event.role });
    }
    return value;
  }
  hours() {
    const hours = Q.of(this.require("hours"));
    const limit = Q.of(this.rule("event.max_hours").value);
    if (hours.gt(limit)) fail("hours", "error.at_most_got", { limit, got: hours });
    return this.wholeHours(hours, "what.duration", true);
  }
  /** Whole hours under event.hour_rounding; a line of 0 credits when that changes the hours given (event_credits.py). */
  wholeHours(given, what, refuseBelowOne) {
    const pv = this.rule("event.hour_rounding");
    const mode = String(pv.value);
    const hours = Q.of(given);
    const whole = wholeHours(hours, mode);
    if (refuseBelowOne && whole < 1) fail("hours", "error.whole_hour", { got: hours });
    if (!hours.eq(Q.of(whole))) this.add(pv, ZERO, `line.hours_rounded.${mode}`, { what, hours, counted: whole });
    return whole;
  }
  participants(limitParam) {
    const participants = this.require("participants");
    if (limitParam) {
      const limit = Number(this.rule(limitParam).value);
      if (participants > limit) {
        fail("participants", "error.participants_for_type", { type: this.event.type, limit, got: participants });
      }
    }
    return participants;
  }
  perHour(pv, hours, what) {
    const rate = Q.of(pv.value);
    this.add(pv, rate.mul(hours), "line.per_hour", { what, hours, rate });
  }
  bonus(id, hours, applies, what) {
    const pv = this.rule(id);
    if (isAbsent(pv) || !applies) return;
    const rate = Q.of(pv.value && typeof pv.value === "object" ? pv.value.per_hour : pv.value);
    this.add(pv, rate.mul(hours), "line.per_hour", { what, hours, rate });
  }
  cap(id) {
    const pv = this.rule(id);
    const limit = Q.of(pv.value);
    const total = this.explanation.total;
    if (total.gt(limit)) this.add(pv, limit.sub(total), "line.event_cap", { limit });
  }
  minHoursWarning(id, hours) {
    const minimum = Number(this.rule(id).value);
    if (hours < minimum) {
      this.warn("hours", "warn.min_hours", { hours, minimum, type: this.event.type });
    }
  }
  finish() {
    const total = this.explanation.total;
    const rounded = tenth(total);
    if (!rounded.eq(total)) {
      this.add(this.rule("event.credit_rounding"), rounded.sub(total), "line.rounded_to", { total, rounded });
    }
    return {
      credits: this.explanation.total,
      rules_version: String(this.rule("event.rules_version").value),
      lines: this.explanation.lines,
      warnings: this.warnings,
      uncertain: this.explanation.uncertain,
    };
  }
}

function resCourseLike(calc, interactiveDefault) {
  const event = calc.event;
  const hours = calc.hours();
  const participants = calc.participants("event.res.course.max_participants");
  let interactive = calc.wholeHours(event.interactive_hours, "what.interactive_hours");
  if (interactiveDefault && interactive === 0) interactive = hours;
  if (interactive > hours) fail("interactive_hours", "error.interactive_hours", { hours });
  calc.minHoursWarning("event.res.min_hours", hours);
  const oldInteractive = calc.rule("event.res.interactive.per_hour");
  const bands = calc.rule("event.res.course.bands");
  if (!isAbsent(oldInteractive)) {
    // 2010 criteria: frontal hours by participant band, interactive hours at their own rate.
    const frontal = hours - interactive;
    if (frontal) {
      const rate = bandRate(calc, bands, participants);
      calc.add(bands, rate.mul(frontal), "line.res.frontal_hours", { hours: frontal, rate, participants });
    }
    if (interactive) calc.perHour(oldInteractive, interactive, "what.interactive_hours");
  } else {
    const rate = bandRate(calc, bands, participants);
    calc.add(bands, rate.mul(hours), "line.res.band", { hours, rate, participants });
    resBonuses(calc, hours, participants, interactive);
    calc.bonus("event.bonus.special_topic", hours, event.special_topic, "what.special_topic");
  }
  calc.cap("event.max_credits");
}

function bandRate(calc, bands, participants) {
  let low = 1;
  for (const band of bands.value) {
    if (participants <= band.max_participants) {
      if (band.per_hour === "decreasing") {
        const table = calc.rule("event.res.course.decreasing").value;
        return Q.of(table[participants - low]);
      }
      return Q.of(band.per_hour);
    }
    low = band.max_participants + 1;
  }
  return fail("participants", "error.course_participants", { limit: low - 1, got: participants });
}

function resBonuses(calc, hours, participants, interactive) {
  const small = calc.rule("event.res.bonus.small_group");
  if (!isAbsent(small)) {
    calc.bonus("event.res.bonus.small_group", hours, participants <= small.value.max_participants, "what.small_group");
  }
  const inter = calc.rule("event.res.bonus.interactive");
  if (isAbsent(inter) || interactive === 0) return;
  const limit = Number(inter.value.max_participants);
  const perTeacher = Number(inter.value.learners_per_teacher);
  const teachers = calc.event.teachers;
  if (participants > limit) {
    calc.warn("participants", "warn.interactive_participants", { limit });
    return;
  }
  if (teachers !== null && participants > teachers * perTeacher) {
    calc.warn("teachers", "warn.interactive_teachers", { per_teacher: perTeacher });
    return;
  }
  if (teachers === null && participants > perTeacher) {
    calc.warn("teachers", "warn.teachers_assumed", { per_teacher: perTeacher });
  }
  calc.bonus("event.res.bonus.interactive", hours, true, "what.interactive_methods");
}

function resCongress(calc) {
  const hours = calc.hours();
  const participants = calc.participants();
  const minimum = Number(calc.rule("event.res.congress.min_participants").value);
  if (participants <= minimum) {
    fail("participants", "error.congress_participants", { minimum, got: participants });
  }
  calc.minHoursWarning("event.res.min_hours", hours);
  calc.perHour(calc.rule("event.res.congress.per_hour"), hours, "what.congress");
  calc.cap("event.res.congress.max_credits");
}

function resWorkshop(calc) {
  const hours = calc.hours();
  const participants = calc.participants("event.res.workshop.max_participants");
  const interactive = calc.wholeHours(calc.event.interactive_hours, "what.interactive_hours");
  if (interactive > hours) fail("interactive_hours", "error.interactive_hours", { hours });
  calc.minHoursWarning("event.res.min_hours", hours);
  calc.perHour(calc.rule("event.res.workshop.per_hour"), hours, "what.workshop");
  resBonuses(calc, hours, participants, interactive);
  calc.cap("event.max_credits");
}

function fscTraining(calc) {
  const hours = calc.hours();
  calc.perHour(calc.rule("event.fsc.training.per_hour"), hours, "what.individual_training");
  calc.cap("event.fsc.training.max_credits");
}

function fscImprovement(calc) {
  const hours = calc.hours();
  if (calc.event.participants !== null) calc.participants("event.fsc.max_participants");
  calc.minHoursWarning("event.fsc.improvement.min_hours", hours);
  // The same rates for a group and a project, each named as what it is (event_credits._fsc_improvement).
  const what = calc.event.type === "fsc_improvement_project" ? "what.improvement_project" : "what.improvement_group";
  calc.perHour(calc.rule("event.fsc.improvement.per_hour"), hours, what);
  calc.bonus("event.fsc.bonus.document", hours, calc.event.concluding_document, "what.concluding_document");
  calc.bonus("event.fsc.bonus.external_tutor", hours, calc.event.external_tutor, "what.external_tutor");
  calc.cap("event.max_credits");
}

function fscAudit(calc) {
  const hours = calc.hours();
  if (calc.event.participants !== null) calc.participants("event.fsc.max_participants");
  calc.minHoursWarning("event.fsc.audit.min_hours", hours);
  calc.perHour(calc.rule("event.fsc.audit.per_hour"), hours, "what.audit");
  calc.bonus("event.fsc.bonus.external_tutor", hours, calc.event.external_tutor, "what.external_tutor");
  calc.cap("event.max_credits");
}

function durationDays(calc) {
  const end = calc.require("end_date");
  return daysBetween(calc.day, end) + 1;
}

function byDuration(calc, id, what, longestField = "end_date") {
  const pv = calc.rule(id);
  const days = durationDays(calc);
  for (const band of pv.value) {
    if (days <= band.max_days) {
      const c = Q.of(band.credits);
      calc.add(pv, c, "line.by_duration", { what, days, max_days: band.max_days, credits: c });
      return;
    }
  }
  const longest = pv.value[pv.value.length - 1].max_days;
  fail(longestField, "error.duration", { what, longest, got: days });
}

function fad(rateParam, what) {
  return (calc) => {
    const hours = calc.hours();
    const pv = calc.rule(rateParam);
    if (isAbsent(pv))
      fail("type", "error.type_not_yet", {
        type: calc.event.type,
        date: calc.day,
        since: firstRuleDate(calc.book, rateParam),
      });
    calc.perHour(pv, hours, what);
    calc.bonus("event.bonus.special_topic", hours, calc.event.special_topic, "what.special_topic");
    calc.cap("event.max_credits");
  };
}

function fadElearning(calc) {
  if (calc.event.tutor) fad("event.fad.tutor_per_hour", "what.elearning_tutored")(calc);
  else fad("event.fad.per_hour", "what.elearning")(calc);
}

function blended(calc) {
  const parts = calc.event.components;
  if (!parts || parts.length < 2) fail("components", "error.blended_parts");
  parts.forEach((part, index) => {
    if (!PROVIDER_TYPES.has(part.type) || part.type === "blended")
      fail(`components.${index}.type`, "error.blended_part_type");
    if (part.role !== "participant")
      fail(`components.${index}.role`, "error.blended_part_role");
    let result;
    try {
      result = computeParsed(calc.book, part);
    } catch (error) {
      if (error instanceof RuleInputError)
        throw new RuleInputError(`components.${index}.${error.field}`, error.msg, error.params);
      throw error;
    }
    for (const l of result.lines) {
      const params = { part: index + 1, step: step(l.msg, l.params) };
      calc.explanation.lines.push({ ...l, msg: "line.blended_part", params, text: render("line.blended_part", params) });
    }
    for (const w of result.warnings) {
      const field = w.field ? `components.${index}.${w.field}` : `components.${index}`;
      calc.warnings.push({ ...w, field });
    }
  });
  calc.cap("event.max_credits");
}

function publication(calc) {
  const kind = calc.require("publication_kind");
  const pv = calc.rule("individual.publication");
  const position = calc.event.lead_author ? "lead" : "other";
  // Only journals indexed in Scopus or Web of Science count now (event_credits._publication).
  if (!(kind in pv.value)) {
    calc.add(pv, ZERO, "line.publication_not_indexed", { kind: `what.publication.${kind}` });
    return;
  }
  const c = Q.of(pv.value[kind][position]);
  const who = calc.event.lead_author ? "what.lead_author" : "what.co_author";
  calc.add(pv, c, "line.publication", { kind: `what.publication.${kind}`, who, credits: c });
}

/** The date from which a parameter has a rule (its first value that is not `false`). */
function firstRuleDate(rb, paramId) {
  const values = rb.parameters[paramId].values;
  const found = values.find((v) => v.value !== false);
  return found ? found.from : values[values.length - 1].from;
}

/** Psychologists supervising internships: 4 a month, at most 25 a year (_psychologist_supervision). */
function psychologistSupervision(calc) {
  if (calc.event.profession !== "psicologo") return false;
  const id = "profession.psicologo.internship_supervision";
  if (calc.day < calc.book.parameters[id].values[0].from) return false;
  perMonth(calc, calc.rule(id), "line.tutoring_months", "max_per_year");
  return true;
}

/** Credits by whole months (per_month × months), capped by pv.value[capKey] when given (event_credits._per_month). */
function perMonth(calc, pv, line, capKey = null) {
  const months = calc.require("months");
  const rate = Q.of(pv.value.per_month);
  calc.add(pv, rate.mul(months), line, { months, rate });
  if (capKey === null) return;
  const limit = Q.of(pv.value[capKey]);
  const total = calc.explanation.total;
  if (total.gt(limit)) calc.add(pv, limit.sub(total), "line.event_cap", { limit });
}

function individualTutoring(calc) {
  const pv = calc.rule("individual.tutoring");
  if (isAbsent(pv))
    fail("date", "error.tutoring_before", { since: firstRuleDate(calc.book, pv.param) });
  if (psychologistSupervision(calc)) return;
  if ("per_month" in pv.value) {
    perMonth(calc, pv, "line.tutoring_months");
    return;
  }
  const hours = calc.hours();
  const unit = Number(pv.value.unit_hours);
  const c = Q.of(pv.value.credits).mul(Math.floor(hours / unit));
  calc.add(pv, c, "line.tutoring_hours", { hours, unit });
}

function autoformazione(calc) {
  calc.perHour(calc.rule("individual.autoformazione.per_hour"), calc.hours(), "what.autoformazione");
}

/** False when the training took place where it cannot be recognised (event_credits._abroad_country). */
function abroadCountry(calc) {
  const code = calc.event.country;
  if (code === null) {
    calc.warn("country", "warn.country_missing", {});
    return true;
  }
  // Country names are catalogue messages ("country.JP"): the accepted codes are those (messages.py).
  if (!Object.prototype.hasOwnProperty.call(calc.book.messages, `country.${code}`)) {
    fail("country", "error.country_unknown", { got: code });
  }
  if (code === calc.rule("country.home").value) fail("country", "error.country_home", { got: code });
  // A zero-amount line says which list the country is on (or that it is on none: then 0 credits).
  const country = { country: `country.${code}`, code };
  const eu = calc.rule("country.eu_members");
  if (eu.value.includes(code)) {
    calc.add(eu, Q.of(0), "line.country.eu", { date: calc.day, ...country });
    return true;
  }
  const outside = calc.rule("country.abroad_outside_eu");
  if (outside.value.includes(code)) {
    calc.add(outside, Q.of(0), "line.country.outside_eu", country);
    return true;
  }
  calc.add(outside, Q.of(0), "line.country.not_recognised", { date: calc.day, ...country });
  return false;
}

function abroad(calc) {
  if (!abroadCountry(calc)) return;
  const stated = calc.event.stated_credits;
  const hoursGiven = calc.event.hours !== null;
  if (stated === null && !hoursGiven) fail("stated_credits", "error.abroad_needs");
  const perHour = calc.rule("event.abroad.per_hour_unstated");
  if (stated !== null && hoursGiven) {
    const byHours = Q.of(perHour.value).mul(calc.hours());
    const base = Q.min(stated, byHours);
    calc.add(perHour, base, "line.abroad.lower", { stated, by_hours: byHours });
  } else if (stated !== null) {
    calc.add(perHour, Q.of(stated), "line.abroad.stated", { stated });
  } else {
    calc.perHour(perHour, calc.hours(), "what.abroad_hours");
  }
  calc.cap("event.max_credits");
  const share = calc.rule("event.abroad.share");
  const total = calc.explanation.total;
  const kept = total.mul(share.value);
  calc.add(share, kept.sub(total), "line.abroad.share", { percent: Q.of(share.value).mul(100) });
  calc.cap("event.abroad.max_credits");
}

const PARTICIPANT_RULES = {
  res_course: (c) => resCourseLike(c, false),
  res_interactive: (c) => resCourseLike(c, true),
  res_congress: resCongress,
  res_workshop: resWorkshop,
  fsc_training: fscTraining,
  fsc_improvement_group: fscImprovement,
  fsc_improvement_project: fscImprovement,
  fsc_audit: fscAudit,
  fsc_research: (c) => byDuration(c, "event.fsc.research.bands", "what.research_project"),
  fad_self_study: fad("event.fad.per_hour", "what.self_study"),
  fad_self_study_tutored: fad("event.fad.tutor_per_hour", "what.self_study_tutored"),
  fad_elearning: fadElearning,
  fad_webinar: fad("event.fad.webinar_per_hour", "what.webinar"),
  blended,
  publication,
  clinical_trial: (c) => byDuration(c, "individual.clinical_trial", "what.clinical_trial"),
  individual_tutoring: individualTutoring,
  autoformazione,
  abroad,
};

function existing(calc, id) {
  const pv = calc.rule(id);
  if (isAbsent(pv))
    fail("role", "error.role_not_documented", {
      role: calc.event.role,
      date: calc.day,
      since: firstRuleDate(calc.book, id),
    });
  return pv;
}

function perTimeUnit(calc, pv, minutes, what) {
  const unit = Number(pv.value.unit_minutes);
  const perUnit = Q.of(pv.value.credits);
  const units = Math.floor(minutes / unit);
  calc.add(pv, perUnit.mul(units), "line.per_time_unit", { what, minutes, units, unit, per_unit: perUnit });
}

const ROLE_RULES = {
  teacher(calc) {
    const minutes = calc.require("teaching_minutes");
    perTimeUnit(calc, existing(calc, "role.teacher"), minutes, "what.teaching");
    calc.cap("event.max_credits");
  },
  fsc_tutor(calc) {
    const hours = calc.hours();
    perTimeUnit(calc, existing(calc, "role.fsc_tutor"), hours * 60, "what.tutoring");
    calc.cap("event.max_credits");
  },
  moderator(calc) {
    const pv = existing(calc, "role.moderator");
    const sessions = calc.require("sessions");
    const rate = Q.of(pv.value);
    calc.add(pv, rate.mul(sessions), "line.moderator", { sessions, rate });
    calc.cap("event.max_credits");
  },
  classroom_tutor(calc) {
    const hours = calc.hours();
    perTimeUnit(calc, existing(calc, "role.classroom_tutor"), hours * 60, "what.classroom_tutoring");
    calc.cap("event.max_credits");
  },
  scientific_lead(calc) {
    if (FSC_TYPES.has(calc.event.type)) {
      // Point 11: at an FSC event the scientific lead who coordinates is paid per hour, not 20 %.
      const hours = calc.hours();
      const fsc = existing(calc, "role.fsc_scientific_lead");
      perTimeUnit(calc, fsc, hours * 60, "what.fsc_coordination");
      calc.cap("event.max_credits");
      return;
    }
    const pv = existing(calc, "role.scientific_lead");
    const share = Q.of(pv.value);
    let eventCredits = calc.event.event_credits;
    if (eventCredits === null) {
      try {
        eventCredits = computeParsed(calc.book, { ...calc.event, role: "participant" }).credits;
      } catch (err) {
        // The participants' inputs are not the lead's to give: ask for the credits (event_credits._scientific_lead).
        if (!(err instanceof RuleInputError)) throw err;
        throw new RuleInputError("event_credits", "error.scientific_lead_event_credits", { percent: share.mul(100) });
      }
    } else eventCredits = Q.of(eventCredits);
    const raw = eventCredits.mul(share);
    calc.add(pv, raw, "line.scientific_lead", { percent: share.mul(100), event_credits: eventCredits });
    const rounding = calc.rule("role.scientific_lead_rounding");
    const mode = rounding.value.mode;
    const disputed = rounding.value.disputed;
    const kept = roundTenth(raw, mode);
    const other = roundTenth(raw, disputed);
    if (!kept.eq(raw)) {
      calc.add(rounding, kept.sub(raw), "line.scientific_lead_rounding", {
        raw,
        mode: `what.rounding.${mode}`,
        rounded: kept,
      });
    }
    if (!other.eq(kept)) {
      // The sources disagree (ecm-rules.md §11.1): say so whenever the other reading changes the number.
      calc.warn("role", "warn.scientific_lead_rounding_disputed", { other, other_mode: `what.rounding.${disputed}` });
    }
  },
  fad_tutor(calc) {
    perMonth(calc, existing(calc, "role.fad_tutor"), "line.fad_tutor_months", "max_credits");
  },
};

function checkDates(calc) {
  const event = calc.event;
  const earliest = calc.book.parameters["event.earliest_date"].values[0].value;
  if (event.date < earliest) fail("date", "error.before_earliest", { earliest, got: event.date });
  if (event.end_date !== null && event.end_date < event.date)
    fail("end_date", "error.end_before_date", { date: event.date });
}

/** Inputs that belong to other types or roles are refused, not ignored (event_credits._check_applicable). */
function checkApplicable(calc) {
  const event = calc.event;
  if (event.profession !== null) {
    const ids = calc.rule("profession.list").value.map((p) => p.id);
    if (!ids.includes(event.profession)) fail("profession", "error.one_of", { expected: ids });
  }
  if (event.country !== null && event.type !== "abroad") {
    fail("country", "error.only_for_type", { type: "abroad", got: event.type });
  }
  const learner = event.role === "participant" && PROVIDER_TYPES.has(event.type);
  for (const name of ["attendance_percent", "test_score_percent"]) {
    if (event[name] !== null && !learner) {
      fail(name, "error.only_for_learner", {});
    }
  }
}

/** Enough attendance and correct answers, or no credits (event_credits._participation). */
function participation(calc) {
  const checks = [
    ["attendance_percent", "event.participation.min_attendance", "what.attendance"],
    ["test_score_percent", "event.participation.min_test_score", "what.test_score"],
  ];
  for (const [name, id, what] of checks) {
    const given = calc.event[name];
    if (given === null) continue;
    const pv = calc.rule(id);
    const minimum = Q.of(pv.value).mul(100); // the inputs are percentages
    if (!Q.of(given).lt(minimum)) {
      calc.add(pv, Q.of(0), "line.participation.met", { what, given: Q.of(given), minimum });
      continue;
    }
    const total = calc.explanation.total;
    calc.add(pv, total.neg(), "line.participation.not_met", { what, given: Q.of(given), minimum });
  }
}

function computeParsed(rb, event) {
  const calc = new Calc(rb, event);
  checkDates(calc);
  checkApplicable(calc);
  if (event.role === "participant") {
    PARTICIPANT_RULES[event.type](calc);
  } else {
    if (!ROLE_TYPES[event.role].has(event.type)) {
      fail("role", "error.role_not_for_type", { type: event.type, roles: rolesAllowed(event.type), got: event.role });
    }
    ROLE_RULES[event.role](calc);
  }
  if (event.role === "participant" && PROVIDER_TYPES.has(event.type)) participation(calc);
  return calc.finish();
}

/** Credits for one event (EventInput as JSON), with the explanation of every step. */
function computeEventCredits(rb, input) {
  return computeParsed(rb, parseEvent(input));
}

export { Calc, resCourseLike, bandRate, resBonuses, resCongress, resWorkshop, fscTraining, fscImprovement, fscAudit, durationDays, byDuration, fad, fadElearning, blended, publication, firstRuleDate, psychologistSupervision, individualTutoring, autoformazione, abroadCountry, abroad, PARTICIPANT_RULES, existing, perTimeUnit, ROLE_RULES, checkDates, checkApplicable, participation, computeParsed, computeEventCredits };
