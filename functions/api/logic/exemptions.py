"""Esoneri and esenzioni: periods that reduce the obligation."""

from __future__ import annotations

import uuid

from functions.rulebook.models import Exemption, Profile

from .. import dal, idempotency, limits
from ..errors import limit_reached, not_found, refused
from ..models import FIRST_DAY, LAST_DAY, ExemptionList, ExemptionOut
from . import clock, common

MAX_EXEMPTIONS = limits.MAX_EXEMPTIONS


def check_readable(exemption: Exemption) -> None:
    """What compliance would refuse for this exemption is refused now, with the same message.

    The rule book checks each exemption on its own (dates, hours, attributed years), so it is checked
    alone: a later profile cannot make it unreadable.
    """
    common.check_readable(Profile(exemptions=[exemption]), {"profile.exemptions.0.": "", "exemptions.0.": ""})


def create_exemption(sub: str, exemption: Exemption) -> ExemptionOut:
    for name in ("start", "end"):
        value = getattr(exemption, name)
        if not FIRST_DAY <= value <= LAST_DAY:
            raise refused(
                422,
                "invalid_input",
                "error.date_range",
                name,
                first=FIRST_DAY.isoformat(),
                last=LAST_DAY.isoformat(),
            )
    if exemption.end < exemption.start:
        raise refused(422, "invalid_input", "error.end_before_start", "end")
    check_readable(exemption)
    out = ExemptionOut(id=uuid.uuid4().hex, exemption=exemption, created_at=clock.now())
    try:
        dal.insert_exemption(sub, out.id, out.model_dump(mode="python"), limits.exemption_changes())
    except dal.LimitReached as error:
        field, msg, limit, params = limits.refusal(error)
        raise limit_reached(field, msg, float(limit), **params) from error
    return out


def replayed(sub: str, exemption_id: str) -> ExemptionOut:
    """The answer to a replayed create: the exemption as stored now."""
    item = dal.get_exemption(sub, exemption_id)
    if item is None:
        raise idempotency.gone("exemption")
    return ExemptionOut.model_validate(item)


def list_exemptions(sub: str) -> ExemptionList:
    return ExemptionList(items=[ExemptionOut.model_validate(item) for item in dal.list_exemptions(sub)])


def delete_exemption(sub: str, exemption_id: str) -> None:
    if not dal.delete_exemption(sub, exemption_id, limits.exemption_changes(-1)):
        raise not_found("exemption")
