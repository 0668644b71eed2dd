"""The PDFs (the insurer statement, the missing-credit claim pack) and the deadline calendar: the function
that packages fpdf2, pypdf, Pillow and icalendar."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from ..entry import Routers, run
from ..observability import logger, metrics
from . import loaded

# The resolver and each router are loaded by the first request that needs them (entry.Routers).
routers = Routers(
    {
        "functions.api.routes.documents": (
            "GET /v1/me/statement/insurance.pdf",
            "GET /v1/me/statement/{document}",
            "POST /v1/me/calendar",
            "DELETE /v1/me/calendar",
            "GET /v1/calendar/{feed}",
        ),
        "functions.api.routes.claim_pack": ("GET /v1/me/credits/{credit_id}/claim.pdf",),
    },
)


# The event is never logged (its path may hold a calendar secret). Traces come from Lambda's active
# tracing.
@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP, clear_state=True)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return run(routers, event, context)


# Last: the function is loaded (see handlers/__init__).
loaded()
