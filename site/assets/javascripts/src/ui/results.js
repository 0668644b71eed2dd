/*
 * The parts of a result both calculators show: the explanation lines (rule, amount, source link,
 * confidence badge), the result area whose one-sentence answer is a polite live region, and the
 * "estimate, not a certification" notice.
 */
import { el, replaceContent } from "./dom.js";
import { formatSigned } from "./format.js";

export function badge(confidence, t) {
  if (!confidence || confidence === "HIGH") return null;
  return el(
    "span",
    { class: `ecm-badge ecm-badge--${confidence.toLowerCase()}` },
    t.confidence[confidence] || confidence,
  );
}

/** The explanation lines as a list: rule title (page language), amount, source link, confidence. */
export function renderLines(lines, rules, lang, t) {
  const list = el("ol", { class: "ecm-lines" });
  for (const ln of lines) {
    const title = rules.title(ln.rule, lang);
    const link =
      ln.source && ln.source.url
        ? el(
            "a",
            // A new tab: the calculator keeps what was typed while the source is read.
            { href: ln.source.url, target: "_blank", rel: "noopener", class: "ecm-source", title: ln.source.title },
            t.source,
          )
        : null;
    list.append(
      el(
        "li",
        { class: "ecm-line", "data-rule": ln.rule },
        el("span", { class: "ecm-line__title" }, title),
        " ",
        el("span", { class: "ecm-line__amount" }, formatSigned(ln.amount, lang)),
        " ",
        link,
        " ",
        badge(ln.confidence, t),
        ln.text ? el("span", { class: "ecm-line__text" }, ln.text) : null,
      ),
    );
  }
  return list;
}

/** A result area whose first part (the answer in one sentence) is a polite live region: a screen
 *  reader hears the new answer after each change, not the whole explanation again. */
export function resultRegion() {
  const live = el("div", { class: "ecm-result__live", "aria-live": "polite", "aria-atomic": "true" });
  const body = el("div", { class: "ecm-result__body" });
  return {
    // Both are children of the calculator's section, so that the answer can stay in sight (sticky)
    // while the person scrolls through a long form.
    nodes: [live, body],
    show(main, details) {
      replaceContent(live, main);
      replaceContent(body, details || []);
      body.hidden = !body.childElementCount;
    },
  };
}

export function estimateNote(t) {
  return el("p", { class: "ecm-estimate" }, t.estimate);
}

/* ------------------------------------------------------------------ rule numbers in labels */
