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
    compute_event_credits,
    evaluate_compliance,
    missing_suspected_after,
    triennium_of,
    what_if_move,
)
from functions.rulebook.models import ComplianceInput, CreditRecord, EventInput, EventResult, MoveInput

from .. import dal, dal_contacts, idempotency, limits
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
from . import certificates, clock
from .common import checked_triennium, one_decimal, rule_validation_error, rulebook_profile

CLAIM_NEEDS = (
    "the certificate of attendance (attestato) issued by the provider",
    "the event's ECM code and the provider's name",
    "proof that you asked the provider to report the credits (your message and its date)",
)


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
        raise refused(422, "invalid_input", "api.end_outside_trienni", "end_date")
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


def _stored(
    credit_id: str, credit: CreditIn, created_at: dt.datetime | None
) -> tuple[str, dict[str, Any], EventResult | None]:
    triennium = _triennium(credit)
    computation = None
    if credit.credits is None:
        computation = _computation(credit)
        amount = computation.credits
    else:
        amount = credit.credits
    stamp = clock.now()
    data = {
        **credit.model_dump(mode="python", exclude={"credits", "end_date"}),
        "id": credit_id,
        "triennium": triennium,
        "end_date": credit.last_day,
        "credits": one_decimal(Decimal(amount)),
        "credits_source": "computed" if computation else "certificate",
        "rules_version": computation.rules_version if computation else None,
        "created_at": created_at or stamp,
        "updated_at": stamp,
    }
    _check_countable(data)
    return dal.credit_sk(triennium, credit.last_day, credit_id), data, computation


def missing_claim(item: dict[str, Any], on: dt.date) -> MissingClaim | None:
    """A provisional credit whose reporting window (plus margin) has passed is suspected missing."""
    if item.get("registry_status") != RegistryStatus.PROVISIONAL:
        return None
    after = missing_suspected_after(dt.date.fromisoformat(str(item["end_date"])))
    if on <= after:
        return None
    return MissingClaim(suspected_since=after + dt.timedelta(days=1), needs=list(CLAIM_NEEDS))


def to_out(item: dict[str, Any], on: dt.date) -> CreditOut:
    claim = missing_claim(item, on)
    fields = {
        name: item.get(name)
        for name in CreditOut.model_fields
        if name not in ("missing_suspected", "missing_claim")
    }
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
    others = [to_record(item) for item in dal.all_credits(sub) if item["id"] != credit_id]
    stored_profile, exemptions = dal.profile_and_exemptions(sub)
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
    sk, data, computation = _stored(credit_id, credit, None)
    _check_move(sub, credit_id, None, data)
    try:
        dal.insert_credit(
            sub, credit_id, sk, data, limits.credit_changes(str(data["triennium"]), data["credits"])
        )
    except dal.LimitReached as error:
        raise _limited(error) from error
    return _written(data, computation)


def replayed(sub: str, record: dict[str, Any]) -> CreditWritten:
    """The answer to a replayed create: the credit as stored now, with the explanation of its computation."""
    item = dal.get_credit(sub, str(record["id"]))
    if item is None:
        raise idempotency.gone("credit")
    computation = record.get("computation")
    return _written(item, EventResult.model_validate(computation) if computation else None)


def get_credit(sub: str, credit_id: str) -> CreditOut:
    item = dal.get_credit(sub, credit_id)
    if item is None:
        raise not_found("credit")
    return to_out(item, clock.today())


def update_credit(sub: str, credit_id: str, credit: CreditIn) -> CreditWritten:
    current = dal.get_credit(sub, credit_id)
    if current is None:
        raise not_found("credit")
    created = dt.datetime.fromisoformat(str(current["created_at"]))
    sk, data, computation = _stored(credit_id, credit, created)
    _check_move(sub, credit_id, current, data)
    changes = limits.move_changes(
        str(current["triennium"]), Decimal(current["credits"]), str(data["triennium"]), data["credits"]
    )
    try:
        replaced = dal.replace_credit(sub, credit_id, sk, data, current, changes)
    except dal.LimitReached as error:
        raise _limited(error) from error
    if not replaced:
        raise not_found("credit")
    return _written(data, computation)


def delete_credit(sub: str, credit_id: str) -> None:
    # Read first: the counters need the amount; a concurrent change between read and delete makes the
    # delete's condition fail, and one more round reads the new version.
    for _ in range(2):
        current = dal.get_credit(sub, credit_id)
        if current is None:
            break
        changes = limits.credit_changes(str(current["triennium"]), Decimal(current["credits"]), -1)
        if dal.delete_credit(sub, credit_id, current, changes):
            # The credit's attestato (every version) and its contact notes go with it.
            certificates.forget_credit_files(sub, credit_id)
            dal_contacts.delete_contacts(sub, credit_id)
            return
    raise not_found("credit")


# --- pagination -----------------------------------------------------------------------------------
# A cursor carries the sort key to continue after, the triennium it belongs to and a tag of its owner.
# The partition key is never in it (the DAL builds that from the token), and a cursor minted for
# someone else, or for another triennium, is refused as not found.


def _owner_tag(sub: str) -> str:
    return hashlib.sha256(f"ecm-cursor:{sub}".encode()).hexdigest()[:20]


def encode_cursor(sub: str, triennium: str, sk: str) -> str:
    raw = json.dumps({"o": _owner_tag(sub), "t": triennium, "k": sk}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(sub: str, triennium: str, cursor: str) -> str:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
        owner, cursor_triennium, sk = data["o"], data["t"], data["k"]
    except (binascii.Error, ValueError, KeyError, TypeError, UnicodeDecodeError) as error:
        raise refused(422, "invalid_input", "api.cursor_foreign", "query.cursor") from error
    if (
        owner != _owner_tag(sub)
        or cursor_triennium != triennium
        or not str(sk).startswith(dal.credit_prefix(triennium))
    ):
        raise not_found("cursor")
    return str(sk)


def list_credits(sub: str, triennium: str, limit: int, cursor: str | None) -> CreditPage:
    checked_triennium(triennium, "query.triennium")
    after = decode_cursor(sub, triennium, cursor) if cursor else None
    items, last = dal.list_credits_page(sub, triennium, limit, after)
    on = clock.today()
    return CreditPage(
        triennium=triennium,
        items=[to_out(item, on) for item in items],
        next_cursor=encode_cursor(sub, triennium, last) if last else None,
    )
