"""Settings for every test directory.

The product's clock (functions/api/logic/clock.py: the API, the demo seed, the guide's build, and the
calculators' default date in browser tests) is pinned for the whole suite, so a test's answer does not
depend on the day it runs; subprocesses (the local stack, mkdocs) inherit it. Tests that are about a
date set their own (the API's ``today`` fixture, ``ECM_TODAY`` in a child's environment).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

PINNED_TODAY = "2026-11-20"
os.environ.setdefault("ECM_TODAY", PINNED_TODAY)

if os.environ.get("MUTANT_UNDER_TEST"):
    # Under `make mutate` a failing property only has to fail, not to be shrunk to its smallest example:
    # shrinking a mutant's counterexample took minutes per mutant.
    from hypothesis import Phase, settings

    settings.register_profile(
        "mutation", phases=[Phase.explicit, Phase.reuse, Phase.generate], deadline=None, print_blob=False
    )
    settings.load_profile("mutation")


def _clear_rule_book_caches() -> None:
    from functions.rulebook.parameters import load_rulebook
    from functions.rulebook.trienni import all_trienni

    load_rulebook.cache_clear()
    all_trienni.cache_clear()


@pytest.fixture(scope="session", autouse=True)
def _fresh_rule_book_under_mutation() -> Iterator[None]:
    """`make mutate` runs each mutant in a process forked after the rule book was loaded and cached:
    without this, a mutant in the loader (parameters.py) or the trienni list would never run and would
    count as surviving. Outside mutation testing the caches are left alone."""
    if os.environ.get("MUTANT_UNDER_TEST"):
        _clear_rule_book_caches()
    yield


@pytest.fixture(autouse=True)
def _loader_seen_by_every_test_in_mutation_stats() -> Iterator[None]:
    """mutmut maps each function to the tests that call it, once, before testing mutants ("stats"):
    with the cache, only the first test would be seen calling the loader, and only that test would
    run against the loader's mutants. In that phase every test loads the rule book afresh."""
    if os.environ.get("MUTANT_UNDER_TEST") == "stats":
        _clear_rule_book_caches()
    yield
