"""Reading an attestato sent in the body (public; the file is read in memory, never stored or logged)."""

from __future__ import annotations

import base64
import binascii

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.metrics import MetricUnit

from functions.attestati.fields import Attestato
from functions.attestati.limits import MAX_PDF_BYTES

from ..error_models import error_responses
from ..errors import refused
from ..observability import metrics
from .common import new_router

router = new_router()

DESCRIPTION = (
    "Send the PDF itself as the body with `Content-Type: application/pdf` (for instance "
    "`curl --data-binary @attestato.pdf -H 'Content-Type: application/pdf'`), not multipart: API Gateway "
    f"passes it to the function base64-encoded. At most {MAX_PDF_BYTES} bytes (4 MiB; base64 keeps it under "
    "Lambda's 6 MB payload), 10 pages, 8 MiB of decompressed data and 4 s of reading. Each field comes with "
    "the page and the line of text it was read from; a field the text does not state is null, never guessed. "
    "A text that does not speak of ECM yields no fields (`ecm: false`). Scanned images are not read: a PDF "
    "without text is refused with 422 `pdf_no_text`. Other refusals: 413 `pdf_too_large`, 415 (another "
    "Content-Type), 422 `not_pdf`, `pdf_encrypted` (a password is needed to open it), `pdf_corrupt`, "
    "`pdf_too_many_pages`, `pdf_too_complex` (a bomb). The file is neither stored nor logged; the user "
    "confirms the fields before creating a credit with POST /v1/me/credits."
)


@router.post(
    "/v1/certificates/read",
    summary="Read the fields of an attestato (a text PDF); nothing is stored",
    description=DESCRIPTION,
    responses={
        200: {"description": "The fields found, each with its page and line"},
        **error_responses(413, 415, 422, 500),
    },
    tags=["public"],
)
def read_certificate() -> Attestato:
    # Imported here: pypdf adds about 150 ms to a cold start, which the calculators sharing this
    # function should not pay.
    from functions.attestati.reader import AttestatoError, read_attestato

    try:
        result = read_attestato(_pdf_bytes(router))
    except AttestatoError as error:
        raise refused(error.status, error.code, error.msg, "body", **error.params) from None
    metrics.add_metric(name="CertificatesRead", unit=MetricUnit.Count, value=1)
    return result


def _pdf_bytes(router: Router) -> bytes:
    """The body's bytes: API Gateway base64-encodes a binary body; a text body is taken as it is."""
    raw = router.current_event.raw_event
    body = raw.get("body") or ""
    if raw.get("isBase64Encoded"):
        try:
            return base64.b64decode(body, validate=True)
        except binascii.Error:
            raise refused(422, "not_pdf", "attestato.not_pdf", "body") from None
    return str(body).encode("utf-8", "surrogateescape")
