/*
 * The triennium calculator (data-calculator="triennium", "il mio triennio"): the profile (profession,
 * triennium, registration, ...), exemptions, premialità, dossier, cancellations and credits; each
 * change reads the form, computes the compliance and the status with the engine and shows the status
 * answer first. Its parts: rows and readers (triennium-rows.js), labels (triennium-labels.js),
 * answers (triennium-result.js), what-if (whatif.js), backup file (backup.js), storage (storage.js).
 */
import * as ECM from "../engine/index.js";
import { backupTools, parseImport } from "./backup.js";
import { offerDownload } from "./calendar_download.js";
import { el, nextTask } from "./dom.js";
import { field, invalidFields, readField, setError } from "./fields.js";
import { formatNumber, joinWords, lastValue, ruleNumbers, withRuleNumbers } from "./format.js";
import { TEXT, TYPES_BY_LANG, TYPE_LABELS, confidenceWords, errorText, pageLang } from "./labels.js";
import { estimateNote, resultRegion } from "./results.js";
import { clearState, emptyState, loadState, saveState } from "./storage.js";
import { PREMIALITA_ANCHOR, applies, engineAccepts, trienniumText } from "./triennium-labels.js";
import { keepBarOffFocus, renderCompliance, renderStatus } from "./triennium-result.js";
import {
  creditRow,
  currentTriennium,
  dossierRow,
  exemptionRow,
  gapRow,
  listEditor,
  readCredits,
  readDossiers,
  readExemptions,
  readGaps,
  trienniaOf,
} from "./triennium-rows.js";
import { whatIfPanel } from "./whatif.js";

// Credit rows added per start-up task: a long list is built in batches, each a short task.
const ROWS_PER_TASK = 25;

/** Build the triennium calculator in `host` with the loaded rules. Returns a promise, resolved when it
 *  is built and has computed its first answer: the work is cut into short tasks (nextTask) and the
 *  calculator joins the page once, complete, so nothing on screen moves while it is built. */
export async function mountTriennium(host, rulebook) {
  performance.mark("ecm:triennium:start");
  await nextTask();
  const lang = pageLang();
  const label = (id, params) => ECM.render(id, params || {}, lang);
  // Intl's formats take long to make the first time: one task each.
  formatNumber(0, lang);
  await nextTask();
  const numbers = ruleNumbers(rulebook, lang);
  await nextTask();
  const t = { ...withRuleNumbers(TEXT[lang], numbers), ...trienniumText(lang, numbers), ...confidenceWords(rulebook, lang) };
  TYPE_LABELS[lang] = withRuleNumbers(TYPES_BY_LANG[lang], numbers);
  await nextTask();
  const trienni = trienniaOf(rulebook);
  const trienniumStart = (id) => rulebook.latest("trienni").value.find((x) => x.id === id).start;
  // The professions that may declare complementary radiological activity (radioprotection.professions).
  const complementaryProfession = () =>
    rulebook.latest("radioprotection.professions").value.complementary.includes(f.profession.input.value);
  // Which inputs the engine takes (probed below, before the first computation).
  const accepts = { medical_exposure: false, radioprotection: false };
  let state = loadState();
  if (!trienni.includes(state.triennium)) state.triennium = currentTriennium(rulebook);

  const f = {
    // Issue 10/12: the profession first (the official list), then the triennium.
    profession: field(t, "profession", "select", {
      choices: [
        ["", t.professionUnset],
        ...rulebook.latest("profession.list").value.map((p) => [p.id, p[lang] || p.it]),
      ],
    }),
    triennium: field(t, "triennium", "select", {
      label: t.trienniumChoice,
      choices: trienni.map((x) => [x, x]),
    }),
    first_registration: field(t, "first_registration", "date"),
    medical_exposure: field(t, "medical_exposure", "checkbox"),
    // A dentist who works with medical exposure owes 15 % only with complementary radiological activity:
    // the engine asks for it (radioprotection.js), so the form must offer it to the professions concerned.
    radiology_complementary: field(t, "radiology_complementary", "checkbox"),
    previous_triennium_credits: field(t, "previous_triennium_credits", "number"),
    previous_triennium_met: field(t, "previous_triennium_met", "select", {
      choices: [
        ["", t.unknown],
        ["true", t.yes],
        ["false", t.no],
      ],
    }),
    employment: field(t, "employment", "select", {
      choices: [
        ["", t.unknown],
        ["employee", t.employee],
        ["self_employed", t.self_employed],
      ],
    }),
    retired_on: field(t, "retired_on", "date"),
  };
  // The premialità (Delibera CNFC 1/2025 art. 3): one question in plain words, about the trienni of
  // the person's group (by the first year of obligation, as obligation.py picks it).
  const premialita = lastValue(rulebook, "obligation.premialita");
  const premialitaGroup = () => {
    const groups = premialita.groups || [];
    const reg = f.first_registration.input.value;
    const startYear = ECM.dates.isIsoDate(reg) ? Number(reg.slice(0, 4)) + 1 : null;
    return startYear === null ? groups[0] : groups.find((g) => startYear <= g.started_by);
  };
  const certified = field(t, "premialita", "select", {
    label: "",
    choices: [
      ["no", t.premialitaNo],
      ["yes", t.premialitaYes],
    ],
  });
  const premialitaLink = el(
    "a",
    { href: `../../bonus/#${PREMIALITA_ANCHOR[lang]}`, target: "_blank", rel: "noopener" },
    t.premialitaRule,
  );
  const premialitaBox = el("div", { class: "ecm-premialita" }, certified.wrap, el("p", { class: "ecm-note" }, premialitaLink));
  const setPremialitaQuestion = () => {
    const group = premialitaGroup();
    const names = group ? [...group.trienni].sort() : [];
    certified.label = label("calc.triennium.premialita_question", {
      trienni: joinWords(names, lang),
      date: premialita.status_date,
    });
    const shown = certified.wrap.querySelector("label");
    if (shown.textContent !== certified.label) shown.textContent = certified.label;
    return group;
  };

  await nextTask();
  const onChange = () => refresh();
  const dossiers = listEditor(
    t,
    t.dossier,
    t.addDossier,
    () => ({ kind: "individual", triennium: f.triennium.input.value }),
    (d) => dossierRow(t, trienni, d),
    onChange,
  );
  const gaps = listEditor(
    t,
    t.gaps,
    t.addGap,
    () => ({}),
    (g) => gapRow(t, g),
    onChange,
  );
  const exemptions = listEditor(
    t,
    t.exemptions,
    t.addExemption,
    () => ({}),
    (x) => exemptionRow(t, x, label),
    onChange,
  );
  const creditList = listEditor(
    t,
    t.creditsList,
    t.addCredit,
    () => ({}),
    (c) => creditRow(t, lang, trienni, c),
    onChange,
  );
  const summary = el("p", { class: "ecm-error ecm-form-error", hidden: true, role: "alert" });
  const output = resultRegion();
  // Issue 11: the status answer comes first, above the form, so a phone shows it without scrolling.
  await nextTask();
  const statusBox = el("section", {
    class: "ecm-status-answer",
    "aria-live": "polite",
    "aria-label": t.statusTitle,
    "data-testid": "status-answer",
  });
  const whatIf = whatIfPanel(t, lang, rulebook, trienni, {
    read() {
      const errors = [];
      return { errors, data: readForm(errors) };
    },
    profileFor,
    creditsFor,
  });
  // What does nothing for the chosen triennium is hidden, and this note says so.
  const notApplicable = el("p", { class: "ecm-note", "data-testid": "not-applicable", hidden: true });
  const dossierBox = dossiers.fieldset;
  const premialitaFieldset = el("fieldset", { class: "ecm-fieldset" }, el("legend", {}, t.premialitaRule), premialitaBox);

  const form = el(
    "form",
    { class: "ecm-form", novalidate: true, onsubmit: (e) => e.preventDefault() },
    el(
      "fieldset",
      { class: "ecm-fieldset" },
      el("legend", {}, t.profile),
      el(
        "div",
        { class: "ecm-grid" },
        f.profession.wrap,
        f.triennium.wrap,
        f.first_registration.wrap,
        f.medical_exposure.wrap,
        f.radiology_complementary.wrap,
        f.previous_triennium_credits.wrap,
        f.previous_triennium_met.wrap,
        f.employment.wrap,
        f.retired_on.wrap,
      ),
      notApplicable,
    ),
    exemptions.fieldset,
    premialitaFieldset,
    dossierBox,
    gaps.fieldset,
    creditList.fieldset,
    summary,
  );
  const tools = backupTools(t, lang, trienni, {
    data: () => readForm([]),
    restore(imported) {
      state = { ...state, ...imported };
      fillFromState();
      refresh();
    },
    clear() {
      clearState();
      state = emptyState();
      state.triennium = currentTriennium(rulebook);
      fillFromState();
      refresh();
      saveState(state, true);
    },
  });
  const calculator = el(
    "section",
    { class: "ecm-calc ecm-calc--triennium", "aria-label": t.triennium },
    statusBox,
    form,
    ...output.nodes,
    estimateNote(t),
    whatIf.section,
    tools,
  );
  const bar = output.nodes[0];
  keepBarOffFocus(bar, form);
  // While the status answer is on screen, the bar would only repeat it.
  if ("IntersectionObserver" in window) {
    new IntersectionObserver((entries) => {
      for (const entry of entries) bar.classList.toggle("ecm-bar--answer-in-sight", entry.isIntersecting);
    }).observe(statusBox);
  }

  /** Hide what does nothing for the chosen triennium (from the rules data), and say so. */
  function syncApplicable() {
    const id = f.triennium.input.value;
    const start = trienniumStart(id);
    const previousStart = trienni.indexOf(id) > 0 ? trienniumStart(trienni[trienni.indexOf(id) - 1]) : start;
    const hidden = [];
    const show = (nodes, on, item) => {
      for (const node of nodes) node.hidden = !on;
      if (!on) hidden.push(label(item));
    };
    f.radiology_complementary.wrap.hidden = !complementaryProfession();
    show(
      [f.previous_triennium_credits.wrap, f.previous_triennium_met.wrap],
      applies(rulebook, "obligation.previous_credits", start) || applies(rulebook, "obligation.previous_met", start),
      "calc.triennium.item.previous",
    );
    show([f.employment.wrap], applies(rulebook, "caps.yearly_employee", start), "calc.triennium.item.employment");
    show(
      [dossierBox],
      applies(rulebook, "obligation.dossier", start) || applies(rulebook, "obligation.dossier", previousStart),
      "calc.triennium.item.dossier",
    );
    const group = setPremialitaQuestion();
    show([premialitaFieldset], Boolean(group) && applies(rulebook, "obligation.premialita", start), "calc.triennium.item.premialita");
    notApplicable.hidden = !hidden.length;
    const note = hidden.length
      ? label("calc.triennium.not_for_triennium", { triennium: id, items: hidden.join("; ") })
      : "";
    if (notApplicable.textContent !== note) notApplicable.textContent = note;
  }

  function fillFromState() {
    fillProfile();
    exemptions.reset(state.exemptions || []);
    creditList.reset(state.credits || []);
  }

  /** The form's profile, premialità, dossiers and cancellations from `state` (not its lists of
   *  exemptions and credits). */
  function fillProfile() {
    const p = state.profile || {};
    f.triennium.input.value = state.triennium;
    f.first_registration.input.value = p.first_registration || "";
    f.previous_triennium_credits.input.value =
      p.previous_triennium_credits !== undefined && p.previous_triennium_credits !== null
        ? String(p.previous_triennium_credits)
        : "";
    f.previous_triennium_met.input.value =
      p.previous_triennium_met === true ? "true" : p.previous_triennium_met === false ? "false" : "";
    f.profession.input.value = p.profession || "";
    f.employment.input.value = p.employment || "";
    f.retired_on.input.value = p.retired_on || "";
    f.medical_exposure.input.checked = p.medical_exposure === true;
    f.radiology_complementary.input.checked = p.radiology_complementary === true;
    dossiers.reset(p.dossiers || []);
    const group = setPremialitaQuestion();
    const stored = p.certified_trienni_at_2025_07_03 || [];
    certified.input.value = group && group.trienni.length && group.trienni.every((x) => stored.includes(x)) ? "yes" : "no";
    gaps.reset(p.registration_gaps || []);
  }

  /** Read the form into {triennium, profile, exemptions, credits}; collects per-field errors. */
  function readForm(errors) {
    const get = (fld, path) => {
      try {
        return readField(fld, t);
      } catch (err) {
        errors.push({ fld, path, message: err.message });
        return null;
      }
    };
    const profile = {};
    const reg = get(f.first_registration, "profile.first_registration");
    if (reg) profile.first_registration = reg;
    const prev = get(f.previous_triennium_credits, "profile.previous_triennium_credits");
    if (prev !== null) profile.previous_triennium_credits = prev;
    if (f.previous_triennium_met.input.value)
      profile.previous_triennium_met = f.previous_triennium_met.input.value === "true";
    if (f.profession.input.value) profile.profession = f.profession.input.value;
    if (f.employment.input.value) profile.employment = f.employment.input.value;
    const retired = get(f.retired_on, "profile.retired_on");
    if (retired) profile.retired_on = retired;
    const dossierList = readDossiers(dossiers.rows, get);
    if (dossierList.length) profile.dossiers = dossierList;
    const gapList = readGaps(gaps.rows, get, errors, t);
    if (gapList.length) profile.registration_gaps = gapList;
    const group = premialitaGroup();
    if (certified.input.value === "yes" && group) profile.certified_trienni_at_2025_07_03 = [...group.trienni].sort();
    if (f.medical_exposure.input.checked) profile.medical_exposure = true;
    if (f.radiology_complementary.input.checked && complementaryProfession()) profile.radiology_complementary = true;
    return {
      triennium: f.triennium.input.value,
      profile,
      exemptions: readExemptions(exemptions.rows, get, errors, t),
      credits: readCredits(creditList.rows, get, errors, t),
    };
  }

  /** Map an engine error path (e.g. "profile.exemptions.0.end") to the field that shows it. */
  function fieldForPath(path) {
    let parts = String(path || "").split(".");
    if (parts[0] === "exemptions") parts = ["profile", ...parts]; // exemptions.py names them without the prefix
    if (parts[0] === "profile" && parts[1] === "exemptions" && exemptions.rows[+parts[2]]) {
      return exemptions.rows[+parts[2]][parts[3]] || exemptions.rows[+parts[2]].start;
    }
    if (parts[0] === "credits" && creditList.rows[+parts[1]])
      return creditList.rows[+parts[1]][parts[2]] || creditList.rows[+parts[1]].credits;
    if (parts[0] === "profile" && parts[1] === "registration_gaps" && gaps.rows[+parts[2]]) {
      return gaps.rows[+parts[2]][parts[3]] || gaps.rows[+parts[2]].cancelled_on;
    }
    if (parts[0] === "profile" && f[parts[1]]) return f[parts[1]];
    if (parts[0] === "profile" && parts[1] === "dossiers" && dossiers.rows[+parts[2]]) {
      return dossiers.rows[+parts[2]][parts[3]] || dossiers.rows[+parts[2]].kind;
    }
    if (f[parts[0]]) return f[parts[0]];
    return null;
  }

  /** The profile as the engine takes it; the radioprotection inputs only where the engine knows them. */
  function profileFor(data) {
    const profile = { ...data.profile, exemptions: data.exemptions };
    if (!accepts.medical_exposure) {
      delete profile.medical_exposure;
      delete profile.radiology_complementary;
    }
    return profile;
  }

  function creditsFor(data) {
    if (accepts.radioprotection) return data.credits;
    return data.credits.map((c) => {
      const { radioprotection: _unused, ...rest } = c;
      return rest;
    });
  }

  function refresh() {
    Array.from(invalidFields).forEach((fld) => setError(fld, null));
    summary.hidden = true;
    syncApplicable();
    const errors = [];
    const data = readForm(errors);
    state = data;
    saveState(state);
    whatIf.refresh(data);
    warnSecondRoles();
    if (errors.length) {
      // setError keeps an untouched field's error pending (a row just added is not red yet).
      const shown = errors.map((e) => setError(e.fld, e.message)).filter(Boolean);
      output.show(el("p", { class: "ecm-result__invalid" }, shown.length ? t.fixInput : t.incomplete));
      return null;
    }
    let result;
    try {
      result = ECM.evaluateCompliance(rulebook, {
        triennium: data.triennium,
        profile: profileFor(data),
        credits: creditsFor(data),
      });
    } catch (err) {
      const fld = fieldForPath(err.field);
      const message = errorText(err, lang);
      // The rule book's question about a field not yet used (a dentist's radiological activity) shows at
      // once: nothing else on the form says what to answer.
      if (fld) setError(Object.assign(fld, { touched: true }), message);
      else {
        summary.textContent = `${err.field || ""}: ${message}`;
        summary.hidden = false;
      }
      output.show(el("p", { class: "ecm-result__invalid" }, t.fixInput));
      return null;
    }
    renderCompliance(output, ECM.localize(result, lang), rulebook, lang, t);
    const answer = renderStatus(statusBox, { ...data, credits: creditsFor(data) }, rulebook, lang, t, profileFor(data));
    // Issue 14: the same deadlines as a .ics file, computed on click from this answer's request.
    const request = { profiles: { [data.triennium]: profileFor(data) }, credits: creditsFor(data) };
    offerDownload(statusBox, rulebook, lang, answer && request, (type) => TYPE_LABELS[lang][type]);
    const main = bar.querySelector(".ecm-result__main");
    const ins = answer && answer.insurance;
    if (main && ins && ins.triennium && (ins.threshold !== null || ins.state === "no_obligation")) {
      const words =
        ins.state === "no_obligation"
          ? label("calc.triennium.bar_insurance_none", { triennium: ins.triennium })
          : ins.state === "no_credits_recorded"
            ? label("calc.triennium.bar_insurance_no_credits", { triennium: ins.triennium })
            : ins.met
              ? label("calc.triennium.bar_insurance_met", { triennium: ins.triennium })
              : label("calc.triennium.bar_insurance", { triennium: ins.triennium, missing: ins.missing });
      main.append(" ", el("span", { class: "ecm-bar__insurance" }, words));
    }
    return result;
  }

  /** Warn on each credit whose event code another credit uses in a different role (one role per event). */
  function warnSecondRoles() {
    const key = (row) => row.event_code.input.value.trim().toUpperCase();
    for (const row of creditList.rows) {
      const code = key(row);
      const other = code
        ? creditList.rows.find((o) => o !== row && key(o) === code && o.role.input.value !== row.role.input.value)
        : null;
      row.roleWarning.hidden = !other;
      row.roleWarning.textContent = other
        ? ECM.render(
            "warn.one_role_per_event",
            { event: row.event_code.input.value.trim(), role: `what.role.${other.role.input.value}` },
            lang,
          )
        : "";
    }
  }

  // Start-up in short tasks: the fields are made; then the engine is probed; then the saved data
  // fill the form (long lists in batches); then the first computation; then the calculator joins the
  // page, complete (the page reserves its space meanwhile).
  await nextTask();
  fillProfile();
  exemptions.reset(state.exemptions || []);
  creditList.reset([]);
  await nextTask();
  const probeTriennium = currentTriennium(rulebook);
  accepts.medical_exposure = engineAccepts(rulebook, {
    triennium: probeTriennium,
    profile: { medical_exposure: false },
    credits: [],
  });
  await nextTask();
  accepts.radioprotection = engineAccepts(rulebook, {
    triennium: probeTriennium,
    profile: {},
    credits: [{ id: "probe", type: "res_course", date: "2024-01-01", credits: 1, radioprotection: false }],
  });
  const saved = state.credits || [];
  for (let i = 0; i < saved.length; i += ROWS_PER_TASK) {
    await nextTask();
    creditList.append(saved.slice(i, i + ROWS_PER_TASK));
  }
  await nextTask();
  performance.mark("ecm:triennium:built");
  refresh();
  performance.mark("ecm:triennium:computed");
  await nextTask();
  host.replaceChildren(calculator);
  form.addEventListener("input", refresh);
  form.addEventListener("change", refresh);
  performance.measure("ecm:triennium:build", "ecm:triennium:start", "ecm:triennium:built");
  performance.measure("ecm:triennium:first-answer", "ecm:triennium:built", "ecm:triennium:computed");
  host.ecmRecompute = refresh;
  host.ecmImport = (json) => {
    state = { ...state, ...parseImport(json) };
    fillFromState();
    return refresh();
  };
}
