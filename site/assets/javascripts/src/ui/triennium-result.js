/*
 * The triennium calculator's answers: the status answer at the top (one sentence per subject with
 * its "why" lines, the deadlines, the two meters), the compliance result (obligation lines, counted
 * and missing credits, meters for 100 % and the insurance threshold, credit lines, the date computed)
 * and the sticky answer bar that steps aside from the focused field.
 */
import * as ECM from "../engine/index.js";
import { el, nextId } from "./dom.js";
import { formatNumber, ruleNumbers } from "./format.js";
import { renderLines } from "./results.js";
import { trienniumText } from "./triennium-labels.js";

function meter(label, value, max, lang) {
  const id = nextId("meter");
  const safeMax = max > 0 ? max : 1;
  return el(
    "div",
    { class: "ecm-meter" },
    el("label", { for: id }, label),
    el(
      "meter",
      { id, min: 0, max: safeMax, value: Math.min(value, safeMax), low: safeMax * 0.7, optimum: safeMax },
      `${formatNumber(value, lang)} / ${formatNumber(max, lang)}`,
    ),
    el("span", { class: "ecm-meter__text" }, `${formatNumber(value, lang)} / ${formatNumber(max, lang)}`),
  );
}

function kv(label, value, testid) {
  return el("div", { class: "ecm-kv" }, el("dt", {}, label), el("dd", { "data-testid": testid }, value));
}

export function renderCompliance(output, r, rulebook, lang, labels) {
  // Thresholds as they stand for this triennium (a later change of the data changes the label too).
  const numbers = ruleNumbers(rulebook, lang, `${r.triennium.slice(0, 4)}-01-01`);
  const t = { ...labels, ...trienniumText(lang, numbers) };
  const o = r.obligation;
  const status = (ok) => el("span", { class: ok ? "ecm-ok" : "ecm-ko" }, ok ? t.reached : t.notReached);
  // The compact answer of the sticky bar (issue 12: at most two lines on a phone).
  const main = el(
    "p",
    { class: "ecm-result__main" },
    el("span", { class: "ecm-result__label" }, `${t.obligation} `),
    el("strong", { class: "ecm-result__value", "data-testid": "obligation" }, formatNumber(o.obligation, lang)),
    " ",
    el(
      "span",
      { class: "ecm-result__also" },
      ECM.render("calc.triennium.bar", { triennium: r.triennium, counted: r.counted, missing: r.missing }, lang),
    ),
  );
  // Every 0 says why: an obligation of 0 points to its lines, no credit counted says what counts.
  const zero =
    o.obligation === 0
      ? ECM.render("calc.triennium.zero_obligation", { triennium: r.triennium }, lang)
      : r.counted === 0
        ? ECM.render("calc.triennium.zero_counted", { triennium: r.triennium }, lang)
        : null;
  output.show(main, [
    zero ? el("p", { class: "ecm-note", "data-testid": "zero-why" }, zero) : null,
    el("h3", { class: "ecm-subtitle" }, t.obligationLines),
    renderLines(o.lines, rulebook, lang, t),
    el(
      "dl",
      { class: "ecm-summary" },
      kv(t.recorded, formatNumber(r.recorded, lang), "recorded"),
      kv(t.counted, formatNumber(r.counted, lang), "counted"),
      kv(
        `${t.learner} (${t.learnerMin} ${formatNumber(r.learner_minimum, lang)})`,
        formatNumber(r.learner, lang),
        "learner",
      ),
      // The radioprotection quota (D.Lgs 101/2020 art. 162), a minimum inside the obligation like the one above.
      r.radioprotection_minimum === null || r.radioprotection_minimum === undefined
        ? null
        : kv(
            `${t.radioprotectionObjective} (${t.learnerMin} ${formatNumber(r.radioprotection_minimum, lang)})`,
            formatNumber(r.radioprotection, lang),
            "radioprotection",
          ),
      kv(t.missing, formatNumber(r.missing, lang), "missing"),
      r.insurance_threshold === null
        ? null
        : kv(t.missingInsurance, formatNumber(r.missing_for_insurance, lang), "missing-insurance"),
    ),
    meter(t.meter100, r.counted, r.certifiable_threshold, lang),
    el("p", {}, `${t.certifiable}: `, status(r.certifiable)),
    ...(r.insurance_threshold === null
      ? [
          el(
            "p",
            { class: "ecm-note", "data-testid": "no-insurance" },
            ECM.render(
              "warn.insurance.no_threshold",
              { triennium: r.triennium, first: rulebook.latest("insurance.rule").value.first_triennium },
              lang,
            ),
          ),
        ]
      : [
          // With nothing owed, "0 of 0 reached" would say nothing: the notice says why instead.
          o.obligation === 0 ? null : meter(t.meter70, r.counted, r.insurance_threshold, lang),
          o.obligation === 0 ? null : el("p", {}, `${t.insurance}: `, status(r.insurance_ok)),
          // Which policies this triennium's 70 % decides, and from when (§11.5).
          r.insurance_notice
            ? el("p", { class: "ecm-note", "data-testid": "insurance-notice" }, r.insurance_notice.text)
            : null,
        ]),
    r.credit_lines.length ? el("h3", { class: "ecm-subtitle" }, t.creditLines) : null,
    r.credit_lines.length ? renderLines(r.credit_lines, rulebook, lang, t) : null,
    r.radioprotection_lines && r.radioprotection_lines.length ? renderLines(r.radioprotection_lines, rulebook, lang, t) : null,
    r.ignored_records.length
      ? el("p", { class: "ecm-note" }, ECM.render("calc.triennium.text.ignored", { count: r.ignored_records.length }, lang))
      : null,
    r.uncertain ? el("p", { class: "ecm-uncertain" }, t.uncertain) : null,
    el(
      "p",
      { class: "ecm-note ecm-computed-on", "data-testid": "computed-on" },
      ECM.render("calc.triennium.computed_on", { date: ECM.dates.todayIso() }, lang),
    ),
  ]);
}

/** An opened "Perché" or deadline list may unfold below the screen's edge, where a tap seems to do
 *  nothing: bring what it opened into view (as little scrolling as that takes). */
function keepInView(e) {
  const opened = e.currentTarget;
  if (!opened.open || !opened.lastElementChild) return;
  const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  opened.lastElementChild.scrollIntoView({ block: "nearest", behavior: still ? "auto" : "smooth" });
}

/** The status answer: one sentence per subject, each with its explanation lines under "Why". */
export function renderStatus(box, data, rulebook, lang, t, profile) {
  let r;
  try {
    r = ECM.localize(
      ECM.evaluateStatus(rulebook, { profiles: { [data.triennium]: profile }, credits: data.credits }),
      lang,
    );
  } catch (err) {
    box.replaceChildren();
    return null;
  }
  // A sentence names an obligation and what counts against it: its "Why" shows how both were reached
  // (the obligation's reductions first, e.g. maternity's −20, then the credits).
  const both = (c) => (c ? [...c.obligation.lines, ...c.credit_lines] : []);
  const linesFor = (see) => {
    if (see === "current.credit_lines") return both(r.current);
    if (see === "insurance.compliance.credit_lines") return both(r.insurance.compliance);
    if (see === "insurance.compliance.obligation.lines") return r.insurance.compliance.obligation.lines;
    if (see === "insurance.rule") return [r.insurance.rule];
    return [];
  };
  const items = r.sentences.map((s) => {
    const lines = linesFor(s.see);
    const why = lines.length
      ? el(
          "details",
          { class: "ecm-status-answer__why", ontoggle: keepInView },
          el("summary", {}, t.statusWhy),
          renderLines(lines, rulebook, lang, t),
        )
      : null;
    return el("li", { "data-see": s.see }, el("span", { class: "ecm-status-answer__text" }, s.text), why);
  });
  const tl = r.current_timeline;
  const deadlines = tl
    ? el(
        "details",
        { class: "ecm-status-answer__timeline", ontoggle: keepInView },
        el("summary", {}, `${t.statusTimeline} ${tl.triennium}`),
        el(
          "ul",
          {},
          tl.deadlines.map((d) =>
            el(
              "li",
              {},
              `${t.deadlineKinds[d.kind] || d.kind}: ${ECM.formatDate(d.date, lang)}`,
              d.single_source ? ` (${t.singleSource})` : "",
              " ",
              d.source && d.source.url
                ? el("a", { href: d.source.url, target: "_blank", rel: "noopener", class: "ecm-source", title: d.source.title }, t.source)
                : null,
            ),
          ),
        ),
      )
    : null;
  // The two meters of issue 12: the current triennium against 100 % of its obligation, the insurer's
  // triennium against its threshold (70 % from 2023-2025), each labelled with its numbers.
  const share = (paramId, triennium) => {
    const first = rulebook.parameters[paramId].values[0].from;
    const day = `${triennium.slice(0, 4)}-01-01`;
    return ECM.Q.of(rulebook.at(paramId, day < first ? first : day).value)
      .mul(new ECM.Q(100))
      .toNumber();
  };
  const meters = [];
  if (r.current) {
    const c = r.current;
    meters.push(
      statusMeter(
        ECM.render(
          "calc.triennium.meter_current",
          {
            triennium: c.triennium,
            counted: c.counted,
            threshold: c.certifiable_threshold,
            percent: share("thresholds.certifiable", c.triennium),
          },
          lang,
        ),
        c.counted,
        c.certifiable_threshold,
        "meter-current",
      ),
    );
  }
  const ins = r.insurance;
  if (ins && ins.triennium && ins.threshold !== null) {
    meters.push(
      statusMeter(
        ECM.render(
          "calc.triennium.meter_insurance",
          {
            triennium: ins.triennium,
            counted: ins.counted,
            threshold: ins.threshold,
            percent: share("thresholds.insurance", ins.triennium),
          },
          lang,
        ),
        ins.counted,
        ins.threshold,
        "meter-insurance",
      ),
    );
  }
  box.replaceChildren(
    el("h2", { class: "ecm-subtitle" }, t.statusTitle),
    el("ul", { class: "ecm-status-answer__list" }, items),
    el("div", { class: "ecm-status-answer__meters" }, meters),
    deadlines,
  );
  return r;
}

/** A meter whose label carries its numbers (counted, threshold, share of the obligation). */
function statusMeter(text, value, max, testid) {
  const id = nextId("meter");
  const safeMax = max > 0 ? max : 1;
  return el(
    "div",
    { class: "ecm-meter ecm-meter--status", "data-testid": testid },
    el("label", { for: id }, text),
    el("meter", { id, min: 0, max: safeMax, value: Math.min(value, safeMax), low: safeMax * 0.7, optimum: safeMax }, text),
  );
}

/** The sticky answer bar steps aside (class ecm-bar--yield) while the focused field would be under it,
 *  the on-screen keyboard is open (the visual viewport shrinks), or a button of the form sits in the
 *  strip the bar covers ("Aggiungi un periodo" at the bottom of the screen could not be tapped): it
 *  never covers what is typed or tapped. */
export function keepBarOffFocus(bar, scope) {
  bar.classList.add("ecm-bar");
  let frame = 0;
  const update = () => {
    frame = 0;
    const active = document.activeElement;
    let step = false;
    const strip = window.innerHeight - bar.offsetHeight - 8; // where the bar's top edge sits, with a gap
    if (active && scope.contains(active) && active.matches("input, select, textarea")) {
      const viewport = window.visualViewport;
      if (viewport && viewport.height < window.innerHeight * 0.75) step = true; // the keyboard is open
      else step = active.getBoundingClientRect().bottom > strip;
    }
    for (const button of step ? [] : scope.querySelectorAll("button, summary")) {
      const box = button.getBoundingClientRect();
      if (box.height && box.bottom > strip && box.top < window.innerHeight) {
        step = true;
        break;
      }
    }
    bar.classList.toggle("ecm-bar--yield", step);
  };
  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(update);
  };
  scope.addEventListener("focusin", update);
  scope.addEventListener("focusout", () => setTimeout(update, 0));
  window.addEventListener("scroll", schedule, { passive: true });
  window.addEventListener("resize", schedule);
  if (window.visualViewport) window.visualViewport.addEventListener("resize", schedule);
}
