"""DynamoDB access for the profile (sort key ``PROFILE``), and the profile with the exemptions in one query.

``EXEMPTION#...`` and ``PROFILE`` are neighbours in sort order (see ``dal``), so the reads that compute
(compliance, status, balances) get both with one key-range query.
"""

from __future__ import annotations

from . import dal
from .dal_changes import Change


def get_profile(sub: str) -> dal.Item | None:
    return dal._get(sub, dal.PROFILE_SK)


def put_profile(sub: str, data: dal.Item, old: dal.Item | None, change: Change) -> bool:
    """Write the profile if it is still as read (``old``; None: there was none), with its change record.

    False when it changed (or appeared) since it was read. A failed condition after botocore retried is
    success when the profile now is ``data``.
    """
    return dal._put_if_unchanged(sub, dal.PROFILE_SK, data, old, change, lambda: get_profile(sub))


def profile_and_exemptions(sub: str) -> tuple[dal.Item | None, list[dal.Item]]:
    """One query: EXEMPTION#... and PROFILE are neighbours in sort order."""
    profile: dal.Item | None = None
    exemptions: list[dal.Item] = []
    for raw in dal._query(
        sub, "sk BETWEEN :low AND :high", {":low": {"S": "EXEMPTION#"}, ":high": {"S": dal.PROFILE_SK}}
    ):
        if raw["sk"]["S"] == dal.PROFILE_SK:
            profile = dal._decode(raw)
        else:
            exemptions.append(dal._decode(raw))
    return profile, exemptions
