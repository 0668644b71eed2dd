/*
 * The event calculator's questions: which inputs each tipologia and role needs (the fields the Python
 * engine reads), the tipologie in their groups (RES, FSC, FAD, other), the labels from the catalogue
 * (ui.event.*), the countries for training abroad, the parts of a blended event (blendedEditor) and
 * the identity of an event as the person named it (for the one-role-per-event warning).
 */
import * as ECM from "../engine/index.js";
import { el } from "./dom.js";
import { field, readField, setError } from "./fields.js";
import { ruleNumbers, withRuleNumbers } from "./format.js";
import { TEXT, confidenceWords } from "./labels.js";

export const EVENT_TYPES = ECM.EVENT_TYPES;
export const ROLES = ECM.ROLES;
const PROVIDER_TYPES = ECM.PROVIDER_TYPES;

// Which inputs each type needs from a participant. The rule numbers live in rules.json; this only
// decides which questions to ask, mirroring the fields the Python engine reads for each type.
const PARTICIPANT_FIELDS = {
  res_course: ["hours", "interactive_hours", "participants", "teachers", "special_topic"],
  res_workshop: ["hours", "interactive_hours", "participants", "teachers", "special_topic"],
  res_congress: ["hours", "participants"],
  res_interactive: ["hours", "interactive_hours", "participants"],
  fsc_training: ["hours"],
  fsc_improvement_group: ["hours", "participants", "concluding_document", "external_tutor"],
  fsc_improvement_project: ["hours", "participants", "concluding_document", "external_tutor"],
  fsc_audit: ["hours", "participants", "external_tutor"],
  fsc_research: ["end_date"],
  fad_self_study: ["hours", "special_topic"],
  fad_self_study_tutored: ["hours", "special_topic"],
  fad_elearning: ["hours", "tutor", "special_topic"],
  fad_webinar: ["hours", "special_topic"],
  blended: ["components"],
  publication: ["publication_kind", "lead_author"],
  clinical_trial: ["end_date"],
  individual_tutoring: ["hours", "months"],
  autoformazione: ["hours"],
  abroad: ["country", "hours", "stated_credits"],
};
// Optional for every participant at a provider's event: below the minimum the event gives no credits.
for (const type of EVENT_TYPES) {
  if (PROVIDER_TYPES.has(type) && type !== "blended" && PARTICIPANT_FIELDS[type]) {
    PARTICIPANT_FIELDS[type].push("attendance_percent", "test_score_percent");
  }
}
const ROLE_FIELDS = {
  teacher: ["teaching_minutes"],
  moderator: ["sessions"],
  scientific_lead: ["event_credits"],
  fsc_tutor: ["hours"],
  fad_tutor: ["months"],
  classroom_tutor: ["hours"],
};

export function eventFieldsFor(type, role, rulebook, date) {
  // At an FSC event the scientific lead who coordinates is paid per hour (point 11), not 20 %.
  if (role === "scientific_lead" && type.startsWith("fsc_")) return new Set(["hours"]);
  if (role && role !== "participant") return new Set(ROLE_FIELDS[role] || []);
  const wanted = new Set(PARTICIPANT_FIELDS[type] || []);
  if (type === "individual_tutoring") {
    // Months under the 2013 rule, hours under the 2019 one: ask what the rule in force needs.
    let perMonth = false;
    try {
      const rule = rulebook.at("individual.tutoring", date).value;
      perMonth = Boolean(rule && typeof rule === "object" && "per_month" in rule);
    } catch (_err) {
      /* a date before every rule: the engine reports it */
    }
    wanted.delete(perMonth ? "hours" : "months");
  }
  return wanted;
}

export const EVENT_INPUTS = [
  ["hours", "number"],
  ["interactive_hours", "number"],
  ["participants", "int"],
  ["teachers", "int"],
  ["teaching_minutes", "int"],
  ["sessions", "int"],
  ["months", "int"],
  ["event_credits", "number"],
  ["stated_credits", "number"],
  ["country", "select"],
  ["attendance_percent", "number"],
  ["test_score_percent", "number"],
  ["end_date", "date"],
  ["publication_kind", "select"],
  ["special_topic", "checkbox"],
  ["concluding_document", "checkbox"],
  ["external_tutor", "checkbox"],
  ["tutor", "checkbox"],
  ["lead_author", "checkbox"],
];

// Blended: its parts are provider events computed with their own rules, then added up.
const COMPONENT_TYPES = EVENT_TYPES.filter((x) => PROVIDER_TYPES.has(x) && x !== "blended" && x !== "fsc_research");

/** ISO 3166 countries from the rules export, named in the page language (Italy is not abroad). */
export function countryChoices(rulebook, lang, t) {
  const messages = rulebook.messages || {};
  const collator = new Intl.Collator(lang);
  const rows = Object.keys(messages)
    .filter((id) => /^country\.[A-Z]{2}$/.test(id) && id !== "country.IT")
    .map((id) => [id.slice(8), messages[id][lang] || messages[id].en])
    .sort((a, b) => collator.compare(a[1], b[1]));
  return [["", t.countryUnset], ...rows];
}

export const TYPE_GROUPS = [
  ["res", (x) => x.startsWith("res_")],
  ["fsc", (x) => x.startsWith("fsc_")],
  ["fad", (x) => x.startsWith("fad_")],
  ["other", (x) => !/^(res|fsc|fad)_/.test(x)],
];

/** The event calculator's labels from the catalogue: ui.event.<key> (no params) plus the shared ones. */
export function eventLabels(rulebook, lang) {
  const t = { ...withRuleNumbers(TEXT[lang], ruleNumbers(rulebook, lang)), ...confidenceWords(rulebook, lang) };
  for (const [id, definition] of Object.entries(rulebook.messages || {})) {
    const key = id.startsWith("ui.event.") ? id.slice(9) : null;
    if (key && !key.includes(".") && !Object.keys(definition.params || {}).length) t[key] = ECM.render(id, {}, lang);
  }
  return t;
}

/** A tipologia's name from the catalogue; with its group's short code ("RES – ...") when `withGroup`. */
export function typeLabel(rulebook, type, lang, withGroup) {
  const params = {};
  if (type === "res_congress") {
    const today = ECM.dates.todayIso();
    params.congress_min = Number(rulebook.at("event.res.congress.min_participants", today).value);
  }
  const name = ECM.render(`ui.type.${type}`, params, lang);
  if (!withGroup) return name;
  const group = TYPE_GROUPS.find(([, test]) => test(type))[0];
  return `${ECM.render(`ui.type_group.${group}`, {}, lang)}: ${name}`;
}

/** The identity of an event as the person wrote it: a code alone, or a name with the event's date. */
export function eventKey(code, date) {
  const text = String(code || "").trim().toUpperCase().replace(/\s+/g, " ");
  if (!text) return "";
  return /^[\d\s./-]+$/.test(text) ? text.replace(/[\s./-]/g, "") : `${date || ""}|${text}`;
}

export function dayBefore(iso) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

export const amountOf = (x) => (x instanceof ECM.Q ? x.toNumber() : Number(x));

/** Parts of a blended event: type, hours, participants; each row computes with its own rules. */
export function blendedEditor(t, lang, rulebook, saved) {
  const rows = [];
  const list = el("div", { class: "ecm-components" });
  const wrap = el(
    "fieldset",
    { class: "ecm-fieldset", hidden: true },
    el("legend", {}, t.blendedParts),
    list,
    el("button", { type: "button", class: "ecm-button", onclick: () => addRow() }, t.addPart),
  );
  function addRow(type, hours, participants) {
    // Distinct names, so that the parts' inputs are never mistaken for the event's own.
    const row = {
      // "RES: Corso di aggiornamento": the official acronym (the code's prefix) and the name, short enough
      // for a phone's select (the group's full name cut the tipologia off at 375 px).
      type: field(t, "part_type", "select", {
        label: t.type,
        choices: COMPONENT_TYPES.map((x) => [x, `${x.split("_")[0].toUpperCase()}: ${typeLabel(rulebook, x, lang)}`]),
      }),
      hours: field(t, "part_hours", "number", { label: t.hours }),
      participants: field(t, "part_participants", "int", { label: t.participants }),
    };
    row.type.input.value = type || "res_course";
    row.hours.input.value = hours || "";
    row.participants.input.value = participants || "";
    // Distance learning has no participants to count: the field shows for the other parts only.
    const syncParticipants = () => (row.participants.wrap.hidden = row.type.input.value.startsWith("fad_"));
    row.type.input.addEventListener("change", syncParticipants);
    syncParticipants();
    const remove = el(
      "button",
      {
        type: "button",
        class: "ecm-button ecm-button--secondary",
        onclick: () => {
          rows.splice(rows.indexOf(row), 1);
          box.remove();
          wrap.dispatchEvent(new Event("input", { bubbles: true }));
        },
      },
      t.remove,
    );
    const box = el(
      "div",
      { class: "ecm-grid ecm-component" },
      row.type.wrap,
      row.hours.wrap,
      row.participants.wrap,
      remove,
    );
    rows.push(row);
    list.append(box);
  }
  if (Array.isArray(saved) && saved.length) saved.forEach((p) => addRow(p.type, p.hours, p.participants));
  else {
    // A typical blended course's two parts, empty: the person gives the hours (a prefilled 4 h + 4 h showed
    // "9,2 crediti" that nobody had entered).
    addRow("res_course");
    addRow("fad_elearning");
  }
  return {
    wrap,
    read(date) {
      const read = (f) => {
        try {
          return readField(f, t);
        } catch (err) {
          setError(f, err.message);
          throw { handled: true }; // already shown next to the part's field
        }
      };
      return rows.map((row) => {
        const part = { type: row.type.input.value, date };
        const hours = read(row.hours);
        const participants = row.participants.wrap.hidden ? null : read(row.participants);
        if (hours !== null) part.hours = hours;
        if (participants !== null) part.participants = participants;
        return part;
      });
    },
    snapshot() {
      return rows.map((row) => ({
        type: row.type.input.value,
        hours: row.hours.input.value,
        participants: row.participants.input.value,
      }));
    },
    fields() {
      return rows.flatMap((row) => (row.participants.wrap.hidden ? [row.hours] : [row.hours, row.participants]));
    },
    clearErrors() {
      rows.forEach((row) => Object.values(row).forEach((f) => setError(f, null)));
    },
    showError(name, message) {
      const m = /^components\.(\d+)\.(\w+)/.exec(name);
      if (!m || !rows[+m[1]] || !rows[+m[1]][m[2]]) return false;
      setError(rows[+m[1]][m[2]], message);
      return true;
    },
  };
}
