"""Compliance, compensation and what-if: read-only."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from ..app import make_resolver, run
from ..observability import logger, metrics
from ..routes import compliance, status

app = make_resolver()
app.include_router(compliance.router)
app.include_router(status.router)


# The event is never logged (it may hold personal data). Traces come from Lambda's active tracing.
@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP, clear_state=True)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return run(app, event, context)
