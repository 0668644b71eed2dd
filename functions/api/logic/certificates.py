"""The attestato kept with a credit: upload form, confirmation, download link, deletion, its fields.

Every call first finds the credit in the caller's own partition: a credit id that is not theirs is a
404, whoever holds the file under another prefix. Keys are built by ``files`` from the sub alone.

The change feed and S3: the upload goes from the app straight to S3 (a presigned POST), so the API
does not see it complete. The app confirms it (``confirm``): the API reads the object's metadata and
records it, with its change record, in one transaction (``dal_certificates``). A deletion removes
the file first and then records the tombstone; if the second step fails (503), the file is gone, the
feed still lists it, and repeating the DELETE records the tombstone. An upload never confirmed is
kept and served (GET reads S3) but other devices do not learn of it until it is confirmed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import dal_certificates, dal_credits, files
from ..dal_changes import Change
from ..errors import not_found, refused
from ..models_files import CertificateOut, CertificateRecord, MediaType, UploadOut
from . import clock
from .versions import version_of

# A write that loses a race with another device's reads the record again (see credits.ROUNDS).
ROUNDS = 3

if TYPE_CHECKING:  # the reader's model is loaded with the reader, by the one route that reads a file
    from functions.attestati.fields import Attestato

# Filename extensions of the download, by media type.
EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


def own_credit(sub: str, credit_id: str) -> dict[str, Any]:
    """The caller's credit, or a 404 (the same for someone else's credit and for none)."""
    item = dal_credits.get_credit(sub, credit_id)
    if item is None:
        raise not_found("credit")
    return item


def upload_form(sub: str, credit_id: str, media_type: MediaType) -> UploadOut:
    own_credit(sub, credit_id)
    form = files.upload_form(sub, credit_id, media_type.value)
    return UploadOut(
        url=form["url"],
        fields=form["fields"],
        content_type=media_type,
        max_bytes=files.MAX_BYTES,
        expires_in=files.UPLOAD_SECONDS,
    )


def certificate(sub: str, credit_id: str) -> CertificateOut:
    own_credit(sub, credit_id)
    key = files.certificate_key(sub, credit_id)
    found = files.head(key)
    if found is None:
        raise not_found("certificate")
    return _linked(sub, credit_id, found)


def _linked(sub: str, credit_id: str, found: dict[str, Any]) -> CertificateOut:
    key = files.certificate_key(sub, credit_id)
    name = f"attestato-{credit_id}.{EXTENSIONS.get(found['media_type'], 'bin')}"
    return CertificateOut(
        credit_id=credit_id,
        content_type=found["media_type"],
        size=found["size"],
        uploaded_at=found["uploaded_at"],
        url=files.download_url(key, name),
        expires_in=files.DOWNLOAD_SECONDS,
    )


def record_out(item: dict[str, Any]) -> CertificateRecord:
    """A stored record of an attestato as the change feed carries it."""
    return CertificateRecord(
        credit_id=str(item["credit_id"]),
        content_type=str(item["media_type"]),
        size=int(item["size"]),
        uploaded_at=item.get("uploaded_at"),
    )


def confirm(sub: str, credit_id: str) -> CertificateOut:
    """Record the uploaded attestato (its metadata, read from S3) with its change record, so that the
    caller's other devices learn of it. 404 when the credit or the upload is not there. Confirming the
    same upload again writes nothing (the S3 object's version is kept in the record)."""
    own_credit(sub, credit_id)
    for _ in range(ROUNDS):
        found = files.head(files.certificate_key(sub, credit_id))
        if found is None:
            raise not_found("certificate")
        current = dal_certificates.get_certificate(sub, credit_id)
        if current is not None and current.get("object_version") == found["object_version"]:
            return _linked(sub, credit_id, found)
        stamp = clock.now()
        version = version_of(current) + 1 if current is not None else 1
        data = {
            "credit_id": credit_id,
            "media_type": found["media_type"],
            "size": found["size"],
            "uploaded_at": found["uploaded_at"],
            "object_version": found["object_version"],
            "updated_at": stamp,
            "version": version,
        }
        change = Change("certificate", credit_id, "put", version, stamp, data, credit_id)
        try:
            written = dal_certificates.put_certificate(sub, credit_id, data, current, change)
        except dal_certificates.CreditGone as error:
            raise not_found("credit") from error
        if written:
            return _linked(sub, credit_id, found)
    raise not_found("certificate")


def delete_certificate(sub: str, credit_id: str) -> None:
    """Delete every version of the credit's attestato, then its record with a tombstone in the change
    feed; 404 when the credit is not there, or neither the file nor its record is."""
    own_credit(sub, credit_id)
    removed = files.delete_all_versions(files.certificate_key(sub, credit_id), only_key=True)
    for _ in range(ROUNDS):
        current = dal_certificates.get_certificate(sub, credit_id)
        if current is None:
            if removed == 0:
                raise not_found("certificate")
            return
        version = version_of(current) + 1
        tombstone = Change("certificate", credit_id, "delete", version, clock.now(), None, credit_id)
        if dal_certificates.delete_certificate(sub, credit_id, current, tombstone):
            return
    # As the other writes do (credits.ROUNDS): another device kept confirming uploads.
    raise not_found("certificate")


def forget_credit_files(sub: str, credit_id: str) -> None:
    """After a credit is deleted: its attestato, every version (nothing to do when there is none)."""
    files.delete_all_versions(files.certificate_key(sub, credit_id), only_key=True)


def stored_file(sub: str, credit_id: str) -> tuple[bytes, str] | None:
    """The attestato's bytes and media type, or None. A file over the stored limit is refused (413)."""
    found = files.read(files.certificate_key(sub, credit_id), files.MAX_BYTES)
    if found is None:
        return None
    data, media_type = found
    if len(data) > files.MAX_BYTES:
        raise refused(
            413, "file_too_large", "api.file_too_large", "certificate", limit=files.MAX_BYTES, got=len(data)
        )
    return data, media_type


def read_fields(sub: str, credit_id: str) -> Attestato:
    """The fields of the kept attestato, with the same reader and refusals as POST /v1/certificates/read."""
    own_credit(sub, credit_id)
    found = stored_file(sub, credit_id)
    if found is None:
        raise not_found("certificate")
    data, media_type = found
    if media_type != "application/pdf":
        raise refused(422, "image_not_read", "api.image_not_read", "certificate")
    # Imported here: pypdf is loaded only by the routes that read a PDF.
    from functions.attestati.reader import AttestatoError, read_attestato

    try:
        return read_attestato(data, max_bytes=files.MAX_BYTES)
    except AttestatoError as error:
        raise refused(error.status, error.code, error.msg, "certificate", **error.params) from None
