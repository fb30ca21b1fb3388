"""Local server processes for the tests and the benchmarks: a free port, waiting, a clean stop."""

from __future__ import annotations

import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path


def free_port() -> int:
    """A TCP port on loopback that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def stop(process: subprocess.Popen[bytes]) -> None:
    """Ctrl-C (servers shut down cleanly on it), then kill after 30 s."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def answers(url: str) -> Callable[[], bool]:
    """A readiness check: a GET of `url` gets any 2xx reply."""

    def check() -> bool:
        with urllib.request.urlopen(url, timeout=2):
            return True

    return check


def wait_until(
    ready: Callable[[], object],
    process: subprocess.Popen[bytes],
    log: Path,
    timeout: float,
    interval: float = 0.5,
) -> None:
    """Poll `ready` until it returns something true; fail with the log's tail if the
    process exits or `timeout` seconds pass. Connection errors mean "not yet"."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log.read_text()[-3000:]}")
        try:
            if ready():
                return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(interval)
    raise RuntimeError(f"server not up after {timeout:.0f} s:\n{log.read_text()[-3000:]}")
