"""Observability singletons shared by every handler of the API.

Service name and metrics namespace come from the standard Powertools environment variables, so the
template decides them; the defaults keep local runs and tests quiet and working.
"""

from __future__ import annotations

import os

from aws_lambda_powertools import Logger, Metrics, Tracer

SERVICE = os.environ.get("POWERTOOLS_SERVICE_NAME", "ecm-credits-api")

logger = Logger(service=SERVICE)
tracer = Tracer(service=SERVICE)
metrics = Metrics(namespace=os.environ.get("POWERTOOLS_METRICS_NAMESPACE", "EcmTracker"), service=SERVICE)
