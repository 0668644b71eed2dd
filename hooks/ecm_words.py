"""Words of the guide's hook: units, labels and sentences in Italian and English (hooks/ecm_rules.py).

Kept apart from the rendering so that the build's language checks can list every English label
(``english_phrases``) and the renderer stays small. Texts of the rule book's own results come from its
message catalogue, not from here.
"""

from __future__ import annotations

# ---------------------------------------------------------------------------------------------------
# Words
# ---------------------------------------------------------------------------------------------------

UNITS: dict[str, dict[str, str]] = {
    "credits/hour": {"it": "crediti/ora", "en": "credits/hour"},
    "credits": {"it": "crediti", "en": "credits"},
    "participants": {"it": "partecipanti", "en": "participants"},
    "hours": {"it": "ore", "en": "hours"},
    "days": {"it": "giorni", "en": "days"},
    "years": {"it": "anni", "en": "years"},
    "credits/session": {"it": "crediti per sessione", "en": "credits per session"},
    "credits/month": {"it": "crediti al mese", "en": "credits per month"},
    "hours/credit": {"it": "ore per credito", "en": "hours per credit"},
}
KEY_UNITS: dict[str, str] = {
    "per_hour": "credits/hour",
    "credits": "credits",
    "reduction": "credits",
    "max_participants": "participants",
    "min": "credits",
    "max": "credits",
    "max_days": "days",
    "days": "days",
    "min_days": "days",
    "unit_minutes": "minutes",
    "unit_hours": "hours",
    "per_month": "credits/month",
    "max_credits": "credits",
    "build": "credits",
    "carry": "credits",
    "all_three": "credits",
    "since_2017": "credits",
    "since_2020": "credits",
    "learners_per_teacher": "learners",
    "min_attendance_days": "days",
    "share": "share",
    "lead": "credits",
    "other": "credits",
}
UNITS["minutes"] = {"it": "minuti", "en": "minutes"}
UNITS["euro/year"] = {"it": "euro l'anno", "en": "euro a year"}
UNITS["age"] = {"it": "anni", "en": "years"}
KEY_UNITS["income_max"] = "euro/year"
KEY_UNITS["cogeaps_from_age"] = "age"
UNITS["learners"] = {"it": "discenti", "en": "learners"}

KEYS: dict[str, dict[str, str]] = {
    "per_hour": {"it": "crediti/ora", "en": "credits/hour"},
    "max_participants": {"it": "fino a partecipanti", "en": "up to participants"},
    "learners_per_teacher": {"it": "discenti per docente", "en": "learners per teacher"},
    "unit_minutes": {"it": "ogni minuti", "en": "every minutes"},
    "unit_hours": {"it": "ogni ore", "en": "every hours"},
    "credits": {"it": "crediti", "en": "credits"},
    "per_month": {"it": "crediti al mese", "en": "credits per month"},
    "max_credits": {"it": "massimo crediti", "en": "maximum credits"},
    "max_days": {"it": "fino a giorni", "en": "up to days"},
    "min": {"it": "da", "en": "from"},
    "max": {"it": "a", "en": "to"},
    "reduction": {"it": "riduzione", "en": "reduction"},
    "individual": {"it": "individuale", "en": "individual"},
    "group": {"it": "di gruppo", "en": "group"},
    "build": {"it": "costruzione", "en": "building"},
    "carry": {"it": "realizzazione (triennio successivo)", "en": "carrying out (next triennium)"},
    "build_years": {"it": "anni di costruzione", "en": "years for building"},
    "all_three": {"it": "in regola 2014-2022", "en": "in good standing 2014-2022"},
    "since_2017": {"it": "obbligo dal 2017-2019", "en": "obligation since 2017-2019"},
    "since_2020": {"it": "obbligo dal 2020-2022", "en": "obligation since 2020-2022"},
    "status_date": {"it": "situazione al", "en": "status on"},
    "share": {"it": "quota", "en": "share"},
    "min_attendance_days": {"it": "frequenza minima (giorni)", "en": "minimum attendance (days)"},
    "mode": {"it": "modalità", "en": "mode"},
    "days": {"it": "ogni giorni", "en": "every days"},
    "min_days": {"it": "giorni minimi nel mese", "en": "minimum days in the month"},
    "indexed": {"it": "rivista indicizzata", "en": "indexed journal"},
    "journal": {"it": "rivista non indicizzata o atti", "en": "non-indexed journal or proceedings"},
    "book": {"it": "libro o capitolo", "en": "book or chapter"},
    "lead": {"it": "primo o ultimo autore", "en": "first or last author"},
    "other": {"it": "altro autore", "en": "other author"},
    "creditors": {"it": "trienni che cedono", "en": "trienni giving"},
    "debtors": {"it": "trienni che ricevono", "en": "trienni receiving"},
    "deadline": {"it": "scadenza", "en": "deadline"},
    "deadlines": {"it": "scadenze", "en": "deadlines"},
    "id": {"it": "triennio", "en": "triennium"},
    "start": {"it": "inizio", "en": "start"},
    "end": {"it": "fine", "en": "end"},
    "first_triennium": {"it": "primo triennio misurato", "en": "first triennium measured"},
    "policies_from": {"it": "polizze dal", "en": "policies from"},
}
TEXT: dict[str, dict[str, str]] = {
    "rule": {"it": "Regola", "en": "Rule"},
    "value": {"it": "Valore", "en": "Value"},
    "from": {"it": "Da quando vale", "en": "Applies from"},
    "applies": {"it": "{d}", "en": "from {d}"},
    "act": {"it": "data dell'atto: {d}", "en": "act dated {d}"},
    "no_legal_date": {
        "it": "data dell'atto non nota: il valore è usato per calcolare i periodi precedenti",
        "en": "date of the act not known: the value is used to compute earlier periods",
    },
    "source": {"it": "Fonte", "en": "Source"},
    "rule_checked": {"it": "regola verificata il {d}", "en": "rule checked on {d}"},
    "confidence": {"it": "Affidabilità", "en": "Confidence"},
    "note": {"it": "Nota", "en": "Note"},
    "no_rule": {"it": "nessuna regola", "en": "no rule"},
    "yes": {"it": "sì", "en": "yes"},
    # A rule whose value is true: "vale" in a table of values, and in a sentence only its source.
    "rule_true": {"it": "vale", "en": "applies"},
    "see_source": {"it": "fonte", "en": "see the source"},
    "source_of": {"it": "Fonte", "en": "Source"},
    "verified": {"it": "Ultima verifica dei contenuti", "en": "Content last verified"},
    "estimate_title": {"it": "Stima, non certificazione", "en": "An estimate, not a certification"},
    "estimate": {
        "it": "I risultati di questa pagina sono stime calcolate dalle regole pubblicate, con le fonti "
        "indicate. Solo l'Ordine professionale certifica il tuo stato formativo: verifica sempre su "
        "Co.Ge.A.P.S. o con il tuo Ordine prima di decidere.",
        "en": "The results on this page are estimates computed from the published rules, with their "
        "sources. Only your Ordine (professional board) certifies your training status: always check "
        "on Co.Ge.A.P.S. or with your Ordine before you decide.",
    },
    "example": {"it": "Esempio calcolato", "en": "Worked example"},
    "input": {"it": "Dati dell'esempio", "en": "Example input"},
    "step": {"it": "Passaggio", "en": "Step"},
    "amount": {"it": "Crediti", "en": "Credits"},
    "result_event": {"it": "Crediti dell'evento", "en": "Credits for the event"},
    "result_obligation": {"it": "Obbligo individuale", "en": "Individual obligation"},
    "result_counted": {"it": "Crediti che contano", "en": "Credits that count"},
    "certifiable": {"it": "Obbligo soddisfatto (stima)", "en": "Obligation met (estimate)"},
    "missing": {"it": "Crediti mancanti", "en": "Credits still missing"},
    "radioprotection_minimum": {
        "it": "Minimo in radioprotezione del paziente",
        "en": "Minimum on radioprotection of the patient",
    },
    "radioprotection": {"it": "Crediti in radioprotezione", "en": "Credits on radioprotection"},
    "insurance_threshold": {"it": "Soglia assicurativa (crediti)", "en": "Insurance threshold (credits)"},
    "insurance_ok": {"it": "Soglia assicurativa raggiunta", "en": "Insurance threshold reached"},
    "missing_insurance": {
        "it": "Crediti mancanti per la soglia assicurativa",
        "en": "Credits missing for the insurance threshold",
    },
    "insurance_applies": {
        "it": "Per quali polizze conta questo 70 %",
        "en": "Which policies this 70 % counts for",
    },
    "outcome": {"it": "Esito", "en": "Outcome"},
    "uncertain": {
        "it": "Almeno una regola usata non è confermata da una fonte ufficiale: vedi il metodo.",
        "en": "At least one rule used is not confirmed by an official source: see the method page.",
    },
    "warnings": {"it": "Avvertenze", "en": "Warnings"},
    "triennium": {"it": "Triennio", "en": "Triennium"},
    "start": {"it": "Inizio", "en": "Start"},
    "end": {"it": "Fine", "en": "End"},
    "deadline": {"it": "Termine per recuperare", "en": "Recovery deadline"},
    "base": {"it": "Obbligo base", "en": "Base obligation"},
    "adjustments": {
        "it": "Riduzioni e bonus principali (massimo)",
        "en": "Main reductions and bonuses (maximum)",
    },
    "adj_covid": {"it": "COVID", "en": "COVID"},
    "adj_previous_met": {"it": "obbligo precedente soddisfatto", "en": "previous obligation met"},
    "adj_dossier": {"it": "dossier individuale", "en": "individual dossier"},
    "adj_premialita": {"it": "premialità", "en": "premialità"},
    "none": {"it": "–", "en": "–"},
    "doc": {"it": "Documento", "en": "Document"},
    "cited_by": {"it": "Regole che lo citano", "en": "Rules citing it"},
    "link": {"it": "Collegamento", "en": "Link"},
    "method_page": {"it": "pagina del metodo", "en": "method page"},
    "compensation": {"it": "Con crediti compensativi fino al", "en": "With compensating credits until"},
    "official": {"it": "Testo ufficiale", "en": "Official text"},
    "read_on": {"it": "numero letto su", "en": "number read on"},
}
# Structured texts (several parts per language).
TODAY_TEXT: dict[str, dict[str, str]] = {
    "it": {
        "date": "Aggiornato al {d}.",
        "triennium": "Triennio in corso: {t}, fino al {e}; obbligo base {b}.",
    },
    "en": {
        "date": "Updated on {d}.",
        "triennium": "Triennium in progress: {t}, until {e}; base obligation {b}.",
    },
}
CONTACT_TEXT: dict[str, dict[str, str]] = {
    "it": {
        "email": "scrivi a {link};",
        "issues": "oppure apri una segnalazione pubblica su {link}.",
        "unset": "L'indirizzo per le segnalazioni non è ancora configurato in questa copia del sito.",
    },
    "en": {
        "email": "write to {link};",
        "issues": "or open a public report at {link}.",
        "unset": "The address for reports is not configured in this copy of the site yet.",
    },
}
VALUE_LABELS: dict[str, dict[str, str]] = {
    "half_down": {
        "it": "all'ora più vicina, la mezz'ora per difetto",
        "en": "to the nearest hour, half an hour rounded down",
    },
    "floor": {"it": "per difetto: contano solo le ore intere", "en": "down: only whole hours count"},
    "half_up": {"it": "al decimo più vicino, metà per eccesso", "en": "to the nearest tenth, half up"},
    "up": {"it": "per eccesso", "en": "rounded up"},
    "criteri-2010": {"it": "Criteri 2010", "en": "2010 criteria"},
    "manuale-2019": {"it": "Manuale nazionale 2019", "en": "2019 national manual"},
}

FIELD_LABELS: dict[str, dict[str, str]] = {
    "type": {"it": "Tipologia", "en": "Type"},
    "role": {"it": "Ruolo", "en": "Role"},
    "date": {"it": "Data dell'evento", "en": "Event date"},
    "end_date": {"it": "Data di fine", "en": "End date"},
    "hours": {"it": "Durata (ore)", "en": "Duration (hours)"},
    "interactive_hours": {"it": "Ore interattive", "en": "Interactive hours"},
    "participants": {"it": "Partecipanti", "en": "Participants"},
    "teachers": {"it": "Docenti", "en": "Teachers"},
    "special_topic": {"it": "Tematica speciale", "en": "Special topic"},
    "concluding_document": {"it": "Documento conclusivo", "en": "Concluding document"},
    "external_tutor": {"it": "Tutor esterno che valida", "en": "External validating tutor"},
    "tutor": {"it": "Con tutor", "en": "With tutor"},
    "teaching_minutes": {"it": "Minuti di docenza", "en": "Teaching minutes"},
    "sessions": {"it": "Sessioni moderate", "en": "Sessions moderated"},
    "months": {"it": "Mesi", "en": "Months"},
    "event_credits": {"it": "Crediti dei partecipanti", "en": "Participants' credits"},
    "stated_credits": {"it": "Crediti dichiarati", "en": "Stated credits"},
    "country": {"it": "Paese (codice ISO)", "en": "Country (ISO code)"},
    "attendance_percent": {"it": "Presenza (%)", "en": "Attendance (%)"},
    "test_score_percent": {"it": "Risposte corrette (%)", "en": "Correct answers (%)"},
    "profession": {"it": "Professione", "en": "Profession"},
    "discipline": {"it": "Disciplina", "en": "Discipline"},
    "employment": {"it": "Rapporto di lavoro", "en": "Employment"},
    "retired_on": {"it": "In pensione dal", "en": "Retired since"},
    "triennium": {"it": "Triennio", "en": "Triennium"},
    "first_registration": {"it": "Prima iscrizione all'Ordine", "en": "First registration"},
    "previous_triennium_credits": {
        "it": "Crediti nel triennio precedente",
        "en": "Credits in the previous triennium",
    },
    "previous_triennium_met": {"it": "Obbligo precedente soddisfatto", "en": "Previous obligation met"},
    "exemptions": {"it": "Esoneri ed esenzioni", "en": "Exemptions"},
    "dossiers": {"it": "Dossier formativo", "en": "Dossier formativo"},
    "credits": {"it": "Crediti registrati", "en": "Recorded credits"},
    "autoformazione": {"it": "autoformazione", "en": "autoformazione"},
    "abroad": {"it": "all'estero", "en": "abroad"},
    "sponsored": {"it": "da reclutamento", "en": "recruited by a sponsor"},
    "during_exemption": {"it": "durante un'esenzione", "en": "during an esenzione"},
    "radioprotection": {"it": "obiettivo radioprotezione", "en": "objective radioprotection"},
    "medical_exposure": {
        "it": "Lavora con esposizioni mediche",
        "en": "Works with medical exposure",
    },
    "radiology_complementary": {
        "it": "Attività radiologica complementare",
        "en": "Complementary radiological activity",
    },
    "kind": {"it": "Tipo", "en": "Kind"},
    "start": {"it": "Dal", "en": "From"},
    "end": {"it": "Al", "en": "To"},
    "reason": {"it": "Motivo", "en": "Reason"},
    "registration_gaps": {"it": "Cancellazione e reiscrizione", "en": "Cancellation and re-registration"},
    "cancelled_on": {"it": "Cancellazione", "en": "Cancellation"},
    "reregistered_on": {"it": "Reiscrizione", "en": "Re-registration"},
    "certified_trienni_at_2025_07_03": {
        "it": "Trienni certificati al 3 luglio 2025",
        "en": "Trienni certified on 3 July 2025",
    },
    "objectives_met": {"it": "Obiettivi del dossier raggiunti", "en": "Dossier objectives met"},
    "built_on": {"it": "Costruito il", "en": "Built on"},
    "attributed_years": {"it": "Anni a cui è attribuito", "en": "Years it is attributed to"},
}
ENUM_LABELS: dict[str, dict[str, str]] = {
    "res_course": {"it": "RES, corso di aggiornamento", "en": "Residential refresher course"},
    "res_congress": {"it": "RES, congresso o convegno", "en": "Residential congress"},
    "res_workshop": {"it": "RES, workshop o seminario", "en": "Residential workshop or seminar"},
    "res_interactive": {"it": "RES interattiva", "en": "Interactive residential training"},
    "fsc_training": {"it": "FSC, training individualizzato", "en": "Individual training (FSC)"},
    "fsc_improvement_group": {"it": "FSC, gruppo di miglioramento", "en": "Improvement group (FSC)"},
    "fsc_improvement_project": {"it": "FSC, progetto di miglioramento", "en": "Improvement project (FSC)"},
    "fsc_research": {"it": "FSC, attività di ricerca", "en": "Research activity (FSC)"},
    "fsc_audit": {"it": "FSC, audit clinico", "en": "Clinical audit (FSC)"},
    "fad_self_study": {"it": "FAD, autoapprendimento senza tutor", "en": "Self-study without tutor"},
    "fad_self_study_tutored": {"it": "FAD, autoapprendimento con tutor", "en": "Self-study with tutor"},
    "fad_elearning": {"it": "FAD e-learning", "en": "E-learning"},
    "fad_webinar": {"it": "FAD sincrona (webinar)", "en": "Webinar (synchronous FAD)"},
    "blended": {"it": "Blended", "en": "Blended"},
    "participant": {"it": "partecipante", "en": "participant"},
    "teacher": {"it": "docente o relatore", "en": "teacher or speaker"},
    "moderator": {"it": "moderatore", "en": "moderator"},
    "scientific_lead": {"it": "responsabile scientifico", "en": "scientific lead"},
    "fsc_tutor": {"it": "tutor FSC", "en": "on-the-job training tutor"},
    "fad_tutor": {"it": "tutor FAD", "en": "e-learning tutor"},
    "classroom_tutor": {
        "it": "tutor d'aula o di FAD sincrona",
        "en": "classroom or synchronous e-learning tutor",
    },
    "abroad": {"it": "Formazione all'estero", "en": "Training abroad"},
    "autoformazione": {"it": "Autoformazione", "en": "Autoformazione"},
    "publication": {"it": "Pubblicazione", "en": "Publication"},
    "clinical_trial": {"it": "Sperimentazione clinica", "en": "Clinical trial"},
    "individual_tutoring": {"it": "Tutoraggio individuale", "en": "Individual tutoring"},
    "esenzione": {"it": "esenzione", "en": "esenzione"},
    "esonero_hours": {
        "it": "esonero orario (corso sotto 60 CFU)",
        "en": "hourly esonero (course under 60 ECTS)",
    },
    "esonero_course": {
        "it": "esonero annuale (corso universitario)",
        "en": "yearly esonero (university course)",
    },
    "individual": {"it": "individuale", "en": "individual"},
    "group": {"it": "di gruppo", "en": "group"},
}


# Reductions and bonuses summarised per triennium in the trienni table (parameter, field or None).
TRIENNIUM_ADJUSTMENTS: tuple[tuple[str, str | None], ...] = (
    ("obligation.covid", None),
    ("obligation.previous_met", None),
    ("obligation.dossier", "individual.build"),
    ("obligation.premialita", "all_three"),
)
LINE_LABELS: dict[str, dict[str, str]] = {
    "caps.recorded": {"it": "Crediti registrati nel triennio", "en": "Credits recorded in the triennium"},
}


def t(key: str, lang: str) -> str:
    return TEXT[key][lang]
