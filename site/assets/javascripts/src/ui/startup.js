/*
 * Start-up of a calculator bundle: where the rules file and the stylesheet are (from the script tag),
 * loading the rules once, and mounting each calculator of the page whose kind this bundle carries.
 * Each page kind has its own bundle (src/event-calculator.js, src/triennium-calculator.js), so
 * start() takes the mount functions of that bundle; a page with both (the widgets' test page)
 * loads both bundles, and each mounts its own.
 */
import * as ECM from "../engine/index.js";
import { el } from "./dom.js";
import { TEXT, pageLang } from "./labels.js";

// Captured now: document.currentScript is null once the script has finished running. The page names
// the rules file (content-hashed) in the script's data-rules attribute; without it (a plain page),
// the unhashed export is found relative to this file, since pages live at different depths.
const SCRIPT = document.currentScript;
const SCRIPT_URL = (SCRIPT && SCRIPT.src) || "";
const RULES_URL =
  SCRIPT && SCRIPT.dataset.rules
    ? new URL(SCRIPT.dataset.rules, document.baseURI).href
    : new URL("../data/rules.json", SCRIPT_URL || document.baseURI).href;
const STYLES_URL = new URL("../stylesheets/ecm-calculators.css", SCRIPT_URL || document.baseURI).href;

let rulesPromise = null;
function rules() {
  if (!rulesPromise) {
    rulesPromise = ECM.loadRules(RULES_URL).catch((err) => {
      rulesPromise = null; // allow a retry on the next page view
      throw err;
    });
  }
  return rulesPromise;
}

/** Add the calculators' stylesheet on the pages that have a calculator, unless the site lists it. */
function ensureStyles() {
  const listed = Array.from(document.querySelectorAll('link[rel="stylesheet"]')).some((l) => l.href === STYLES_URL);
  if (!listed) document.head.append(el("link", { rel: "stylesheet", href: STYLES_URL }));
}

/** Mount the page's calculators of the kinds in `mounts` ({kind: mount(host, rulebook)}) once the
 *  rules are loaded, on every page view; `api` joins window.ECMCalculators (shared by the bundles). */
export function start(mounts, api) {
  function init() {
    const hosts = Array.from(document.querySelectorAll(".ecm-calculator[data-calculator]")).filter(
      (host) => !host.dataset.ecmReady && mounts[host.dataset.calculator],
    );
    if (!hosts.length) return;
    ensureStyles();
    const t = TEXT[pageLang()];
    for (const host of hosts) {
      host.dataset.ecmReady = "loading";
      // The page reserves the calculator's space (stylesheet): the loading text does not move it.
      if (!host.childElementCount) host.replaceChildren(el("p", { class: "ecm-loading" }, t.loading));
    }
    rules().then(
      (rulebook) => {
        for (const host of hosts) {
          const ready = mounts[host.dataset.calculator](host, rulebook);
          Promise.resolve(ready).then(() => {
            host.dataset.ecmReady = "true";
          });
        }
      },
      () => {
        for (const host of hosts) {
          host.replaceChildren(el("p", { class: "ecm-error", role: "alert" }, t.loadFailed));
          delete host.dataset.ecmReady;
        }
      },
    );
  }

  // Material for MkDocs emits document$ on every page view (also with instant navigation); without it
  // (a plain page), start when the DOM is ready.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
  window.ECMCalculators = { ...window.ECMCalculators, ...api, init, rulesUrl: RULES_URL };
}
