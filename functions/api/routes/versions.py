"""What the routes that edit items share: If-Match, the merge-patch body, ETag headers, the 412 answer.

The OpenAPI document gets the parts the resolver cannot declare from ``PATCH_BODIES`` and
``ETAG_ROUTES`` (see ``functions.api.openapi``): merge-patch request bodies, ETag response headers.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Header
from pydantic import BaseModel

from ..entry import JSON, MERGE_PATCH
from ..error_models import error_responses
from ..errors import refused
from ..logic.versions import Stale, stale_body

IfMatchHeader = Annotated[
    str | None,
    Header(
        max_length=1024,
        description='The ETag read (e.g. "v3"), or *: the write happens only if the item is still at '
        "that version, else 412 with the current item",
    ),
]

# (method, path) -> schema of the patched model: the PATCH routes' bodies, declared in the document.
PATCH_BODIES = {
    ("patch", "/v1/me/credits/{credit_id}"): "CreditIn",
    ("patch", "/v1/me/exemptions/{exemption_id}"): "Exemption",
    ("patch", "/v1/me/profile"): "ProfileIn",
}
# Operations whose 200/201 answer carries the item's ETag header.
ETAG_ROUTES = {
    ("get", "/v1/me/credits/{credit_id}"),
    ("put", "/v1/me/credits/{credit_id}"),
    ("patch", "/v1/me/credits/{credit_id}"),
    ("post", "/v1/me/credits"),
    ("get", "/v1/me/exemptions/{exemption_id}"),
    ("patch", "/v1/me/exemptions/{exemption_id}"),
    ("post", "/v1/me/exemptions"),
    ("get", "/v1/me/profile"),
    ("put", "/v1/me/profile"),
    ("patch", "/v1/me/profile"),
}
PATCH_ERRORS = error_responses(401, 404, 413, 415, 422, 429, 500, 503)


def stale_response(model: type[BaseModel]) -> dict[int, Any]:
    """The documented 412 of a route that takes If-Match: the error and the current item."""
    return {
        412: {
            "description": "If-Match is not the item's current ETag: nothing was written; the body has "
            "the current item and the ETag header its ETag",
            "content": {JSON: {"model": model}},
        }
    }


def patch_document(router: Router) -> dict[str, Any]:
    """The request's JSON Merge Patch (RFC 7396): an object, sent as application/merge-patch+json or
    application/json. The app already refused bodies that are too large, nested too deep, with
    duplicate keys or not an object (``entry._unparseable``)."""
    event: Any = router.current_event
    kind = (event.headers.get("content-type") or JSON).partition(";")[0].strip().lower()
    if kind not in (MERGE_PATCH, JSON):
        raise refused(415, "unsupported_media_type", "api.patch_media_type", "header.content-type")
    try:
        document = json.loads(event.decoded_body or "")
    except ValueError as error:
        raise refused(422, "invalid_input", "api.patch_not_object", "body") from error
    if not isinstance(document, dict):
        raise refused(422, "invalid_input", "api.patch_not_object", "body")
    return document


def tagged(body: Any, etag: str, status: int = 200) -> Response[Any]:
    """An item's answer with its ETag header."""
    return Response(status_code=status, content_type=JSON, body=body, headers={"ETag": etag})


def stale(error: Stale) -> Response[Any]:
    """The 412 answer: error plus current item, with the current ETag."""
    return Response(status_code=412, content_type=JSON, body=stale_body(error), headers={"ETag": error.etag})
