"""Export and erasure of everything stored about the caller."""

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
        "functions.api.routes.account": (
            "GET /v1/me/export",
            "GET /v1/me/export/credits.csv",
            "DELETE /v1/me",
        ),
    },
)


# The event is never logged (it may hold personal data). Traces come from Lambda's active tracing.
@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP, clear_state=True)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return run(routers, event, context)


# Last: the function is loaded (see handlers/__init__).
loaded()
