"""Italian as members read it: the wording faults a fresh tester found (issue 12 and 16 review), as kinds.

Expected texts are written by hand from what the sentence must say (ecm-rules.md §11.5 for insurance,
§11.8 for deadlines), not copied from the catalogue.
"""

from __future__ import annotations

import re

import pytest

from functions.rulebook.messages import catalogue, render


def _italian_templates() -> dict[str, str]:
    out = {}
    for msg_id, entry in catalogue().items():
        it = entry.templates["it"]
        texts = it.values() if isinstance(it, dict) else [it]
        out[msg_id] = " ".join(str(t) for t in texts)
    return out


@pytest.mark.parametrize(
    ("msg", "params", "it", "en"),
    [
        (
            "calc.triennium.meter_current",
            {"triennium": "2026-2028", "counted": 3, "threshold": 130, "percent": 100},
            "Triennio 2026-2028: 3 su 130, obiettivo 100\u00a0%",
            "Triennium 2026-2028: 3 of 130, target 100\u00a0%",
        ),
        (
            "calc.triennium.meter_insurance",
            {"triennium": "2023-2025", "counted": 0, "threshold": 105, "percent": 70},
            "Assicurazione 2023-2025: 0 su 105, soglia 70\u00a0%",
            "Insurance 2023-2025: 0 of 105, threshold 70\u00a0%",
        ),
    ],
)
def test_a_meter_says_its_percentage_is_the_target_not_what_was_reached(
    msg: str, params: dict[str, object], it: str, en: str
) -> None:
    assert render(msg, params, "it") == it
    assert render(msg, params, "en") == en


def test_reached_agrees_with_the_labels_it_follows() -> None:
    # "raggiunto" is masculine singular: both labels it follows must have a masculine singular subject.
    assert render("calc.triennium.text.reached", {}, "it") == "raggiunto"
    certifiable = render("calc.triennium.text.certifiable", {"certifiable": "100 %"}, "it")
    insurance = render("calc.triennium.text.insurance", {"insurance": "70 %"}, "it")
    assert certifiable == "Il 100 % dell'obbligo (certificazione del triennio)"
    assert insurance.startswith("Il 70 % dell'obbligo di questo triennio")
    # Item 2: the detail panel's 70 % is this triennium's, for policies after its end, not the insurer's now.
    for msg in (
        "calc.triennium.text.insurance",
        "calc.triennium.text.missing_insurance",
        "calc.triennium.text.meter_70",
    ):
        assert "dopo la sua fine" in render(msg, {"insurance": "70 %"}, "it"), msg


def test_no_italian_text_calls_a_move_a_mossa_or_says_registrations_were_acquired() -> None:
    texts = _italian_templates()
    assert [m for m, t in texts.items() if re.search(r"\bmoss[ae]\b", t)] == []
    assert [m for m, t in texts.items() if re.search(r"registrazion[ei] acquisit", t)] == []
    helps = render(
        "calc.triennium.whatif.helps",
        {"triennium": "2023-2025", "before": 27.6, "after": 0, "change": 27.6},
        "it",
    )
    assert (
        helps
        == "2023-2025: lo spostamento migliora la situazione, i crediti mancanti passano da 27,6 a 0 (−27,6)."
    )


def test_deadlines_are_sentences_members_understand() -> None:
    labels = {
        k: render(f"calc.triennium.text.deadline.{k}", {}, "it")
        for k in ("end", "recovery", "moves", "compensation")
    }
    assert labels == {
        "end": "Fine del triennio",
        "recovery": "Termine per recuperare i crediti mancanti",
        "moves": "Termine per spostare crediti tra trienni",
        "compensation": "Termine per i crediti compensativi",
    }


def test_credits_earned_during_an_esenzione_are_credits_not_registrations() -> None:
    text = render(
        "line.compliance.in_esenzione", {"count": 1, "start": "2024-01-01", "end": "2024-05-29"}, "it"
    )
    assert text == (
        "crediti di 1 attività formativa svolta durante l'esenzione dal 1° gennaio 2024 al 29 maggio 2024: "
        "non contano in questo triennio"
    )


def test_insurance_notice_of_the_current_triennium_names_the_policies_it_decides() -> None:
    text = render(
        "compliance.insurance.applies_from",
        {"triennium": "2026-2028", "percent": 70, "threshold": 91, "policies_from": "2029-01-01"},
        "it",
    )
    assert text.startswith(
        "Il 70 % del triennio 2026-2028 (91 crediti) conta per le polizze dal 1° gennaio 2029"
    )
