"""Profile, credits and exemptions (the routes that write), the attestati kept with credits and the claims."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from ..app import make_resolver, run
from ..observability import logger, metrics, tracer
from ..routes import certificate_files, claims, credits, exemptions, profile

app = make_resolver()
app.include_router(profile.router)
app.include_router(credits.router)
app.include_router(exemptions.router)
app.include_router(certificate_files.router)
app.include_router(claims.router)


# Responses may hold personal data, so they stay out of traces; the event is never logged.
@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP, clear_state=True)
@tracer.capture_lambda_handler(capture_response=False)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return run(app, event, context)
