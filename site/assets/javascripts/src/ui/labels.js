/*
 * Labels of the calculators' forms still typed here rather than in the message catalogue (the rest
 * comes from functions/rulebook/data/messages.toml through ECM.render), and the page's language.
 * Owns: TEXT (shared form words), the tipologie and role names of the triennium's credit rows
 * (TYPES_BY_LANG, ROLE_LABELS; TYPE_LABELS is filled with rule numbers once the rules load),
 * errorText (an engine refusal in the page's language) and pageLang.
 */

import * as ECM from "../engine/index.js";

export const TEXT = {
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
    fixInput: "Please fix the highlighted input.",
    notInteger: "must be a whole number",
    choose: "— choose —",
    yes: "yes",
    no: "no",
    unknown: "don't know",
    remove: "Remove",
  },
};

/**
 * The confidence words of the guide's badges ("fonte secondaria", "da verificare": rules.json
 * `confidence`) and the sentence for a result an uncertain rule decided (calc.uncertain), so that the
 * calculators and the pages use one vocabulary. Shape: {uncertain: string, confidence: {MED, LOW}}.
 */
export function confidenceWords(rulebook, lang) {
  const labels = rulebook.json.confidence || {};
  const word = (code) => (labels[code] && labels[code][`label_${lang}`]) || code;
  return {
    uncertain: ECM.render("calc.uncertain", {}, lang),
    confidence: { MED: word("MED"), LOW: word("LOW") },
  };
}

// The type names as written, with {placeholders}; TYPE_LABELS holds them filled once the rules load.
export const TYPE_LABELS = {};
export const TYPES_BY_LANG = {
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

export const ROLE_LABELS = {
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

// Lines, warnings, reasons and refusals come from the engine with a message id and params; their
// text is rendered from the rule book's catalogue in the page's language (ECM.localize, err.text).
export function errorText(err, lang) {
  if (err && typeof err.text === "function" && err.msg) return err.text(lang);
  return (err && err.message) || String(err);
}

export function pageLang() {
  const lang = (document.documentElement.lang || "").toLowerCase();
  return lang.startsWith("it") ? "it" : "en";
}
