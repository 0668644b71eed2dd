/*
 * DOM helpers of the calculators: el (an element with attributes, listeners and children),
 * replaceContent (replaceChildren without the nulls of optional parts) and nextId (unique ids for
 * label/field pairs and meters) and saveFile (a file made in the browser, downloaded).
 */

let uid = 0;
export function nextId(prefix) {
  uid += 1;
  return `ecm-${prefix}-${uid}`;
}

/** Create an element: el("p", {class: "x"}, "text", child). */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Hand `blob` to the browser as a download named `name` (nothing leaves the device). */
export function saveFile(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = el("a", { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** replaceChildren without the nulls of optional parts (which it would print as "null"). */
export function replaceContent(node, ...children) {
  node.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
}

/** Let the browser paint and handle input before the next piece of start-up work: the calculators
 *  build in several short tasks rather than one long one (a phone's main thread stays responsive,
 *  Lighthouse's "total blocking time"). scheduler.yield where the browser has it, else a new task. */
export function nextTask() {
  if (window.scheduler && typeof window.scheduler.yield === "function") return window.scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}
