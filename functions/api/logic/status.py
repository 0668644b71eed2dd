"""'Am I in order?' from the caller's stored records: the rule book's status answer (issue 11)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import ValidationError

from functions.rulebook import triennium_of
from functions.rulebook.models import CreditRecord
from functions.rulebook.status import StatusInput, StatusResult, evaluate_status

from .. import dal_credits, dal_profile
from . import clock
from .common import rule_validation_error, rulebook_profile
from .credits import to_record


def _record(item: dict[str, Any]) -> CreditRecord:
    """A stored credit as the rule book's record, with what the status answer needs besides.

    The registry clock runs from the event's official end (``end_date``); a credit is in the registry
    once the professional marks it 'registered'; the event code makes one role per event.
    """
    record = to_record(item)
    return record.model_copy(
        update={
            "title": item.get("title") or None,  # the status sentences name credits by title and date
            "end_date": record.date,
            "provider_scope": item.get("provider_scope"),
            "in_registry": item.get("registry_status") == "registered",
        }
    )


def status(sub: str, as_of: dt.date | None = None) -> StatusResult:
    """The status answer on ``as_of`` (default: the API's today) for the caller's records."""
    items = dal_credits.all_credits(sub)
    stored_profile, exemptions = dal_profile.profile_and_exemptions(sub)
    profile = rulebook_profile(stored_profile, exemptions)
    on = as_of or clock.today()
    # The stored profile applies to every triennium (as the compensation route does), the current included.
    trienni = {str(item["triennium"]) for item in items if item.get("triennium")}
    current = triennium_of(on)
    if current is not None:
        trienni.add(current)
    try:
        data = StatusInput(
            as_of=on,
            profiles=dict.fromkeys(sorted(trienni), profile),
            credits=[_record(item) for item in items],
        )
    except ValidationError as error:
        raise rule_validation_error(error) from error
    return evaluate_status(data)
