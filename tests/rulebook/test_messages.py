"""The message catalogue: complete in both languages, consistent with what the engine gives, Italian
outputs free of English template text and of ISO dates.

Expected sentences are written by hand from the catalogue's wording and Italian/English conventions
(decimal comma, "1 credito"/"2 crediti", "20 luglio 2024"), not copied from the renderer.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from datetime import date
from typing import Any

import pytest

from functions.rulebook import cli, messages
from functions.rulebook.conformance import build_vectors
from functions.rulebook.errors import RuleInputError
from functions.rulebook.messages import (
    LANGS,
    MessageDef,
    _parse,
    catalogue,
    catalogue_problems,
    render,
)
from functions.rulebook.parameters import load_rulebook

SAMPLES: dict[str, Any] = {
    "number": 24.4,
    "date": "2024-07-20",
    "text": "2023-2025",
    "list": [2024, 2025],
    "msg": "what.congress",
    "fraction": "1/3",
}
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def _sample(kind: str, count: float) -> Any:
    if kind.startswith(("name:", "names:")):
        # The first code that has a label, e.g. "res_course" for name:what.type.
        prefix = kind.split(":", 1)[1] + "."
        code = next(msg for msg in sorted(catalogue()) if msg.startswith(prefix))[len(prefix) :]
        return [code] if kind.startswith("names:") else code
    return count if kind.startswith("unit.") or kind == "number" else SAMPLES[kind]


@pytest.mark.parametrize("msg", sorted(catalogue()))
@pytest.mark.parametrize("lang", LANGS)
def test_every_message_renders_in_both_languages(msg: str, lang: str) -> None:
    definition = catalogue()[msg]
    for count in (1, 2, 1000000):  # one, other and (Italian) many
        params = {name: _sample(kind, count) for name, kind in definition.params.items()}
        text = render(msg, params, lang)
        assert text and "{" not in text and "}" not in text, text


def test_the_catalogue_has_no_problems() -> None:
    assert catalogue_problems(catalogue()) == []


def test_a_missing_language_or_an_undeclared_placeholder_is_a_problem() -> None:
    broken = _parse(
        {
            "line.only_italian": {"params": {"n": "number"}, "it": "{n} crediti"},
            "line.unknown_placeholder": {"params": {}, "it": "{hours} ore", "en": "{hours} hours"},
            "line.italian_drops_a_step": {
                "params": {"a": "number", "b": "number"},
                "it": "{a}",
                "en": "{a} = {b}",
            },
            "line.bad_type": {"params": {"a": "money"}, "it": "{a}", "en": "{a}"},
        }
    )
    problems = "\n".join(catalogue_problems(broken))
    assert "line.only_italian: no 'en' template" in problems
    assert "line.unknown_placeholder: 'it' uses {hours}, not declared" in problems
    assert "line.italian_drops_a_step: 'it' never shows param b" in problems
    assert "line.bad_type: param a has unknown type 'money'" in problems


def test_a_param_the_engine_does_not_give_fails_to_render() -> None:
    with pytest.raises(KeyError, match="no value for"):
        render("line.event_cap", {}, "it")


@pytest.mark.parametrize(
    ("msg", "params", "it", "en"),
    [
        (
            "line.event_cap",
            {"limit": 50},
            "limitato a 50 crediti per evento",
            "capped at 50 credits per event",
        ),
        (
            "line.per_hour",
            {"what": "what.small_group", "hours": 6, "rate": 0.3},
            "piccolo gruppo: 6 h × 0,3 crediti/h",
            "small group: 6 h × 0.3 credits/h",
        ),
        (
            "line.res.band",
            {"hours": 6, "rate": 1, "participants": 1},
            "6 h × 1 credito/h (1 partecipante)",
            "6 h × 1 credit/h (1 participant)",
        ),
        (
            "line.esenzione.days",
            {"start": "2024-02-01", "end": "2024-08-31", "days": 213, "blocks": 14, "unit": 15},
            "esenzione dal 1° febbraio 2024 al 31 agosto 2024: 213 giorni continuativi = 14 × 15 giorni",
            "esenzione 1 February 2024 to 31 August 2024: 213 continuous days = 14 × 15 days",
        ),
        # Italian writes the first of a month as an ordinal ("1° gennaio"); other days and English do not.
        (
            "error.before_earliest",
            {"earliest": "2002-01-01", "got": "2001-07-20"},
            "i crediti ECM esistono dal 1° gennaio 2002 (indicato 20 luglio 2001)",
            "ECM credits exist from 1 January 2002 (got 20 July 2001)",
        ),
        # A share in words: a third of the obligation for each year of the course (§ esonero per corsi).
        (
            "line.esonero.course",
            {"years": [2027], "share": "1/3"},
            "esonero per corso universitario nel 2027: un terzo dell'obbligo per anno",
            "esonero for a university course in 2027: one third of the obligation per year",
        ),
        (
            "line.country.not_recognised",
            {"country": "country.BR", "code": "BR", "date": "2024-03-01"},
            "Brasile (BR) non era uno Stato dell'UE il 1° marzo 2024 e non è né la Svizzera, né gli"
            " Stati Uniti, né il Canada: la formazione svolta lì non dà crediti ECM",
            "Brazil (BR) was not an EU member state on 1 March 2024 and is not Switzerland, the USA or"
            " Canada: training there gives no ECM credits",
        ),
        # Lists in sentences are joined as prose: "2027 e 2028", British English without a serial comma.
        (
            "line.obligation.gap",
            {"years": [2027, 2028]},
            "nessun obbligo nel 2027 e 2028 (cancellazione dall'Ordine)",
            "no obligation in 2027 and 2028 (cancellation from the Ordine)",
        ),
        (
            "line.premialita",
            {"trienni": ["2014-2016", "2017-2019", "2020-2022"], "date": "2025-07-03"},
            "premialità: in regola per 2014-2016, 2017-2019 e 2020-2022 al 3 luglio 2025",
            "premialità: in good standing for 2014-2016, 2017-2019 and 2020-2022 on 3 July 2025",
        ),
        (
            "line.compliance.cap",
            {"what": "what.cap.autoformazione", "share": "1/5", "owed": 122, "limit": 24.4},
            "autoformazione: limitato a 1/5 di 122 = 24,4",
            "autoformazione capped at 1/5 of 122 = 24.4",
        ),
        (
            "line.per_time_unit",
            {"what": "what.teaching", "minutes": 90, "units": 3, "unit": 30, "per_unit": 1},
            "docenza: 90 min = 3 × 30 min × 1 credito",
            "teaching: 90 min = 3 × 30 min × 1 credit",
        ),
        (
            "line.compliance.recorded",
            {"count": 1, "triennium": "2023-2025"},
            "1 registrazione di crediti nel triennio 2023-2025",
            "1 credit record in 2023-2025",
        ),
        (
            "error.at_most_got",
            {"limit": 2000, "got": 2001.5},
            "deve essere al massimo 2.000 (indicato 2.001,5)",
            "must be at most 2,000 (got 2,001.5)",
        ),
        (
            "error.decimal_places",
            {"limit": 1},
            "può avere al massimo 1 decimale",
            "must have at most 1 decimal place",
        ),
        # Codes in params, words in the text (review: "un evento res_course ha al massimo ...").
        (
            "error.participants_for_type",
            {"type": "res_course", "limit": 200, "got": 1000},
            "la tipologia «corso di aggiornamento» ammette al massimo 200 partecipanti (indicati 1.000)",
            "the type “refresher course” allows at most 200 participants (got 1,000)",
        ),
        (
            "error.role_not_for_type",
            {"type": "fsc_audit", "roles": ["participant", "fsc_tutor"], "got": "classroom_tutor"},
            "la tipologia «audit clinico e/o assistenziale (formazione sul campo)» ammette solo questi ruoli:"
            " discente e tutor di formazione sul campo (indicato: tutor d'aula)",
            "the type “clinical audit (on-the-job)” allows only these roles: participant and on-the-job"
            " training tutor (given: classroom tutor)",
        ),
        (
            "line.blended_part",
            {"part": 2, "step": {"msg": "line.event_cap", "params": {"limit": 50}}},
            "parte 2: limitato a 50 crediti per evento",
            "part 2: capped at 50 credits per event",
        ),
    ],
)
def test_sentences_read_as_written_by_hand(msg: str, params: dict[str, Any], it: str, en: str) -> None:
    assert render(msg, params, "it") == it
    assert render(msg, params, "en") == en


# ---- the engine's outputs against the catalogue ------------------------------------------------------


def _messages(value: Any) -> Iterator[tuple[str, dict[str, Any], str | None]]:
    """Every (msg, params, text) in a result or error, nested steps included."""
    if isinstance(value, dict):
        if "msg" in value and "params" in value:
            yield value["msg"], value["params"], value.get("text", value.get("message"))
            for nested in value["params"].values():
                yield from _messages(nested)
        for key, item in value.items():
            if key != "params":
                yield from _messages(item)
    elif isinstance(value, list):
        for item in value:
            yield from _messages(item)


def _outputs() -> list[tuple[str, Any]]:
    return [(case["name"], case.get("expected", case.get("error"))) for case in build_vectors()["cases"]]


def test_every_engine_message_gives_exactly_the_declared_params() -> None:
    seen = set()
    for name, output in _outputs():
        for msg, params, _ in _messages(output):
            seen.add(msg)
            definition: MessageDef = catalogue()[msg]
            assert set(params) == set(definition.params), f"{name}: {msg} gives {sorted(params)}"
            for lang in LANGS:
                render(msg, params, lang)
    assert len(seen) > 60, sorted(seen)


def _english_fragments() -> set[str]:
    """Literal pieces of the English templates (three words or more) that Italian never uses."""
    italian = " ".join(form for d in catalogue().values() for form in _forms(d.templates["it"]))
    fragments = set()
    for definition in catalogue().values():
        for form in _forms(definition.templates["en"]):
            for piece in re.split(r"\{\w+\}", form):
                words = re.findall(r"[A-Za-z']+", piece)
                if len(words) >= 2 and len(piece.strip()) >= 8 and piece.strip() not in italian:
                    fragments.add(piece.strip(" :;,()="))
    return fragments


def _forms(template: Any) -> list[str]:
    return [template] if isinstance(template, str) else list(template.values())


def _italian_problems(text: str) -> list[str]:
    found = [f"ISO date in {text!r}" for _ in ISO_DATE.findall(text)]
    found += [f"English {fragment!r} in {text!r}" for fragment in FRAGMENTS if fragment in text]
    return found


FRAGMENTS = _english_fragments()


def test_the_english_fragment_list_is_not_empty() -> None:
    assert "capped at" in " ".join(FRAGMENTS) and len(FRAGMENTS) > 40


def test_italian_outputs_of_all_vectors_have_no_english_and_no_iso_dates() -> None:
    problems = []
    for name, output in _outputs():
        for _, _, text in _messages(output):
            problems += [f"{name}: {p}" for p in _italian_problems(text or "")]
    assert problems == []


# A code people never type, rendered raw into a sentence: snake_case identifiers (res_course, fad_webinar,
# fsc_tutor, scientific_lead, esonero_hours, medico_chirurgo). Review: "un evento res_course ha al massimo
# 200 partecipanti". Params keep the codes (what the API takes); texts must name them in words.
RAW_CODE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
# error.one_of lists the values a field accepts, as the API takes them, and error.discipline_unknown names
# the rules export's parameter that holds the list: codes on purpose, for whoever sends the data.
CODES_ON_PURPOSE = frozenset({"error.one_of", "error.discipline_unknown"})


def _raw_codes(text: str) -> list[str]:
    return RAW_CODE.findall(text)


def test_no_line_warning_sentence_or_error_of_any_vector_shows_a_raw_code_in_either_language() -> None:
    problems = []
    for name, output in _outputs():
        for msg, params, _ in _messages(output):
            if msg in CODES_ON_PURPOSE:
                continue
            for lang in LANGS:
                text = render(msg, params, lang)
                problems += [f"{name} [{lang}] {msg}: {code!r} in {text!r}" for code in _raw_codes(text)]
    assert problems == []


def test_the_raw_code_checker_catches_the_reviewed_sentence() -> None:
    assert _raw_codes("un evento res_course ha al massimo 200 partecipanti (indicati 1.000)") == [
        "res_course"
    ]
    assert _raw_codes("il ruolo scientific_lead; fad_webinar") == ["scientific_lead", "fad_webinar"]
    assert _raw_codes("autoformazione: limitato a 1/5 di 122 = 24,4; Co.Ge.A.P.S.; 2023-2025") == []


def test_the_checker_catches_english_and_iso_dates() -> None:
    assert _italian_problems("esenzione 2024-02-01 to 2024-08-31: 213 continuous days")


def _cli(kind: str, payload: Any, lang: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    path = f"/tmp/ecm-cli-{kind}-{lang}.json"
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(payload, handle)
    with redirect_stdout(out), redirect_stderr(err):
        status = cli.main([kind, path, "--lang", lang])
    return status, out.getvalue() + err.getvalue()


def test_the_cli_speaks_italian_for_every_vector_and_english_on_request() -> None:
    problems = []
    for case in build_vectors()["cases"]:
        status, printed = _cli(case["kind"], case["input"], "it")
        assert status == (2 if "error" in case else 0), case["name"]
        for _, _, text in _messages(json.loads(printed)):
            problems += [f"{case['name']}: {p}" for p in _italian_problems(text or "")]
    assert problems == []
    status, printed = _cli("event", {"type": "res_course", "date": "2024-05-10", "hours": 0}, "en")
    assert status == 2
    assert json.loads(printed)["error"] == {
        "field": "hours",
        "msg": "error.greater_than",
        "params": {"limit": 0},
        "message": "must be greater than 0",
    }


def test_localize_gives_what_computing_in_that_language_gives() -> None:
    from functions.rulebook import evaluate_compliance, language, localize
    from functions.rulebook.models import ComplianceInput

    nurse = ComplianceInput.model_validate(
        {
            "triennium": "2023-2025",
            "profile": {"exemptions": [{"kind": "esenzione", "start": "2024-02-01", "end": "2024-08-31"}]},
            "credits": [{"id": "a1", "type": "autoformazione", "date": "2024-10-10", "credits": 25}],
        }
    )
    italian = evaluate_compliance(nurse)
    with language("en"):
        english = evaluate_compliance(nurse)
    assert localize(italian, "en") == english
    assert localize(english, "it") == italian
    assert italian != english


def test_a_rule_is_named_by_its_title_when_a_date_comes_before_it() -> None:
    """The refusal names the rule as a reader knows it, in each language, never by its parameter id.

    The ECM trienni start in 2011 (obligation.toml ``trienni``, first value 2011-01-01)."""
    with pytest.raises(RuleInputError) as refused:
        load_rulebook().at("trienni", date(2005, 3, 1))
    assert refused.value.text("it") == "nessuna regola nota prima del 1° gennaio 2011 per «trienni formativi»"
    assert refused.value.text("en") == "no rule is known before 1 January 2011 for “trienni”"
    assert "what.rule.trienni" not in messages.catalogue_export()


def test_an_improvement_project_is_named_as_a_project_not_a_group() -> None:
    """A reviewer read "gruppo di miglioramento: 20 h × 1 credito/h" for a project (same rate, other name)."""
    from functions.rulebook import compute_event_credits
    from functions.rulebook.models import EventInput

    for kind, words in (("fsc_improvement_project", "progetto"), ("fsc_improvement_group", "gruppo")):
        event = EventInput.model_validate({"type": kind, "date": "2024-05-10", "hours": 20})
        first = compute_event_credits(event).lines[0]
        assert first.text == f"{words} di miglioramento: 20 h × 1 credito/h", first.text
