"""The local identity provider and the JWT check API Gateway's HTTP API authorizer performs.

Locally the stack is its own issuer: an RSA key created on first run under the data folder signs
tokens shaped like Cognito access tokens (``client_id`` rather than ``aud``, ``token_use``,
``scope``). Verification follows the HttpApi JWT authorizer: RS256 signature by a known key id,
issuer, audience *or* client_id among the configured audiences, exp/nbf/iat, and the route's scopes.
"""

from __future__ import annotations

import hashlib
import os
import time
import uuid
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from infra.local.template import Authorizer

LOCAL_ISSUER = "https://cognito-idp.local/ecm-local-pool"
LOCAL_AUDIENCE = "ecm-local-client"
KEY_FILE = "jwt-signing-key.pem"
# Fixed subjects so that a token printed yesterday still names the same professional today.
USERS = {
    "demo": str(uuid.uuid5(uuid.NAMESPACE_URL, "ecm-tracker:local:demo")),
    "second": str(uuid.uuid5(uuid.NAMESPACE_URL, "ecm-tracker:local:second")),
}


class Unauthorized(Exception):
    """401: no token, or a token the authorizer rejects."""


class Forbidden(Exception):
    """403: a valid token without any of the route's scopes."""


@dataclass(frozen=True)
class SigningKey:
    private_pem: bytes
    kid: str

    # Loading an RSA key validates it (tens of ms): once per process, not once per request.
    @cached_property
    def private_key(self) -> Any:
        return serialization.load_pem_private_key(self.private_pem, password=None)

    @cached_property
    def public_key(self) -> Any:
        return self.private_key.public_key()


def load_or_create_key(data_dir: Path) -> SigningKey:
    path = data_dir / KEY_FILE
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        # Created exclusively and private: two processes starting at once must not swap keys.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as out:
                out.write(pem)
    pem = path.read_bytes()
    return SigningKey(pem, hashlib.sha256(pem).hexdigest()[:16])


def mint_token(
    key: SigningKey,
    sub: str,
    *,
    issuer: str = LOCAL_ISSUER,
    client_id: str = LOCAL_AUDIENCE,
    lifetime_s: int = 12 * 3600,
    scope: str = "aws.cognito.signin.user.admin",
    extra: dict[str, Any] | None = None,
) -> str:
    now = int(time.time())
    claims: dict[str, Any] = {
        "sub": sub,
        "iss": issuer,
        "client_id": client_id,
        "token_use": "access",  # nosec B105: the Cognito token_use claim, not a password
        "scope": scope,
        "auth_time": now,
        "iat": now,
        "exp": now + lifetime_s,
        "jti": str(uuid.uuid4()),
        "username": sub,
    }
    claims.update(extra or {})
    return jwt.encode(claims, key.private_key, algorithm="RS256", headers={"kid": key.kid})


def verify_token(
    header_value: str | None, authorizer: Authorizer, key: SigningKey, scopes: tuple[str, ...] = ()
) -> dict[str, Any]:
    """Return the token's claims, or raise Unauthorized / Forbidden as API Gateway would answer."""
    if not header_value:
        raise Unauthorized("no token")
    token = header_value.removeprefix("Bearer ").removeprefix("bearer ").strip()
    try:
        if jwt.get_unverified_header(token).get("kid") != key.kid:
            raise Unauthorized("unknown key id")
        claims: dict[str, Any] = jwt.decode(
            token,
            key.public_key,
            algorithms=["RS256"],
            issuer=authorizer.issuer,
            options={"verify_aud": False, "require": ["exp", "iss", "sub"]},
        )
    except jwt.PyJWTError as exc:
        raise Unauthorized(str(exc)) from exc
    # API Gateway accepts the audience in either claim: ID tokens carry aud, access tokens client_id.
    audiences = claims.get("aud", [])
    audiences = [audiences] if isinstance(audiences, str) else list(audiences)
    if "client_id" in claims:
        audiences.append(claims["client_id"])
    if not set(audiences) & set(authorizer.audience):
        raise Unauthorized("audience")
    if scopes and not set(str(claims.get("scope", "")).split()) & set(scopes):
        raise Forbidden("scope")
    return claims
