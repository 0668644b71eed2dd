"""Answer models of the change feed and of the 412 refusal (issue 13: sync between devices)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .error_models import ErrorInfo
from .models import ApiModel, CreditOut, ExemptionOut, ProfileOut, Stamp
from .models_files import CertificateRecord, ContactOut


class ChangeOut(ApiModel):
    """One write, in the order it happened: the item as written, or a tombstone for a deletion.

    Kinds: ``credit``, ``exemption``, ``profile``, ``contact`` (a contact note of a credit) and
    ``certificate`` (a credit's attestato, recorded when its upload is confirmed and when it is
    deleted). A credit's tombstone also removes its contact notes and its attestato: they get no
    tombstones of their own. Like every enum of this API, ``kind`` may grow: skip a kind you do not know.
    """

    seq: int = Field(ge=1, description="Position in the caller's changes: 1, 2, 3, ... without gaps")
    kind: Literal["credit", "exemption", "profile", "contact", "certificate"]
    id: str = Field(
        description="The item's id ('profile' for the profile, the credit's id for its certificate)"
    )
    credit_id: str | None = Field(
        description="The credit a contact or certificate belongs to (null for other kinds)"
    )
    op: Literal["put", "delete"] = Field(description="put: created or changed; delete: a tombstone")
    version: int = Field(ge=1, description="The item's version after this change")
    etag: str = Field(description="The item's ETag after this change")
    changed_at: Stamp
    credit: CreditOut | None = Field(description="The credit as written (kind credit, op put)")
    exemption: ExemptionOut | None = Field(description="The exemption as written (kind exemption, op put)")
    profile: ProfileOut | None = Field(description="The profile as written (kind profile, op put)")
    contact: ContactOut | None = Field(description="The contact note as written (kind contact, op put)")
    certificate: CertificateRecord | None = Field(
        description="The attestato as confirmed (kind certificate, op put)"
    )


class ChangePage(ApiModel):
    items: list[ChangeOut]
    next_cursor: str = Field(
        description="Pass as ?since= to read what follows; keep it to ask again later (never null)"
    )
    has_more: bool = Field(description="More changes follow now: ask again at once with next_cursor")


class StaleCredit(ApiModel):
    """412: If-Match does not name the credit's current version; ``current`` is the credit as it is now."""

    error: ErrorInfo
    current: CreditOut


class StaleExemption(ApiModel):
    """412: If-Match does not name the exemption's current version; ``current`` is it as it is now."""

    error: ErrorInfo
    current: ExemptionOut


class StaleProfile(ApiModel):
    """412: If-Match does not name the profile's current version; ``current`` is it as it is now."""

    error: ErrorInfo
    current: ProfileOut
