"""`make gaps` on a real conversation store, written by the clinic's own tracker store."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from clinic import content
from clinic.gaps import to_html, to_markdown
from extensions.tracker_store import EnvironmentSQLTrackerStore
from scripts.answer_gaps import make_report, store_url
from tests.clinic.test_gaps import PARKING
from tests.server.services import PostgreSQL

ROOT = Path(__file__).resolve().parents[2]
OFF_TOPIC = content.profile().answer("out_of_scope") or ""
NAME = "my name is Quentin Zabriskie, can I park outside?"


def turn(text: str, intent: str, action: str, reply: str, at: float) -> list:
    parse = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": []}
    return [
        UserUttered(text, parse["intent"], [], parse, timestamp=at),
        ActionExecuted(action, timestamp=at + 0.1),
        BotUttered(reply, timestamp=at + 0.2),
        ActionExecuted("action_listen", timestamp=at + 0.3),
    ]


def fill(store: EnvironmentSQLTrackerStore) -> None:
    """Six patients ask about parking (one typing a name), one gets an answer."""
    now = time.time()
    for number, text in enumerate([*PARKING, NAME]):
        events = turn(text, "out_of_scope", "action_answer_clinic_question", OFF_TOPIC, now)
        asyncio.run(store.save(DialogueStateTracker.from_events(f"p{number}", events)))
    answered = turn("how much is a session", "ask_cost", "action_answer_clinic_question", "$", now)
    asyncio.run(store.save(DialogueStateTracker.from_events("q", answered)))
    old = turn("do you do home visits", "out_of_scope", "x", OFF_TOPIC, now - 40 * 86_400)
    asyncio.run(store.save(DialogueStateTracker.from_events("old", old)))


def check(env: dict[str, str]) -> None:
    report = make_report(store_url(env), days=7)
    assert (report.messages, report.answered) == (7, 1)
    biggest = report.groups[0]
    assert biggest.size == 6  # the six parking wordings, one group
    assert biggest.what_happened == (("declined as off-topic", 6),)
    pages = to_markdown(report) + to_html(report)
    assert "parking" in pages
    # the name was redacted before it was stored; the report shows only the store
    assert "Zabriskie" not in pages and "Quentin" not in pages
    assert "home visits" not in pages  # outside the period


@pytest.fixture
def sqlite_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    env = {"DB_DIALECT": "sqlite", "DB_NAME": str(tmp_path / "conversations.db")}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("RETENTION_DAYS", "0")
    return env


def test_report_from_sqlite_groups_wordings_and_holds_no_names(sqlite_env: dict[str, str]) -> None:
    fill(EnvironmentSQLTrackerStore())
    check(sqlite_env)


@pytest.fixture
def postgres_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    postgres = PostgreSQL()
    try:
        postgres.start()
        for name, value in postgres.env().items():
            monkeypatch.setenv(name, value)
        monkeypatch.setenv("RETENTION_DAYS", "0")
        yield postgres.env()
    finally:
        postgres.remove()


def test_report_from_postgresql(postgres_env: dict[str, str]) -> None:
    fill(EnvironmentSQLTrackerStore())
    check(postgres_env)


def test_make_gaps_writes_the_files_and_says_so_for_an_empty_store(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DB_DIALECT": "sqlite",
        "DB_NAME": str(tmp_path / "none.db"),
        "PYTHONPATH": str(ROOT),
    }
    out = tmp_path / "reports"
    command = [sys.executable, "scripts/answer_gaps.py", "--days", "7", "--html", "--out", str(out)]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "No conversations in this period." in (out / "answer-gaps.md").read_text()
    assert "No conversations in this period." in (out / "answer-gaps.html").read_text()
    assert "0 patient messages" in result.stdout
