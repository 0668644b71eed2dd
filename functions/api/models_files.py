"""Request and response models of the attestato kept with a credit and of the missing-credit claim."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from .files import DOWNLOAD_SECONDS, MAX_BYTES, UPLOAD_SECONDS
from .models import ApiModel, EcmDate, Stamp, Text

# A note says who was written to, when and what they answered: a few sentences, not a mailbox.
MAX_NOTE_CHARS = 1000
# Notes per credit: a claim needs one or two contacts; twenty is a long dispute.
MAX_CONTACTS = 20
# Notes per professional: missing credits are a few per triennium. With the export's other limits
# (see limits.py: about 4.5 MB at the most) 100 notes of 1,000 characters, even escaped in JSON, and
# 600 download links keep the export under Lambda's 6 MB answer.
MAX_CONTACTS_TOTAL = 100


class MediaType(StrEnum):
    """What an attestato can be kept as: the provider's PDF, or a photo or scan of the paper one."""

    PDF = "application/pdf"
    JPEG = "image/jpeg"
    PNG = "image/png"


class UploadIn(ApiModel):
    content_type: MediaType = Field(
        description="The file's media type; the upload form accepts only this one (S3 refuses another)"
    )


class UploadOut(ApiModel):
    """A presigned S3 POST: send ``fields`` as form fields, then the file as the last field ``file``."""

    url: str = Field(description="Where to POST the multipart/form-data form")
    fields: dict[str, str] = Field(description="Form fields to send as they are, before the file")
    content_type: MediaType
    max_bytes: int = Field(description=f"Largest file S3 accepts ({MAX_BYTES} bytes, 5 MiB)")
    expires_in: int = Field(description=f"Seconds the form stays valid ({UPLOAD_SECONDS})")


class CertificateOut(ApiModel):
    credit_id: str
    content_type: str = Field(description="As uploaded: application/pdf, image/jpeg or image/png")
    size: int = Field(description="Bytes")
    uploaded_at: Stamp | None
    url: str = Field(description=f"Presigned download link, valid {DOWNLOAD_SECONDS} seconds")
    expires_in: int = Field(description="Seconds the link stays valid")


class CertificateRecord(ApiModel):
    """A credit's attestato as the change feed carries it: what was confirmed, no link (links expire;
    GET /v1/me/credits/{id}/certificate gives one)."""

    credit_id: str
    content_type: str = Field(description="As uploaded: application/pdf, image/jpeg or image/png")
    size: int = Field(description="Bytes")
    uploaded_at: Stamp | None


class Channel(StrEnum):
    """How the provider was contacted."""

    EMAIL = "email"
    PEC = "pec"
    PHONE = "phone"
    LETTER = "letter"
    FORM = "form"
    OTHER = "other"


class ContactIn(ApiModel):
    date: EcmDate = Field(description="Day of the contact (the message sent or the call made)")
    channel: Channel = Channel.EMAIL
    note: Text = Field(
        min_length=1,
        max_length=MAX_NOTE_CHARS,
        description="Who was contacted and what they answered",
    )


class ContactOut(ContactIn):
    id: str
    recorded_at: Stamp


class ContactList(ApiModel):
    credit_id: str
    items: list[ContactOut]
    limit: int = Field(default=MAX_CONTACTS, description="Most notes a credit can hold")
