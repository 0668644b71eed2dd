"""My data: export everything stored about the caller, or delete all of it."""

from __future__ import annotations

import csv
import io
from enum import StrEnum
from http import HTTPStatus

from functions.rulebook.messages import code_words, current_lang, render

from .. import calendar_store, dal, dal_account, files, identity
from ..errors import ApiError, refused
from ..models import (
    ContactRecord,
    CreditOut,
    DeletedOut,
    ExemptionOut,
    ExportedFile,
    ExportOut,
)
from . import clock
from . import exemptions as exemptions_logic
from . import profile as profile_logic
from .credits import to_out

CONFIRMATION = "delete-all-my-data"
# The ETag and version are for syncing apps, not for a spreadsheet.
CSV_COLUMNS = [
    name for name in CreditOut.model_fields if name not in ("details", "missing_claim", "etag", "version")
]


def export(sub: str, *, with_files: bool = True) -> ExportOut:
    profile = None
    credits: list[CreditOut] = []
    exemptions: list[ExemptionOut] = []
    contacts: list[ContactRecord] = []
    on = clock.today()
    for sk, item in dal_account.all_items(sub):
        if sk == dal.PROFILE_SK:
            profile = profile_logic.out(item)
        elif sk.startswith("CREDIT#"):
            credits.append(to_out(item, on))
        elif sk.startswith("EXEMPTION#"):
            exemptions.append(exemptions_logic.out(item))
        elif sk.startswith("CONTACT#"):
            contacts.append(ContactRecord.model_validate({**item, "credit_id": sk.split("#")[1]}))
        # CREDITID# pointers are an index of the credits above, not data about the person; CHANGE#
        # records repeat the items above (or say one was deleted) for syncing devices; CERTIFICATE#
        # records repeat the files' type and size, which ``files`` below lists from S3 itself.
    return ExportOut(
        exported_at=clock.now(),
        profile=profile,
        credits=credits,
        exemptions=exemptions,
        contacts=contacts,
        files=exported_files(sub) if with_files else [],
    )


def exported_files(sub: str) -> list[ExportedFile]:
    """The attestati as links valid ``files.EXPORT_SECONDS``: a ZIP could exceed Lambda's 6 MB answer
    (one attestato may be 5 MiB) and would be one more copy of the documents to store and delete."""
    return [
        ExportedFile(
            credit_id=found["credit_id"],
            size=found["size"],
            uploaded_at=found["uploaded_at"],
            url=files.download_url(
                found["key"], f"attestato-{found['credit_id']}", seconds=files.EXPORT_SECONDS
            ),
            expires_in=files.EXPORT_SECONDS,
        )
        for found in files.list_certificates(sub)
    ]


class CsvDialect(StrEnum):
    """How the CSV export is written.

    ``excel-it``: for a person, what Excel with Italian settings opens by a double click: ``;`` between
    cells, a decimal comma, ``sì``/``no``, a UTF-8 byte order mark (else accents come out as "Ã¨"),
    column names and coded values (tipologia, role, registry state…) in words of the answer's language.
    ``rfc4180``: for programs and English Excel: commas, ``.`` decimals, ``true``/``false``, no BOM, the
    columns named by CreditOut's field names and the values as the API's codes (stable ids).
    """

    EXCEL_IT = "excel-it"
    RFC4180 = "rfc4180"


def csv_dialect(asked: CsvDialect | None) -> CsvDialect:
    """The dialect asked for, else Italian Excel's when the answer is in Italian."""
    if asked is not None:
        return asked
    return CsvDialect.EXCEL_IT if current_lang() == "it" else CsvDialect.RFC4180


def export_csv(sub: str, dialect: CsvDialect = CsvDialect.RFC4180) -> str:
    """The caller's credits, one row per credit, in ``dialect`` (see ``CsvDialect``): a text with CRLF
    line ends, the columns of ``CSV_COLUMNS`` in that order."""
    italian = dialect == CsvDialect.EXCEL_IT
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", delimiter=";" if italian else ",")
    if italian:
        out.write("\ufeff")
        writer.writerow([render(f"api.csv.column.{name}", {}) for name in CSV_COLUMNS])
    else:
        writer.writerow(CSV_COLUMNS)
    for credit in export(sub, with_files=False).credits:
        row = credit.model_dump(mode="json", include=set(CSV_COLUMNS))
        if italian:
            writer.writerow([_italian(_cell(_words(name, row[name]))) for name in CSV_COLUMNS])
        else:
            writer.writerow([_plain(_cell(row[name])) for name in CSV_COLUMNS])
    return out.getvalue()


# Coded columns and the catalogue's labels for their values: the sentences' names of the tipologie (the
# form's labels, ui.type.*, may hold rule numbers, e.g. a congress's "oltre {congress_min} partecipanti",
# which a cell cannot fill: the congress row answered 500) and the form's names of the roles.
CODED = {
    "type": "what.type",
    "role": "ui.role",
    "credits_source": "api.csv.value.credits_source",
    "registry_status": "api.csv.value.registry_status",
    "provider_scope": "api.csv.value.provider_scope",
}


def _words(column: str, value: object) -> object:
    """A coded value as the reader's words; a code the catalogue has no words for stays as it is."""
    prefix = CODED.get(column)
    if prefix is None or not isinstance(value, str):
        return value
    words = code_words(prefix, value)
    # The sentences' name of a tipologia starts in lower case; a cell starts with a capital, as the form.
    return words[:1].upper() + words[1:] if column == "type" else words


def _plain(value: object) -> object:
    return ("true" if value else "false") if isinstance(value, bool) else value


def _italian(value: object) -> object:
    if isinstance(value, bool):
        return "sì" if value else "no"
    if isinstance(value, float):
        # No thousands separator: "1000,5" is read as a number by every Italian spreadsheet.
        return repr(value).replace(".", ",")
    return value


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
        raise refused(422, "invalid_input", "api.confirm_delete", "query.confirm", word=CONFIRMATION)
    user_deleted = identity.delete_user(username)
    # The files first: a retry after a failure below finds them gone and goes on with the items.
    files.delete_all_versions(files.owner_prefix(sub))
    # The calendar's lookup item lives outside the partition (keyed by the secret's hash): revoke it
    # before the items, so the feed's address answers 404 and nothing naming the sub is left behind.
    calendar_store.delete_feed(sub)
    try:
        deleted = dal_account.delete_partition(sub)
    except dal_account.ErasureIncomplete as error:
        raise ApiError(
            HTTPStatus.SERVICE_UNAVAILABLE,
            "unavailable",
            "Writes kept arriving while your data was being deleted; retry the deletion",
            headers={"Retry-After": "3"},
        ) from error
    return DeletedOut(deleted_items=deleted, user_deleted=user_deleted)
