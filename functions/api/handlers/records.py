"""Profile, credits and exemptions (the routes that write), the attestati kept with credits and the contacts
logged for a missing-credit claim (the claim pack itself is built by the documents function)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from .. import idempotency
from ..entry import Routers, run
from ..observability import logger, metrics
from . import loaded

if TYPE_CHECKING:
    from aws_lambda_powertools.event_handler import APIGatewayHttpResolver


def _stale(app: APIGatewayHttpResolver) -> None:
    """412 with the current item in the body (Stale's own handler: ApiError's would leave the item out)."""
    from ..logic.versions import Stale
    from ..routes import versions

    app.exception_handler(Stale)(versions.stale)


# The resolver and each router are loaded by the first request that needs them (entry.Routers).
routers = Routers(
    {
        "functions.api.routes.profile": (
            "GET /v1/me/profile",
            "PUT /v1/me/profile",
            "PATCH /v1/me/profile",
        ),
        "functions.api.routes.credits": (
            "POST /v1/me/credits",
            "GET /v1/me/credits",
            "GET /v1/me/credits/{credit_id}",
            "PUT /v1/me/credits/{credit_id}",
            "PATCH /v1/me/credits/{credit_id}",
            "DELETE /v1/me/credits/{credit_id}",
        ),
        "functions.api.routes.exemptions": (
            "POST /v1/me/exemptions",
            "GET /v1/me/exemptions",
            "GET /v1/me/exemptions/{exemption_id}",
            "PATCH /v1/me/exemptions/{exemption_id}",
            "DELETE /v1/me/exemptions/{exemption_id}",
        ),
        "functions.api.routes.changes": ("GET /v1/me/changes",),
        "functions.api.routes.certificate_files": (
            "POST /v1/me/credits/{credit_id}/certificate",
            "GET /v1/me/credits/{credit_id}/certificate",
            "DELETE /v1/me/credits/{credit_id}/certificate",
            "GET /v1/me/credits/{credit_id}/certificate/fields",
            "POST /v1/me/credits/{credit_id}/certificate/confirm",
        ),
        "functions.api.routes.claims": (
            "POST /v1/me/credits/{credit_id}/contacts",
            "GET /v1/me/credits/{credit_id}/contacts",
            "DELETE /v1/me/credits/{credit_id}/contacts/{contact_id}",
        ),
    },
    idempotent=True,
    setup=_stale,
)


# The event is never logged (it may hold personal data). Traces come from Lambda's active tracing.
@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP, clear_state=True)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    # POSTs here are idempotent: a replay in progress expires with this invocation's remaining time.
    idempotency.config.register_lambda_context(context)
    return run(routers, event, context)


# Last: the function is loaded (see handlers/__init__).
loaded()
