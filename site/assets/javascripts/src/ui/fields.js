/*
 * The calculators' form fields: a labelled input, select or checkbox with its error and "read as"
 * notes tied by aria-describedby; reading a field for the engine (numbers as the page's language
 * writes them); errors that wait until the person leaves the field or asks for the result.
 */
import * as ECM from "../engine/index.js";
import { el, nextId } from "./dom.js";
import { formText, numberText, readNumber } from "./format.js";
import { pageLang } from "./labels.js";

/** A labelled field; returns {wrap, input, error}. The error element is tied by aria-describedby. */
export function field(t, name, kind, options) {
  const id = nextId(name);
  const errorId = `${id}-error`;
  let input;
  const label = (options && options.label) || t[name] || name;
  if (kind === "select") {
    input = el("select", { id, name });
    for (const [value, text] of options.choices) input.append(el("option", { value }, text));
  } else if (kind === "checkbox") {
    input = el("input", { id, name, type: "checkbox" });
  } else if (kind === "date") {
    input = el("input", { id, name, type: "date", max: "2099-12-31" });
  } else {
    // Text with a numeric keyboard: type=number would hide what was typed when it is not a number.
    input = el("input", {
      id,
      name,
      type: "text",
      inputmode: kind === "int" ? "numeric" : kind === "number" ? "decimal" : null,
      autocomplete: "off",
    });
  }
  const error = el("p", { id: errorId, class: "ecm-error", hidden: true });
  // How a typed number was read ("letto come 1000"), when a separator had to be interpreted.
  const readAs = kind === "number" || kind === "int" ? el("p", { id: `${id}-read`, class: "ecm-read-as", hidden: true }) : null;
  input.setAttribute("aria-describedby", errorId); // the reading joins it while shown (showReadAs)
  const wrap =
    kind === "checkbox"
      ? el("div", { class: "ecm-field ecm-field--check" }, input, el("label", { for: id }, label), error)
      : el("div", { class: "ecm-field" }, el("label", { for: id }, label), input, readAs, error);
  wrap.dataset.field = name;
  const f = { wrap, input, error, readAs, kind, name, label, touched: false, pendingError: null };
  // Errors wait until the person leaves the field (or submits): a new, empty row is not an error yet.
  input.addEventListener("blur", () => {
    if (f.touched) return;
    f.touched = true;
    if (f.pendingError) {
      setError(f, f.pendingError);
      input.dispatchEvent(new CustomEvent("ecm-revealed", { bubbles: true }));
    }
  });
  return f;
}

/** Show every error now (on submit): returns the first field that has one, to move the focus there. */
export function revealErrors(list) {
  let first = null;
  for (const f of list) {
    if (!f || f.wrap.hidden || f.wrap.closest("[hidden]")) continue;
    f.touched = true;
    if (f.pendingError) {
      setError(f, f.pendingError);
      first = first || f;
    }
  }
  return first;
}

// The fields with an error, shown or waiting for the field to be left: clearing only these keeps a
// recomputation cheap with long lists.
export const invalidFields = new Set();

/** Record a field's error (the field's label is prepended); it shows once the field has been left
 *  or the form submitted. Returns whether the error is visible now. */
export function setError(f, message) {
  if (message) {
    f.pendingError = message;
    invalidFields.add(f);
    if (!f.touched) return false;
    f.error.textContent = `${f.label}: ${message}`;
    f.error.hidden = false;
    f.input.setAttribute("aria-invalid", "true");
    return true;
  }
  if (invalidFields.has(f)) {
    f.pendingError = null;
    f.error.textContent = "";
    f.error.hidden = true;
    f.input.removeAttribute("aria-invalid");
    invalidFields.delete(f);
  }
  return false;
}

/** Say under a number field how its text was read, or nothing when it was plain. */
function showReadAs(f, value) {
  if (!f.readAs) return;
  const shown = value !== null && !Number.isNaN(value);
  f.readAs.hidden = !shown;
  f.input.setAttribute("aria-describedby", shown ? `${f.error.id} ${f.readAs.id}` : f.error.id);
  f.readAs.textContent = shown ? formText("read_as", { value: numberText(Number(value)) }) : "";
}

/** Read a field's value for the engine; throws {field, message} for what cannot be parsed. */
export function readField(f, t) {
  if (f.kind === "checkbox") return f.input.checked;
  const raw = f.input.value;
  if (f.kind === "select") return raw === "" ? null : raw;
  if (f.kind === "date") {
    if (raw === "") return null;
    if (!ECM.dates.isIsoDate(raw)) throw { field: f.name, message: formText("not_date") };
    return raw;
  }
  if (f.kind === "text") return raw.trim() === "" ? null : raw.trim();
  const { value: n, interpreted } = readNumber(raw, pageLang());
  showReadAs(f, interpreted ? n : null);
  if (n === null) return null;
  if (Number.isNaN(n)) throw { field: f.name, message: formText("not_number") };
  if (f.kind === "int" && !Number.isInteger(n)) throw { field: f.name, message: formText("not_integer", { got: n }) };
  return n;
}
