"""`make run` as staff start it (scripts/run.sh): other ports than the defaults, and a
start-up screen without the libraries' deprecation notices."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from clinic import content
from scripts.processes import free_port
from tests.server.conftest import MODEL, ROOT, Bot, wait_until_up

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def started(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Bot, Path]]:
    workdir = tmp_path_factory.mktemp("run-script")
    ports = {name: str(free_port()) for name in ("RASA_PORT", "ACTIONS_PORT", "DEMO_PORT")}
    env = {
        **os.environ,
        **ports,
        "HOST": "127.0.0.1",
        "MODEL": str(MODEL),
        "DB_DIALECT": "sqlite",
        "DB_NAME": str(workdir / "conversations.db"),
        # as the Makefile exports them
        "PYTHONPATH": str(ROOT),
        "RASA_TELEMETRY_ENABLED": "false",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "PYTHONWARNINGS": "ignore::DeprecationWarning",
    }
    log = workdir / "run.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            ["scripts/run.sh"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_until_up(f"http://127.0.0.1:{ports['RASA_PORT']}/webhooks/rest/", process, log)
        yield Bot(int(ports["RASA_PORT"]), workdir, env), log
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_the_action_server_on_another_port_is_the_one_rasa_calls(
    started: tuple[Bot, Path],
) -> None:
    bot, _ = started
    replies = bot.say("run-script", "where are you located?")
    # The address comes from a custom action: it needs the action server.
    assert content.profile().fields["address"] in " ".join(r.get("text", "") for r in replies)


def test_start_up_shows_no_deprecation_notices(started: tuple[Bot, Path]) -> None:
    _, log = started
    text = log.read_text(errors="replace")
    assert "Rasa REST webhook" in text
    assert "DeprecationWarning" not in text, text[-3000:]
