"""Run the local stack as a child process on free ports, as `make serve` does, for tests and benchmarks."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from infra.local.auth import SigningKey, load_or_create_key, mint_token
from infra.local.seed import request

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_TEMPLATE = ROOT / "tests" / "local" / "fixtures" / "template.yaml"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


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
