"""Issue 11 "am I in order?": insurance triennium, deadlines, registry clock, status sentences.

Expected values come from the sources (art. 38-bis DL 152/2021 via lexlecis, ecm-rules.md §11.5;
deadlines §6/§11.8; registry clock §11.8) or hand calculations written next to each assertion.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from decimal import Decimal

import pytest

from functions.rulebook import missing_suspected_after
from functions.rulebook.compliance import evaluate_compliance
from functions.rulebook.models import ComplianceInput
from functions.rulebook.status import StatusInput, evaluate_status, timeline


def _status(as_of: str, credits: list[dict[str, object]] | None = None) -> object:
    return evaluate_status(StatusInput.model_validate({"as_of": as_of, "credits": credits or []}))


def test_during_2026_2028_the_insurer_looks_at_2023_2025() -> None:
    # 60 credits in 2024 against 150: 70 % of 150 = 105, so 45 missing; 2023-2025 recoverable until
    # 31 Dec 2028 (L. 27/2026, single source).
    for day in ("2026-02-27", "2027-06-30", "2028-12-31"):
        result = _status(day, [{"id": "a", "type": "res_course", "date": "2024-03-01", "credits": 60}])
        ins = result.insurance  # type: ignore[attr-defined]
        assert ins.state == "in_force"
        assert ins.triennium == "2023-2025"
        assert ins.threshold == Decimal(105)
        assert ins.met is False
        assert ins.missing == Decimal(45)
        assert ins.fix_deadline == dt.date(2028, 12, 31)
        # L. 27/2026 is one source (ecm-rules.md §11.8): the sentence says so.
        assert ins.fix_deadline_single_source is True
        assert result.sentences[1].msg == "status.insurance.missing_single_source"  # type: ignore[attr-defined]


def test_in_january_2026_before_the_extension_the_insurance_gap_was_closed() -> None:
    # On 15 Jan 2026 the 2023-2025 deadline in force was 31 Dec 2025 (the extension came on 27 Feb 2026).
    result = _status("2026-01-15", [{"id": "a", "type": "res_course", "date": "2024-03-01", "credits": 60}])
    assert result.insurance.triennium == "2023-2025"  # type: ignore[attr-defined]
    assert result.insurance.fix_deadline is None  # type: ignore[attr-defined]
    assert result.sentences[1].msg == "status.insurance.missing_closed"  # type: ignore[attr-defined]


def test_in_2029_the_insurer_looks_at_2026_2028() -> None:
    ins = _status("2029-01-01").insurance  # type: ignore[attr-defined]
    assert ins.triennium == "2026-2028"


def test_a_date_in_2025_names_2023_2025_but_says_the_rule_is_not_yet_in_force() -> None:
    result = _status("2025-06-01")
    ins = result.insurance  # type: ignore[attr-defined]
    assert ins.state == "not_yet_in_force"
    assert ins.triennium == "2023-2025"
    assert ins.policies_from == dt.date(2026, 1, 1)
    assert result.sentences[1].msg == "status.insurance.not_yet"  # type: ignore[attr-defined]


def test_2017_2019_has_no_insurance_status() -> None:
    ins = _status("2019-05-01").insurance  # type: ignore[attr-defined]
    assert ins.state == "none" and ins.triennium is None and ins.threshold is None
    result = evaluate_compliance(ComplianceInput.model_validate({"triennium": "2017-2019"}))
    assert result.insurance_threshold is None and result.insurance_ok is None
    assert result.missing_for_insurance is None


def test_2023_2025_keeps_its_insurance_threshold() -> None:
    result = evaluate_compliance(ComplianceInput.model_validate({"triennium": "2023-2025"}))
    assert result.insurance_threshold == Decimal(105)  # 70 % of 150


def test_timeline_of_2020_2022_on_29_nov_2026() -> None:
    # Delibera CNFC 1/2025: recovery until 31 Dec 2025, moves until 30 Jun 2026, compensation 31 Dec 2028.
    line = timeline("2020-2022", dt.date(2026, 11, 29))
    dates = {d.kind: d.date for d in line.deadlines}
    assert dates == {
        "end": dt.date(2022, 12, 31),
        "recovery": dt.date(2025, 12, 31),
        "moves": dt.date(2026, 6, 30),
        "compensation": dt.date(2028, 12, 31),
    }
    assert line.state == "closed"
    assert line.next_deadline == dt.date(2028, 12, 31)


def test_timeline_of_2023_2025_is_recoverable_and_single_source() -> None:
    line = timeline("2023-2025", dt.date(2026, 11, 29))
    assert line.state == "recoverable"
    recovery = next(d for d in line.deadlines if d.kind == "recovery")
    assert recovery.date == dt.date(2028, 12, 31)
    assert recovery.single_source is True
    # On 1 Feb 2026, before L. 27/2026 (27 Feb 2026), the deadline had passed: closed.
    assert timeline("2023-2025", dt.date(2026, 2, 1)).state == "closed"


@pytest.mark.parametrize(
    ("end", "scope", "expected"),
    [
        # 31 Dec 2025 + 90 days = 31 Mar 2026; + 20 days of Agenas = 20 Apr 2026
        ("2025-12-31", "national", "2026-04-20"),
        # regional: up to 9 months (274 days): 31 Dec 2025 + 274 = 1 Oct 2026
        ("2025-12-31", "regional", "2026-10-01"),
    ],
)
def test_registry_clock_from_the_official_end(end: str, scope: str, expected: str) -> None:
    assert missing_suspected_after(dt.date.fromisoformat(end), scope) == dt.date.fromisoformat(expected)


def test_registry_clock_uses_end_date_not_start() -> None:
    credit = {
        "id": "fad",
        "type": "fad_elearning",
        "date": "2025-03-01",
        "end_date": "2025-12-31",
        "credits": 10,
        "in_registry": False,
    }
    assert [p.id for p in _status("2026-04-20", [credit]).pending] == ["fad"]  # type: ignore[attr-defined]
    later = _status("2026-04-21", [credit])
    assert [p.id for p in later.missing_suspected] == ["fad"]  # type: ignore[attr-defined]
    regional = {**credit, "provider_scope": "regional"}
    assert [p.id for p in _status("2026-04-21", [regional]).pending] == ["fad"]  # type: ignore[attr-defined]


def test_status_sentences_link_to_their_lines_and_say_the_numbers() -> None:
    result = _status("2026-11-29", [{"id": "a", "type": "res_course", "date": "2026-03-01", "credits": 20}])
    current = result.sentences[0]  # type: ignore[attr-defined]
    assert current.see == "current.credit_lines"
    # 150 owed, 20 counted, 130 missing by 31 Dec 2028
    assert current.params == {
        "triennium": "2026-2028",
        "obligation": 150,
        "counted": 20,
        "missing": 130,
        "deadline": "2028-12-31",
    }


def test_cli_status_in_english() -> None:
    payload = json.dumps({"as_of": "2026-11-29"})
    out = subprocess.run(
        [sys.executable, "-m", "functions.rulebook", "status", "--lang", "en"],
        input=payload,
        capture_output=True,
        text=True,
        check=True,
    )
    sentences = json.loads(out.stdout)["sentences"]
    assert sentences[1]["text"].startswith("Insurance: the insurer looks at 2023-2025")


def test_registry_sentences_name_credits_by_title_and_date_in_both_languages() -> None:
    # Both ended 31 Dec 2025: national suspected after 20 Apr 2026 (90 + 20 days), regional after
    # 1 Oct 2026 (274 days). On 1 May 2026 the first is suspected missing, the second still pending.
    credits: list[dict[str, object]] = [
        {
            "id": "n1",
            "title": "La sepsi",
            "type": "fad_elearning",
            "date": "2025-12-31",
            "credits": 10,
            "in_registry": False,
        },
        {
            "id": "r1",
            "type": "fad_elearning",
            "date": "2025-12-31",
            "credits": 5,
            "in_registry": False,
            "provider_scope": "regional",
        },
    ]
    from functions.rulebook import language, localize

    result = _status("2026-05-01", credits)
    pending, suspected = result.sentences[-2:]  # type: ignore[attr-defined]
    # The count is of activities, with their credits in all; a record without a title is named by its
    # tipologia and credits, never by its id (a new user read "credito cmx2iqbfa2").
    assert pending.text == (
        "1 attività formativa non ancora nel registro, ancora nei tempi, per 5 crediti: "
        "FAD e-learning da 5 crediti (31 dicembre 2025)."
    )
    assert suspected.text == (
        "1 attività formativa probabilmente mancante (tempi del provider e di Agenas scaduti), "
        "per 10 crediti: «La sepsi» (31 dicembre 2025); serve l'attestato con il codice evento."
    )
    assert suspected.params["credits"] == [
        {"msg": "what.credit_named", "params": {"title": "La sepsi", "date": "2025-12-31"}}
    ]
    with language("en"):
        english = localize(result, "en").sentences[-1]  # type: ignore[attr-defined]
    assert english.text == (
        "1 activity probably missing (the provider's and Agenas' time has run out), for 10 credits: "
        "“La sepsi” (31 December 2025); you need the attestato with the event code."
    )
    assert [(p.title, p.date.isoformat()) for p in result.missing_suspected] == [  # type: ignore[attr-defined]
        ("La sepsi", "2025-12-31")
    ]


def test_an_insurers_triennium_with_no_credit_entered_gives_the_threshold_not_a_verdict() -> None:
    """Review of the status answer: a nurse who entered only 2026-2028 credits read "non raggiunta,
    mancano 105" about 2023-2025, which she had simply not entered."""
    from functions.rulebook import localize

    only_now = [{"id": "a", "type": "res_course", "date": "2026-10-01", "credits": 40}]
    for day in ("2026-01-02", "2026-11-29", "2029-01-10"):  # in force: recoverable, then closed
        result = _status(day, only_now if day < "2029" else [])
        ins = result.insurance  # type: ignore[attr-defined]
        assert (ins.state, ins.met, ins.missing) == ("no_credits_recorded", None, None)
        # 150 owed in the triennium looked at, 70 % = 105.
        assert ins.threshold == Decimal(105)
        at = [s.see.startswith("insurance") for s in result.sentences].index(True)  # type: ignore[attr-defined]
        italian = result.sentences[at].text  # type: ignore[attr-defined]
        english = localize(result, "en").sentences[at].text  # type: ignore[attr-defined]
        assert "105 crediti" in italian and "Co.Ge.A.P.S." in italian and ins.triennium in italian
        assert "mancano" not in italian and "non raggiunta" not in italian
        assert "105 credits" in english and "missing" not in english and "not met" not in english
    # Before policies from 2026 the rule is not in force: the sentence stays "not yet" (unchanged).
    assert _status("2025-06-01").insurance.state == "not_yet_in_force"  # type: ignore[attr-defined]
    # One credit of 2023-2025 entered: the old wording, 105 - 1 = 104 missing.
    one = _status(
        "2026-11-29", [*only_now, {"id": "b", "type": "res_course", "date": "2024-05-10", "credits": 1}]
    )
    assert (one.insurance.state, one.insurance.missing) == ("in_force", Decimal(104))  # type: ignore[attr-defined]
    assert "mancano 104 crediti" in one.sentences[1].text  # type: ignore[attr-defined]
