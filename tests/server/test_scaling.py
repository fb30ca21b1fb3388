"""Two Rasa instances sharing PostgreSQL and Redis, and the faults they must survive.

Real PostgreSQL and Redis from Debian's packages run on loopback; one action
server serves both Rasa instances, as behind a load balancer.
"""

from __future__ import annotations

import os
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest

from clinic.knowledge import load_knowledge
from clinic.profile import load_profile
from tests.server.conftest import MODEL, ROOT, Bot, Servers, stop
from tests.server.services import PostgreSQL, Redis

pytestmark = pytest.mark.server
PROFILE = load_profile()
APOLOGY = PROFILE.render(PROFILE.phrases["technical_problem"])
TOKEN = "test-api-token"


def texts(replies: list[dict]) -> str:
    return " ".join(r.get("text", "") for r in replies)


def user_messages(postgres: PostgreSQL, sender: str) -> list[str]:
    rows = postgres.query(
        "SELECT data::json->>'text' FROM events "
        f"WHERE sender_id = '{sender}' AND type_name = 'user' ORDER BY id"
    )
    return [row[0] for row in rows]


@dataclass
class Cluster:
    postgres: PostgreSQL
    redis: Redis
    servers: Servers
    first: Bot
    second: Bot


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train`")
    postgres, redis = PostgreSQL(), Redis()
    servers = None
    try:
        postgres.start()
        redis.start()
        workdir = tmp_path_factory.mktemp("cluster")
        servers = Servers(workdir, extra_env=postgres.env() | redis.env())
        servers.start_actions()
        # Both instances load at once: start-up is mostly waiting on one core each.
        first = servers.spawn_rasa()
        # The second one has the HTTP API on, as an operator would: with a token.
        second = servers.spawn_rasa(servers.demo_port, ("--enable-api", "--auth-token", TOKEN))
        yield Cluster(
            postgres, redis, servers, servers.wait_for_rasa(*first), servers.wait_for_rasa(*second)
        )
    finally:
        if servers is not None:
            servers.stop_all()
        redis.stop()
        postgres.remove()


def test_a_conversation_alternating_between_instances_keeps_its_context(cluster: Cluster) -> None:
    a, b = cluster.first, cluster.second
    sender = "alternating"
    assert "tension headache" in texts(a.say(sender, "I get tension headaches every week")).lower()
    follow_up = texts(b.say(sender, "how often should I come?"))
    assert "tension headache" in follow_up.lower()  # the slot set on the other instance
    booking = a.say(sender, "I'd like to book")
    link = [button["url"] for r in booking for button in r.get("buttons", []) if "url" in button]
    service = load_knowledge().conditions["tension_headache"].service
    assert link and f"service={service}&" in link[0]
    assert user_messages(cluster.postgres, sender) == [
        "I get tension headaches every week",
        "how often should I come?",
        "I'd like to book",
    ]


MIX = [
    "what is medical massage?",
    "does insurance cover it?",
    "I have fibromyalgia, can massage help?",
    "how often should I come?",
    "what would you do in a session?",
    "how long is a session",
    "do I need a prescription",
    "book",
]


def converse(bots: list[Bot], sender: str, messages: int) -> list[str]:
    """Send `messages` messages, alternating instances; returns what went wrong."""
    problems = []
    for number in range(messages):
        bot = bots[number % len(bots)]
        try:
            replies = bot.say(sender, MIX[number % len(MIX)])
        except Exception as error:  # every failure is a finding
            problems.append(f"{sender}#{number}: {error!r}")
            continue
        if not replies or not texts(replies).strip():
            problems.append(f"{sender}#{number}: empty reply")
        elif APOLOGY in texts(replies):
            problems.append(f"{sender}#{number}: apology")
    return problems


def status(bot: Bot, path: str) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{bot.rasa_port}{path}", timeout=30) as reply:
            return int(reply.status)
    except urllib.error.HTTPError as error:
        return error.code


def test_the_http_api_is_off_by_default_and_locked_when_on(cluster: Cluster) -> None:
    cluster.first.say("api-check", "hello")
    assert status(cluster.first, "/conversations/api-check/tracker") == 404  # no API at all
    assert status(cluster.second, "/conversations/api-check/tracker") == 401
    assert status(cluster.second, "/conversations/api-check/tracker?token=wrong") == 401
    assert status(cluster.second, f"/conversations/api-check/tracker?token={TOKEN}") == 200


def test_run_script_refuses_an_open_api() -> None:
    env = {**os.environ, "RASA_API": "true", "RASA_AUTH_TOKEN": "", "RASA_JWT_SECRET": ""}
    result = subprocess.run(
        ["scripts/run.sh"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "RASA_AUTH_TOKEN or RASA_JWT_SECRET" in result.stderr


def test_load_50_senders_x_20_messages_loses_nothing(cluster: Cluster) -> None:
    bots = [cluster.first, cluster.second]
    senders = [f"load-{number}" for number in range(50)]
    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=50) as pool:
        problems = [
            p for found in pool.map(lambda s: converse(bots, s, 20), senders) for p in found
        ]
    took = time.monotonic() - start
    print(f"\n1000 messages from 50 senders in {took:.0f} s")
    assert problems == []
    counted = cluster.postgres.query(
        "SELECT count(*) FROM events WHERE type_name = 'user' AND sender_id LIKE 'load-%'"
    )
    assert counted == [("1000",)]


def test_postgresql_restart_recovers_within_30_seconds(cluster: Cluster) -> None:
    bot, sender = cluster.first, "pg-restart"
    assert "hands-on treatment" in texts(bot.say(sender, "what is medical massage?"))
    cluster.postgres.stop()
    cluster.postgres.start()
    deadline = time.monotonic() + 30
    while True:
        replies = bot.say(sender, "does insurance cover it?")
        if APOLOGY not in texts(replies):
            break
        assert time.monotonic() < deadline, "no recovery within 30 s"
        time.sleep(1)
    assert texts(replies).startswith(PROFILE.answer("ask_insurance")[:40])
    bot.say(sender, "how long is a session")
    assert user_messages(cluster.postgres, sender)[-2:] == [
        "does insurance cover it?",
        "how long is a session",
    ]


def test_one_instance_killed_the_other_keeps_the_conversation(cluster: Cluster) -> None:
    sender = "survivor"
    cluster.first.say(sender, "my lower back hurts")
    assert cluster.first.process is not None
    cluster.first.process.kill()
    cluster.first.process.wait()
    follow_up = texts(cluster.second.say(sender, "how often should I come?"))
    assert "back" in follow_up.lower()
    assert len(user_messages(cluster.postgres, sender)) == 2


def test_unreachable_postgresql_stops_start_up_naming_the_setting(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    closed = PostgreSQL()  # never started: nothing listens on its port
    env = closed.env() | {"DB_CONNECT_SECONDS": "3"}
    servers = Servers(tmp_path_factory.mktemp("no-db"), extra_env=env)
    _, process, log = servers.spawn_rasa()
    try:
        process.wait(timeout=240)
    finally:
        stop(process)
        closed.remove()
    assert process.returncode != 0
    output = log.read_text()
    assert f"DB_HOST=127.0.0.1 DB_PORT={closed.port}" in output
    assert "Cannot connect to PostgreSQL" in output
