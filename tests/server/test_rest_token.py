"""REST_TOKEN set: every REST call must carry it (the server runs on loopback, so
this also shows a token set is asked of local callers too). The refusal from
other machines without a token is tested on the pure rule (tests/clinic/test_webhooks.py):
a test server listens on loopback only."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.server.conftest import Bot, Servers

pytestmark = pytest.mark.server
TOKEN = "0123456789abcdef" * 4


@pytest.fixture(scope="module")
def locked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bot]:
    servers = Servers(tmp_path_factory.mktemp("rest-token"), extra_env={"REST_TOKEN": TOKEN})
    try:
        servers.start_actions()
        yield servers.start_rasa()
    finally:
        servers.stop_all()


def call(bot: Bot, authorization: str | None) -> tuple[int, Any]:
    headers = {} if authorization is None else {"Authorization": authorization}
    body = json.dumps({"sender": "token-test", "message": "hi"}).encode()
    return bot.post(body, headers=headers)


@pytest.mark.parametrize("authorization", [None, "Bearer wrong", TOKEN, f"Basic {TOKEN}"])
def test_without_the_token_rest_answers_401(locked: Bot, authorization: str | None) -> None:
    status, body = call(locked, authorization)
    assert status == 401, body
    assert "Bearer" in body


def test_with_the_token_the_patient_gets_the_reply(locked: Bot) -> None:
    status, body = call(locked, f"Bearer {TOKEN}")
    assert status == 200, body
    assert body and "text" in body[0]
