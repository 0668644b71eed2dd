"""The profession in a profile: which one (from the official list), and the rules that apply only to it.

Sources: L. 3/2018 and the list of 31 profiles (ecm-rules.md §8); the profession-specific rules of §11.3
(pharmacists' internship tutoring, psychologists' internship supervision, nurses' FAD in 2011-2013).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .errors import RuleInputError
from .models import Profile
from .parameters import RuleBook

PHYSICIAN = "medico_chirurgo"


def professions(book: RuleBook, on: date) -> list[dict[str, Any]]:
    """The professions in force on ``on``: dicts with ``id``, ``it``, ``en`` and, where known, ``code``."""
    listed: list[dict[str, Any]] = book.at("profession.list", on).value
    return listed


def check_profile(book: RuleBook, profile: Profile, on: date) -> None:
    """Refuse a profession or discipline not in the lists, naming the field and the accepted values.

    Raises RuleInputError on ``profile.profession`` or ``profile.discipline``.
    """
    if profile.profession is None:
        if profile.discipline is not None:
            raise RuleInputError("profile.discipline", "error.discipline_without_profession")
        return
    ids = [p["id"] for p in professions(book, on)]
    if profile.profession not in ids:
        raise RuleInputError("profile.profession", "error.one_of", expected=ids)
    if profile.discipline is None:
        return
    if profile.profession != PHYSICIAN:
        raise RuleInputError("profile.discipline", "error.discipline_physicians_only")
    disciplines: list[str] = book.at(f"profession.disciplines.{PHYSICIAN}", on).value
    if profile.discipline not in disciplines:
        raise RuleInputError(
            "profile.discipline", "error.discipline_unknown", where=f"profession.disciplines.{PHYSICIAN}"
        )


def profession_rule(book: RuleBook, profile: Profile, name: str, on: date) -> Any:
    """The profession's own parameter ``profession.<id>.<name>`` in force on ``on``, or None."""
    if profile.profession is None:
        return None
    param_id = f"profession.{profile.profession}.{name}"
    if param_id not in book.parameters:
        return None
    parameter = book.parameters[param_id]
    if on < parameter.values[0].valid_from:
        return None
    value = book.at(param_id, on)
    return None if value.absent else value
