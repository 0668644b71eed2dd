"""Start and stop the whole local product: DynamoDB, the API, the seed data, the guide site."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess  # nosec B404: starts mkdocs serve, argument list without a shell
import sys
import threading
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from functions.api.logic import clock
from infra.local import dynamodb
from infra.local.auth import LOCAL_AUDIENCE, LOCAL_ISSUER, load_or_create_key
from infra.local.gateway import Gateway, make_server
from infra.local.seed import seed_demo, triennia
from infra.local.template import load_template

ROOT = Path(__file__).resolve().parents[2]
REGION = "eu-south-1"
SNAPSHOT_FILE = "dynamodb.json"


class PortInUse(Exception):
    def __init__(self, what: str, port: int, variable: str) -> None:
        super().__init__(
            f"Port {port} ({what}) is already in use. Stop whatever holds it, or choose another port: "
            f"{variable}=<port> make serve"
        )


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() not in ("0", "false", "no", "off", "")


@dataclass
class Config:
    """Everything configurable, from environment variables (the Makefile passes them through)."""

    root: Path = ROOT
    template: Path = field(
        default_factory=lambda: Path(os.environ.get("ECM_TEMPLATE", ROOT / "template.yaml"))
    )
    data_dir: Path = field(default_factory=lambda: Path(os.environ.get("ECM_DATA_DIR", ROOT / ".local")))
    api_port: int = field(default_factory=lambda: int(os.environ.get("ECM_API_PORT", "3000")))
    site_port: int = field(default_factory=lambda: int(os.environ.get("ECM_SITE_PORT", "8000")))
    dynamodb_port: int = field(default_factory=lambda: int(os.environ.get("ECM_DYNAMODB_PORT", "8001")))
    dynamodb_endpoint: str | None = field(
        default_factory=lambda: os.environ.get("ECM_DYNAMODB_ENDPOINT") or None
    )
    site: bool = field(default_factory=lambda: _flag("ECM_SITE", True))
    seed: bool = field(default_factory=lambda: _flag("ECM_SEED", True))
    quiet: bool = field(default_factory=lambda: _flag("ECM_QUIET", False))


def _check_port(what: str, port: int, variable: str) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as exc:
            raise PortInUse(what, port, variable) from exc


def _die_with_parent() -> None:
    """In the child, before exec: if the stack is killed outright (SIGKILL), take the child down too."""
    if sys.platform == "linux":
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None).prctl(pr_set_pdeathsig, signal.SIGTERM)


def _wait_for_port(port: int, process: subprocess.Popen[bytes], timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return True
        except OSError:
            time.sleep(0.1)
    return False


class Stack:
    def __init__(self, config: Config | None = None) -> None:
        self.config = config or Config()
        self.api_url = f"http://127.0.0.1:{self.config.api_port}"
        self.site_url = f"http://127.0.0.1:{self.config.site_port}"
        self.endpoint = ""
        self.snapshot_path: Path | None = None
        self._db: dynamodb.EmbeddedDynamoDB | None = None
        self._snapshot: dynamodb.Snapshot | None = None
        self._saver: dynamodb.Saver | None = None
        self._server: Any = None
        self._site: subprocess.Popen[bytes] | None = None
        self.seeded = False
        self.api_ready_s = 0.0

    def start(self) -> None:
        cfg = self.config
        started = time.perf_counter()
        if not cfg.template.exists():
            raise FileNotFoundError(f"{cfg.template} not found: the local stack serves what it declares")
        site_enabled = cfg.site and (cfg.root / "mkdocs.yml").exists()
        _check_port("local API", cfg.api_port, "ECM_API_PORT")
        if site_enabled:
            _check_port("guide site", cfg.site_port, "ECM_SITE_PORT")
        if cfg.dynamodb_endpoint is None:
            _check_port("embedded DynamoDB", cfg.dynamodb_port, "ECM_DYNAMODB_PORT")
        try:
            # The site takes longest to build, so it starts first and is awaited last.
            if site_enabled:
                self._start_site()
            self._start_dynamodb()
            self._start_api()
            if cfg.seed:
                self.seeded = seed_demo(self.api_url, self.key)
            self.api_ready_s = time.perf_counter() - started
            site_ready = False
            if self._site is not None:
                print(
                    f"API ready at {self.api_url} in {self.api_ready_s:.1f} s; building the guide...",
                    flush=True,
                )
                site_ready = _wait_for_port(cfg.site_port, self._site, 120)
        except BaseException:
            self.stop()
            raise
        self._print_summary(time.perf_counter() - started, site_enabled, site_ready)

    def _start_site(self) -> None:
        env = {**os.environ, "ECM_API_URL": self.api_url, "NO_MKDOCS_2_WARNING": "1"}
        self._site = subprocess.Popen(  # nosec B603: sys.executable and an integer port, no shell
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{self.config.site_port}"],
            cwd=self.config.root,
            env=env,
            # Its own process group: Ctrl-C reaches only us, and stop() ends the whole group.
            start_new_session=True,
            preexec_fn=_die_with_parent,
            stdout=None if not self.config.quiet else subprocess.DEVNULL,
            stderr=subprocess.STDOUT if self.config.quiet else None,
        )

    def _start_dynamodb(self) -> None:
        cfg = self.config
        os.environ["AWS_DEFAULT_REGION"] = REGION
        if cfg.dynamodb_endpoint:
            self.endpoint = cfg.dynamodb_endpoint
            # Real credentials, if any, are the user's business; DynamoDB Local accepts anything.
            os.environ.setdefault("AWS_ACCESS_KEY_ID", "local")
            os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "local")
        else:
            # Dummy credentials so that nothing embedded could ever reach a real account.
            os.environ["AWS_ACCESS_KEY_ID"] = "local"
            os.environ["AWS_SECRET_ACCESS_KEY"] = "local"  # nosec B105: moto accepts any credentials
            os.environ.pop("AWS_SESSION_TOKEN", None)
            self._db = dynamodb.EmbeddedDynamoDB(cfg.dynamodb_port)
            self.endpoint = self._db.start()
        os.environ["AWS_ENDPOINT_URL_DYNAMODB"] = self.endpoint
        # The attestati go to S3 in the same moto server (or ECM_S3_ENDPOINT beside an external DynamoDB).
        os.environ["AWS_ENDPOINT_URL_S3"] = os.environ.get("ECM_S3_ENDPOINT") or self.endpoint
        # DynamoDB answers in milliseconds and the functions wait 2 s; an emulator on a laptop holding a
        # long history can take longer for an export or an erasure, which a 503 would only make retry.
        os.environ.setdefault("ECM_DYNAMODB_READ_TIMEOUT_S", "10")

    def _start_api(self) -> None:
        cfg = self.config
        self.template = load_template(
            cfg.template,
            local_issuer=LOCAL_ISSUER,
            local_audience=LOCAL_AUDIENCE,
            local_origins=(self.site_url, f"http://localhost:{cfg.site_port}"),
            region=REGION,
        )
        invoke_lock = threading.Lock()
        ddb = dynamodb.client(self.endpoint, REGION)
        dynamodb.create_tables(ddb, self.template.tables)
        dynamodb.create_buckets(os.environ["AWS_ENDPOINT_URL_S3"], REGION, self.template.buckets)
        names = [t["TableName"] for t in self.template.tables.values()]
        if self._db is not None:
            self.snapshot_path = cfg.data_dir / SNAPSHOT_FILE
            self._snapshot = dynamodb.Snapshot(ddb, self.snapshot_path, names)
            try:
                self._snapshot.restore()
            except Exception as exc:
                # Items that no longer fit the template's tables: set them aside rather than overwrite them.
                aside = self.snapshot_path.with_name(f"dynamodb-{time.strftime('%Y%m%d-%H%M%S')}.json")
                self.snapshot_path.rename(aside)
                print(f"  warning: could not load {self.snapshot_path} ({exc}); moved it to {aside}")
            self._saver = dynamodb.Saver(self._snapshot, guard=invoke_lock)
            self._saver.start()
        # Tracing and metrics need AWS, so they stay off.
        os.environ.setdefault("POWERTOOLS_TRACE_DISABLED", "true")
        os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "true")
        # Each request would otherwise warn that no metrics were published, which is expected here.
        warnings.filterwarnings("ignore", message="No application metrics to publish")
        self.key = load_or_create_key(cfg.data_dir)
        gateway = Gateway(
            self.template,
            self.key,
            cfg.root,
            REGION,
            on_write=self._saver.mark_dirty if self._saver else lambda: None,
            invoke_lock=invoke_lock,
        )
        for function, error in gateway.load_errors.items():
            print(f"  warning: {function} failed to import; its routes answer 500:\n{error}")
        self._server = make_server(gateway, cfg.api_port, quiet=cfg.quiet)
        threading.Thread(target=self._server.serve_forever, name="ecm-api", daemon=True).start()

    def _print_summary(self, elapsed: float, site_enabled: bool, site_ready: bool) -> None:
        cfg = self.config
        if not site_enabled:
            site = "not served (no mkdocs.yml, or ECM_SITE=0)"
        elif site_ready:
            site = f"{self.site_url}/  (mkdocs serve, calling the API at {self.api_url})"
        else:
            site = "FAILED to start: see mkdocs' output above"
        db = (
            f"{self.endpoint}  (embedded moto server; data in {self.snapshot_path})"
            if self._db
            else f"{self.endpoint}  (external: ECM_DYNAMODB_ENDPOINT; nothing embedded started)"
        )
        routes = len(self.template.routes)
        private = sum(1 for r in self.template.routes if r.authorizer)
        current = triennia(clock.today())[0]
        print(
            "\nECM local stack\n"
            f"  guide site   {site}\n"
            f"  API          {self.api_url}  ({routes} routes, {private} behind the JWT authorizer)\n"
            f"  DynamoDB     {db}\n"
            f"  tables       {', '.join(t['TableName'] for t in self.template.tables.values())}\n"
            f"  buckets      {', '.join(b['Bucket'] for b in self.template.buckets.values()) or 'none'}"
            " (S3 in the same server; files are not kept across restarts)\n"
            f"  signing key  {cfg.data_dir / 'jwt-signing-key.pem'}\n"
            f"  demo data    {'seeded now' if self.seeded else 'already there' if cfg.seed else 'off'}\n"
            f"  tokens       make token (demo professional), make token USER=second\n"
            f'  try          curl -H "Authorization: Bearer $(make -s token)" '
            f"{self.api_url}/v1/me/compliance/{current}-{current + 2}\n"
            f"Ready in {elapsed:.1f} s (API in {self.api_ready_s:.1f} s). Ctrl-C stops everything.",
            flush=True,
        )

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._saver is not None:
            self._saver.stop()
            self._saver = None
        if self._snapshot is not None:
            try:
                count = self._snapshot.save()
                print(f"  saved {count} items to {self._snapshot.path}")
            except Exception as exc:
                print(f"  warning: could not save {self._snapshot.path}: {exc}")
            self._snapshot = None
        if self._db is not None:
            self._db.stop()
            self._db = None
        if self._site is not None:
            _stop_group(self._site)
            self._site = None


def _stop_group(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        pass


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def serve(config: Config | None = None) -> int:
    # SIGTERM (a test, a CI runner) stops as cleanly as Ctrl-C. SIGINT is set explicitly because a
    # shell starts background jobs with it ignored, and Python would then never see Ctrl-C.
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    stack = Stack(config)
    try:
        stack.start()
    except (PortInUse, FileNotFoundError, ValueError, yaml.YAMLError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # start() has already stopped what it started
        return 130
    with contextlib.suppress(KeyboardInterrupt):
        threading.Event().wait()
    # A second Ctrl-C must not interrupt the final save.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    print("\nStopping...", flush=True)
    stack.stop()
    print("Stopped.", flush=True)
    return 0
