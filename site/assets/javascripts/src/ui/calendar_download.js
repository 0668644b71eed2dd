// The triennium calculator's deadline calendar (issue 14): the same events as the API's iCalendar feed,
// as a .ics file made in the browser, for people without an account. Nothing is sent anywhere.
//
// The triennium calculator (triennium.js, triennium-rows.js, backup.js) calls three functions:
//   registryFields(lang, credit) → {nodes, read}: a credit row's "not yet in Co.Ge.A.P.S." and
//     "regional provider" checkboxes (the registry clock needs them); read() gives the record's fields;
//   registryOf(record): those fields of an imported record (the API's export has them);
//   offerDownload(box, rulebook, lang, request, typeLabel): the button and its note, after the status
//     answer; the events are computed on click, from the request the answer was computed for.

import * as ECM from "../engine/index.js";
import { icsCalendar } from "../engine/ical.js";
import { el, saveFile } from "./dom.js";
import { field } from "./fields.js";

// Part of every UID: events downloaded from the guide keep their UIDs from one download to the next
// (an import updates them) and never collide with the API feed's, whose scope is per person.
const UID_SCOPE = "guide";

/** A label of the triennium calculator from the catalogue (calc.triennium.<id>). */
const say = (id, lang) => ECM.render(`calc.triennium.${id}`, {}, lang);

/** The registry fields of one credit row, filled from `credit` (a CreditRecord). */
function registryFields(lang, credit) {
  const t = { in_registry: say("pending", lang), provider_scope: say("regional", lang) };
  const pending = field(t, "in_registry", "checkbox");
  const regional = field(t, "provider_scope", "checkbox");
  pending.input.checked = credit.in_registry === false;
  regional.input.checked = credit.provider_scope === "regional";
  const sync = () => {
    regional.wrap.hidden = !pending.input.checked;
  };
  pending.input.addEventListener("change", sync);
  sync();
  // The title is not edited here, but kept: the status answer names a credit by it.
  const title = credit.title ? { title: credit.title } : {};
  const read = () =>
    pending.input.checked
      ? { ...title, in_registry: false, ...(regional.input.checked ? { provider_scope: "regional" } : {}) }
      : title;
  return { nodes: [pending.wrap, regional.wrap], read };
}

/** The registry fields (and title) of an imported record, as the rule book takes them: a record of
 *  the API's export is not in the registry while its registry_status is "provisional". */
function registryOf(record) {
  const out = {};
  if (record.title) out.title = String(record.title).slice(0, 300);
  if (record.in_registry === false || record.registry_status === "provisional") out.in_registry = false;
  if (record.provider_scope === "regional") out.provider_scope = "regional";
  return out;
}

function download(rulebook, lang, request, typeLabel) {
  // A credit without a title is named by its type and event code: "FAD – e-learning 123-4".
  const titles = {};
  for (const c of request.credits || [])
    if (!c.title) titles[c.id] = [typeLabel(c.type), c.event_code].filter(Boolean).join(" ");
  const { events } = ECM.localize(ECM.deadlineCalendar(rulebook, { ...request, titles }), lang);
  const name = ECM.render("cal.name", {}, lang);
  const text = icsCalendar(events, { name, scope: UID_SCOPE, stamp: new Date() });
  // The file is named after the calendar: "scadenze-ecm.ics", "ecm-deadlines.ics".
  saveFile(new Blob([text], { type: "text/calendar;charset=utf-8" }), `${name.toLowerCase().replace(/ /g, "-")}.ics`);
}

/** The download button and its note, right after `box` (the status answer), for `request` (null: hidden,
 *  as the answer is). Beside the answer, not in it: the answer is a live region that screen readers read
 *  again at each change, and the button would be read with it. */
function offerDownload(box, rulebook, lang, request, typeLabel) {
  let held = box.nextElementSibling;
  if (!held || held.className !== "ecm-ics") {
    const button = el(
      "button",
      { type: "button", class: "ecm-button", onclick: () => download(rulebook, lang, held.request, typeLabel) },
      say("ics_button", lang),
    );
    held = el("div", { class: "ecm-ics" }, button, el("p", { class: "ecm-note" }, say("ics_note", lang)));
    box.after(held);
  }
  held.request = request;
  held.hidden = !request;
}

export { registryFields, registryOf, offerDownload };
