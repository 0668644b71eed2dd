"""My data: export everything stored about the caller, or delete all of it."""

from __future__ import annotations

import csv
import io

from .. import dal
from ..errors import invalid
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


def delete_me(sub: str, confirm: str | None) -> DeletedOut:
    if confirm != CONFIRMATION:
        raise invalid("query.confirm", f"must be '{CONFIRMATION}' to delete everything stored about you")
    return DeletedOut(deleted_items=dal.delete_partition(sub))
