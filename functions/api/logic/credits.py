"""Credits recorded by the professional: computed when asked, stored per triennium, flagged when overdue."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import uuid
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from functions.rulebook import (
    RuleInputError,
    all_trienni,
    compute_event_credits,
    evaluate_compliance,
    missing_suspected_after,
    triennium_of,
    what_if_move,
)
from functions.rulebook.messages import render
from functions.rulebook.models import ComplianceInput, CreditRecord, EventInput, EventResult, MoveInput

from .. import dal, dal_certificates, dal_contacts, dal_credits, dal_profile, limits
from ..dal_changes import Change
from ..errors import ApiError, limit_reached, not_found, refused
from ..models import (
    CreditIn,
    CreditOut,
    CreditPage,
    CreditWritten,
    EventDetails,
    MissingClaim,
    RegistryStatus,
)
from . import clock
from .common import checked_triennium, one_decimal, rule_validation_error, rulebook_profile
from .versions import IfMatch, check_match, jsonable, merge_patch, tagged, validated, version_of

# What a missing-credit claim needs (ecm-rules.md §11.9), as catalogue ids: rendered in the reader's language.
CLAIM_NEEDS = ("claim.needs.attestato", "claim.needs.event", "claim.needs.contact")


def _computation(credit: CreditIn) -> EventResult:
    details = credit.details.model_dump(exclude_none=True) if credit.details else {}
    try:
        event = EventInput.model_validate(
            {
                "type": credit.type,
                "role": credit.role,
                "date": credit.start_date,
                "end_date": credit.end_date,
                "hours": credit.hours,
                "participants": credit.participants,
                **details,
            }
        )
    except ValidationError as error:
        raise rule_validation_error(error, _EVENT_TO_CREDIT) from error
    try:
        return compute_event_credits(event)
    except RuleInputError as error:
        head, _, rest = error.field.partition(".")
        field = _EVENT_TO_CREDIT.get(head, head) + (f".{rest}" if rest else "")
        reason = {"msg": error.msg, "params": error.params}
        raise refused(422, "invalid_input", "api.or_certificate_credits", field, reason=reason) from error


# Where the rule book's event inputs live in a credit's body.
_EVENT_TO_CREDIT = {"date": "start_date", **{name: f"details.{name}" for name in EventDetails.model_fields}}


def _triennium(credit: CreditIn) -> str:
    if credit.counted_in is not None:
        return checked_triennium(credit.counted_in, "counted_in")
    triennium = triennium_of(credit.last_day)
    if triennium is None:
        known = all_trienni()
        field = "end_date" if credit.end_date is not None else "start_date"  # the date the client sent
        raise refused(
            422,
            "invalid_input",
            "api.end_outside_trienni",
            field,
            first=known[0].start.isoformat(),
            last=known[-1].end.isoformat(),
            got=credit.last_day.isoformat(),
        )
    return triennium


def _check_countable(data: dict[str, Any]) -> None:
    """Refuse now what the rule book would refuse at compliance time (e.g. a sponsored teacher)."""
    record = to_record(data)
    try:
        evaluate_compliance(ComplianceInput(triennium=str(data["triennium"]), credits=[record]))
    except RuleInputError as error:
        field = error.field.removeprefix("credits.0.")
        name = _RECORD_TO_CREDIT.get(field, field)
        raise refused(422, "invalid_input", error.msg, name, **error.params) from error


_RECORD_TO_CREDIT = {"date": "end_date", "triennium": "counted_in"}


def _source(stored: dict[str, Any] | None, credit: CreditIn, touched: bool) -> str:
    """Where the credits will come from: ``computed``, ``certificate`` or ``overridden``.

    Never guessed when it would lose something: sending ``credits`` (``touched``) for a credit stored
    as computed or overridden, without saying ``credits_source``, is refused (422), since keeping or
    dropping the computation's inputs and rules version must be the client's choice.
    """
    asked = credit.credits_source
    if credit.credits is None:
        if asked in (None, "computed"):
            return "computed"
        raise refused(422, "invalid_input", "api.credits_source_needs_credits", "credits", source=asked)
    if asked == "computed":
        raise refused(422, "invalid_input", "api.credits_source_mismatch", "credits", source=asked)
    if asked is not None:
        return asked
    was = stored.get("credits_source") if stored else None
    if was in ("computed", "overridden") and touched:
        raise refused(422, "invalid_input", "api.credits_source_required", "credits_source")
    return "overridden" if was == "overridden" else "certificate"


def _stored(
    credit_id: str,
    credit: CreditIn,
    stored: dict[str, Any] | None = None,
    touched: bool = True,
) -> tuple[str, dict[str, Any], EventResult | None]:
    """The item to write for ``credit``, replacing ``stored`` (None for a new credit), at the next version.

    ``touched``: the request itself gave ``credits`` (a PUT or create always does; a PATCH only when its
    patch has them). Going from computed to ``certificate`` drops the computation's inputs (``details``)
    and rules version; ``overridden`` keeps both and records the professional's value.
    """
    triennium = _triennium(credit)
    source = _source(stored, credit, touched)
    computation = None
    rules_version = None
    if source == "computed" or credit.credits is None:
        computation = _computation(credit)
        amount = computation.credits
        rules_version = computation.rules_version
    else:
        amount = credit.credits
        if source == "overridden":
            rules_version = (stored or {}).get("rules_version") or _computation(credit).rules_version
    stamp = clock.now()
    dropped = source == "certificate" and stored is not None and stored.get("credits_source") != "certificate"
    data = {
        **credit.model_dump(mode="python", exclude={"credits", "end_date", "credits_source"}),
        "id": credit_id,
        "triennium": triennium,
        "end_date": credit.last_day,
        "credits": one_decimal(Decimal(amount)),
        "credits_source": source,
        "rules_version": rules_version,
        "created_at": stored["created_at"] if stored else stamp,
        "updated_at": stamp,
        "version": version_of(stored) + 1 if stored else 1,
    }
    if dropped:
        data["details"] = None
    _check_countable(data)
    return dal_credits.credit_sk(triennium, credit.last_day, credit_id), data, computation


def _change(data: dict[str, Any]) -> Change:
    return Change("credit", str(data["id"]), "put", int(data["version"]), data["updated_at"], data)


def missing_claim(item: dict[str, Any], on: dt.date) -> MissingClaim | None:
    """A provisional credit whose reporting window (plus margin) has passed is suspected missing."""
    if item.get("registry_status") != RegistryStatus.PROVISIONAL:
        return None
    scope = item.get("provider_scope") or "national"  # stored before the field existed: national
    after = missing_suspected_after(dt.date.fromisoformat(str(item["end_date"])), scope)
    if on <= after:
        return None
    needs = [render(msg, {}) for msg in CLAIM_NEEDS]
    return MissingClaim(suspected_since=after + dt.timedelta(days=1), needs=needs)


def to_out(item: dict[str, Any], on: dt.date) -> CreditOut:
    claim = missing_claim(item, on)
    item = tagged(item)
    fields = {
        name: item.get(name)
        for name in CreditOut.model_fields
        if name not in ("missing_suspected", "missing_claim")
    }
    # Credits stored before the radioprotection flag existed have none: false.
    fields["radioprotection"] = bool(item.get("radioprotection"))
    return CreditOut.model_validate(
        {**fields, "missing_suspected": claim is not None, "missing_claim": claim}
    )


def to_record(item: dict[str, Any]) -> CreditRecord:
    return CreditRecord(
        id=str(item["id"]),
        type=item["type"],
        role=item["role"],
        date=dt.date.fromisoformat(str(item["end_date"])),
        credits=Decimal(item["credits"]),
        sponsored=bool(item.get("sponsored")),
        abroad=bool(item.get("abroad")),
        autoformazione=bool(item.get("autoformazione")),
        during_exemption=bool(item.get("during_exemption")),
        radioprotection=bool(item.get("radioprotection")),
        triennium=item.get("counted_in"),
        event_code=item.get("event_code") or None,  # one role per person per event (issue 11)
    )


def _written(item: dict[str, Any], computation: EventResult | None) -> CreditWritten:
    out = to_out(item, clock.today())
    return CreditWritten(**out.model_dump(), computation=computation)


def _check_move(sub: str, credit_id: str, current: dict[str, Any] | None, data: dict[str, Any]) -> None:
    """A credit the client says was moved (``counted_in``) follows the what-if's rules, or is refused.

    Keeping a move already stored is not a new move. The what-if is asked as of today with every
    stored credit (this one as it is being written, before the move) and the stored profile.
    """
    target = data.get("counted_in")
    if target is None or (current is not None and current.get("counted_in") == target):
        return
    if triennium_of(dt.date.fromisoformat(str(data["end_date"]))) == target:
        return
    here = to_record({**data, "counted_in": None})
    others = [to_record(item) for item in dal_credits.all_credits(sub) if item["id"] != credit_id]
    stored_profile, exemptions = dal_profile.profile_and_exemptions(sub)
    profile = rulebook_profile(stored_profile, exemptions)
    natural = triennium_of(here.date)
    request = MoveInput(
        credit_id=credit_id,
        target=target,
        profiles=dict.fromkeys({t for t in (natural, target) if t is not None}, profile),
        credits=[*others, here],
        as_of=clock.today(),
    )
    result = what_if_move(request)
    if not result.allowed:
        # The last reason is the move's effect; the ones before it say why the move is refused.
        first = result.reasons[0]
        raise refused(422, "invalid_input", first.msg, "counted_in", **first.params)


def _limited(error: dal.LimitReached) -> ApiError:
    field, msg, limit, params = limits.refusal(error)
    return limit_reached(field, msg, float(limit), **params)


def create_credit(sub: str, credit: CreditIn) -> CreditWritten:
    credit_id = uuid.uuid4().hex
    sk, data, computation = _stored(credit_id, credit)
    _check_move(sub, credit_id, None, data)
    try:
        dal_credits.insert_credit(
            sub,
            credit_id,
            sk,
            data,
            limits.credit_changes(str(data["triennium"]), data["credits"]),
            _change(data),
        )
    except dal.LimitReached as error:
        raise _limited(error) from error
    return _written(data, computation)


def replayed(sub: str, record: dict[str, Any]) -> CreditWritten:
    """The answer to a replayed create: the credit as stored now, with the explanation of its computation."""
    item = dal_credits.get_credit(sub, str(record["id"]))
    if item is None:
        # Imported here: only the records function replays, and its routes have loaded it already; the
        # functions that read credits (compliance, account, documents) never load the utility.
        from .. import idempotency

        raise idempotency.gone("credit")
    computation = record.get("computation")
    return _written(item, EventResult.model_validate(computation) if computation else None)


def get_credit(sub: str, credit_id: str) -> CreditOut:
    item = dal_credits.get_credit(sub, credit_id)
    if item is None:
        raise not_found("credit")
    return to_out(item, clock.today())


def _current(sub: str, credit_id: str, if_match: IfMatch) -> dict[str, Any]:
    """The stored credit, or 404; 412 (with it) when If-Match names another version."""
    current = dal_credits.get_credit(sub, credit_id)
    if current is None:
        raise not_found("credit")
    check_match(if_match, current, to_out(current, clock.today()))
    return current


def _replace(
    sub: str, credit_id: str, credit: CreditIn, current: dict[str, Any], touched: bool
) -> CreditWritten | None:
    """Write ``credit`` over ``current``; None when another write got there first (nothing written)."""
    sk, data, computation = _stored(credit_id, credit, current, touched)
    _check_move(sub, credit_id, current, data)
    changes = limits.move_changes(
        str(current["triennium"]), Decimal(current["credits"]), str(data["triennium"]), data["credits"]
    )
    try:
        replaced = dal_credits.replace_credit(sub, credit_id, sk, data, current, changes, _change(data))
    except dal.LimitReached as error:
        raise _limited(error) from error
    return _written(data, computation) if replaced else None


# A write without If-Match that loses a race reads the item again and applies itself to the new version
# (a merge patch means "these fields"); with If-Match, the second round answers 412.
ROUNDS = 3


def update_credit(sub: str, credit_id: str, credit: CreditIn, if_match: IfMatch = None) -> CreditWritten:
    """Replace the credit (PUT). Raises 404, 412 ``Stale`` (If-Match not current) or 422."""
    for _ in range(ROUNDS):
        current = _current(sub, credit_id, if_match)
        written = _replace(sub, credit_id, credit, current, touched=credit.credits is not None)
        if written is not None:
            return written
    raise not_found("credit")


def _as_request(stored: dict[str, Any]) -> dict[str, Any]:
    """The stored credit as the request body that would write it again (the base a patch applies to).

    A computed credit's ``credits`` are left out, so that a patch of its inputs computes them again.
    """
    document = {name: stored.get(name) for name in CreditIn.model_fields if name != "credits_source"}
    if stored.get("credits_source") == "computed":
        document.pop("credits")
    return {k: v for k, v in jsonable(document).items() if v is not None}


def patch_credit(sub: str, credit_id: str, patch: dict[str, Any], if_match: IfMatch = None) -> CreditWritten:
    """Apply a JSON Merge Patch (RFC 7396) to the credit. 404, 412 ``Stale``, or 422 when the patched
    credit would be invalid (naming the field and the limit; nothing written)."""
    for _ in range(ROUNDS):
        current = _current(sub, credit_id, if_match)
        credit = validated(CreditIn, merge_patch(_as_request(current), patch))
        touched = patch.get("credits") is not None
        written = _replace(sub, credit_id, credit, current, touched)
        if written is not None:
            return written
    raise not_found("credit")


def delete_credit(sub: str, credit_id: str, if_match: IfMatch = None) -> None:
    """Delete the credit, leaving a tombstone in the change feed. 404, or 412 ``Stale``."""
    # Read first: the counters need the amount; a concurrent change between read and delete makes the
    # delete's condition fail, and one more round reads the new version.
    for _ in range(ROUNDS):
        current = dal_credits.get_credit(sub, credit_id)
        if current is None:
            break
        check_match(if_match, current, to_out(current, clock.today()))
        changes = limits.credit_changes(str(current["triennium"]), Decimal(current["credits"]), -1)
        # Its contact notes and its attestato's record go in the same transaction (the tombstone stands
        # for them in the change feed); the file itself (every version) is deleted from S3 after.
        notes = dal_contacts.contact_keys(sub, credit_id)
        if notes:
            changes[dal_contacts.TOTAL_COUNTER] = (Decimal(-len(notes)), None)
        children = [*notes, dal_certificates.certificate_sk(credit_id)]
        tombstone = Change("credit", credit_id, "delete", version_of(current) + 1, clock.now(), None)
        if dal_credits.delete_credit(sub, credit_id, current, changes, tombstone, children, len(notes)):
            # The attestato's file (every version) goes after the transaction. Imported here: only the
            # records function deletes, and the functions that read credits need no S3 code.
            from .certificates import forget_credit_files

            forget_credit_files(sub, credit_id)
            return
    raise not_found("credit")


# --- pagination -----------------------------------------------------------------------------------
# A cursor carries the sort key to continue after, the triennium it belongs to and a tag of its owner.
# The partition key is never in it (the DAL builds that from the token), and a cursor minted for
# someone else, or for another triennium, is refused as not found.


def _owner_tag(sub: str) -> str:
    return hashlib.sha256(f"ecm-cursor:{sub}".encode()).hexdigest()[:20]


def encode_cursor(sub: str, scope: str, sk: str) -> str:
    raw = json.dumps({"o": _owner_tag(sub), "t": scope, "k": sk}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(sub: str, scope: str, cursor: str, prefix: str | None = None) -> str:
    """The sort key a cursor continues after; ``scope`` is what the listing covers (a triennium, or
    ``*:asc``/``*:desc`` for every triennium), ``prefix`` the sort keys it may hold."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
        owner, cursor_scope, sk = data["o"], data["t"], data["k"]
    except (binascii.Error, ValueError, KeyError, TypeError, UnicodeDecodeError) as error:
        raise refused(422, "invalid_input", "api.cursor_foreign", "query.cursor") from error
    if owner != _owner_tag(sub):
        # Someone else's cursor: not found, like any item of another professional.
        raise not_found("cursor")
    if cursor_scope != scope or not str(sk).startswith(
        prefix if prefix is not None else dal_credits.credit_prefix(scope)
    ):
        # The caller's own cursor, from a listing with another triennium or order: say so, on the field.
        raise refused(422, "invalid_input", "api.cursor_other_query", "query.cursor")
    return str(sk)


def list_credits(
    sub: str, triennium: str | None, limit: int, cursor: str | None, order: str = "asc"
) -> CreditPage:
    """One page of credits: a triennium's by date, or (``triennium`` None) every triennium's, by the
    triennium counted in and then date, oldest first (``asc``) or newest first (``desc``)."""
    if triennium is not None:
        checked_triennium(triennium, "query.triennium")
        scope, prefix = (
            (triennium if order == "asc" else f"{triennium}:{order}"),
            dal_credits.credit_prefix(triennium),
        )
    else:
        scope, prefix = f"*:{order}", dal_credits.CREDIT_PREFIX
    after = decode_cursor(sub, scope, cursor, prefix) if cursor else None
    items, last = dal_credits.list_credits_page(sub, prefix, limit, after, descending=order == "desc")
    on = clock.today()
    return CreditPage(
        triennium=triennium,
        items=[to_out(item, on) for item in items],
        next_cursor=encode_cursor(sub, scope, last) if last else None,
    )
