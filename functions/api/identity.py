"""The professional's sign-in identity (the Cognito user), deleted when they erase their account.

Created on first use, like the DynamoDB client. ``USER_POOL_ID`` is set by template.yaml; it is empty
where identities are not Cognito users (the local stack signs its own tokens), and then there is no
user to delete.
"""

from __future__ import annotations

import os
from functools import cache
from typing import Any

import boto3

from .dal import client_config


@cache
def client() -> Any:  # no type stubs for cognito-idp are installed; the one call below is tested
    return boto3.client("cognito-idp", config=client_config())


def reset() -> None:
    client.cache_clear()


def pool_id() -> str:
    return os.environ.get("USER_POOL_ID", "")


def delete_user(username: str) -> bool:
    """Delete the user; True if one was deleted, False if there is none (already deleted, or no pool).

    Deleting the user revokes their refresh tokens; access tokens already issued expire within the
    hour the pool's client allows. Other errors (throttling, a missing permission) propagate: the
    erasure then stops before deleting data, and the client retries it whole.
    """
    pool = pool_id()
    if not pool:
        return False
    try:
        client().admin_delete_user(UserPoolId=pool, Username=username)
    except client().exceptions.UserNotFoundException:
        return False
    return True
