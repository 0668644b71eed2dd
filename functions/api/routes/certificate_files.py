"""The attestato kept with one of the caller's credits: upload form, download link, deletion, fields."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.metrics import MetricUnit

from functions.attestati.fields import Attestato

from ..app import caller
from ..error_models import error_responses
from ..files import DOWNLOAD_SECONDS, MAX_BYTES, UPLOAD_SECONDS
from ..logic import certificates
from ..models_files import CertificateOut, UploadIn, UploadOut
from ..observability import metrics
from .common import PRIVATE, PRIVATE_ERRORS, ItemId, new_router, strict

router = new_router()

UPLOAD_DESCRIPTION = (
    "Answers a presigned S3 POST for the credit's attestato: send a `multipart/form-data` POST to `url` "
    "with every entry of `fields`, then the file as the last field, `file`. S3 itself enforces the "
    f"policy: the content type declared here (PDF, JPEG or PNG), at most {MAX_BYTES} bytes (5 MiB), "
    f"within {UPLOAD_SECONDS} s; another type is refused with 403, a larger file with 400 "
    "`EntityTooLarge`. A new upload replaces the credit's attestato. The file is kept under the "
    "caller's own prefix; only the credit's owner can get or delete it. After the upload, confirm it "
    "with POST `/v1/me/credits/{credit_id}/certificate/confirm`: S3 does not tell the API that an upload "
    "completed, so only a confirmed attestato reaches the change feed (the caller's other devices)."
)


@router.post(
    "/v1/me/credits/<credit_id>/certificate",
    summary="Upload the attestato of one of my credits (a presigned S3 form)",
    description=UPLOAD_DESCRIPTION,
    responses={200: {"description": "The upload form"}, **PRIVATE_ERRORS},
    security=PRIVATE,
    tags=["certificates"],
)
def upload_certificate(credit_id: ItemId, body: UploadIn) -> UploadOut:
    body = strict(router, UploadIn)
    out = certificates.upload_form(caller(router), credit_id, body.content_type)
    metrics.add_metric(name="CertificateUploadSigned", unit=MetricUnit.Count, value=1)
    return out


@router.post(
    "/v1/me/credits/<credit_id>/certificate/confirm",
    summary="Confirm the upload of the attestato of one of my credits (records it in the change feed)",
    description="Call after the presigned POST succeeded. The API reads the uploaded object's type, size "
    "and time from S3 and records them, in the same transaction as a `certificate` change of the change "
    "feed, so that the caller's other devices learn of it. Confirming the same upload again records "
    "nothing new. Answers as GET: the attestato with a download link. 404 when the credit is not there "
    "or nothing was uploaded.",
    responses={200: {"description": "The attestato as recorded, with a link"}, **PRIVATE_ERRORS},
    security=PRIVATE,
    tags=["certificates"],
)
def confirm_certificate(credit_id: ItemId) -> CertificateOut:
    out = certificates.confirm(caller(router), credit_id)
    metrics.add_metric(name="CertificateConfirmed", unit=MetricUnit.Count, value=1)
    return out


@router.get(
    "/v1/me/credits/<credit_id>/certificate",
    summary="A download link for the attestato of one of my credits",
    description=f"The link is valid {DOWNLOAD_SECONDS} seconds (5 minutes) and saves the file as "
    "`attestato-<credit id>.<pdf|jpg|png>`. 404 when the credit or its attestato is not there.",
    responses={200: {"description": "The attestato's type, size and link"}, **PRIVATE_ERRORS},
    security=PRIVATE,
    tags=["certificates"],
)
def get_certificate(credit_id: ItemId) -> CertificateOut:
    out = certificates.certificate(caller(router), credit_id)
    metrics.add_metric(name="CertificateLinked", unit=MetricUnit.Count, value=1)
    return out


@router.delete(
    "/v1/me/credits/<credit_id>/certificate",
    summary="Delete the attestato of one of my credits (every stored version)",
    description="Deletes the file, then records a `certificate` tombstone in the change feed. Should the "
    "second step fail (503), repeat the DELETE: it records the tombstone of the file already deleted.",
    responses={204: {"description": "Deleted"}, **PRIVATE_ERRORS},
    security=PRIVATE,
    tags=["certificates"],
)
def delete_certificate(credit_id: ItemId) -> Response[None]:
    certificates.delete_certificate(caller(router), credit_id)
    metrics.add_metric(name="CertificateDeleted", unit=MetricUnit.Count, value=1)
    return Response(status_code=204)


@router.get(
    "/v1/me/credits/<credit_id>/certificate/fields",
    summary="Read the fields of the attestato kept with one of my credits",
    description="The same reader as POST /v1/certificates/read, on the stored file: each field with the "
    "page and line it was read from, null when the text does not state it. Refusals name the problem: "
    f"413 `file_too_large` / `pdf_too_large` (over {MAX_BYTES} bytes), 422 `image_not_read` (a JPEG or "
    "PNG: scans and photos are not read), `not_pdf`, `pdf_encrypted`, `pdf_corrupt`, "
    "`pdf_too_many_pages`, `pdf_too_complex` (a bomb), `pdf_no_text`; 404 when no attestato is kept.",
    responses={
        200: {"description": "The fields found"},
        **error_responses(401, 404, 413, 422, 429, 500, 503),
    },
    security=PRIVATE,
    tags=["certificates"],
)
def read_stored_certificate(credit_id: ItemId) -> Attestato:
    out = certificates.read_fields(caller(router), credit_id)
    metrics.add_metric(name="StoredCertificateRead", unit=MetricUnit.Count, value=1)
    return out
