"""`make run` as staff start it (scripts/run.sh): other ports than the defaults, a
start-up screen without the libraries' deprecation notices, and the default
deployment on every core (one Rasa instance per core behind nginx, Redis for
locks) next to a single instance (RASA_INSTANCES=1)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import socketio
from playwright.sync_api import expect, sync_playwright

from clinic import content
from scripts.processes import free_port
from tests.server.conftest import MODEL, ROOT, Bot, wait_until_up
from tests.server.test_widget import ANSWER_START, CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.server


# The default uses every core when nginx and redis-server are there (CI installs them).
CORES = os.cpu_count() or 1
MULTI = CORES > 1 and bool(shutil.which("nginx") and shutil.which("redis-server"))


@pytest.fixture(scope="module", params=["1", "default"], ids=["one instance", "default"])
def started(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Bot, Path]]:
    workdir = tmp_path_factory.mktemp("run-script")
    ports = {name: str(free_port()) for name in ("RASA_PORT", "ACTIONS_PORT", "DEMO_PORT")}
    instances = {} if request.param == "default" else {"RASA_INSTANCES": request.param}
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("REDIS_", "RASA_INST"))}
    env = {
        **inherited,
        **ports,
        **instances,
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


def instances_serving(log: Path) -> int:
    found = re.search(r"Serving with (\d+) Rasa instances", log.read_text(errors="replace"))
    return int(found.group(1)) if found else 1


def test_the_default_serves_on_every_core(started: tuple[Bot, Path]) -> None:
    bot, log = started
    if "RASA_INSTANCES" in bot.env:
        assert instances_serving(log) == 1
    elif MULTI:
        assert instances_serving(log) == CORES
    else:  # one instance, and a line saying how to get the others
        assert "install nginx and redis-server" in log.read_text(errors="replace")


def test_a_conversation_keeps_its_topic_whichever_instance_takes_a_turn(
    started: tuple[Bot, Path],
) -> None:
    # Behind nginx a sender's turns go to the least busy instance; the
    # conversation is shared (SQL store, Redis locks), so a follow-up still
    # knows the work injury told two turns before, however the turns landed.
    bot, _ = started
    sender = "run-script-follow-up"
    bot.say(sender, "I hurt my back lifting boxes at work last month")
    bot.say(sender, "ok")
    replies = bot.say(sender, "is that covered by insurance?")
    assert "workers" in " ".join(r.get("text", "") for r in replies).lower()


def test_widget_sessions_on_long_polling_all_connect_and_answer(
    started: tuple[Bot, Path],
) -> None:
    # rasa-webchat starts Socket.IO on HTTP long-polling, whose requests must
    # reach the instance holding the session; with two Sanic workers behind
    # one port only 2 of 10 sessions connected (bench/notes.md).
    bot, _ = started
    origin = f"http://127.0.0.1:{bot.env['DEMO_PORT']}"
    answered = 0
    for number in range(10):
        client = socketio.Client(reconnection=False)
        replies: list[dict] = []
        client.on("bot_uttered", replies.append)
        client.connect(
            f"http://127.0.0.1:{bot.rasa_port}",
            headers={"Origin": origin},
            transports=["polling"],
            socketio_path="socket.io",
            wait_timeout=20,
        )
        try:
            session = f"widget-session-{number}"
            client.emit("session_request", {"session_id": session})
            client.emit("user_uttered", {"message": "hi", "session_id": session})
            for _ in range(100):
                if replies:
                    break
                client.sleep(0.2)
            answered += bool(replies)
        finally:
            client.disconnect()
    assert answered == 10


def test_the_widget_answers_in_a_browser(started: tuple[Bot, Path]) -> None:
    # The demo page run.sh serves, in Chromium, through whatever serves the
    # Rasa port (nginx in front of the instances, by default).
    bot, _ = started
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{bot.env['DEMO_PORT']}/")
            page.locator("button.rw-launcher").click()
            expect(page.locator(".rw-response").first).to_be_visible(timeout=30_000)
            page.locator(".rw-new-message").fill("what is medical massage?")
            page.keyboard.press("Enter")
            answer = page.locator(".rw-response .rw-message-text", has_text=ANSWER_START)
            expect(answer).to_be_visible(timeout=30_000)
        finally:
            browser.close()
