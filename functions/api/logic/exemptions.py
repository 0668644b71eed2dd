"""Esoneri and esenzioni: periods that reduce the obligation."""

from __future__ import annotations

import uuid

from functions.rulebook.models import Exemption

from .. import dal
from ..errors import invalid, not_found
from ..models import FIRST_DAY, LAST_DAY, ExemptionList, ExemptionOut
from . import clock

# The rule book's profile accepts at most this many; refusing here keeps compliance computable.
MAX_EXEMPTIONS = 50


def create_exemption(sub: str, exemption: Exemption) -> ExemptionOut:
    for name in ("start", "end"):
        value = getattr(exemption, name)
        if not FIRST_DAY <= value <= LAST_DAY:
            raise invalid(name, f"must be between {FIRST_DAY} and {LAST_DAY}")
    if exemption.end < exemption.start:
        raise invalid("end", "must not be before start")
    if len(dal.list_exemptions(sub)) >= MAX_EXEMPTIONS:
        raise invalid("exemptions", f"at most {MAX_EXEMPTIONS} exemptions can be recorded")
    out = ExemptionOut(id=uuid.uuid4().hex, exemption=exemption, created_at=clock.now())
    dal.insert_exemption(sub, out.id, out.model_dump(mode="python"))
    return out


def list_exemptions(sub: str) -> ExemptionList:
    return ExemptionList(items=[ExemptionOut.model_validate(item) for item in dal.list_exemptions(sub)])


def delete_exemption(sub: str, exemption_id: str) -> None:
    if not dal.delete_exemption(sub, exemption_id):
        raise not_found("exemption")
