"""The embedded DynamoDB (moto's server), the tables from template.yaml, and a JSON snapshot of them.

moto keeps its state in memory only, so the stack snapshots every table's items to one JSON file
(DynamoDB's typed attribute format, binary values base64-encoded) shortly after writes and on
shutdown, and puts them back on start. Small and readable beats clever: a local dataset is tiny.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import boto3
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from moto.server import ThreadedMotoServer
from werkzeug.serving import make_server

from . import moto_fixes, s3_post_policy


def client(endpoint: str, region: str) -> Any:
    return boto3.client("dynamodb", endpoint_url=endpoint, region_name=region)


class SerialMotoServer(ThreadedMotoServer):
    """moto's server answering one request at a time, with ``moto_fixes`` applied.

    moto's DynamoDB backend is not thread-safe: concurrent TransactWriteItems crash inside moto and a
    failed transaction restores a copy taken before it, undoing other threads' writes. DynamoDB itself
    serialises conflicting writes per item; serialising whole requests is stricter, so races left to
    find are the API's own. ``ECM_MOTO_FIXES=0`` runs moto as released (for before/after figures).
    """

    def _server_entry(self) -> None:
        fixed = os.environ.get("ECM_MOTO_FIXES", "1") != "0"
        if fixed:
            moto_fixes.apply()
        inner = DomainDispatcherApplication(create_backend_app)
        app: Callable[..., Iterable[bytes]] = moto_fixes.serialised(inner) if fixed else inner
        # S3's upload policies are S3's behaviour, not a workaround: enforced with or without the fixes.
        app = s3_post_policy.enforced(app)
        self._server = make_server(
            self._ip_address, self._port, app, True, request_handler=MotoRequestHandler
        )
        self._server_ready_event.set()
        self._server.serve_forever()


class EmbeddedDynamoDB:
    def __init__(self, port: int) -> None:
        # werkzeug would log every DynamoDB call; the API's own request lines say enough.
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        self._server = SerialMotoServer(ip_address="127.0.0.1", port=port, verbose=False)

    def start(self) -> str:
        self._server.start()
        host, port = self._server.get_host_and_port()
        return f"http://{host}:{port}"

    def stop(self) -> None:
        self._server.stop()


def create_buckets(endpoint: str, region: str, buckets: dict[str, dict[str, Any]]) -> list[str]:
    """Create the template's buckets that do not exist yet (versioned as declared); return their names."""
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name=region)
    existing = {b["Name"] for b in s3.list_buckets().get("Buckets", [])}
    created = []
    for spec in buckets.values():
        if spec["Bucket"] in existing:
            continue
        s3.create_bucket(Bucket=spec["Bucket"], CreateBucketConfiguration={"LocationConstraint": region})
        if spec.get("versioned"):
            s3.put_bucket_versioning(Bucket=spec["Bucket"], VersioningConfiguration={"Status": "Enabled"})
        created.append(spec["Bucket"])
    return created


def create_tables(ddb: Any, tables: dict[str, dict[str, Any]]) -> list[str]:
    """Create the template's tables that do not exist yet; return the names created."""
    existing = set(ddb.list_tables()["TableNames"])
    created = []
    for spec in tables.values():
        args = {k: v for k, v in spec.items() if not k.startswith("_")}
        if args["TableName"] in existing:
            continue
        ddb.create_table(**args)
        ddb.get_waiter("table_exists").wait(TableName=args["TableName"], WaiterConfig={"Delay": 0.1})
        if spec.get("_ttl_attribute"):
            ddb.update_time_to_live(
                TableName=args["TableName"],
                TimeToLiveSpecification={"Enabled": True, "AttributeName": spec["_ttl_attribute"]},
            )
        created.append(args["TableName"])
    return created


def _binary(value: Any, convert: Any) -> Any:
    """Apply convert to every binary inside one attribute value (B, BS, nested in M and L)."""
    ((kind, inner),) = value.items()
    if kind == "B":
        return {"B": convert(inner)}
    if kind == "BS":
        return {"BS": [convert(v) for v in inner]}
    if kind == "M":
        return {"M": {k: _binary(v, convert) for k, v in inner.items()}}
    if kind == "L":
        return {"L": [_binary(v, convert) for v in inner]}
    return value


def _to_json(b: bytes) -> str:
    return base64.b64encode(b).decode("ascii")


class Snapshot:
    """Dump and restore the items of the given tables to one JSON file."""

    def __init__(self, ddb: Any, path: Path, table_names: list[str]) -> None:
        self.ddb = ddb
        self.path = path
        self.table_names = table_names
        self._lock = threading.Lock()

    def restore(self) -> int:
        if not self.path.exists():
            return 0
        data = json.loads(self.path.read_text(encoding="utf-8"))
        count = 0
        for name, items in data.get("tables", {}).items():
            if name not in self.table_names:
                print(f"  note: {self.path} holds items for table {name}, which template.yaml no longer has")
                continue
            for item in items:
                typed = {k: _binary(v, base64.b64decode) for k, v in item.items()}
                self.ddb.put_item(TableName=name, Item=typed)
                count += 1
        return count

    def save(self) -> int:
        with self._lock:
            tables: dict[str, list[dict[str, Any]]] = {}
            for name in self.table_names:
                items: list[dict[str, Any]] = []
                # A full read is the point of a snapshot; the application itself never scans.
                for page in self.ddb.get_paginator("scan").paginate(TableName=name):
                    items.extend({k: _binary(v, _to_json) for k, v in i.items()} for i in page["Items"])
                tables[name] = items
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps({"version": 1, "tables": tables}, indent=1, sort_keys=True))
            os.replace(tmp, self.path)  # atomic: a crash mid-write never leaves half a file
            return sum(len(v) for v in tables.values())


class Saver(threading.Thread):
    """Saves a snapshot at most once per interval after something was written."""

    def __init__(self, snapshot: Snapshot, guard: threading.Lock, interval_s: float = 1.0) -> None:
        super().__init__(name="ecm-snapshot", daemon=True)
        self.snapshot = snapshot
        # Held while saving: moto is not safe against a scan running next to a write.
        self.guard = guard
        self.interval_s = interval_s
        self._dirty = threading.Event()
        self._stopping = threading.Event()

    def mark_dirty(self) -> None:
        self._dirty.set()

    def run(self) -> None:
        while not self._stopping.wait(self.interval_s):
            if self._dirty.is_set():
                self._dirty.clear()
                try:
                    with self.guard:
                        self.snapshot.save()
                except Exception as exc:  # keep serving, and try again at the next tick
                    self._dirty.set()
                    print(f"  warning: could not save {self.snapshot.path}: {exc}")

    def stop(self) -> None:
        self._stopping.set()
        self.join()
