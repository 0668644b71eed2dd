"""Public calculators, the rules export and reading an attestato (no table access)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from ..app import Routers, make_resolver, run
from ..observability import logger, metrics
from . import loaded

app = make_resolver(storage=False)  # stores nothing: no boto3 at its cold start
# Each router is loaded by the first request of one of its routes (app.Routers).
routers = Routers(
    app,
    {
        "functions.api.routes.public": (
            "POST /v1/event-credits",
            "POST /v1/compliance/evaluate",
            "GET /v1/rules",
        ),
        "functions.api.routes.certificates": ("POST /v1/certificates/read",),
    },
)


# The event is never logged (it may hold personal data). Traces come from Lambda's active tracing.
@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP, clear_state=True)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    routers.load(event)
    return run(app, event, context)


# Last: the function is loaded (see handlers/__init__).
loaded()
