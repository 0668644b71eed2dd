/*
 * ECM rule book engine for the browser (and Node): a port of functions/rulebook/*.py, as ES modules by
 * rule family. This module is its public API: the calculators (src/ui/, bundled by esbuild
 * at build time, see hooks/bundle_scripts.py) and the JS tests (tests/js, straight from these sources)
 * import it as `import * as ECM from ".../engine/index.js"`.
 *
 * Every number comes from the exported rules JSON (assets/data/rules.json); these modules hold the
 * arithmetic only. Credits are exact rationals (numerator/denominator as safe integers) so that
 * 1.1 * 3 is 3.3 and not 3.3000000000000003, and results are rounded like Python's
 * Decimal.quantize(Decimal("0.1"), ROUND_HALF_UP).
 */

import { Q, credits } from "./numbers.js";
import { addDays, dayNumber, daysBetween, isIsoDate, todayIso, yearOf } from "./dates.js";
import { DEFAULT_LANG, LANGS, formatDate, formatNumber, localize, render } from "./messages.js";
import { RuleBook, RuleInputError, isAbsent, line, loadRules, toJSON } from "./rulebook.js";
import { EVENT_TYPES, PROVIDER_TYPES, ROLES, ROLE_TYPES, allTrienni, trienniumOf } from "./shared.js";
import { computeEventCredits as eventExact } from "./events.js";
import { computeObligation as obligationExact } from "./obligation.js";
import { evaluateCompliance as complianceExact } from "./compliance.js";
import { compensate as compensateExact, missingSuspectedAfter, whatIfMove as moveExact } from "./compensation.js";
import { evaluateStatus as statusExact, timeline } from "./status.js";
import { calendarEvents, deadlineCalendar as calendarExact } from "./deadline_events.js";
import { checkEventField } from "./input.js";

/** Run a public function and return plain JSON (numbers instead of exact fractions). */
function jsonResult(fn) {
  return (rb, input) => toJSON(fn(rb, input));
}

const dates = { isIsoDate, daysBetween, addDays, yearOf, todayIso, dayNumber };

// Results with exact fractions (Q) for the calculators' own use...
const exact = {
  computeEventCredits: eventExact,
  computeObligation: obligationExact,
  evaluateCompliance: complianceExact,
  compensate: compensateExact,
  whatIfMove: moveExact,
  evaluateStatus: statusExact,
};

// ...and as plain JSON, shaped like the Python models' JSON.
const evaluateStatus = jsonResult(statusExact);
const computeEventCredits = jsonResult(eventExact);
const computeObligation = jsonResult(obligationExact);
const evaluateCompliance = jsonResult(complianceExact);
const compensate = jsonResult(compensateExact);
const whatIfMove = jsonResult(moveExact);
const deadlineCalendar = jsonResult(calendarExact);
const trienni = allTrienni;

export {
  Q,
  RuleBook,
  RuleInputError,
  loadRules,
  credits,
  line,
  isAbsent,
  toJSON,
  // The message catalogue, rendered with Intl (messages.py's twin).
  LANGS,
  DEFAULT_LANG,
  render,
  localize,
  formatNumber,
  formatDate,
  dates,
  EVENT_TYPES,
  PROVIDER_TYPES,
  ROLES,
  ROLE_TYPES,
  exact,
  evaluateStatus,
  timeline,
  computeEventCredits,
  checkEventField,
  computeObligation,
  evaluateCompliance,
  compensate,
  whatIfMove,
  trienni,
  trienniumOf,
  missingSuspectedAfter,
  // The deadline calendar's events (deadline_events.py): from a status request, or a status answer.
  deadlineCalendar,
  calendarEvents,
};
