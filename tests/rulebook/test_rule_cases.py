"""The Python rule book against the reviewed cases of tests/cases/*.toml (expected values by people).

The conformance vectors check that the two engines agree; these cases check that they are right.
"""

from __future__ import annotations

import pytest

from functions.rulebook.dispatch import run_or_error
from tests.cases.loader import Case, explain, load_cases, mismatches

CASES = load_cases()


@pytest.mark.parametrize("case", [c.param() for c in CASES])
def test_rule_book_gives_the_reviewed_value(case: Case) -> None:
    result, error = run_or_error(case.kind, case.input)
    problems = mismatches(case, result, error)
    assert not problems, explain(case, problems)
