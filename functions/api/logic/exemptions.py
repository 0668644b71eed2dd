"""Esoneri and esenzioni: periods that reduce the obligation."""

from __future__ import annotations

import uuid
from typing import Any

from functions.rulebook.models import Exemption, Profile

from .. import dal, dal_exemptions, limits
from ..dal_changes import Change
from ..errors import limit_reached, not_found, refused
from ..models import FIRST_DAY, LAST_DAY, ExemptionList, ExemptionOut
from . import clock, common
from .versions import IfMatch, check_match, jsonable, merge_patch, tagged, validated, version_of

MAX_EXEMPTIONS = limits.MAX_EXEMPTIONS
# A write without If-Match that loses a race applies itself to the new version (see credits.ROUNDS).
ROUNDS = 3


def check_readable(exemption: Exemption) -> None:
    """What compliance would refuse for this exemption is refused now, with the same message.

    The rule book checks each exemption on its own (dates, hours, attributed years), so it is checked
    alone: a later profile cannot make it unreadable.
    """
    common.check_readable(Profile(exemptions=[exemption]), {"profile.exemptions.0.": "", "exemptions.0.": ""})


def _checked(exemption: Exemption) -> None:
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


def out(item: dict[str, Any]) -> ExemptionOut:
    """A stored exemption as answered, with its version and ETag."""
    return ExemptionOut.model_validate(tagged(item))


def create_exemption(sub: str, exemption: Exemption) -> ExemptionOut:
    _checked(exemption)
    stamp = clock.now()
    data = {
        "id": uuid.uuid4().hex,
        "exemption": exemption,
        "created_at": stamp,
        "updated_at": stamp,
        "version": 1,
    }
    stored = ExemptionOut.model_validate(tagged(data)).model_dump(mode="python", exclude={"etag"})
    change = Change("exemption", stored["id"], "put", 1, stamp, stored)
    try:
        dal_exemptions.insert_exemption(sub, stored["id"], stored, limits.exemption_changes(), change)
    except dal.LimitReached as error:
        field, msg, limit, params = limits.refusal(error)
        raise limit_reached(field, msg, float(limit), **params) from error
    return out(stored)


def replayed(sub: str, exemption_id: str) -> ExemptionOut:
    """The answer to a replayed create: the exemption as stored now."""
    item = dal_exemptions.get_exemption(sub, exemption_id)
    if item is None:
        # Imported here: only the records function replays (see credits.replayed).
        from .. import idempotency

        raise idempotency.gone("exemption")
    return out(item)


def get_exemption(sub: str, exemption_id: str) -> ExemptionOut:
    item = dal_exemptions.get_exemption(sub, exemption_id)
    if item is None:
        raise not_found("exemption")
    return out(item)


def list_exemptions(sub: str) -> ExemptionList:
    return ExemptionList(items=[out(item) for item in dal_exemptions.list_exemptions(sub)])


def _current(sub: str, exemption_id: str, if_match: IfMatch) -> dict[str, Any]:
    current = dal_exemptions.get_exemption(sub, exemption_id)
    if current is None:
        raise not_found("exemption")
    check_match(if_match, current, out(current))
    return current


def patch_exemption(
    sub: str, exemption_id: str, patch: dict[str, Any], if_match: IfMatch = None
) -> ExemptionOut:
    """Apply a JSON Merge Patch (RFC 7396) to the exemption's fields (kind, start, end, ...).

    404, 412 ``Stale`` when If-Match is not the current ETag, 422 naming the field when the patched
    exemption would be invalid (nothing is written then).
    """
    for _ in range(ROUNDS):
        current = _current(sub, exemption_id, if_match)
        exemption = validated(Exemption, merge_patch(jsonable(current["exemption"]), patch))
        _checked(exemption)
        stamp = clock.now()
        version = version_of(current) + 1
        data = {**current, "exemption": exemption, "updated_at": stamp, "version": version}
        stored = ExemptionOut.model_validate(tagged(data)).model_dump(mode="python", exclude={"etag"})
        change = Change("exemption", exemption_id, "put", version, stamp, stored)
        if dal_exemptions.replace_exemption(sub, exemption_id, stored, current, change):
            return out(stored)
    raise not_found("exemption")


def delete_exemption(sub: str, exemption_id: str, if_match: IfMatch = None) -> None:
    """Delete the exemption, leaving a tombstone in the change feed. 404, or 412 ``Stale``."""
    for _ in range(ROUNDS):
        current = dal_exemptions.get_exemption(sub, exemption_id)
        if current is None:
            break
        check_match(if_match, current, out(current))
        tombstone = Change("exemption", exemption_id, "delete", version_of(current) + 1, clock.now(), None)
        if dal_exemptions.delete_exemption(
            sub, exemption_id, current, limits.exemption_changes(-1), tombstone
        ):
            return
    raise not_found("exemption")
