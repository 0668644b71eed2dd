/*
 * The event calculator (data-calculator="event"): its form (date, tipologia, role, the inputs the
 * tipologia needs), the answer first (credits, role rules' generation, why 0), the explanation lines,
 * the one-role-per-event warning, and what was typed kept across reloads.
 */
import * as ECM from "../engine/index.js";
import { el, nextTask, replaceContent } from "./dom.js";
import {
  EVENT_INPUTS,
  EVENT_TYPES,
  ROLES,
  TYPE_GROUPS,
  amountOf,
  blendedEditor,
  countryChoices,
  dayBefore,
  eventFieldsFor,
  eventKey,
  eventLabels,
  typeLabel,
} from "./event-fields.js";
import { field, readField, revealErrors, setError } from "./fields.js";
import { formText, formatNumber } from "./format.js";
import { errorText, pageLang } from "./labels.js";
import { estimateNote, renderLines, resultRegion } from "./results.js";
import { loadEventState, saveEventState } from "./storage.js";

/** Build the event calculator in `host` with the loaded rules. Returns a promise, resolved when it is
 *  built and shows its first answer: the work is cut into short tasks (nextTask) and the calculator
 *  joins the page once, complete, so nothing on screen moves while it is built. */
export async function mountEvent(host, rulebook) {
  performance.mark("ecm:event:start");
  await nextTask();
  const lang = pageLang();
  // Intl's formats take long to make the first time: a task of their own.
  formatNumber(0, lang);
  await nextTask();
  const t = eventLabels(rulebook, lang);
  await nextTask();
  const saved = loadEventState();
  const fields = {};
  fields.date = field(t, "date", "date");
  fields.type = field(t, "type", "select", { choices: [] });
  for (const [group, test] of TYPE_GROUPS) {
    const optgroup = el("optgroup", { label: ECM.render(`ui.type_group.${group}`, {}, lang) });
    for (const x of EVENT_TYPES.filter(test)) optgroup.append(el("option", { value: x }, typeLabel(rulebook, x, lang)));
    fields.type.input.append(optgroup);
  }
  // The chosen tipologia in full under its select: a closed select cuts long names on a phone.
  const typeChosen = el("p", { class: "ecm-chosen", "aria-hidden": "true" });
  fields.type.wrap.insertBefore(typeChosen, fields.type.error);
  fields.role = field(t, "role", "select", { choices: ROLES.map((x) => [x, ECM.render(`ui.role.${x}`, {}, lang)]) });
  fields.event_code = field(t, "event_code", "text");
  for (const [name, kind] of EVENT_INPUTS) {
    let choices = null;
    if (name === "publication_kind") choices = ["indexed", "journal", "book"].map((x) => [x, ECM.render(`ui.publication.${x}`, {}, lang)]);
    if (name === "country") {
      await nextTask(); // some 250 countries, sorted by Intl's collator: a task of its own
      choices = countryChoices(rulebook, lang, t);
    }
    fields[name] = field(t, name, kind, choices ? { choices } : undefined);
  }
  // No default date: the date decides the rules, and today's would silently change the answer.
  fields.date.input.min = rulebook.at("event.earliest_date", ECM.dates.todayIso()).value;
  fields.type.input.value = "res_course";

  // What the person typed last time (reload, or back from a source page).
  const values = saved.fields || {};
  for (const [name, f] of Object.entries(fields)) {
    if (!(name in values)) continue;
    if (f.kind === "checkbox") f.input.checked = Boolean(values[name]);
    else {
      f.input.value = String(values[name]);
      if (f.kind === "select" && f.input.value !== String(values[name])) f.input.value = name === "type" ? "res_course" : "";
      if (f.input.value !== "") f.touched = true; // already left once: its errors may show at once
    }
  }
  const seenRoles = Array.isArray(saved.roles) ? saved.roles.slice(-50) : [];
  await nextTask();

  const components = blendedEditor(t, lang, rulebook, saved.components);
  const summary = el("p", { class: "ecm-error ecm-form-error", hidden: true, role: "alert" });
  const roleWarning = el("div", { class: "ecm-warning", role: "status", hidden: true, "data-testid": "one-role" });
  const output = resultRegion();
  const form = el(
    "form",
    { class: "ecm-form", novalidate: true, onsubmit: submit },
    el("div", { class: "ecm-grid" }, fields.date.wrap, fields.type.wrap, fields.role.wrap, fields.event_code.wrap),
    el(
      "div",
      { class: "ecm-grid" },
      EVENT_INPUTS.map(([name]) => fields[name].wrap),
    ),
    components.wrap,
    summary,
  );
  const [live, body] = output.nodes;
  // The answer first: the sentence and the role warning above the form, the steps below it.
  const calculator = el(
    "section",
    { class: "ecm-calc ecm-calc--event", "aria-label": t.eventCredits },
    live,
    roleWarning,
    form,
    body,
    estimateNote(t),
  );

  function updateVisibility() {
    const type = fields.type.input.value;
    typeChosen.textContent = typeLabel(rulebook, type, lang, true);
    // Each role exists only for some event types (the engine's ROLE_TYPES).
    for (const option of fields.role.input.options) {
      option.disabled = option.value !== "participant" && !ECM.ROLE_TYPES[option.value].has(type);
    }
    if (fields.role.input.selectedOptions[0] && fields.role.input.selectedOptions[0].disabled) {
      fields.role.input.value = "participant";
    }
    const wanted = eventFieldsFor(type, fields.role.input.value, rulebook, fields.date.input.value);
    for (const [name] of EVENT_INPUTS) fields[name].wrap.hidden = !wanted.has(name);
    components.wrap.hidden = !wanted.has("components");
  }

  function buildInput() {
    const input = { type: fields.type.input.value, role: fields.role.input.value };
    const date = readField(fields.date, t);
    if (date === null) throw { field: "date", message: formText("required"), msg: "error.missing" };
    input.date = date;
    // Every field that cannot be read, or is out of its bounds, at once (the engine stops at its first
    // refusal): the first goes through showError, the others next to their fields.
    const problems = [];
    for (const [name] of EVENT_INPUTS) {
      if (fields[name].wrap.hidden) continue;
      try {
        const value = readField(fields[name], t);
        if (value === null || value === false) continue;
        ECM.checkEventField(name, value);
        input[name] = value;
      } catch (err) {
        problems.push(err);
      }
    }
    for (const err of problems.slice(1)) setError(fields[String(err.field).split(".")[0]], errorText(err, lang));
    if (problems.length) throw problems[0];
    if (!components.wrap.hidden) input.components = components.read(date);
    return input;
  }

  function save() {
    const data = { fields: {}, components: components.snapshot(), roles: seenRoles };
    for (const [name, f] of Object.entries(fields)) data.fields[name] = f.kind === "checkbox" ? f.input.checked : f.input.value;
    saveEventState(data);
  }

  let last = null; // the last computed {key, label, role, date, credits}
  function recompute() {
    Object.values(fields).forEach((f) => setError(f, null));
    components.clearErrors();
    summary.hidden = true;
    // The event as the person named it, and the role: noted even when the numbers are not complete.
    const label = fields.event_code.input.value.trim();
    const day = ECM.dates.isIsoDate(fields.date.input.value) ? fields.date.input.value : "";
    const key = eventKey(label, day);
    last = key && day ? { key, label, role: fields.role.input.value, date: day } : null;
    let result;
    let input;
    try {
      input = buildInput();
      result = ECM.computeEventCredits(rulebook, input);
    } catch (err) {
      showError(err);
      warnSecondRole();
      return null;
    }
    renderEventResult(output, ECM.localize(result, lang), rulebook, lang, t, input);
    warnSecondRole();
    return result;
  }

  /** Remember the role computed for a named event, so that a second role at it is noticed. */
  function noteRole() {
    if (!last) return;
    const i = seenRoles.findIndex((r) => r.key === last.key && r.role === last.role);
    if (i >= 0) seenRoles.splice(i, 1);
    seenRoles.push(last);
    save();
  }

  /** One person, one role per event (point 11; the compliance applies it as line.compliance.one_role). */
  function warnSecondRole() {
    const other = last ? seenRoles.filter((r) => r.key === last.key && r.role !== last.role).pop() : null;
    roleWarning.hidden = !other;
    if (!other) return roleWarning.replaceChildren();
    const rule = "caps.one_role_per_event";
    const pv = rulebook.at(rule, last.date < "2011-01-01" ? "2011-01-01" : last.date);
    const src = pv.source && pv.source.url ? pv.source : rulebook.source(pv.source);
    replaceContent(
      roleWarning,
      el(
        "p",
        {},
        ECM.render("warn.one_role_computed", { event: other.label, role: `what.role.${other.role}` }, lang),
        " ",
        el("strong", {}, rulebook.title(rule, lang)),
        " ",
        src && src.url
          ? el(
              "a",
              { href: src.url, target: "_blank", rel: "noopener", class: "ecm-source", title: src.title },
              t.source,
            )
          : null,
      ),
      el(
        "button",
        {
          type: "button",
          class: "ecm-button ecm-button--secondary",
          onclick: () => {
            const key = last && last.key;
            for (let i = seenRoles.length - 1; i >= 0; i -= 1) if (seenRoles[i].key === key) seenRoles.splice(i, 1);
            noteRole();
            warnSecondRole();
            fields.event_code.input.focus();
          },
        },
        t.forget_roles,
      ),
    );
  }

  function showError(err) {
    const name = err && err.field ? String(err.field) : "";
    const message = errorText(err, lang);
    const top = name.split(".")[0];
    if (err && err.handled) {
      output.show(el("p", { class: "ecm-result__invalid" }, t.fixInput));
      return;
    }
    const empty = fields[top] && !fields[top].wrap.hidden && fields[top].input.value.trim() === "";
    if (empty && err && (err.msg === "error.missing" || err.msg === "error.required_for")) {
      // Not an error until the field is left empty: say what the answer needs.
      if (fields[top].touched) setError(fields[top], formText("required"));
      const hint = top === "date" ? t.need_date : ECM.render("ui.event.needed", { field: fields[top].label }, lang);
      output.show(el("p", { class: "ecm-result__hint" }, hint));
      return;
    }
    let shown = true;
    if (top === "components" && components.showError(name, message)) {
      // shown next to the part's field
    } else if (fields[top] && !fields[top].wrap.hidden) {
      // A refusal about a field the person is not typing in (a role with no rule before 2023, after the
      // date changed) shows at once: "inserisci il tuo ruolo" under a role already chosen misled a reviewer.
      if (document.activeElement !== fields[top].input && fields[top].input.value !== "") fields[top].touched = true;
      shown = setError(fields[top], message);
    } else {
      summary.textContent = name ? `${t[top] || name}: ${message}` : message;
      summary.hidden = false;
    }
    const hint = shown ? t.fixInput : ECM.render("ui.event.needed", { field: fields[top].label }, lang);
    output.show(el("p", { class: shown ? "ecm-result__invalid" : "ecm-result__hint" }, hint));
  }

  /** Enter in a field: show every error and move the focus to the first one. */
  function submit(e) {
    e.preventDefault();
    const all = [...Object.values(fields), ...components.fields()];
    revealErrors(all);
    recompute(); // an empty required field becomes an error once it counts as left
    const first = all.find((f) => !f.wrap.hidden && f.input.getAttribute("aria-invalid") === "true");
    if (first) first.input.focus();
    noteRole();
  }

  let saveTimer = null;
  form.addEventListener("input", () => {
    recompute();
    clearTimeout(saveTimer);
    saveTimer = setTimeout(save, 250);
  });
  form.addEventListener("change", () => {
    updateVisibility();
    recompute();
    noteRole();
    save();
  });
  form.addEventListener("ecm-revealed", recompute);
  // Enter in a field checks the whole form (the form has no submit button, so the browser would not).
  form.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && e.target instanceof HTMLInputElement && e.target.type !== "checkbox") submit(e);
  });
  window.addEventListener("pagehide", save);
  updateVisibility();
  await nextTask();
  performance.mark("ecm:event:built");
  recompute();
  await nextTask();
  host.replaceChildren(calculator);
  performance.measure("ecm:event:build", "ecm:event:start", "ecm:event:built");
  host.ecmRecompute = recompute; // used by the benchmark to time one recomputation
}

/** Why a result is 0, in words: a warning, a step that gave 0, or no rule giving credits. */
function zeroReason(result, lang) {
  if (result.warnings && result.warnings.length) return result.warnings[0].text;
  const unit = result.lines.find((ln) => ln.msg === "line.per_time_unit" && ln.params && ln.params.units === 0);
  if (unit) return ECM.render("ui.event.zero_time_unit", { minutes: unit.params.minutes, unit: unit.params.unit }, lang);
  const last = [...result.lines].reverse().find((ln) => amountOf(ln.amount) <= 0);
  return last ? last.text : ECM.render("ui.event.zero_no_rule", {}, lang);
}

/** Which version of a role's rule the date chose, when the rule changed over time (point 11, 2023). */
function roleRuleNote(result, rulebook, lang, date) {
  const ln = result.lines.find((x) => String(x.rule).startsWith("role."));
  if (!ln || !rulebook.has(ln.rule)) return null;
  const values = rulebook.parameters[ln.rule].values;
  const current = rulebook.at(ln.rule, date);
  const i = values.indexOf(current);
  const rule = rulebook.title(ln.rule, lang);
  if (i >= 0 && i < values.length - 1) {
    const next = values[i + 1].from;
    return ECM.render("ui.event.role_rule_until", { rule, until: dayBefore(next), next }, lang);
  }
  return i > 0 ? ECM.render("ui.event.role_rule_since", { rule, since: current.from }, lang) : null;
}

function renderEventResult(output, result, rulebook, lang, t, input) {
  const credits = amountOf(result.credits);
  const number = formatNumber(credits, lang);
  const generation = `ui.event.generation.${result.rules_version}`;
  let sentence;
  try {
    sentence = ECM.render(
      "ui.event.answer",
      { credits, role: `what.role.${input.role}`, date: input.date, generation },
      lang,
    );
  } catch (_err) {
    // A rules generation the catalogue does not name yet: the number and the version's id.
    sentence = `${ECM.render("unit.credits", { count: credits }, lang)} (${result.rules_version})`;
  }
  const at = sentence.indexOf(number);
  const main = el(
    "p",
    { class: "ecm-result__main" },
    sentence.slice(0, at),
    el("strong", { class: "ecm-result__value", "data-testid": "event-credits" }, number),
    sentence.slice(at + number.length),
  );
  const answer = [main];
  const roleNote = roleRuleNote(result, rulebook, lang, input.date);
  if (roleNote) answer.push(el("p", { class: "ecm-note", "data-testid": "role-rule" }, roleNote));
  if (credits === 0) {
    answer.push(
      el(
        "p",
        { class: "ecm-zero", "data-testid": "zero-reason" },
        ECM.render("ui.event.zero_because", { reason: zeroReason(result, lang) }, lang),
      ),
    );
  }
  const parts = [];
  if (result.uncertain) parts.push(el("p", { class: "ecm-uncertain" }, t.uncertain));
  if (result.lines.length) {
    parts.push(el("h3", { class: "ecm-subtitle" }, t.howComputed), renderLines(result.lines, rulebook, lang, t));
  }
  if (result.warnings && result.warnings.length) {
    parts.push(
      el("h3", { class: "ecm-subtitle" }, t.warnings),
      el(
        "ul",
        { class: "ecm-warnings" },
        result.warnings.map((w) => el("li", {}, w.text)),
      ),
    );
  }
  output.show(answer, parts);
}

/* ------------------------------------------------------------------ triennium calculator */
