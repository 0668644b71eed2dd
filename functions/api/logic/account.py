"""My data: export everything stored about the caller, or delete all of it."""

from __future__ import annotations

import csv
import io
from http import HTTPStatus

from .. import dal, identity
from ..errors import ApiError, invalid
from ..models import CreditOut, DeletedOut, ExemptionOut, ExportOut, ProfileOut
from . import clock
from .credits import to_out

CONFIRMATION = "delete-all-my-data"
CSV_COLUMNS = [name for name in CreditOut.model_fields if name not in ("details", "missing_claim")]


def export(sub: str) -> ExportOut:
    profile = None
    credits: list[CreditOut] = []
    exemptions: list[ExemptionOut] = []
    on = clock.today()
    for sk, item in dal.all_items(sub):
        if sk == dal.PROFILE_SK:
            profile = ProfileOut.model_validate(item)
        elif sk.startswith("CREDIT#"):
            credits.append(to_out(item, on))
        elif sk.startswith("EXEMPTION#"):
            exemptions.append(ExemptionOut.model_validate(item))
        # CREDITID# pointers are an index of the credits above, not data about the person.
    return ExportOut(exported_at=clock.now(), profile=profile, credits=credits, exemptions=exemptions)


def export_csv(sub: str) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for credit in export(sub).credits:
        row = credit.model_dump(mode="json", include=set(CSV_COLUMNS))
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return out.getvalue()


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def _cell(value: object) -> object:
    if value is None:
        return ""
    # A title such as "=HYPERLINK(...)" would run as a formula when the file is opened in a spreadsheet,
    # and spreadsheets trim leading spaces (also no-break ones) and line breaks before looking.
    if isinstance(value, str) and (
        value.startswith(FORMULA_STARTS) or value.lstrip().startswith(FORMULA_STARTS)
    ):
        return "'" + value
    return value


def delete_me(sub: str, username: str, confirm: str | None) -> DeletedOut:
    """Erase the professional: first the sign-in identity (no new tokens), then every stored item.

    Replay records in the idempotency table hold only ids (see ``idempotency.once``) and answer 410
    once the items are gone; they expire with their TTL. A retry of an interrupted erasure finishes it.
    """
    if confirm != CONFIRMATION:
        raise invalid("query.confirm", f"must be '{CONFIRMATION}' to delete everything stored about you")
    user_deleted = identity.delete_user(username)
    try:
        deleted = dal.delete_partition(sub)
    except dal.ErasureIncomplete as error:
        raise ApiError(
            HTTPStatus.SERVICE_UNAVAILABLE,
            "unavailable",
            "Writes kept arriving while your data was being deleted; retry the deletion",
            headers={"Retry-After": "3"},
        ) from error
    return DeletedOut(deleted_items=deleted, user_deleted=user_deleted)
