"""Run the local stack as a child process on free ports, as `make serve` does, for tests and benchmarks."""

from __future__ import annotations

import fcntl
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from infra.local.auth import SigningKey, load_or_create_key, mint_token
from infra.local.seed import request

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_TEMPLATE = ROOT / "tests" / "local" / "fixtures" / "template.yaml"


# Ports for child stacks come from below Linux's ephemeral range (32768-60999), so the kernel never
# hands one of them to an outgoing connection or to a `bind(0)`; each is reserved by a lock file held
# until this process exits, so two pytest-xdist workers (or two test runs) never get the same port
# between choosing it and the child binding it. Asking the kernel for port 0 and closing the socket,
# as before, left that window open under `-n 2`.
PORT_RANGE = range(20000, 32000)
_PORT_LOCKS = Path(tempfile.gettempdir()) / "ecm-test-ports"
_held: list[int] = []  # descriptors of the lock files this process holds


def free_port() -> int:
    """A loopback port that is free now and that no other cooperating test process will be given."""
    _PORT_LOCKS.mkdir(exist_ok=True)
    offset = (os.getpid() * 7919) % len(PORT_RANGE)  # spread the processes over the range
    for index in range(len(PORT_RANGE)):
        port = PORT_RANGE[(offset + index) % len(PORT_RANGE)]
        fd = os.open(_PORT_LOCKS / f"{port}.lock", os.O_CREAT | os.O_RDWR, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:  # in use by something that does not take our locks
                fcntl.flock(fd, fcntl.LOCK_UN)
                os.close(fd)
                continue
        _held.append(fd)
        return port
    raise RuntimeError(f"no free loopback port in {PORT_RANGE.start}-{PORT_RANGE.stop - 1}")


def _children(pid: int) -> set[int]:
    """Descendants of pid, from /proc (Linux), so a test can check none outlives the stack."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            kids = (task / "children").read_text().split()
        except OSError:
            continue
        for kid in map(int, kids):
            found |= {kid, *_children(kid)}
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@dataclass
class StackProcess:
    data_dir: Path
    template: Path = FIXTURE_TEMPLATE
    site: bool = False
    seed: bool = False
    extra_env: dict[str, str] = field(default_factory=dict)
    api_port: int = field(default_factory=free_port)
    site_port: int = field(default_factory=free_port)
    dynamodb_port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    startup_s: float = 0.0
    runs: int = 0

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.api_port}"

    @property
    def site_url(self) -> str:
        return f"http://127.0.0.1:{self.site_port}"

    @property
    def dynamodb_url(self) -> str:
        return f"http://127.0.0.1:{self.dynamodb_port}"

    @property
    def log(self) -> Path:
        return self.data_dir / f"stack-{self.api_port}-{self.runs}.log"

    @property
    def key(self) -> SigningKey:
        return load_or_create_key(self.data_dir)

    def token(self, sub: str, **kwargs: Any) -> str:
        return mint_token(self.key, sub, **kwargs)

    def call(
        self, method: str, path: str, token: str | None = None, body: Any = None, **h: str
    ) -> tuple[int, Any]:
        return request(f"{self.api_url}{path}", method, token, body, **h)

    def start(self, timeout_s: float = 180) -> StackProcess:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            "ECM_TEMPLATE": str(self.template),
            "ECM_DATA_DIR": str(self.data_dir),
            "ECM_API_PORT": str(self.api_port),
            "ECM_SITE_PORT": str(self.site_port),
            "ECM_DYNAMODB_PORT": str(self.dynamodb_port),
            "ECM_SITE": "1" if self.site else "0",
            "ECM_SEED": "1" if self.seed else "0",
            "PYTHONUNBUFFERED": "1",
            **self.extra_env,
        }
        if "ECM_DYNAMODB_ENDPOINT" not in self.extra_env:
            env.pop("ECM_DYNAMODB_ENDPOINT", None)
        self.runs += 1
        started = time.perf_counter()
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "infra.local", "serve"], cwd=ROOT, env=env, stdout=log, stderr=log
            )
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            text = self.log.read_text(errors="replace")
            if "Ready in" in text:
                self.startup_s = time.perf_counter() - started
                return self
            if self.process.poll() is not None:
                raise RuntimeError(f"the stack exited with {self.process.returncode}:\n{text}")
            time.sleep(0.05)
        self.stop()
        raise TimeoutError(f"the stack was not ready in {timeout_s} s:\n{self.log.read_text()}")

    def descendants(self) -> set[int]:
        return _children(self.process.pid) if self.process else set()

    def stop(self, sig: int = signal.SIGINT, timeout_s: float = 30) -> int:
        assert self.process is not None
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                raise
        return self.process.returncode
