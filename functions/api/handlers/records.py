"""Profile, credits and exemptions (the routes that write), the attestati kept with credits and the contacts
logged for a missing-credit claim (the claim pack itself is built by the documents function)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from .. import idempotency
from ..app import make_resolver, run
from ..logic.versions import Stale
from ..observability import logger, metrics
from ..routes import certificate_files, changes, claims, credits, exemptions, profile, versions

app = make_resolver()
app.include_router(profile.router)
app.include_router(credits.router)
app.include_router(exemptions.router)
app.include_router(changes.router)
# 412 with the current item in the body (before ApiError's handler, which would leave it out).
app.exception_handler(Stale)(versions.stale)
app.include_router(certificate_files.router)
app.include_router(claims.router)


# The event is never logged (it may hold personal data). Traces come from Lambda's active tracing.
@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP, clear_state=True)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    # POSTs here are idempotent: a replay in progress expires with this invocation's remaining time.
    idempotency.config.register_lambda_context(context)
    return run(app, event, context)
