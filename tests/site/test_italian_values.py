"""Rule values read as members write them (issue 16 item 6): composite values as sentences, years without
a thousands separator, the confidence badge after the whole value, true/false rules without "(sì)", the
sources page naming rules by title, and the build check that no raw key of the rule book reaches a page.

Expected sentences are written by hand from the rule texts (/work/shared/ecm-rules.md: the dossier bonus
of the 2026-2028 triennium, 40 + 30 credits, built in 2026 or 2027; the psychologists' internship
supervision, 4 credits a month and at most 25 a year; employees' 25-75 yearly credits of 2011-2013).
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"values_{name}", ROOT / "hooks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CHECKS = _load("page_checks")


def _text(built: Path, page: str) -> str:
    return str(CHECKS.visible_text((built / page / "index.html").read_text(encoding="utf-8")))


def test_composite_values_read_as_sentences_in_both_languages(built: Path) -> None:
    dossier = _text(built, "dossier")
    individual = "individuale: 40 crediti per la costruzione, 30 per la realizzazione nel triennio successivo"
    assert individual in dossier
    assert "da costruire nel 2026 o nel 2027" in dossier
    assert "built in 2026 or 2027" in _text(built, "en/dossier")
    limits = _text(built, "limiti")
    assert "4 crediti al mese, al massimo 25 l'anno" in limits
    assert "da 25 a 75 crediti l'anno" in limits
    assert "4 credits a month, at most 25 a year" in _text(built, "en/limiti")


def test_years_never_get_a_thousands_separator(built: Path) -> None:
    for page in ("dossier", "en/dossier"):
        assert not re.search(r"\b2[.,]0[0-9]{2}\b", _text(built, page)), page


def test_the_confidence_badge_follows_the_whole_value(built: Path) -> None:
    for page in ("esoneri-esenzioni", "situazioni/specializzando-master"):
        text = _text(built, page)
        assert "ogni 3 ore fonte secondaria di frequenza" in text, page
        assert "3 fonte secondaria ore" not in text, page
    assert "every 3 hours secondary source of attendance" in _text(built, "en/esoneri-esenzioni")


def test_a_true_rule_in_a_sentence_cites_its_source_instead_of_saying_yes(built: Path) -> None:
    text = _text(built, "esoneri-esenzioni")
    assert "più favorevole al professionista ( fonte )" in text
    assert "( sì )" not in text
    # In the table of values the same rule "vale" (applies) from its date.
    assert "Esoneri prevalgono sulle esenzioni sovrapposte vale dal" in text


def test_the_sources_page_names_the_rules_by_title(built: Path) -> None:
    html = (built / "fonti" / "index.html").read_text(encoding="utf-8")
    assert "<code>deadline." not in html and "<code>moves." not in html
    assert "Scelta di questa guida" in html and "Scelta di prodotto" not in html
    text = CHECKS.visible_text(html)
    assert "Spostamento crediti tra trienni" in text
    assert not re.search(r"\bmoves\.\w+", text)


def test_the_build_check_catches_a_raw_key_in_a_rule_value() -> None:
    good = '<span class="ecm-rule" data-rule="x" data-text="4 crediti al mese, al massimo 25 l&#x27;anno">'
    bad = '<span class="ecm-rule" data-rule="x" data-text="crediti al mese: 4; max_per_year: 25">'
    assert CHECKS.raw_key_problems(good) == []
    expected = "x: raw key 'max_per_year' in 'crediti al mese: 4; max_per_year: 25'"
    assert CHECKS.raw_key_problems(bad) == [expected]


def test_example_periods_read_as_one_phrase(built: Path) -> None:
    # The maternity example of the guide: leave from 1 February to 31 August 2024 (one year, written once).
    text = _text(built, "situazioni/maternita-malattia")
    assert "esenzione dal 1° febbraio al 31 agosto 2024" in text
    assert "1° febbraio 2024 · 31 agosto 2024" not in text
    assert "from 1 February to 31 August 2024" in _text(built, "en/situazioni/maternita-malattia")


def test_amounts_use_the_true_minus_sign(built: Path) -> None:
    for page in ("obbligo", "en/obbligo", "esoneri-esenzioni", "dossier"):
        text = _text(built, page)
        assert "−30" in text or "−10" in text or "−40" in text, page
        assert not re.search(r"(?<![\w/.-])-\d", text), page


def test_the_estimate_box_says_where_to_check(built: Path) -> None:
    assert "verifica sempre su Co.Ge.A.P.S. o con il tuo Ordine prima di decidere" in _text(built, "obbligo")
    assert "controlla sempre lì" not in _text(built, "obbligo")
