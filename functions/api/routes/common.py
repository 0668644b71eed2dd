"""Parameter types and OpenAPI fragments shared by the routers."""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError
from aws_lambda_powertools.event_handler.openapi.params import Header, Path
from pydantic import BaseModel, ValidationError

from ..errors import error_responses

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
