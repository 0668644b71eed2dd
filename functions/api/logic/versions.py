"""Versions, ETags, If-Match and JSON Merge Patch: edits from several devices that never lose data.

Every stored item has a ``version`` (1 when created, one more at each write). Its ETag is strong and
derives from it alone: ``"v3"``. A write carrying ``If-Match`` is refused with 412 when the item is no
longer at that version, and the refusal carries the current item so that the client can apply its
change again (see ``Stale``). Writes are conditional in DynamoDB on the version read (``dal``), so a
write that raced with another one between the read and the write is not applied either.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..error_models import error_body
from ..errors import ApiError, refused
from .common import rule_validation_error

ANY = "*"
_TAG = re.compile(r'^(W/)?"([\x21\x23-\x7e]*)"$')
# RFC 9110 section 13.1.1: If-Match is "*" or a list of entity tags, compared strongly.
IfMatch = frozenset[str] | None


def etag(version: int) -> str:
    """The strong ETag of an item at ``version``: ``"v3"``."""
    return f'"v{int(version)}"'


def version_of(item: dict[str, Any]) -> int:
    """The stored version; items written before versions existed are at version 1."""
    return int(item.get("version") or 1)


def tagged(item: dict[str, Any]) -> dict[str, Any]:
    """The stored item with its ``version`` and ``etag`` filled in, ready for an answer model."""
    version = version_of(item)
    return {**item, "version": version, "etag": etag(version)}


def parse_if_match(header: str | None) -> IfMatch:
    """The tags an If-Match header lists (``{"*"}`` for any), or None when there is none.

    A weak tag (``W/"v3"``) never matches, as RFC 9110 asks for If-Match. Raises a 422 naming the
    header for anything that is not a list of quoted tags.
    """
    if header is None:
        return None
    if header.strip() == ANY:
        return frozenset({ANY})
    tags: set[str] = set()
    for part in header.split(","):
        match = _TAG.match(part.strip())
        if match is None:
            raise refused(422, "invalid_input", "api.if_match", "header.if-match")
        if not match.group(1):
            tags.add(f'"{match.group(2)}"')
    if not tags and "W/" not in header:
        raise refused(422, "invalid_input", "api.if_match", "header.if-match")
    return frozenset(tags)


class Stale(ApiError):
    """412: the item is not at the version the client read. ``current`` is the item as it is now (its
    answer model), which the route puts in the body next to the error, with its ETag as a header."""

    def __init__(self, current: BaseModel, current_etag: str) -> None:
        super().__init__(
            412,  # type: ignore[arg-type]  # HTTPStatus(412) at runtime, as ApiError stores it
            "precondition_failed",
            field="header.if-match",
            msg="api.stale",
            params={"etag": current_etag},
        )
        self.current = current
        self.etag = current_etag


def check_match(if_match: IfMatch, item: dict[str, Any], current: BaseModel) -> None:
    """Raise ``Stale`` (with ``current``) unless If-Match is absent, ``*`` or lists the item's ETag."""
    if if_match is None or ANY in if_match:
        return
    tag = etag(version_of(item))
    if tag not in if_match:
        raise Stale(current, tag)


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7396 section 2: objects merge member by member, ``null`` removes a member, anything else
    (arrays included) replaces the target's value."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for name, value in patch.items():
        if value is None:
            result.pop(name, None)
        else:
            result[name] = merge_patch(result.get(name), value)
    return result


Model = TypeVar("Model", bound=BaseModel)


def validated(model: type[Model], document: dict[str, Any]) -> Model:
    """The patched document validated as a whole request (strict, as a request body is), or a 422
    naming the first field at fault and the limit it broke: a patch that would make the item invalid
    writes nothing."""
    try:
        return model.model_validate_json(json.dumps(document), strict=True)
    except ValidationError as error:
        raise rule_validation_error(error) from error


def jsonable(value: Any) -> Any:
    """A stored value (Decimal, nested maps) as the JSON a client would have sent, for merging."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and "." not in str(value) else float(value)
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def stale_body(error: Stale) -> dict[str, Any]:
    """The 412 answer: the one error shape plus ``current``, the item as it is now."""
    body = error_body(412, error.code, error.message, error.field, None, error.msg, error.params)
    body["current"] = error.current.model_dump(mode="json")
    return body


def not_object() -> ApiError:
    return refused(422, "invalid_input", "api.patch_not_object", "body")
