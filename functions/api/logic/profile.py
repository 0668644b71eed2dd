"""The professional's profile: what the obligation depends on besides the credits."""

from __future__ import annotations

from .. import dal
from ..errors import not_found, refused
from ..models import ProfileIn, ProfileOut
from . import clock, common
from .common import rulebook_profile


def get_profile(sub: str) -> ProfileOut:
    stored = dal.get_profile(sub)
    if stored is None:
        raise not_found("profile")
    return ProfileOut.model_validate(stored)


def put_profile(sub: str, profile: ProfileIn) -> ProfileOut:
    for index, gap in enumerate(profile.registration_gaps):
        if gap.reregistered_on is not None and gap.reregistered_on < gap.cancelled_on:
            field = f"registration_gaps.{index}.reregistered_on"
            raise refused(422, "invalid_input", "api.not_before", field, other="cancelled_on")
    common.check_readable(rulebook_profile(profile.model_dump(), []), {"profile.": ""})
    out = ProfileOut(**profile.model_dump(), updated_at=clock.now())
    dal.put_profile(sub, out.model_dump(mode="python"))
    return out
