"""Start the action server and the Rasa server on loopback for the REST tests, then stop them."""

from __future__ import annotations

import json
import os
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from scripts.processes import answers, free_port, stop, wait_until
from tests.server.platform_api import PlatformAPI

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
MODEL = ROOT / "models" / "clinic.tar.gz"
START_TIMEOUT = 240  # seconds: loading TensorFlow and spaCy on 2 cores is slow

# Made-up credentials: the platform channels are on, pointed at a local stand-in.
PLATFORM_ENV = {
    "TELEGRAM_BOT_TOKEN": "123456:test-token",
    "TELEGRAM_WEBHOOK_SECRET": "test-webhook-secret",
    "MESSENGER_PAGE_ACCESS_TOKEN": "test-page-token",
    "MESSENGER_APP_SECRET": "test-app-secret",
    "MESSENGER_VERIFY_TOKEN": "test-verify-token",
    "TWILIO_ACCOUNT_SID": "AC00000000000000000000000000000000",
    "TWILIO_AUTH_TOKEN": "test-auth-token",
    "TWILIO_WHATSAPP_NUMBER": "whatsapp:+15005550006",
}


def wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    wait_until(answers(url), process, log, START_TIMEOUT, interval=1)


@dataclass
class Bot:
    """A running Rasa server with its action server, talked to over the REST channel."""

    rasa_port: int
    workdir: Path
    env: dict[str, str]
    process: subprocess.Popen[bytes] | None = None

    @property
    def webhook(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}/webhooks/rest/webhook"

    def post(
        self,
        body: bytes,
        content_type: str = "application/json",
        headers: dict[str, str] | None = None,
    ) -> tuple[int, Any]:
        request = urllib.request.Request(
            self.webhook, data=body, headers={"Content-Type": content_type, **(headers or {})}
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def say(self, sender: str, message: Any) -> list[dict[str, Any]]:
        status, replies = self.post(json.dumps({"sender": sender, "message": message}).encode())
        assert status == 200, replies
        assert isinstance(replies, list)
        return replies


class Servers:
    """Starts and stops one action server + Rasa server pair sharing a SQLite database."""

    def __init__(
        self,
        workdir: Path,
        platform_api_url: str | None = None,
        extra_env: dict[str, str] | None = None,
    ) -> None:
        self.workdir = workdir
        self.actions_port = free_port()
        self.rasa_port = free_port()
        self.demo_port = free_port()
        endpoints = workdir / "endpoints.yml"
        endpoints.write_text(
            f"action_endpoint:\n  url: http://127.0.0.1:{self.actions_port}/webhook\n"
            "tracker_store:\n  type: extensions.tracker_store.EnvironmentSQLTrackerStore\n"
        )
        self.env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "RASA_TELEMETRY_ENABLED": "false",
            "DB_DIALECT": "sqlite",
            "DB_NAME": str(workdir / "conversations.db"),
            "ALLOWED_ORIGINS": f"http://127.0.0.1:{self.demo_port}",
        }
        self.env |= extra_env or {}
        if platform_api_url:
            self.env |= PLATFORM_ENV | {
                f"{api}_URL": platform_api_url
                for api in ("TELEGRAM_API", "MESSENGER_GRAPH", "TWILIO_API")
            }
        self.processes: list[subprocess.Popen[bytes]] = []

    def _spawn(self, name: str, args: list[str]) -> tuple[subprocess.Popen[bytes], Path]:
        log = self.workdir / f"{name}.log"
        process = subprocess.Popen(
            [str(BIN / "rasa"), *args],
            cwd=ROOT,
            env=self.env,
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        self.processes.append(process)
        return process, log

    def start_actions(self) -> None:
        process, log = self._spawn(
            "actions", ["run", "actions", "--actions", "actions", "--port", str(self.actions_port)]
        )
        wait_until_up(f"http://127.0.0.1:{self.actions_port}/health", process, log)

    def spawn_rasa(
        self, port: int | None = None, extra_args: tuple[str, ...] = ()
    ) -> tuple[int, subprocess.Popen[bytes], Path]:
        """Start a Rasa server (on `port`, default the first one's) without waiting for it."""
        port = port or self.rasa_port
        args = ["run", "--model", str(MODEL), "--endpoints", str(self.workdir / "endpoints.yml")]
        args += ["--credentials", str(ROOT / "credentials.yml"), "--interface", "127.0.0.1"]
        process, log = self._spawn(f"rasa-{port}", [*args, "--port", str(port), *extra_args])
        return port, process, log

    def wait_for_rasa(self, port: int, process: subprocess.Popen[bytes], log: Path) -> Bot:
        wait_until_up(f"http://127.0.0.1:{port}/webhooks/rest/", process, log)
        return Bot(port, self.workdir, self.env, process)

    def start_rasa(self, port: int | None = None) -> Bot:
        return self.wait_for_rasa(*self.spawn_rasa(port))

    def stop_rasa(self) -> None:
        stop(self.processes.pop())

    def stop_all(self) -> None:
        while self.processes:
            stop(self.processes.pop())


@pytest.fixture(scope="session")
def platform_api() -> Iterator[PlatformAPI]:
    api = PlatformAPI()
    yield api
    api.stop()


@pytest.fixture(scope="session")
def servers(
    tmp_path_factory: pytest.TempPathFactory, platform_api: PlatformAPI
) -> Iterator[Servers]:
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` (make test does it for you)")
    running = Servers(tmp_path_factory.mktemp("server"), platform_api.url)
    try:
        running.start_actions()
        yield running
    finally:
        running.stop_all()


@pytest.fixture(scope="session")
def bot(servers: Servers) -> Bot:
    return servers.start_rasa()
