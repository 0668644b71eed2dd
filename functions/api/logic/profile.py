"""The professional's profile: what the obligation depends on besides the credits."""

from __future__ import annotations

from typing import Any

from .. import dal_profile
from ..dal_changes import Change
from ..errors import not_found, refused
from ..models import ProfileIn, ProfileOut
from . import clock, common
from .common import rulebook_profile
from .versions import IfMatch, check_match, jsonable, merge_patch, tagged, validated, version_of

PROFILE_ID = "profile"
# A write without If-Match that loses a race applies itself to the new version (see credits.ROUNDS).
ROUNDS = 3


def out(item: dict[str, Any]) -> ProfileOut:
    """The stored profile as answered, with its version and ETag."""
    return ProfileOut.model_validate(tagged(item))


def get_profile(sub: str) -> ProfileOut:
    stored = dal_profile.get_profile(sub)
    if stored is None:
        raise not_found("profile")
    return out(stored)


def _checked(profile: ProfileIn) -> None:
    for index, gap in enumerate(profile.registration_gaps):
        if gap.reregistered_on is not None and gap.reregistered_on < gap.cancelled_on:
            field = f"registration_gaps.{index}.reregistered_on"
            raise refused(422, "invalid_input", "api.not_before", field, other="cancelled_on")
    common.check_readable(rulebook_profile(profile.model_dump(), []), {"profile.": ""})


def _write(sub: str, profile: ProfileIn, current: dict[str, Any] | None) -> ProfileOut | None:
    """Write ``profile`` over ``current`` (None: none yet); None when another write got there first."""
    stamp = clock.now()
    version = version_of(current) + 1 if current is not None else 1
    result = ProfileOut(**profile.model_dump(), updated_at=stamp, version=version, etag="")
    stored = result.model_dump(mode="python", exclude={"etag"})
    change = Change("profile", PROFILE_ID, "put", version, stamp, stored)
    return out(stored) if dal_profile.put_profile(sub, stored, current, change) else None


def put_profile(sub: str, profile: ProfileIn, if_match: IfMatch = None) -> ProfileOut:
    """Create or replace the profile. 412 ``Stale`` when If-Match is not the current ETag; If-Match
    on a profile not yet created is 404."""
    _checked(profile)
    for _ in range(ROUNDS):
        current = dal_profile.get_profile(sub)
        if current is None and if_match is not None:
            raise not_found("profile")
        if current is not None:
            check_match(if_match, current, out(current))
        written = _write(sub, profile, current)
        if written is not None:
            return written
    raise not_found("profile")


def patch_profile(sub: str, patch: dict[str, Any], if_match: IfMatch = None) -> ProfileOut:
    """Apply a JSON Merge Patch (RFC 7396) to the stored profile: 404 when there is none, 412 ``Stale``,
    422 naming the field when the patched profile would be invalid (nothing written)."""
    for _ in range(ROUNDS):
        current = dal_profile.get_profile(sub)
        if current is None:
            raise not_found("profile")
        check_match(if_match, current, out(current))
        base = {name: current.get(name) for name in ProfileIn.model_fields}
        profile = validated(ProfileIn, merge_patch(jsonable(base), patch))
        _checked(profile)
        written = _write(sub, profile, current)
        if written is not None:
            return written
    raise not_found("profile")
