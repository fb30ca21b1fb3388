"""Waiting for a local server: ready, exited early, or never up."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from scripts.processes import answers, free_port, stop, wait_until


def sleeper(log: Path, seconds: float = 30) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-c",
        f"import time; print('started', flush=True); time.sleep({seconds})",
    ]
    return subprocess.Popen(command, stdout=log.open("wb"), stderr=subprocess.STDOUT)


def test_waiting_returns_once_the_check_is_true(tmp_path: Path) -> None:
    calls = iter([ConnectionRefusedError(), False, True])

    def ready() -> bool:
        outcome = next(calls)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    process = sleeper(tmp_path / "log")
    try:
        wait_until(ready, process, tmp_path / "log", timeout=10, interval=0.01)
    finally:
        stop(process)


def test_a_process_that_exits_fails_with_its_log(tmp_path: Path) -> None:
    process = sleeper(tmp_path / "log", seconds=0)
    process.wait()
    with pytest.raises(RuntimeError, match=r"exited early:\s+started"):
        wait_until(lambda: False, process, tmp_path / "log", timeout=10, interval=0.01)


def test_a_server_that_never_answers_times_out(tmp_path: Path) -> None:
    process = sleeper(tmp_path / "log")
    try:
        with pytest.raises(RuntimeError, match="not up after"):
            wait_until(
                answers(f"http://127.0.0.1:{free_port()}/"), process, tmp_path / "log", 0.3, 0.05
            )
    finally:
        stop(process)
