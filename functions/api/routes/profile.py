"""The caller's profile."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.metrics import MetricUnit

from ..app import caller
from ..logic import profile
from ..logic.versions import parse_if_match
from ..models import ProfileIn, ProfileOut
from ..models_sync import StaleProfile
from ..observability import metrics
from .common import PRIVATE, PRIVATE_ERRORS, new_router, strict
from .versions import IfMatchHeader, patch_document, stale_response, tagged

router = new_router()


@router.get(
    "/v1/me/profile",
    summary="My profile",
    responses={200: {"description": "The stored profile, with its ETag"}, **PRIVATE_ERRORS},
    security=PRIVATE,
    tags=["profile"],
)
def get_profile() -> Response[ProfileOut]:
    out = profile.get_profile(caller(router))
    metrics.add_metric(name="ProfileRead", unit=MetricUnit.Count, value=1)
    return tagged(out, out.etag)


@router.put(
    "/v1/me/profile",
    summary="Create or replace my profile",
    description="With If-Match, a profile changed since it was read is not replaced (412); If-Match "
    "when there is no profile yet answers 404.",
    responses={
        200: {"description": "The stored profile, with its ETag"},
        **stale_response(StaleProfile),
        **PRIVATE_ERRORS,
    },
    security=PRIVATE,
    tags=["profile"],
)
def put_profile(body: ProfileIn, if_match: IfMatchHeader = None) -> Response[ProfileOut]:
    body = strict(router, ProfileIn)
    out = profile.put_profile(caller(router), body, parse_if_match(if_match))
    metrics.add_metric(name="ProfileSaved", unit=MetricUnit.Count, value=1)
    return tagged(out, out.etag)


@router.patch(
    "/v1/me/profile",
    summary="Change some fields of my profile (JSON Merge Patch)",
    description="The body is a JSON Merge Patch (RFC 7396), sent as application/merge-patch+json or "
    "application/json; null removes an optional field. The patched profile must be valid as a whole, "
    "else 422 names the field and nothing changes.",
    responses={
        200: {"description": "The stored profile, with its ETag"},
        **stale_response(StaleProfile),
        **PRIVATE_ERRORS,
    },
    security=PRIVATE,
    tags=["profile"],
)
def patch_profile(if_match: IfMatchHeader = None) -> Response[ProfileOut]:
    sub = caller(router)
    out = profile.patch_profile(sub, patch_document(router), parse_if_match(if_match))
    metrics.add_metric(name="ProfilePatched", unit=MetricUnit.Count, value=1)
    return tagged(out, out.etag)
