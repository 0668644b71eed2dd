"""The kill-rate report tells a text-only survivor from one that changes a rule."""

from __future__ import annotations

from tests.mutation.kill_rate import text_only

ORIGINAL = """def f(calc):
    raise RuleInputError("components", "a blended event needs at least 2 parts")
"""


def test_a_blanked_message_is_text_only() -> None:
    assert text_only(ORIGINAL, ORIGINAL.replace('"a blended event needs at least 2 parts"', "None"))
    assert text_only(ORIGINAL, ORIGINAL.replace("a blended", "XXa blended"))


def test_a_changed_field_name_number_or_operator_is_not_text_only() -> None:
    assert not text_only(ORIGINAL, ORIGINAL.replace('"components"', '"XXcomponentsXX"'))
    assert not text_only("def f(x):\n    return x > 2\n", "def f(x):\n    return x >= 2\n")
    assert not text_only("def f(x):\n    return x * 2\n", "def f(x):\n    return x * 3\n")
