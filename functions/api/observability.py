"""Observability singletons shared by every handler of the API.

Service name and metrics namespace come from the standard Powertools environment variables, so the
template decides them; the defaults keep local runs and tests quiet and working.

Traces come from Lambda's active tracing (``Tracing: Active`` in template.yaml): each invocation's
initialisation, invocation and overhead segments, without the X-Ray SDK in the function. Powertools'
Tracer is not used: importing the X-Ray SDK it drives cost about a third of a second of every cold
start, and what it added (a handler subsegment, a ColdStart annotation, one subsegment per DynamoDB
call) is covered by the function's own segments, the ColdStart metric and DynamoDB's latency metrics.
"""

from __future__ import annotations

import os

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit

SERVICE = os.environ.get("POWERTOOLS_SERVICE_NAME", "ecm-credits-api")

logger = Logger(service=SERVICE)
metrics = Metrics(namespace=os.environ.get("POWERTOOLS_METRICS_NAMESPACE", "EcmTracker"), service=SERVICE)


def count_error(status: int) -> None:
    """Count a failed request by status class (``Http4xx``, ``Http5xx``): failed requests add no business
    metric, and counting them keeps the dashboards honest."""
    metrics.add_metric(name=f"Http{status // 100}xx", unit=MetricUnit.Count, value=1)
