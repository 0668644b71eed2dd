"""Parameter types and OpenAPI fragments shared by the routers."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError
from aws_lambda_powertools.event_handler.openapi.params import Header, Path
from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponseContentSchema
from pydantic import BaseModel, ValidationError

from ..error_models import error_responses

# Matches the "cognito" scheme the OpenAPI generator declares; the HTTP API's JWT authorizer enforces it.
PRIVATE: list[dict[str, list[str]]] = [{"cognito": []}]
PRIVATE_ERRORS = error_responses(401, 404, 413, 415, 422, 429, 500, 503)
POST_ERRORS = error_responses(401, 404, 409, 410, 413, 415, 422, 429, 500, 503)
PUBLIC_ERRORS = error_responses(413, 415, 422, 429, 500)

IdempotencyKey = Annotated[
    str | None,
    Header(
        max_length=128,
        description="Client-chosen key (for instance a UUID); a retry with the same key and body replays "
        "the first response and creates nothing new",
    ),
]
ItemId = Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
TrienniumPath = Annotated[str, Path(pattern=r"^\d{4}-\d{4}$", examples=["2026-2028"])]


def new_router() -> Router:
    return Router()  # type: ignore[no-untyped-call]  # Powertools leaves Router.__init__ unannotated


Body = TypeVar("Body", bound=BaseModel)


def strict(router: Router, model: type[Body]) -> Body:
    """The request body validated again from its JSON text, with no coercion.

    Powertools validates bodies in pydantic's lax mode, which reads "1_0" as 10, true as 1 and 1 as
    true; in strict mode a JSON value must already have the field's type (dates and decimals are
    written as the rule book's types accept them). Errors are reported like the resolver's own.
    """
    event: Any = router.current_event
    try:
        return model.model_validate_json(event.decoded_body or "null", strict=True)
    except ValidationError as error:
        errors = [{**e, "loc": ("body", *e["loc"])} for e in error.errors(include_url=False)]
        raise RequestValidationError(errors) from error


# A PDF answer: its OpenAPI content, and the route decorator and Response that send its bytes as they
# are (the statements and the claim pack).
PDF = "application/pdf"
BINARY: OpenAPIResponseContentSchema = {"schema": {"type": "string", "format": "binary"}}
Handler = TypeVar("Handler", bound=Callable[..., Any])


def binary(handler: Handler) -> Handler:
    """Hide ``handler``'s return annotation from the resolver (mypy still sees it).

    Powertools validates a declared response body through pydantic in JSON mode, which decodes bytes as
    UTF-8 and fails on a PDF. Without a declared return type a non-JSON Response passes through untouched
    and its bytes are sent base64-encoded (isBase64Encoded), as API Gateway expects for a binary answer.
    The OpenAPI document declares the body itself (application/pdf, binary).
    """
    signature = inspect.signature(handler).replace(return_annotation=inspect.Signature.empty)
    handler.__signature__ = signature  # type: ignore[attr-defined]
    return handler


def pdf_response(name: str, body: bytes) -> Response[bytes]:
    """A 200 answer carrying a PDF to save as ``name`` (routes marked ``@binary``)."""
    return Response(
        status_code=200,
        content_type=PDF,
        body=body,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
