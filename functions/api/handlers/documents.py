"""The PDFs (the insurer statement, the missing-credit claim pack) and the deadline calendar: the function
that packages fpdf2, pypdf, Pillow and icalendar."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from ..app import make_resolver, run
from ..observability import logger, metrics
from ..routes import claim_pack, documents

app = make_resolver()
app.include_router(documents.router)
app.include_router(claim_pack.router)


# The event is never logged (its path may hold a calendar secret). Traces come from Lambda's active
# tracing.
@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP, clear_state=True)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return run(app, event, context)
