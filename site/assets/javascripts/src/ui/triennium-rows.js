/*
 * The rows of the triennium calculator's lists and how they are read back: the trienni of the rule
 * book, an editable list with add, remove and undo (listEditor), a cancellation from the Ordine, an
 * esonero or esenzione by its named reason, a dossier, a credit as on its certificate; the readers
 * turn the rows into the rule book's JSON and collect what is missing or unreadable per field.
 */
import * as ECM from "../engine/index.js";
import { el, replaceContent } from "./dom.js";
import { registryFields } from "./calendar_download.js";
import { field } from "./fields.js";
import { formText, numberText } from "./format.js";
import { ROLE_LABELS, TYPE_LABELS } from "./labels.js";

export function trienniaOf(rulebook) {
  return rulebook.latest("trienni").value.map((x) => x.id);
}

export function currentTriennium(rulebook) {
  const today = ECM.dates.todayIso();
  const list = rulebook.latest("trienni").value;
  const found = list.find((x) => x.start <= today && today <= x.end);
  return (found || list[list.length - 1]).id;
}

/** An editable list (cancellations, exemptions, credits): a fieldset with its rows and an add button.
 *  `makeRow(item)` returns the row's fields plus `nodes` to show; adding or removing calls `onChange`.
 *  Adding moves the focus to the new row's first field; removing offers "Annulla" (undo) until the
 *  next removal, and the focus goes to that button (the removed row's button is gone). */
export function listEditor(t, legend, addLabel, blank, makeRow, onChange) {
  const rows = [];
  const list = el("div", { class: "ecm-rows" });
  const undoBox = el("p", { class: "ecm-undo", role: "status", hidden: true });
  const firstField = (row) => row.box.querySelector("input, select, textarea");
  function add(item) {
    const row = makeRow(item);
    const remove = () => {
      const at = rows.indexOf(row);
      rows.splice(at, 1);
      row.box.remove();
      onChange();
      const undo = el(
        "button",
        {
          type: "button",
          class: "ecm-button ecm-button--secondary",
          "data-testid": "undo",
          onclick: () => {
            const back = Math.min(at, rows.length);
            rows.splice(back, 0, row);
            list.insertBefore(row.box, list.children[back] || null);
            replaceContent(undoBox, t.restoredRow);
            onChange();
            firstField(row).focus();
          },
        },
        t.undo,
      );
      replaceContent(undoBox, `${t.removed} `, undo);
      undoBox.hidden = false;
      undo.focus();
    };
    const button = el(
      "button",
      { type: "button", class: "ecm-button ecm-button--secondary", onclick: remove },
      t.remove,
    );
    row.box = el("div", { class: `ecm-grid ecm-row ${row.className || ""}` }, row.nodes, button);
    rows.push(row);
    list.append(row.box);
    return row;
  }
  const addButton = el(
    "button",
    {
      type: "button",
      class: "ecm-button",
      onclick: () => {
        const row = add(blank());
        onChange();
        firstField(row).focus();
      },
    },
    addLabel,
  );
  return {
    rows,
    fieldset: el("fieldset", { class: "ecm-fieldset" }, el("legend", {}, legend), list, undoBox, addButton),
    reset(items) {
      rows.splice(0).forEach((row) => row.box.remove());
      undoBox.hidden = true;
      items.forEach((item) => add(item));
    },
    /** Add rows at the end (start-up adds long lists in batches, a short task each). */
    append(items) {
      items.forEach((item) => add(item));
    },
  };
}

// Numbers go back into fields as the page's people write them ("12,5" in Italian), so that reading
// them again (readNumber) gives the same number: "1.125" would be read as 1125 on an Italian page.
export const text = (value) =>
  value === undefined || value === null ? "" : typeof value === "number" ? numberText(value) : String(value);

/** A cancellation from the Ordine, and the re-registration if any (Delibera CNFC 5/2025). */
export function gapRow(t, gap) {
  const row = {
    cancelled_on: field(t, "cancelled_on", "date"),
    reregistered_on: field(t, "reregistered_on", "date"),
  };
  row.cancelled_on.input.value = text(gap.cancelled_on);
  row.reregistered_on.input.value = text(gap.reregistered_on);
  row.nodes = [row.cancelled_on.wrap, row.reregistered_on.wrap];
  return row;
}

// Esenzioni by named reason: the legal list (Manuale; determina CNFC 17 Jul 2013; docs/ecm-rules 5.2
// and 11.6). Every reason is an esenzione (2 credits per 15 continuous days); the reason is kept as
// the record's `reason`. The esoneri are chosen by their course.
export const ESENZIONE_REASONS = [
  "maternita",
  "paternita",
  "congedo_parentale",
  "malattia_figlio",
  "adozione",
  "figlio_disabile",
  "gravi_motivi",
  "grave_malattia",
  "malattia",
  "militare",
  "croce_rossa",
  "direttore",
  "carica_elettiva",
  "cooperazione",
  "sindacale",
  "pensione",
  "altro",
];
export const ESONERO_KINDS = ["esonero_course", "esonero_hours"];

const plainText = (value) =>
  String(value)
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z]+/g, " ")
    .trim();

/** The reason id of a stored exemption: its kind for an esonero; a named reason, also as a person or
 *  another app wrote it (the id, its Italian or English label, "congedo di maternità", "retired");
 *  "altro" for any other text, which is kept as written. */
export function reasonOf(ex) {
  if (ESONERO_KINDS.includes(ex.kind)) return ex.kind;
  if (!ex.reason) return ex.kind === "esenzione" ? "altro" : "";
  const written = plainText(ex.reason);
  if (written === "retired") return "pensione";
  const named = ESENZIONE_REASONS.find(
    (id) =>
      plainText(id) === written ||
      ECM.LANGS.some((lang) => plainText(ECM.render(`calc.triennium.reason.${id}`, {}, lang)) === written),
  );
  if (named) return named;
  // "congedo di maternità", "maternity leave": the leave named by its usual words.
  if (/\bmaternit/.test(written)) return "maternita";
  if (/\bpaternit/.test(written)) return "paternita";
  return "altro";
}

/** An esonero or esenzione by its reason, with its dates; the hours and the attributed years are asked
 *  only for the esoneri that use them. */
export function exemptionRow(t, ex, label) {
  const reason = field(t, "reason", "select", { choices: [["", t.choose]] });
  const group = (title, ids, text) =>
    el("optgroup", { label: title }, ids.map((id) => el("option", { value: id }, text(id))));
  reason.input.append(
    group(t.reasonEsenzione, ESENZIONE_REASONS, (id) => label(`calc.triennium.reason.${id}`)),
    group(t.reasonEsonero, ESONERO_KINDS, (id) => (id === "esonero_course" ? t.esonero_course : label("calc.triennium.reason.esonero_hours"))),
  );
  const row = {
    reason,
    start: field(t, "start", "date"),
    end: field(t, "end", "date"),
    hours: field(t, "hours", "number", { label: t.attendanceHours }),
    attributed_years: field(t, "attributed_years", "text"),
    // Text of a reason outside the list (from an import), written back unchanged.
    reasonText: ex.reason && reasonOf(ex) === "altro" ? ex.reason : null,
  };
  row.kind = reason; // engine errors name the kind: shown on the reason
  const syncKind = () => {
    row.hours.wrap.hidden = reason.input.value !== "esonero_hours";
    row.attributed_years.wrap.hidden = reason.input.value !== "esonero_course";
  };
  reason.input.addEventListener("change", syncKind);
  reason.input.value = reasonOf(ex);
  row.start.input.value = text(ex.start);
  row.end.input.value = text(ex.end);
  row.hours.input.value = text(ex.hours);
  row.attributed_years.input.value = (ex.attributed_years || []).join(", ");
  syncKind();
  row.nodes = [reason.wrap, row.start.wrap, row.end.wrap, row.hours.wrap, row.attributed_years.wrap];
  return row;
}

/** A dossier formativo: its kind, the triennium it was built in, whether 70 % of its objectives were met. */
export function dossierRow(t, trienni, d) {
  const row = {
    kind: field(t, "dossierKind", "select", {
      choices: [
        ["individual", t.dossierIndividual],
        ["group", t.dossierGroup],
      ],
    }),
    triennium: field(t, "dossierTriennium", "select", { choices: trienni.map((x) => [x, x]) }),
    built_on: field(t, "built_on", "date"),
    objectives_met: field(t, "objectives_met", "checkbox"),
  };
  row.kind.input.value = d.kind || "individual";
  row.triennium.input.value = d.triennium || trienni[trienni.length - 1];
  row.built_on.input.value = text(d.built_on);
  row.objectives_met.input.checked = Boolean(d.objectives_met);
  row.nodes = [row.kind.wrap, row.triennium.wrap, row.built_on.wrap, row.objectives_met.wrap];
  return row;
}

export function readDossiers(rows, get) {
  return rows.map((row, i) => {
    const d = { kind: row.kind.input.value, triennium: row.triennium.input.value };
    const builtOn = get(row.built_on, `profile.dossiers.${i}.built_on`);
    if (builtOn !== null) d.built_on = builtOn;
    d.objectives_met = row.objectives_met.input.checked;
    return d;
  });
}

export const CREDIT_FLAGS = ["sponsored", "abroad", "autoformazione", "during_exemption", "radioprotection"];
let creditCount = 0;

/** One credit as on its certificate: type, role, date, credits, the flags the caps need, a move. */
export function creditRow(t, lang, trienni, c) {
  creditCount += 1;
  const row = {
    id: c.id || `c${Date.now().toString(36)}${creditCount}`,
    className: "ecm-credit",
    type: field(t, "type", "select", {
      choices: ECM.EVENT_TYPES.filter((x) => x !== "blended").map((x) => [x, TYPE_LABELS[lang][x]]),
    }),
    role: field(t, "role", "select", { choices: ECM.ROLES.map((x) => [x, ROLE_LABELS[lang][x]]) }),
    date: field(t, "date", "date", { label: t.creditDate }),
    credits: field(t, "credits", "number", { label: t.creditAmount }),
    triennium: field(t, "movedTo", "select", { choices: [["", t.notMoved], ...trienni.map((x) => [x, x])] }),
    event_code: field(t, "event_code", "text"),
  };
  for (const flag of CREDIT_FLAGS) {
    row[flag] = field(t, flag, "checkbox");
    row[flag].input.checked = Boolean(c[flag]);
  }
  row.type.input.value = c.type || "res_course";
  row.role.input.value = c.role || "participant";
  row.date.input.value = text(c.date);
  row.credits.input.value = text(c.credits);
  row.triennium.input.value = c.triennium || "";
  row.event_code.input.value = c.event_code || "";
  const checks = el(
    "div",
    { class: "ecm-checks" },
    CREDIT_FLAGS.map((flag) => row[flag].wrap),
  );
  row.registry = registryFields(lang, c); // issue 14: the registry clock's fields
  checks.append(...row.registry.nodes);
  // Issue 11: shown when another credit has the same event code in a different role.
  row.roleWarning = el("p", { class: "ecm-warning", role: "status", hidden: true, "data-testid": "one-role" });
  row.nodes = [
    row.type.wrap,
    row.role.wrap,
    row.date.wrap,
    row.credits.wrap,
    row.event_code.wrap,
    row.roleWarning,
    checks,
    row.triennium.wrap,
  ];
  return row;
}

/* The readers below turn rows into the rule book's JSON. `get(field, path)` parses one field and
 * records what cannot be parsed in `errors`; missing required values are recorded here too. */

/** A missing required value. It turns red only once the person has left the field (or asks for the
 *  result): setError keeps it pending until then, so a row just added only holds the result back. */
function required(errors, t, fld, value) {
  // A value that could not be read ("dieci") already has its own error: "required" would hide it.
  if (value === null && fld.input.value.trim() === "")
    errors.push({ fld, path: "", message: formText("required") });
  return value;
}

export function readGaps(rows, get, errors, t) {
  return rows.map((row, i) => {
    const path = `profile.registration_gaps.${i}`;
    const gap = {
      cancelled_on: required(errors, t, row.cancelled_on, get(row.cancelled_on, `${path}.cancelled_on`)),
    };
    const back = get(row.reregistered_on, `${path}.reregistered_on`);
    if (back !== null) gap.reregistered_on = back;
    return gap;
  });
}

export function readExemptions(rows, get, errors, t) {
  return rows.map((row, i) => {
    const path = `profile.exemptions.${i}`;
    const reason = required(errors, t, row.reason, row.reason.input.value || null);
    const ex = { kind: ESONERO_KINDS.includes(reason) ? reason : "esenzione" };
    ex.start = required(errors, t, row.start, get(row.start, `${path}.start`));
    ex.end = required(errors, t, row.end, get(row.end, `${path}.end`));
    const hours = row.hours.wrap.hidden ? null : get(row.hours, `${path}.hours`);
    if (hours !== null) ex.hours = hours;
    const yearsText = row.attributed_years.wrap.hidden ? "" : row.attributed_years.input.value;
    const years = yearsText.split(/[\s,;]+/).filter(Boolean);
    if (years.some((y) => !/^\d{4}$/.test(y))) {
      errors.push({ fld: row.attributed_years, path: "", message: t.notInteger });
    } else if (years.length) {
      ex.attributed_years = years.map(Number);
    }
    if (reason && ex.kind === "esenzione") ex.reason = reason === "altro" && row.reasonText ? row.reasonText : reason;
    return ex;
  });
}

export function readCredits(rows, get, errors, t) {
  return rows.map((row, i) => {
    const c = { id: row.id, type: row.type.input.value, role: row.role.input.value };
    c.date = required(errors, t, row.date, get(row.date, `credits.${i}.date`));
    c.credits = required(errors, t, row.credits, get(row.credits, `credits.${i}.credits`));
    for (const flag of CREDIT_FLAGS) if (row[flag].input.checked) c[flag] = true;
    if (row.triennium.input.value) c.triennium = row.triennium.input.value;
    const code = row.event_code.input.value.trim();
    if (code) c.event_code = code.slice(0, 64);
    Object.assign(c, row.registry.read());
    return c;
  });
}

// Labels of the triennium calculator that live in the message catalogue (messages.toml, calc.triennium.*),
