/*
 * ECM calculators embedded in the guide's pages:
 *   <div class="ecm-calculator" data-calculator="event"></div>
 *   <div class="ecm-calculator" data-calculator="triennium"></div>
 *
 * They read the rules export (assets/data/rules.<hash>.min.json, with its message catalogue) and
 * compute with the engine's ES modules (src/engine/), in the browser: no account, no third-party
 * request; the triennium data stays in localStorage. This file is the entry point of the bundle that
 * esbuild writes at build time (hooks/bundle_scripts.py): pages load that bundle, not this file.
 */
import * as ECM from "./src/engine/index.js";
import * as CAL from "./src/ui/calendar_download.js";

(function () {
  "use strict";

  // Captured now: document.currentScript is null once the script has finished running. The page names
  // the rules file (content-hashed) in the script's data-rules attribute; without it (a plain page),
  // the unhashed export is found relative to this file, since pages live at different depths.
  const SCRIPT = document.currentScript;
  const SCRIPT_URL = (SCRIPT && SCRIPT.src) || "";
  const RULES_URL = SCRIPT && SCRIPT.dataset.rules
    ? new URL(SCRIPT.dataset.rules, document.baseURI).href
    : new URL("../data/rules.json", SCRIPT_URL || document.baseURI).href;
  const STYLES_URL = new URL("../stylesheets/ecm-calculators.css", SCRIPT_URL || document.baseURI).href;
  const STORAGE_KEY = "ecm-triennium-v1";

  /* ------------------------------------------------------------------ language */

  const TEXT = {
    it: {
      loading: "Caricamento delle regole…",
      loadFailed: "Non è stato possibile caricare le regole del calcolatore.",
      estimate:
        "Stima calcolata nel tuo browser dalle regole pubblicate: non è una certificazione. L'Ordine certifica.",
      date: "Data di inizio dell'evento",
      type: "Tipologia",
      role: "Ruolo",
      hours: "Durata (ore)",
      credits: "crediti",
      source: "fonte",
      uncertain: "Una regola con affidabilità non alta ha deciso il risultato.",
      confidence: { MED: "affidabilità media", LOW: "affidabilità bassa" },
      fixInput: "Correggi i dati evidenziati.",
      notInteger: "deve essere un numero intero",
      choose: "— scegli —",
      yes: "sì",
      no: "no",
      unknown: "non so",
      remove: "Rimuovi",
    },
    en: {
      loading: "Loading the rules…",
      loadFailed: "The calculator's rules could not be loaded.",
      estimate:
        "An estimate computed in your browser from the published rules: not a certification. The Ordine certifies.",
      date: "Event start date",
      type: "Event type",
      role: "Role",
      hours: "Duration (hours)",
      credits: "credits",
      source: "source",
      uncertain: "A rule with less than high confidence decided the result.",
      confidence: { MED: "medium confidence", LOW: "low confidence" },
      fixInput: "Please fix the highlighted input.",
      notInteger: "must be a whole number",
      choose: "— choose —",
      yes: "yes",
      no: "no",
      unknown: "don't know",
      remove: "Remove",
    },
  };

  // The type names as written, with {placeholders}; TYPE_LABELS holds them filled once the rules load.
  const TYPE_LABELS = {};
  const TYPES_BY_LANG = {
    it: {
      res_course: "RES – corso di aggiornamento",
      res_congress: "RES – convegno, congresso, simposio, conferenza (oltre {congress_min})",
      res_workshop: "RES – workshop, seminario, corso in un congresso",
      res_interactive: "RES – formazione residenziale interattiva",
      fsc_training: "FSC – training individualizzato",
      fsc_improvement_group: "FSC – gruppo di miglioramento",
      fsc_improvement_project: "FSC – progetto di miglioramento",
      fsc_research: "FSC – attività di ricerca",
      fsc_audit: "FSC – audit clinico e/o assistenziale",
      fad_self_study: "FAD – autoapprendimento senza tutoraggio",
      fad_self_study_tutored: "FAD – autoapprendimento con tutoraggio",
      fad_elearning: "FAD – e-learning",
      fad_webinar: "FAD sincrona – webinar",
      blended: "Blended (somma delle parti)",
      publication: "Pubblicazione scientifica",
      clinical_trial: "Sperimentazione clinica",
      individual_tutoring: "Tutoraggio individuale",
      autoformazione: "Autoformazione",
      abroad: "Formazione all'estero",
    },
    en: {
      res_course: "RES – refresher course",
      res_congress: "RES – convention, congress, symposium, conference (over {congress_min})",
      res_workshop: "RES – workshop, seminar, course within a congress",
      res_interactive: "RES – interactive residential training",
      fsc_training: "FSC – individual training",
      fsc_improvement_group: "FSC – improvement group",
      fsc_improvement_project: "FSC – improvement project",
      fsc_research: "FSC – research activity",
      fsc_audit: "FSC – clinical audit",
      fad_self_study: "FAD – self-study without tutor",
      fad_self_study_tutored: "FAD – self-study with tutor",
      fad_elearning: "FAD – e-learning",
      fad_webinar: "Synchronous FAD – webinar",
      blended: "Blended (sum of its parts)",
      publication: "Scientific publication",
      clinical_trial: "Clinical trial",
      individual_tutoring: "Individual tutoring",
      autoformazione: "Self-directed learning (autoformazione)",
      abroad: "Training abroad",
    },
  };

  const ROLE_LABELS = {
    it: {
      participant: "Discente",
      teacher: "Docente o relatore",
      moderator: "Moderatore",
      scientific_lead: "Responsabile scientifico",
      fsc_tutor: "Tutor o coordinatore FSC",
      fad_tutor: "Tutor di FAD asincrona",
      classroom_tutor: "Tutor d'aula o di FAD sincrona",
    },
    en: {
      participant: "Participant",
      teacher: "Teacher or speaker",
      moderator: "Moderator",
      scientific_lead: "Scientific lead",
      fsc_tutor: "On-the-job training tutor or coordinator",
      fad_tutor: "Asynchronous e-learning tutor",
      classroom_tutor: "Classroom or synchronous e-learning tutor",
    },
  };

  const PUBLICATION_LABELS = {
    it: {
      indexed: "Rivista indicizzata (Scopus, WoS)",
      journal: "Rivista non indicizzata o atti",
      book: "Libro o capitolo",
    },
    en: {
      indexed: "Indexed journal (Scopus, WoS)",
      journal: "Non-indexed journal or proceedings",
      book: "Book or chapter",
    },
  };

  // Lines, warnings, reasons and refusals come from the engine with a message id and params; their
  // text is rendered from the rule book's catalogue in the page's language (ECM.localize, err.text).
  function errorText(err, lang) {
    if (err && typeof err.text === "function" && err.msg) return err.text(lang);
    return (err && err.message) || String(err);
  }

  function pageLang() {
    const lang = (document.documentElement.lang || "").toLowerCase();
    return lang.startsWith("it") ? "it" : "en";
  }

  /* ------------------------------------------------------------------ DOM helpers */

  let uid = 0;
  function nextId(prefix) {
    uid += 1;
    return `ecm-${prefix}-${uid}`;
  }

  /** Create an element: el("p", {class: "x"}, "text", child). */
  function el(tag, attrs, ...children) {
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

  /** replaceChildren without the nulls of optional parts (which it would print as "null"). */
  function replaceContent(node, ...children) {
    node.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  }

  // Numbers and dates as the engine writes them in sentences (Intl, the page's locale).
  const formatNumber = (value, lang) => ECM.formatNumber(value, lang);

  function formatSigned(value, lang) {
    const text = formatNumber(Math.abs(value), lang);
    return value < 0 ? `−${text}` : value > 0 ? `+${text}` : text;
  }

  /** A sentence of the calculators' forms (ui.form.*) from the catalogue, in the page's language. */
  function formText(id, params) {
    return ECM.render(`ui.form.${id}`, params || {}, pageLang());
  }

  // Numbers written with the page's thousands groups: "1.000" and "1.000,5" in Italian, "1,000.5" in English.
  const GROUPED = { it: /^-?\d{1,3}(\.\d{3})+(,\d+)?$/, en: /^-?\d{1,3}(,\d{3})+(\.\d+)?$/ };
  const PLAIN = { it: /^-?\d+(,\d+)?$/, en: /^-?\d+(\.\d+)?$/ };
  // The other language's decimal mark where it cannot be a group of three digits: "1.5" or "7.25" on an
  // Italian page (phone keypads often offer only "."), "7,5" on an English one.
  const OTHER_DECIMAL = { it: /^-?\d+\.(\d{1,2}|\d{4,})$/, en: /^-?\d+,(\d{1,2}|\d{4,})$/ };

  /** Read a number as a person types it in `lang` ("it": "1.000" = 1000, "7,5" = 7.5).
   *  Returns {value, interpreted}: value null for an empty text, NaN for words or a malformed number;
   *  interpreted is true when a separator had to be read (a thousands group, the other decimal mark),
   *  so that the form can say how it read it instead of guessing silently. Spaces between digits are
   *  thousands separators too. */
  function readNumber(text, lang) {
    const s = String(text === undefined || text === null ? "" : text)
      .trim()
      .replace(/[\s\u00a0\u202f']/g, "");
    if (s === "") return { value: null, interpreted: false };
    const l = lang === "it" ? "it" : "en";
    const decimalToPoint = (x) => x.replace(",", ".");
    if (GROUPED[l].test(s)) {
      const group = l === "it" ? /\./g : /,/g;
      return { value: Number(decimalToPoint(s.replace(group, ""))), interpreted: true };
    }
    if (PLAIN[l].test(s)) return { value: Number(decimalToPoint(s)), interpreted: false };
    if (OTHER_DECIMAL[l].test(s)) return { value: Number(decimalToPoint(s)), interpreted: true };
    return { value: NaN, interpreted: false };
  }

  /** A number as a person of the page's language types it: decimal mark, no thousands groups. */
  function numberText(value) {
    return new Intl.NumberFormat(pageLang() === "it" ? "it-IT" : "en-GB", {
      useGrouping: false,
      maximumFractionDigits: 6,
    }).format(value);
  }

  /** Parse a number typed by a person in the page's language. Empty → null; junk → NaN. */
  function parseNumber(text) {
    return readNumber(text, pageLang()).value;
  }

  /** A labelled field; returns {wrap, input, error}. The error element is tied by aria-describedby. */
  function field(t, name, kind, options) {
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
  function revealErrors(list) {
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
  const invalidFields = new Set();

  /** Record a field's error (the field's label is prepended); it shows once the field has been left
   *  or the form submitted. Returns whether the error is visible now. */
  function setError(f, message) {
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
  function readField(f, t) {
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

  function badge(confidence, t) {
    if (!confidence || confidence === "HIGH") return null;
    return el(
      "span",
      { class: `ecm-badge ecm-badge--${confidence.toLowerCase()}` },
      t.confidence[confidence] || confidence,
    );
  }

  /** The explanation lines as a list: rule title (page language), amount, source link, confidence. */
  function renderLines(lines, rules, lang, t) {
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
  function resultRegion() {
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

  function estimateNote(t) {
    return el("p", { class: "ecm-estimate" }, t.estimate);
  }

  /* ------------------------------------------------------------------ rule numbers in labels */

  // Labels never carry a rule's number typed by hand: they hold a {placeholder} that is filled from the
  // rules data (tests/js/test_js_conformance.py checks the bundle, tests/site the built pages).
  function percentOf(rulebook, paramId, day, lang) {
    // A label names the rule as it first applies when the day is earlier (the insurance share starts
    // with 2023-2025; older trienni show no insurance meter, only its label table is filled).
    const first = rulebook.parameters[paramId].values[0].from;
    const share = ECM.Q.of(rulebook.at(paramId, day < first ? first : day).value);
    return `${formatNumber(share.mul(new ECM.Q(100)).toNumber(), lang)} %`;
  }

  function lastValue(rulebook, paramId) {
    const values = rulebook.parameters[paramId].values;
    return values[values.length - 1].value || {};
  }

  function ruleNumbers(rulebook, lang, day = ECM.dates.todayIso()) {
    const status = lastValue(rulebook, "obligation.premialita").status_date;
    // The rule's own title carries its course threshold ("... (≥ 60 CFU): quota ...").
    const esonero = (rulebook.parameters["exemption.esonero_year"].title || {})[lang] || "";
    return {
      esonero_course: esonero.split(":")[0],
      insurance: percentOf(rulebook, "thresholds.insurance", day, lang),
      certifiable: percentOf(rulebook, "thresholds.certifiable", day, lang),
      congress_min: formatNumber(Number(rulebook.at("event.res.congress.min_participants", day).value), lang),
      premialita_date: status
        ? new Intl.DateTimeFormat(lang === "it" ? "it-IT" : "en-GB", { dateStyle: "long", timeZone: "UTC" }).format(
            new Date(`${status}T00:00:00Z`),
          )
        : "?",
    };
  }

  /** A copy of a label table with every {placeholder} filled from the rules data. */
  function withRuleNumbers(table, values) {
    const out = {};
    for (const [key, text] of Object.entries(table)) {
      out[key] = typeof text === "string" ? text.replace(/\{(\w+)\}/g, (m, name) => values[name] ?? m) : text;
    }
    return out;
  }

  /* ------------------------------------------------------------------ rules loading */

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

  /* ------------------------------------------------------------------ event calculator */

  const EVENT_TYPES = ECM.EVENT_TYPES;
  const ROLES = ECM.ROLES;
  const PROVIDER_TYPES = ECM.PROVIDER_TYPES;

  // Which inputs each type needs from a participant. The rule numbers live in rules.json; this only
  // decides which questions to ask, mirroring the fields the Python engine reads for each type.
  const PARTICIPANT_FIELDS = {
    res_course: ["hours", "interactive_hours", "participants", "teachers", "special_topic"],
    res_workshop: ["hours", "interactive_hours", "participants", "teachers", "special_topic"],
    res_congress: ["hours", "participants"],
    res_interactive: ["hours", "interactive_hours", "participants"],
    fsc_training: ["hours"],
    fsc_improvement_group: ["hours", "participants", "concluding_document", "external_tutor"],
    fsc_improvement_project: ["hours", "participants", "concluding_document", "external_tutor"],
    fsc_audit: ["hours", "participants", "external_tutor"],
    fsc_research: ["end_date"],
    fad_self_study: ["hours", "special_topic"],
    fad_self_study_tutored: ["hours", "special_topic"],
    fad_elearning: ["hours", "tutor", "special_topic"],
    fad_webinar: ["hours", "special_topic"],
    blended: ["components"],
    publication: ["publication_kind", "lead_author"],
    clinical_trial: ["end_date"],
    individual_tutoring: ["hours", "months"],
    autoformazione: ["hours"],
    abroad: ["country", "hours", "stated_credits"],
  };
  // Optional for every participant at a provider's event: below the minimum the event gives no credits.
  for (const type of EVENT_TYPES) {
    if (PROVIDER_TYPES.has(type) && type !== "blended" && PARTICIPANT_FIELDS[type]) {
      PARTICIPANT_FIELDS[type].push("attendance_percent", "test_score_percent");
    }
  }
  const ROLE_FIELDS = {
    teacher: ["teaching_minutes"],
    moderator: ["sessions"],
    scientific_lead: ["event_credits"],
    fsc_tutor: ["hours"],
    fad_tutor: ["months"],
    classroom_tutor: ["hours"],
  };

  function eventFieldsFor(type, role, rulebook, date) {
    // At an FSC event the scientific lead who coordinates is paid per hour (point 11), not 20 %.
    if (role === "scientific_lead" && type.startsWith("fsc_")) return new Set(["hours"]);
    if (role && role !== "participant") return new Set(ROLE_FIELDS[role] || []);
    const wanted = new Set(PARTICIPANT_FIELDS[type] || []);
    if (type === "individual_tutoring") {
      // Months under the 2013 rule, hours under the 2019 one: ask what the rule in force needs.
      let perMonth = false;
      try {
        const rule = rulebook.at("individual.tutoring", date).value;
        perMonth = Boolean(rule && typeof rule === "object" && "per_month" in rule);
      } catch (_err) {
        /* a date before every rule: the engine reports it */
      }
      wanted.delete(perMonth ? "hours" : "months");
    }
    return wanted;
  }

  const EVENT_INPUTS = [
    ["hours", "number"],
    ["interactive_hours", "number"],
    ["participants", "int"],
    ["teachers", "int"],
    ["teaching_minutes", "int"],
    ["sessions", "int"],
    ["months", "int"],
    ["event_credits", "number"],
    ["stated_credits", "number"],
    ["country", "select"],
    ["attendance_percent", "number"],
    ["test_score_percent", "number"],
    ["end_date", "date"],
    ["publication_kind", "select"],
    ["special_topic", "checkbox"],
    ["concluding_document", "checkbox"],
    ["external_tutor", "checkbox"],
    ["tutor", "checkbox"],
    ["lead_author", "checkbox"],
  ];

  // Blended: its parts are provider events computed with their own rules, then added up.
  const COMPONENT_TYPES = EVENT_TYPES.filter((x) => PROVIDER_TYPES.has(x) && x !== "blended" && x !== "fsc_research");

  /** ISO 3166 countries from the rules export, named in the page language (Italy is not abroad). */
  function countryChoices(rulebook, lang, t) {
    const messages = rulebook.messages || {};
    const collator = new Intl.Collator(lang);
    const rows = Object.keys(messages)
      .filter((id) => /^country\.[A-Z]{2}$/.test(id) && id !== "country.IT")
      .map((id) => [id.slice(8), messages[id][lang] || messages[id].en])
      .sort((a, b) => collator.compare(a[1], b[1]));
    return [["", t.countryUnset], ...rows];
  }

  const EVENT_STORAGE_KEY = "ecm-event-v1";
  // The tipologie in the groups a professional knows them by (RES, FSC, FAD, the rest).
  const TYPE_GROUPS = [
    ["res", (x) => x.startsWith("res_")],
    ["fsc", (x) => x.startsWith("fsc_")],
    ["fad", (x) => x.startsWith("fad_")],
    ["other", (x) => !/^(res|fsc|fad)_/.test(x)],
  ];

  /** The event calculator's labels from the catalogue: ui.event.<key> (no params) plus the shared ones. */
  function eventLabels(rulebook, lang) {
    const t = withRuleNumbers(TEXT[lang], ruleNumbers(rulebook, lang));
    for (const [id, definition] of Object.entries(rulebook.messages || {})) {
      const key = id.startsWith("ui.event.") ? id.slice(9) : null;
      if (key && !key.includes(".") && !Object.keys(definition.params || {}).length) t[key] = ECM.render(id, {}, lang);
    }
    return t;
  }

  /** A tipologia's name from the catalogue; with its group's short code ("RES – ...") when `withGroup`. */
  function typeLabel(rulebook, type, lang, withGroup) {
    const params = {};
    if (type === "res_congress") {
      const today = ECM.dates.todayIso();
      params.congress_min = Number(rulebook.at("event.res.congress.min_participants", today).value);
    }
    const name = ECM.render(`ui.type.${type}`, params, lang);
    if (!withGroup) return name;
    const group = TYPE_GROUPS.find(([, test]) => test(type))[0];
    return `${ECM.render(`ui.type_group.${group}`, {}, lang)}: ${name}`;
  }

  function loadEventState() {
    try {
      const data = JSON.parse(window.localStorage.getItem(EVENT_STORAGE_KEY) || "null");
      return data && typeof data === "object" ? data : {};
    } catch (_err) {
      return {}; // storage disabled or corrupted: start empty
    }
  }

  function saveEventState(data) {
    try {
      window.localStorage.setItem(EVENT_STORAGE_KEY, JSON.stringify(data));
    } catch (_err) {
      /* storage full or disabled: the calculator still works for this page view */
    }
  }

  /** The identity of an event as the person wrote it: a code alone, or a name with the event's date. */
  function eventKey(code, date) {
    const text = String(code || "").trim().toUpperCase().replace(/\s+/g, " ");
    if (!text) return "";
    return /^[\d\s./-]+$/.test(text) ? text.replace(/[\s./-]/g, "") : `${date || ""}|${text}`;
  }

  function dayBefore(iso) {
    const d = new Date(`${iso}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() - 1);
    return d.toISOString().slice(0, 10);
  }

  const amountOf = (x) => (x instanceof ECM.Q ? x.toNumber() : Number(x));

  function mountEvent(host, rulebook) {
    const lang = pageLang();
    const t = eventLabels(rulebook, lang);
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
      if (name === "country") choices = countryChoices(rulebook, lang, t);
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
    host.replaceChildren(
      el(
        "section",
        { class: "ecm-calc ecm-calc--event", "aria-label": t.eventCredits },
        live,
        roleWarning,
        form,
        body,
        estimateNote(t),
      ),
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
      for (const [name] of EVENT_INPUTS) {
        if (fields[name].wrap.hidden) continue;
        const value = readField(fields[name], t);
        if (value !== null && value !== false) input[name] = value;
      }
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
          ECM.render("warn.one_role_per_event", { event: other.label, role: `what.role.${other.role}` }, lang),
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
    recompute();
    host.ecmRecompute = recompute; // used by the benchmark to time one recomputation
  }

  /** Parts of a blended event: type, hours, participants; each row computes with its own rules. */
  function blendedEditor(t, lang, rulebook, saved) {
    const rows = [];
    const list = el("div", { class: "ecm-components" });
    const wrap = el(
      "fieldset",
      { class: "ecm-fieldset", hidden: true },
      el("legend", {}, t.blendedParts),
      list,
      el("button", { type: "button", class: "ecm-button", onclick: () => addRow() }, t.addPart),
    );
    function addRow(type, hours, participants) {
      // Distinct names, so that the parts' inputs are never mistaken for the event's own.
      const row = {
        type: field(t, "part_type", "select", {
          label: t.type,
          choices: COMPONENT_TYPES.map((x) => [x, typeLabel(rulebook, x, lang, true)]),
        }),
        hours: field(t, "part_hours", "number", { label: t.hours }),
        participants: field(t, "part_participants", "int", { label: t.participants }),
      };
      row.type.input.value = type || "res_course";
      row.hours.input.value = hours || "";
      row.participants.input.value = participants || "";
      const remove = el(
        "button",
        {
          type: "button",
          class: "ecm-button ecm-button--secondary",
          onclick: () => {
            rows.splice(rows.indexOf(row), 1);
            box.remove();
            wrap.dispatchEvent(new Event("input", { bubbles: true }));
          },
        },
        t.remove,
      );
      const box = el(
        "div",
        { class: "ecm-grid ecm-component" },
        row.type.wrap,
        row.hours.wrap,
        row.participants.wrap,
        remove,
      );
      rows.push(row);
      list.append(box);
    }
    if (Array.isArray(saved) && saved.length) saved.forEach((p) => addRow(p.type, p.hours, p.participants));
    else {
      // A typical blended course, so that the first answer is a number: 4 h in class, 4 h online.
      addRow("res_course", "4", "20");
      addRow("fad_elearning", "4");
    }
    return {
      wrap,
      read(date) {
        const read = (f) => {
          try {
            return readField(f, t);
          } catch (err) {
            setError(f, err.message);
            throw { handled: true }; // already shown next to the part's field
          }
        };
        return rows.map((row) => {
          const part = { type: row.type.input.value, date };
          const hours = read(row.hours);
          const participants = read(row.participants);
          if (hours !== null) part.hours = hours;
          if (participants !== null) part.participants = participants;
          return part;
        });
      },
      snapshot() {
        return rows.map((row) => ({
          type: row.type.input.value,
          hours: row.hours.input.value,
          participants: row.participants.input.value,
        }));
      },
      fields() {
        return rows.flatMap((row) => [row.hours, row.participants]);
      },
      clearErrors() {
        rows.forEach((row) => Object.values(row).forEach((f) => setError(f, null)));
      },
      showError(name, message) {
        const m = /^components\.(\d+)\.(\w+)/.exec(name);
        if (!m || !rows[+m[1]] || !rows[+m[1]][m[2]]) return false;
        setError(rows[+m[1]][m[2]], message);
        return true;
      },
    };
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

  function emptyState() {
    return { triennium: null, profile: {}, exemptions: [], credits: [] };
  }

  function loadState() {
    try {
      const raw = window.localStorage.getItem(STORAGE_KEY);
      if (!raw) return emptyState();
      const data = JSON.parse(raw);
      return { ...emptyState(), ...data };
    } catch (_err) {
      return emptyState(); // storage disabled or corrupted: start empty rather than fail
    }
  }

  let saveTimer = null;
  /** Save soon, not on every keystroke: serialising hundreds of records would slow typing down. */
  function saveState(state, now) {
    clearTimeout(saveTimer);
    const write = () => {
      try {
        window.localStorage.setItem(STORAGE_KEY, JSON.stringify(state));
      } catch (_err) {
        /* storage full or disabled: the calculator still works for this page view */
      }
    };
    if (now) write();
    else saveTimer = setTimeout(write, 250);
  }
  window.addEventListener("pagehide", () => {
    if (saveTimer) {
      clearTimeout(saveTimer);
      saveTimer = null;
      if (pendingState) saveState(pendingState, true);
    }
  });
  let pendingState = null;

  const PROFILE_KEYS = [
    "first_registration",
    "registration_gaps",
    "previous_triennium_credits",
    "previous_triennium_met",
    "dossiers",
    "certified_trienni_at_2025_07_03",
    "profession",
    "employment",
    "retired_on",
    "medical_exposure",
  ];
  const EXEMPTION_KEYS = ["kind", "start", "end", "hours", "reason", "attributed_years"];

  function pick(obj, keys) {
    const out = {};
    for (const key of keys) if (obj[key] !== undefined && obj[key] !== null) out[key] = obj[key];
    return out;
  }

  /** One credit of an import: the rule book's CreditRecord, or the API's CreditOut (start/end dates,
   *  `counted_in` when moved, `triennium` always set). */
  function importCredit(c, i) {
    if (!c || typeof c !== "object" || !c.type) throw new Error(`credit ${i}`);
    const date = c.date || c.end_date || c.start_date;
    if (!date || c.credits === undefined || c.credits === null) throw new Error(`credit ${i}`);
    const out = { id: String(c.id || `imported-${i + 1}`), type: c.type, role: c.role || "participant" };
    out.date = String(date).slice(0, 10);
    out.credits = Number(c.credits);
    for (const flag of CREDIT_FLAGS) if (c[flag]) out[flag] = true;
    const moved = "counted_in" in c ? c.counted_in : c.triennium;
    if (moved) out.triennium = moved;
    if (c.event_code) out.event_code = String(c.event_code).slice(0, 64);
    Object.assign(out, CAL.registryOf(c));
    return out;
  }

  /** Accept the API's export ({profile, credits, exemptions}) or a bare list of credit records. */
  function parseImport(json) {
    const data = Array.isArray(json) ? { credits: json } : json;
    if (!data || typeof data !== "object" || !Array.isArray(data.credits)) throw new Error("no credits");
    const credits = data.credits.map(importCredit);
    const rawProfile = data.profile && typeof data.profile === "object" ? data.profile : {};
    const rawExemptions = Array.isArray(data.exemptions) ? data.exemptions : rawProfile.exemptions || [];
    // The API wraps each exemption ({id, exemption, created_at}); the rule book's shape is the inner one.
    const exemptions = rawExemptions.map((x) => pick(x && x.exemption ? x.exemption : x || {}, EXEMPTION_KEYS));
    const out = { credits, profile: pick(rawProfile, PROFILE_KEYS), exemptions };
    // A backup saved by this calculator names the triennium it showed; the API's export does not.
    if (typeof data.triennium === "string" && /^\d{4}-\d{4}$/.test(data.triennium)) out.triennium = data.triennium;
    return out;
  }

  function trienniaOf(rulebook) {
    return rulebook.latest("trienni").value.map((x) => x.id);
  }

  function currentTriennium(rulebook) {
    const today = ECM.dates.todayIso();
    const list = rulebook.latest("trienni").value;
    const found = list.find((x) => x.start <= today && today <= x.end);
    return (found || list[list.length - 1]).id;
  }

  /** An editable list (cancellations, exemptions, credits): a fieldset with its rows and an add button.
   *  `makeRow(item)` returns the row's fields plus `nodes` to show; adding or removing calls `onChange`.
   *  Adding moves the focus to the new row's first field; removing offers "Annulla" (undo) until the
   *  next removal, and the focus goes to that button (the removed row's button is gone). */
  function listEditor(t, legend, addLabel, blank, makeRow, onChange) {
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
    };
  }

  // Numbers go back into fields as the page's people write them ("12,5" in Italian), so that reading
  // them again (readNumber) gives the same number: "1.125" would be read as 1125 on an Italian page.
  const text = (value) =>
    value === undefined || value === null ? "" : typeof value === "number" ? numberText(value) : String(value);

  /** A cancellation from the Ordine, and the re-registration if any (Delibera CNFC 5/2025). */
  function gapRow(t, gap) {
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
  const ESENZIONE_REASONS = [
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
  const ESONERO_KINDS = ["esonero_course", "esonero_hours"];

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
  function reasonOf(ex) {
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
  function exemptionRow(t, ex, label) {
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
  function dossierRow(t, trienni, d) {
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

  function readDossiers(rows, get) {
    return rows.map((row, i) => {
      const d = { kind: row.kind.input.value, triennium: row.triennium.input.value };
      const builtOn = get(row.built_on, `profile.dossiers.${i}.built_on`);
      if (builtOn !== null) d.built_on = builtOn;
      d.objectives_met = row.objectives_met.input.checked;
      return d;
    });
  }

  const CREDIT_FLAGS = ["sponsored", "abroad", "autoformazione", "during_exemption", "radioprotection"];
  let creditCount = 0;

  /** One credit as on its certificate: type, role, date, credits, the flags the caps need, a move. */
  function creditRow(t, lang, trienni, c) {
    creditCount += 1;
    const row = {
      id: c.id || `c${Date.now().toString(36)}${creditCount}`,
      className: "ecm-credit",
      type: field(t, "type", "select", {
        choices: EVENT_TYPES.filter((x) => x !== "blended").map((x) => [x, TYPE_LABELS[lang][x]]),
      }),
      role: field(t, "role", "select", { choices: ROLES.map((x) => [x, ROLE_LABELS[lang][x]]) }),
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
    row.registry = CAL.registryFields(field, lang, c); // issue 14: the registry clock's fields
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

  function readGaps(rows, get, errors, t) {
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

  function readExemptions(rows, get, errors, t) {
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

  function readCredits(rows, get, errors, t) {
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
  // by the key the form uses. The rest of TEXT moves there step by step.
  const TRIENNIUM_LABELS = {
    profession: "calc.triennium.profession",
    professionUnset: "calc.triennium.profession_unset",
    trienniumChoice: "calc.triennium.triennium",
    medical_exposure: "calc.triennium.medical_exposure",
    radioprotection: "calc.triennium.radioprotection",
    premialitaRule: "calc.triennium.premialita_rule",
    premialitaYes: "calc.triennium.premialita_yes",
    premialitaNo: "calc.triennium.premialita_no",
    exemptions: "calc.triennium.exemptions",
    addExemption: "calc.triennium.add_exemption",
    reason: "calc.triennium.reason",
    reasonEsenzione: "calc.triennium.reason_group.esenzione",
    reasonEsonero: "calc.triennium.reason_group.esonero",
    start: "calc.triennium.start",
    end: "calc.triennium.end",
    sponsored: "calc.triennium.sponsored",
    importLabel: "calc.triennium.restore",
    exportData: "calc.triennium.save_file",
    storedLocally: "calc.triennium.stored_locally",
    importFailed: "calc.triennium.restore_failed",
    removed: "calc.triennium.removed",
    undo: "calc.triennium.undo",
    restoredRow: "calc.triennium.restored_row",
    incomplete: "calc.triennium.incomplete",
    whatIfColBefore: "calc.triennium.whatif.col_before",
    whatIfColAfter: "calc.triennium.whatif.col_after",
    allowed: "calc.triennium.whatif.allowed",
    notAllowed: "calc.triennium.whatif.not_allowed",
  };

  // The other labels of the triennium calculator, by the key the form uses: the catalogue's
  // calc.triennium.text.<key in snake case>; their {placeholders} are rule numbers (ruleNumbers).
  const TRIENNIUM_TEXT_KEYS = [
    "triennium",
    "profile",
    "first_registration",
    "previous_triennium_credits",
    "employment",
    "employee",
    "self_employed",
    "retired_on",
    "previous_triennium_met",
    "dossier",
    "dossierKind",
    "dossierIndividual",
    "dossierGroup",
    "dossierTriennium",
    "built_on",
    "addDossier",
    "objectives_met",
    "attributed_years",
    "attendanceHours",
    "gaps",
    "addGap",
    "cancelled_on",
    "reregistered_on",
    "esonero_course",
    "creditsList",
    "addCredit",
    "creditAmount",
    "creditDate",
    "abroad",
    "autoformazione",
    "during_exemption",
    "event_code",
    "statusTitle",
    "statusWhy",
    "statusTimeline",
    "singleSource",
    "movedTo",
    "notMoved",
    "clearData",
    "cleared",
    "confirmClear",
    "obligation",
    "obligationLines",
    "creditLines",
    "recorded",
    "counted",
    "missing",
    "missingShort",
    "missingInsurance",
    "learner",
    "learnerMin",
    "certifiable",
    "insurance",
    "meter100",
    "meter70",
    "reached",
    "notReached",
    "whatIf",
    "whatIfCredit",
    "whatIfTarget",
    "whatIfRun",
    "before",
    "after",
    "irreversible",
    "noCredits",
  ];
  const DEADLINE_KINDS = ["end", "recovery", "moves", "compensation"];

  /** The triennium calculator's labels in `lang`, rule numbers filled in, all from the message catalogue
   *  (made once per language and set of rule numbers: a recomputation only looks them up). */
  const trienniumTexts = new Map();
  function trienniumText(lang, numbers) {
    const key = `${lang}|${JSON.stringify(numbers)}`;
    if (!trienniumTexts.has(key)) trienniumTexts.set(key, makeTrienniumText(lang, numbers));
    return trienniumTexts.get(key);
  }

  function makeTrienniumText(lang, numbers) {
    const t = {};
    for (const [key, id] of Object.entries(TRIENNIUM_LABELS)) t[key] = ECM.render(id, {}, lang);
    for (const key of TRIENNIUM_TEXT_KEYS) {
      const id = `calc.triennium.text.${key.replace(/[A-Z0-9]+/g, (m) => `_${m.toLowerCase()}`)}`;
      t[key] = ECM.render(id, numbers, lang);
    }
    t.deadlineKinds = Object.fromEntries(
      DEADLINE_KINDS.map((kind) => [kind, ECM.render(`calc.triennium.text.deadline.${kind}`, {}, lang)]),
    );
    return t;
  }

  // Anchors of the premialità section on the guide's bonus page, per language (the headings' slugs).
  const PREMIALITA_ANCHOR = { it: "premialita-delibera-cnfc-12025", en: "premialita-cnfc-delibera-12025" };

  /** Whether a parameter has a value (not "absent") on a day; false before its first value. */
  const listFormats = {};
  /** "a, b e c" / "a, b and c" (Intl). */
  function joinWords(items, lang) {
    if (!listFormats[lang])
      listFormats[lang] = new Intl.ListFormat(lang === "it" ? "it-IT" : "en-GB", { style: "long", type: "conjunction" });
    return listFormats[lang].format(items);
  }

  function applies(rulebook, paramId, on) {
    try {
      return !ECM.isAbsent(rulebook.at(paramId, on));
    } catch (_err) {
      return false;
    }
  }

  /** Whether the engine on this page accepts an input key (the radioprotection inputs arrive with the
   *  rule book's radioprotection quota): unknown keys are refused, so the form passes them only then. */
  function engineAccepts(rulebook, input) {
    try {
      ECM.evaluateCompliance(rulebook, input);
      return true;
    } catch (err) {
      return !(err && err.msg === "error.extra_forbidden");
    }
  }

  function mountTriennium(host, rulebook) {
    const lang = pageLang();
    const label = (id, params) => ECM.render(id, params || {}, lang);
    const numbers = ruleNumbers(rulebook, lang);
    const t = { ...withRuleNumbers(TEXT[lang], numbers), ...trienniumText(lang, numbers) };
    TYPE_LABELS[lang] = withRuleNumbers(TYPES_BY_LANG[lang], ruleNumbers(rulebook, lang));
    const trienni = trienniaOf(rulebook);
    const trienniumStart = (id) => rulebook.latest("trienni").value.find((x) => x.id === id).start;
    const probeTriennium = currentTriennium(rulebook);
    const accepts = {
      medical_exposure: engineAccepts(rulebook, {
        triennium: probeTriennium,
        profile: { medical_exposure: false },
        credits: [],
      }),
      radioprotection: engineAccepts(rulebook, {
        triennium: probeTriennium,
        profile: {},
        credits: [{ id: "probe", type: "res_course", date: "2024-01-01", credits: 1, radioprotection: false }],
      }),
    };
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
    const status = el("p", { class: "ecm-status", role: "status" });
    const summary = el("p", { class: "ecm-error ecm-form-error", hidden: true, role: "alert" });
    const output = resultRegion();
    // Issue 11: the status answer comes first, above the form, so a phone shows it without scrolling.
    const statusBox = el("section", {
      class: "ecm-status-answer",
      "aria-live": "polite",
      "aria-label": t.statusTitle,
      "data-testid": "status-answer",
    });
    const whatIfOut = el("div", { class: "ecm-result ecm-whatif__result", "aria-live": "polite" });
    const fileId = nextId("import");
    const fileInput = el("input", { id: fileId, type: "file", accept: "application/json,.json" });
    const whatIfCredit = field(t, "whatIfCredit", "select", { choices: [] });
    const whatIfTarget = field(t, "whatIfTarget", "select", { choices: trienni.map((x) => [x, x]) });
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
    const tools = el(
      "div",
      { class: "ecm-tools" },
      el("div", { class: "ecm-field" }, el("label", { for: fileId }, t.importLabel), fileInput),
      el("button", { type: "button", class: "ecm-button", onclick: exportData }, t.exportData),
      el("button", { type: "button", class: "ecm-button ecm-button--secondary", onclick: clearData }, t.clearData),
      el("p", { class: "ecm-note" }, t.storedLocally),
      status,
    );
    const whatIf = el(
      "section",
      { class: "ecm-whatif", "aria-label": t.whatIf },
      el("h3", { class: "ecm-subtitle" }, t.whatIf),
      el("div", { class: "ecm-grid" }, whatIfCredit.wrap, whatIfTarget.wrap),
      el("button", { type: "button", class: "ecm-button", onclick: runWhatIf }, t.whatIfRun),
      whatIfOut,
      el("p", { class: "ecm-note" }, t.irreversible),
    );
    host.replaceChildren(
      el(
        "section",
        { class: "ecm-calc ecm-calc--triennium", "aria-label": t.triennium },
        statusBox,
        form,
        ...output.nodes,
        estimateNote(t),
        whatIf,
        tools,
      ),
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
      dossiers.reset(p.dossiers || []);
      const group = setPremialitaQuestion();
      const stored = p.certified_trienni_at_2025_07_03 || [];
      certified.input.value = group && group.trienni.length && group.trienni.every((x) => stored.includes(x)) ? "yes" : "no";
      gaps.reset(p.registration_gaps || []);
      exemptions.reset(state.exemptions || []);
      creditList.reset(state.credits || []);
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
      if (!accepts.medical_exposure) delete profile.medical_exposure;
      return profile;
    }

    function creditsFor(data) {
      if (accepts.radioprotection) return data.credits;
      return data.credits.map((c) => {
        const { radioprotection: _unused, ...rest } = c;
        return rest;
      });
    }

    let shownTriennium = null;
    function refresh() {
      Array.from(invalidFields).forEach((fld) => setError(fld, null));
      summary.hidden = true;
      syncApplicable();
      const errors = [];
      const data = readForm(errors);
      state = data;
      pendingState = data;
      saveState(state);
      refreshWhatIfChoices(data);
      warnSecondRoles();
      if (data.triennium !== shownTriennium) {
        // The what-if destination follows the triennium: by default the one before it (a move fills a debt).
        shownTriennium = data.triennium;
        const before = trienni[trienni.indexOf(data.triennium) - 1];
        whatIfTarget.input.value = before || data.triennium;
        whatIfOut.replaceChildren();
      }
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
        if (fld) setError(fld, message);
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
      CAL.offerDownload(statusBox, rulebook, lang, answer && request, (type) => TYPE_LABELS[lang][type]);
      const main = bar.querySelector(".ecm-result__main");
      const ins = answer && answer.insurance;
      if (main && ins && ins.triennium && ins.threshold !== null) {
        main.append(
          " ",
          el(
            "span",
            { class: "ecm-bar__insurance" },
            ins.met
              ? label("calc.triennium.bar_insurance_met", { triennium: ins.triennium })
              : label("calc.triennium.bar_insurance", { triennium: ins.triennium, missing: ins.missing }),
          ),
        );
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

    let choicesKey = "";
    function refreshWhatIfChoices(data) {
      const select = whatIfCredit.input;
      const key = data.credits.map((c) => `${c.id}|${c.date}|${c.type}|${c.credits}`).join("\n");
      if (key === choicesKey) return; // unchanged: keep the options (and the person's choice)
      choicesKey = key;
      const previous = select.value;
      select.replaceChildren(
        ...data.credits.map((c) =>
          el(
            "option",
            { value: c.id },
            `${c.date ? ECM.formatDate(c.date, lang) : "?"} · ${TYPE_LABELS[lang][c.type] || c.type} · ${c.credits === null ? "?" : formatNumber(c.credits, lang)}`,
          ),
        ),
      );
      if (data.credits.some((c) => c.id === previous)) select.value = previous;
    }

    function runWhatIf() {
      const errors = [];
      const data = readForm(errors);
      if (errors.length || !data.credits.length) {
        whatIfOut.replaceChildren(el("p", {}, errors.length ? t.fixInput : t.noCredits));
        return;
      }
      // The profile's exemptions and registration apply to every triennium; the previous-triennium
      // answers and the dossier were given for the selected one only.
      const shared = { ...profileFor(data) };
      delete shared.previous_triennium_credits;
      delete shared.previous_triennium_met;
      const profiles = {};
      for (const id of trienni) profiles[id] = id === data.triennium ? profileFor(data) : shared;
      try {
        const result = ECM.whatIfMove(rulebook, {
          credit_id: whatIfCredit.input.value,
          target: whatIfTarget.input.value,
          profiles,
          credits: creditsFor(data),
        });
        renderWhatIf(whatIfOut, ECM.localize(result, lang), lang, t);
      } catch (err) {
        whatIfOut.replaceChildren(el("p", { class: "ecm-error" }, `${err.field || ""}: ${errorText(err, lang)}`));
      }
    }

    function exportData() {
      const errors = [];
      const data = readForm(errors);
      const payload = {
        profile: data.profile,
        credits: data.credits,
        exemptions: data.exemptions,
        triennium: data.triennium,
      };
      const blob = new Blob([JSON.stringify(payload, null, 2)], { type: "application/json" });
      const a = el("a", { href: URL.createObjectURL(blob), download: "ecm-triennio.json" });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 1000);
    }

    function clearData() {
      if (!window.confirm(t.confirmClear)) return;
      try {
        window.localStorage.removeItem(STORAGE_KEY);
      } catch (_err) {
        /* nothing stored */
      }
      state = emptyState();
      state.triennium = currentTriennium(rulebook);
      fillFromState();
      refresh();
      saveState(state, true);
      status.textContent = t.cleared;
    }

    fileInput.addEventListener("change", () => {
      const file = fileInput.files && fileInput.files[0];
      if (!file) return;
      file.text().then((text) => {
        try {
          const imported = parseImport(JSON.parse(text));
          if (imported.triennium && !trienni.includes(imported.triennium)) delete imported.triennium;
          state = { ...state, ...imported };
          fillFromState();
          refresh();
          status.textContent = restoredText(imported);
        } catch (_err) {
          status.textContent = t.importFailed;
        }
      });
    });

    /** What a restore brought back, in words: the profile, the triennium, the periods, the credits. */
    function restoredText(imported) {
      const parts = [];
      if (Object.keys(imported.profile).length) parts.push(label("calc.triennium.restored_profile"));
      if (imported.triennium) parts.push(label("calc.triennium.restored_triennium", { triennium: imported.triennium }));
      if (imported.exemptions.length)
        parts.push(label("calc.triennium.restored_exemptions", { count: imported.exemptions.length }));
      parts.push(label("calc.triennium.restored_credits", { count: imported.credits.length }));
      return label("calc.triennium.restored", { what: joinWords(parts, lang) });
    }

    form.addEventListener("input", refresh);
    form.addEventListener("change", refresh);
    fillFromState();
    refresh();
    host.ecmRecompute = refresh;
    host.ecmImport = (json) => {
      state = { ...state, ...parseImport(json) };
      fillFromState();
      return refresh();
    };
  }

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

  function renderCompliance(output, r, rulebook, lang, labels) {
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
            meter(t.meter70, r.counted, r.insurance_threshold, lang),
            el("p", {}, `${t.insurance}: `, status(r.insurance_ok)),
          ]),
      r.credit_lines.length ? el("h3", { class: "ecm-subtitle" }, t.creditLines) : null,
      r.credit_lines.length ? renderLines(r.credit_lines, rulebook, lang, t) : null,
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

  /** The status answer: one sentence per subject, each with its explanation lines under "Why". */
  function renderStatus(box, data, rulebook, lang, t, profile) {
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
    const linesFor = (see) => {
      if (see === "current.credit_lines") return r.current ? r.current.credit_lines : [];
      if (see === "insurance.compliance.credit_lines") return r.insurance.compliance.credit_lines;
      if (see === "insurance.rule") return [r.insurance.rule];
      return [];
    };
    const items = r.sentences.map((s) => {
      const lines = linesFor(s.see);
      const why = lines.length
        ? el("details", { class: "ecm-status-answer__why" }, el("summary", {}, t.statusWhy), renderLines(lines, rulebook, lang, t))
        : null;
      return el("li", { "data-see": s.see }, el("span", { class: "ecm-status-answer__text" }, s.text), why);
    });
    const tl = r.current_timeline;
    const deadlines = tl
      ? el(
          "details",
          { class: "ecm-status-answer__timeline" },
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

  /** The sticky answer bar steps aside (class ecm-bar--yield) while the focused field would be under it
   *  or the on-screen keyboard is open (the visual viewport shrinks): it never covers what is typed. */
  function keepBarOffFocus(bar, scope) {
    bar.classList.add("ecm-bar");
    let frame = 0;
    const update = () => {
      frame = 0;
      const active = document.activeElement;
      let step = false;
      if (active && scope.contains(active) && active.matches("input, select, textarea")) {
        const viewport = window.visualViewport;
        if (viewport && viewport.height < window.innerHeight * 0.75) step = true; // the keyboard is open
        else step = active.getBoundingClientRect().bottom > window.innerHeight - bar.offsetHeight - 8;
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

  /* ------------------------------------------------------------------ start-up */

  const MOUNT = { event: mountEvent, triennium: mountTriennium };

  /** Add the calculators' stylesheet on the pages that have a calculator, unless the site lists it. */
  function ensureStyles() {
    const listed = Array.from(document.querySelectorAll('link[rel="stylesheet"]')).some((l) => l.href === STYLES_URL);
    if (!listed) document.head.append(el("link", { rel: "stylesheet", href: STYLES_URL }));
  }

  function init() {
    const hosts = Array.from(document.querySelectorAll(".ecm-calculator[data-calculator]")).filter(
      (host) => !host.dataset.ecmReady && MOUNT[host.dataset.calculator],
    );
    if (!hosts.length) return;
    ensureStyles();
    const t = TEXT[pageLang()];
    for (const host of hosts) {
      host.dataset.ecmReady = "loading";
      host.replaceChildren(el("p", { class: "ecm-loading" }, t.loading));
    }
    rules().then(
      (rulebook) => {
        for (const host of hosts) {
          MOUNT[host.dataset.calculator](host, rulebook);
          host.dataset.ecmReady = "true";
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

  window.ECMCalculators = { init, parseImport, rulesUrl: RULES_URL };
})();
