"""Unit tests of the local issuer and of the checks the HttpApi JWT authorizer makes."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import jwt
import pytest

from infra.local.auth import (
    LOCAL_AUDIENCE,
    LOCAL_ISSUER,
    Forbidden,
    SigningKey,
    Unauthorized,
    load_or_create_key,
    mint_token,
    verify_token,
)
from infra.local.template import Authorizer

AUTHORIZER = Authorizer("Cognito", LOCAL_ISSUER, (LOCAL_AUDIENCE,))


@pytest.fixture(scope="module")
def key(tmp_path_factory: pytest.TempPathFactory) -> SigningKey:
    return load_or_create_key(tmp_path_factory.mktemp("key"))


def test_key_is_created_once_and_kept_private(tmp_path: Path) -> None:
    first = load_or_create_key(tmp_path)
    assert load_or_create_key(tmp_path) == first
    assert (tmp_path / "jwt-signing-key.pem").stat().st_mode & 0o077 == 0


def test_a_minted_token_verifies_with_or_without_the_bearer_prefix(key: SigningKey) -> None:
    token = mint_token(key, "user-1")
    assert verify_token(f"Bearer {token}", AUTHORIZER, key)["sub"] == "user-1"
    assert verify_token(token, AUTHORIZER, key)["client_id"] == LOCAL_AUDIENCE


def test_an_id_token_with_aud_is_accepted_too(key: SigningKey) -> None:
    token = mint_token(key, "user-1", client_id="other", extra={"aud": LOCAL_AUDIENCE, "token_use": "id"})
    assert verify_token(token, AUTHORIZER, key)["sub"] == "user-1"


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda key: None, id="no token"),
        pytest.param(lambda key: "not-a-jwt", id="garbage"),
        pytest.param(lambda key: mint_token(key, "u", lifetime_s=-60), id="expired"),
        pytest.param(lambda key: mint_token(key, "u", client_id="someone-else"), id="wrong audience"),
        pytest.param(lambda key: mint_token(key, "u", issuer="https://evil.example"), id="wrong issuer"),
        pytest.param(
            lambda key: mint_token(key, "u", extra={"nbf": int(time.time()) + 600}), id="not yet valid"
        ),
        pytest.param(lambda key: mint_token(key, "u")[:-4] + "AAAA", id="tampered signature"),
        pytest.param(
            lambda key: jwt.encode(
                {"sub": "u", "iss": LOCAL_ISSUER, "client_id": LOCAL_AUDIENCE, "exp": int(time.time()) + 60},
                "a-shared-secret-long-enough-for-hs256",
                algorithm="HS256",
                headers={"kid": key.kid},
            ),
            id="HS256",
        ),
    ],
)
def test_rejected_tokens(key: SigningKey, make: Callable[[SigningKey], str | None]) -> None:
    with pytest.raises(Unauthorized):
        verify_token(make(key), AUTHORIZER, key)


def test_a_token_from_another_key_is_rejected(key: SigningKey, tmp_path: Path) -> None:
    other = load_or_create_key(tmp_path)
    with pytest.raises(Unauthorized):
        verify_token(mint_token(other, "u"), AUTHORIZER, key)


def test_a_route_with_scopes_needs_one_of_them(key: SigningKey) -> None:
    token = mint_token(key, "u", scope="read")
    assert verify_token(token, AUTHORIZER, key, scopes=("read", "admin"))["sub"] == "u"
    with pytest.raises(Forbidden):
        verify_token(token, AUTHORIZER, key, scopes=("admin",))
