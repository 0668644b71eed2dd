"""The caller's profile."""

from __future__ import annotations

from aws_lambda_powertools.metrics import MetricUnit

from ..app import caller
from ..logic import profile
from ..models import ProfileIn, ProfileOut
from ..observability import metrics
from .common import PRIVATE, PRIVATE_ERRORS, new_router, strict

router = new_router()


@router.get(
    "/v1/me/profile",
    summary="My profile",
    responses={200: {"description": "The stored profile"}, **PRIVATE_ERRORS},
    security=PRIVATE,
    tags=["profile"],
)
def get_profile() -> ProfileOut:
    out = profile.get_profile(caller(router))
    metrics.add_metric(name="ProfileRead", unit=MetricUnit.Count, value=1)
    return out


@router.put(
    "/v1/me/profile",
    summary="Create or replace my profile",
    responses={200: {"description": "The stored profile"}, **PRIVATE_ERRORS},
    security=PRIVATE,
    tags=["profile"],
)
def put_profile(body: ProfileIn) -> ProfileOut:
    body = strict(router, ProfileIn)
    out = profile.put_profile(caller(router), body)
    metrics.add_metric(name="ProfileSaved", unit=MetricUnit.Count, value=1)
    return out
