"""Workarounds that let moto's DynamoDB server hold one professional's real history (thousands of items).

Measured on moto 5 with 2,000 credits (4,000 items) in one table (tests/benchmarks/bench_local_stack.py):

- ``TransactWriteItems`` deep-copies every table it touches before each transaction, to roll back on
  failure: time and memory grow with the table, not with the transaction. Here only the items the
  transaction names are copied, and put back if it fails.
- Every model instance moto creates is appended to a class-level list that is never emptied (for its
  ``/moto-api`` inspection), so each item ever written, and each deep copy, stays in memory for good.
  DynamoDB's models are no longer tracked.
- A Query walks every item of the table to find its partition (and compares keys through moto's slow
  typed values); here it starts from the partition's own items.
- Reads answer through moto's generic, model-driven serializer, slower than the query itself (about
  4 ms an item); the items are already DynamoDB JSON, so reads are written with ``json.dumps`` (falling
  back to the serializer for anything JSON cannot hold, such as binary values).
- The server answers requests in threads, and its DynamoDB backend is not thread-safe (a retried
  transaction overlapping another crashed it). ``serialised`` runs one request at a time, as the
  tests' server does.

``apply()`` is idempotent and changes only this process's moto.
"""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Callable, Iterable
from typing import Any

_applied = False


def apply() -> None:
    global _applied
    if _applied:
        return
    _untrack_dynamodb_models()
    _transactions_copy_only_their_items()
    _queries_read_only_their_partition()
    _reads_written_as_json()
    _applied = True


def _untrack_dynamodb_models() -> None:
    from moto.core.common_models import BaseModel

    def new(cls: type, *args: Any, **kwargs: Any) -> Any:
        instance: Any = object.__new__(cls)
        if not cls.__module__.startswith("moto.dynamodb"):
            cls.instances_tracked.append(instance)  # type: ignore[attr-defined]
        return instance

    BaseModel.__new__ = staticmethod(new)  # type: ignore[method-assign]


class _NoTableCopy:
    """Stands in for the ``copy`` module inside moto's transaction: no whole-table deep copy."""

    @staticmethod
    def deepcopy(value: Any, memo: Any = None) -> Any:
        return value

    copy = staticmethod(copy.copy)


def _transactions_copy_only_their_items() -> None:
    import moto.dynamodb.models as models

    backend_class = models.DynamoDBBackend
    original: Callable[..., None] = backend_class.transact_write_items

    def transact_write_items(self: Any, transact_items: list[dict[str, Any]]) -> None:
        saved = list(_touched(self, transact_items))
        setattr(models, "copy", _NoTableCopy)  # noqa: B010 (moto's module imports copy; no typed way in)
        try:
            original(self, transact_items)
        except BaseException:
            for table, hash_key, range_key, item in saved:
                _put_back(table, hash_key, range_key, item)
            raise
        finally:
            setattr(models, "copy", copy)  # noqa: B010

    backend_class.transact_write_items = transact_write_items  # type: ignore[method-assign]


def _queries_read_only_their_partition() -> None:
    from moto.dynamodb.models.table import Table

    original: Callable[..., Any] = Table.query

    def query(self: Any, hash_key: Any, *args: Any, **kwargs: Any) -> Any:
        index_name = kwargs.get("index_name", args[6] if len(args) > 6 else None)
        if index_name or hash_key is None or not self.range_key_attr:
            return original(self, hash_key, *args, **kwargs)
        partition = list(self.items.get(hash_key, {}).values())
        self.all_items = lambda: partition  # the instance attribute shadows the method for this call
        try:
            return original(self, hash_key, *args, **kwargs)
        finally:
            del self.all_items

    Table.query = query  # type: ignore[method-assign]


_READS = frozenset({"GetItem", "Query", "Scan", "BatchGetItem"})


def _reads_written_as_json() -> None:
    from moto.dynamodb.responses import DynamoResult

    original: Callable[..., Any] = DynamoResult.execute_result

    def execute_result(self: Any, context: Any) -> Any:
        if context.operation_model.name in _READS:
            try:
                body = json.dumps(self.result, separators=(",", ":"))
            except TypeError:
                return original(self, context)
            return 200, {"Content-Type": "application/x-amz-json-1.0"}, body
        return original(self, context)

    DynamoResult.execute_result = execute_result  # type: ignore[method-assign]


def _touched(backend: Any, transact_items: list[dict[str, Any]]) -> Iterable[tuple[Any, Any, Any, Any]]:
    for entry in transact_items:
        for op_type, op in entry.items():
            table = backend.tables.get(op.get("TableName"))
            if table is None:
                continue
            keys = op.get("Item") if op_type == "Put" else op.get("Key")
            try:
                hash_key, range_key = backend.get_keys_value(table, keys or {})
            except Exception:  # nosec B112: moto itself refuses this request below, as it did before
                continue
            yield table, hash_key, range_key, copy.deepcopy(table.get_item(hash_key, range_key))


def _put_back(table: Any, hash_key: Any, range_key: Any, item: Any) -> None:
    if item is None:
        table.delete_item(hash_key, range_key)
    elif range_key is not None:
        table.items[hash_key][range_key] = item
    else:
        table.items[hash_key] = item


def serialised(app: Callable[..., Iterable[bytes]]) -> Callable[..., list[bytes]]:
    """A WSGI app that answers one request at a time."""
    lock = threading.Lock()

    def run(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        with lock:
            return list(app(environ, start_response))

    return run
