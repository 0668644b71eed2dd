"""The attestato kept with a credit: upload form, download link, deletion, reading its fields.

Every call first finds the credit in the caller's own partition: a credit id that is not theirs is a
404, whoever holds the file under another prefix. Keys are built by ``files`` from the sub alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import dal, files
from ..errors import not_found, refused
from ..models_files import CertificateOut, MediaType, UploadOut

if TYPE_CHECKING:  # the reader's model is loaded with the reader, by the one route that reads a file
    from functions.attestati.fields import Attestato

# Filename extensions of the download, by media type.
EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


def own_credit(sub: str, credit_id: str) -> dict[str, Any]:
    """The caller's credit, or a 404 (the same for someone else's credit and for none)."""
    item = dal.get_credit(sub, credit_id)
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
    name = f"attestato-{credit_id}.{EXTENSIONS.get(found['media_type'], 'bin')}"
    return CertificateOut(
        credit_id=credit_id,
        content_type=found["media_type"],
        size=found["size"],
        uploaded_at=found["uploaded_at"],
        url=files.download_url(key, name),
        expires_in=files.DOWNLOAD_SECONDS,
    )


def delete_certificate(sub: str, credit_id: str) -> None:
    """Delete every version of the credit's attestato; 404 when the credit or the file is not there."""
    own_credit(sub, credit_id)
    if files.delete_all_versions(files.certificate_key(sub, credit_id), only_key=True) == 0:
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
