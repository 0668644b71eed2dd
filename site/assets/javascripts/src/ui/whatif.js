/*
 * The triennium calculator's what-if panel ("E se sposto un credito?"): choose a credit and the
 * triennium to move it to (by default the one before the chosen triennium, and it follows it), run
 * the engine's whatIfMove, and say first whether the move helps or hurts each triennium it touches,
 * then whether the rules allow it, then the table before/after.
 */
import * as ECM from "../engine/index.js";
import { el, replaceContent } from "./dom.js";
import { field } from "./fields.js";
import { formatNumber } from "./format.js";
import { TYPE_LABELS, errorText } from "./labels.js";

/** The panel's section and refresh(data), called after each recomputation with the form's data.
 *  `form` gives what the panel computes with: read() → {errors, data}, profileFor(data), creditsFor(data). */
export function whatIfPanel(t, lang, rulebook, trienni, form) {
  const out = el("div", { class: "ecm-result ecm-whatif__result", "aria-live": "polite" });
  const credit = field(t, "whatIfCredit", "select", { choices: [] });
  const target = field(t, "whatIfTarget", "select", { choices: trienni.map((x) => [x, x]) });
  const section = el(
    "section",
    { class: "ecm-whatif", "aria-label": t.whatIf },
    el("h3", { class: "ecm-subtitle" }, t.whatIf),
    el("div", { class: "ecm-grid" }, credit.wrap, target.wrap),
    el("button", { type: "button", class: "ecm-button", onclick: run }, t.whatIfRun),
    out,
    el("p", { class: "ecm-note" }, t.irreversible),
  );

  let choicesKey = "";
  function refreshChoices(data) {
    const select = credit.input;
    // Only credits complete enough to move: a row still without its date or credits is not offered.
    const movable = data.credits.filter((c) => c.date && c.credits !== null && c.credits !== undefined);
    const key = movable.map((c) => `${c.id}|${c.date}|${c.type}|${c.credits}`).join("\n");
    if (key === choicesKey) return; // unchanged: keep the options (and the person's choice)
    choicesKey = key;
    const previous = select.value;
    select.replaceChildren(
      ...movable.map((c) =>
        el(
          "option",
          { value: c.id },
          // The credits first: a phone cuts a long option's end, and they are what tells credits apart.
          `${ECM.render("unit.credits", { count: c.credits }, lang)} · ${ECM.formatDate(c.date, lang)} · ${TYPE_LABELS[lang][c.type] || c.type}`,
        ),
      ),
    );
    if (movable.some((c) => c.id === previous)) select.value = previous;
  }

  function run() {
    const { errors, data } = form.read();
    if (errors.length || !data.credits.length) {
      out.replaceChildren(el("p", {}, errors.length ? t.fixInput : t.noCredits));
      return;
    }
    // The profile's exemptions and registration apply to every triennium; the previous-triennium
    // answers and the dossier were given for the selected one only.
    const shared = { ...form.profileFor(data) };
    delete shared.previous_triennium_credits;
    delete shared.previous_triennium_met;
    const profiles = {};
    for (const id of trienni) profiles[id] = id === data.triennium ? form.profileFor(data) : shared;
    try {
      const result = ECM.whatIfMove(rulebook, {
        credit_id: credit.input.value,
        target: target.input.value,
        profiles,
        credits: form.creditsFor(data),
      });
      renderWhatIf(out, ECM.localize(result, lang), lang, t);
    } catch (err) {
      out.replaceChildren(el("p", { class: "ecm-error" }, `${err.field || ""}: ${errorText(err, lang)}`));
    }
  }

  let shownTriennium = null;
  return {
    section,
    refresh(data) {
      refreshChoices(data);
      if (data.triennium !== shownTriennium) {
        // The destination follows the triennium: by default the one before it (a move fills a debt).
        shownTriennium = data.triennium;
        const before = trienni[trienni.indexOf(data.triennium) - 1];
        target.input.value = before || data.triennium;
        out.replaceChildren();
      }
    },
  };
}

/** The what-if's answer: first, for each triennium the move touches, whether it helps or hurts (the
 *  credits missing before and after); then whether the rules allow it and why; then the table. */
function renderWhatIf(out, r, lang, t) {
  const effects = Object.keys(r.before)
    .filter((id) => r.after[id])
    .map((id) => {
      const before = r.before[id].missing;
      const after = r.after[id].missing;
      const change = Math.abs(after - before);
      const kind = after < before ? "helps" : after > before ? "hurts" : "same";
      return el(
        "li",
        { class: kind === "helps" ? "ecm-ok" : kind === "hurts" ? "ecm-ko" : null, "data-effect": kind },
        ECM.render(`calc.triennium.whatif.${kind}`, { triennium: id, before, after, change }, lang),
      );
    });
  // The insurance threshold reached or lost, where the triennium has one (2023-2025 on).
  for (const id of Object.keys(r.before)) {
    const b = r.before[id];
    const a = r.after[id];
    if (!a || b.insurance_threshold === null || a.insurance_ok === b.insurance_ok) continue;
    const kind = a.insurance_ok ? "insurance_met" : "insurance_lost";
    effects.push(
      el(
        "li",
        { class: a.insurance_ok ? "ecm-ok" : "ecm-ko", "data-effect": kind },
        ECM.render(`calc.triennium.whatif.${kind}`, { triennium: id, threshold: a.insurance_threshold }, lang),
      ),
    );
  }
  const rows = Object.keys(r.before).map((id) => {
    const b = r.before[id];
    const a = r.after[id];
    return el(
      "tr",
      {},
      el("th", { scope: "row" }, id),
      el("td", {}, `${formatNumber(b.counted, lang)} / ${formatNumber(b.obligation.obligation, lang)}`),
      el("td", {}, a ? `${formatNumber(a.counted, lang)} / ${formatNumber(a.obligation.obligation, lang)}` : "–"),
    );
  });
  replaceContent(
    out,
    el("ul", { class: "ecm-whatif__effects", "data-testid": "whatif-effects" }, effects),
    el("p", { class: r.allowed ? "ecm-whatif__allowed" : "ecm-ko", "data-testid": "whatif-allowed" }, r.allowed ? t.allowed : t.notAllowed),
    r.reasons.length
      ? el(
          "ul",
          {},
          r.reasons.map((x) => el("li", {}, x.text)),
        )
      : null,
    el(
      "div",
      { class: "ecm-table-wrap", tabindex: 0, role: "region", "aria-label": t.whatIf },
      el(
        "table",
        { class: "ecm-table ecm-whatif__table" },
        el(
          "thead",
          {},
          el(
            "tr",
            {},
            el("th", { scope: "col" }, t.triennium),
            el("th", { scope: "col" }, t.whatIfColBefore),
            el("th", { scope: "col" }, t.whatIfColAfter),
          ),
        ),
        el("tbody", {}, rows),
      ),
    ),
  );
}
