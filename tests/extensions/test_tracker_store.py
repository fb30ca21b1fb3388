"""The clinic's SQL tracker store on a real (temporary) SQLite database, read back with SQL."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from clinic.redaction import redact
from extensions.tracker_store import (
    FORGET_ME_RESPONSE,
    EnvironmentSQLTrackerStore,
    sqlite_secure_delete,
)

DAY = 86_400


class NoEntities:
    ents = ()


def no_recogniser():  # type: ignore[no-untyped-def]
    return lambda text: NoEntities()


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "conversations.db"
    monkeypatch.setenv("DB_DIALECT", "sqlite")
    monkeypatch.setenv("DB_NAME", str(path))
    monkeypatch.delenv("RETENTION_DAYS", raising=False)
    return path


def store() -> EnvironmentSQLTrackerStore:
    return EnvironmentSQLTrackerStore(recogniser=no_recogniser)


def save(events: list, sender: str = "patient") -> DialogueStateTracker:
    tracker = DialogueStateTracker.from_events(sender, events)
    asyncio.run(store().save(tracker))
    return tracker


def stored(db: Path, sender: str = "patient") -> list[dict]:
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT data FROM events WHERE sender_id = ? ORDER BY id", (sender,)
        ).fetchall()
    return [json.loads(data) for (data,) in rows]


def on_disk(db: Path) -> str:
    """Every byte SQLite keeps for the database: the file and its write-ahead log."""
    files = [db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")]
    return "".join(f.read_bytes().decode("latin-1") for f in files if f.exists())


def said(text: str, timestamp: float | None = None) -> UserUttered:
    parse = {"text": text, "intent": {"name": "ask_insurance", "confidence": 0.9}, "entities": []}
    return UserUttered(text, parse["intent"], [], parse, timestamp=timestamp)


def test_user_text_is_redacted_before_it_is_written(db: Path) -> None:
    text = "I'm Jo, 631-555-0199, jo@example.com, born 03/14/1985, member id XJH4829301"
    tracker = save([said(text), ActionExecuted("utter_ask_insurance"), BotUttered("It may.")])
    raw = on_disk(db)
    # whole identifiers: bare digits could also be part of a stored timestamp
    for secret in ("555-0199", "jo@example.com", "03/14/1985", "XJH4829301"):
        assert secret not in raw
    (user, *_) = [e for e in stored(db) if e["event"] == "user"]
    assert user["text"] == redact(text) and user["parse_data"]["text"] == redact(text)
    assert user["parse_data"]["intent"]["name"] == "ask_insurance"  # the rest is kept
    assert tracker.latest_message is not None and tracker.latest_message.text == text


def test_later_saves_append_without_duplicating(db: Path) -> None:
    first = [said("my number is 631-555-0199"), ActionExecuted("utter_ask_insurance")]
    save(first)
    save([*first, said("and the cost?"), ActionExecuted("action_answer_clinic_question")])
    assert [e["event"] for e in stored(db)] == ["user", "action", "user", "action"]


def test_forget_me_deletes_the_whole_conversation_of_that_sender_only(db: Path) -> None:
    history = [said("what is it?"), ActionExecuted("utter_ask_what_is")]
    save(history)
    save(history, sender="someone-else")
    save([*history, said("delete my data"), ActionExecuted(FORGET_ME_RESPONSE)])
    assert stored(db) == []
    assert len(stored(db, "someone-else")) == 2


def test_forgotten_conversations_leave_nothing_on_disk(db: Path) -> None:
    history = [said("I have lupus and my knee is swollen"), ActionExecuted("utter_ask_what_is")]
    save(history)
    save([*history, said("delete my data"), ActionExecuted(FORGET_ME_RESPONSE)])
    assert "lupus" not in on_disk(db)  # not in freed pages, not in the log


def test_sqlite_overwrites_what_it_deletes(db: Path) -> None:
    connection = sqlite3.connect(":memory:")
    connection.execute("PRAGMA secure_delete=OFF")  # as some SQLite builds start
    sqlite_secure_delete(connection, None)
    assert connection.execute("PRAGMA secure_delete").fetchone() == (1,)
    assert sa.event.contains(store().engine, "connect", sqlite_secure_delete)


def test_conversations_idle_past_retention_are_deleted_at_start_up(db: Path) -> None:
    now = time.time()
    save([said("old", now - 31 * DAY)], sender="old")
    save([said("old", now - 40 * DAY), said("recent", now - 2 * DAY)], sender="active")
    store()  # a server starting up
    assert stored(db, "old") == []
    assert len(stored(db, "active")) == 2


def test_retention_can_be_changed_or_turned_off(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    now = time.time()
    monkeypatch.setenv("RETENTION_DAYS", "0")
    save([said("ancient", now - 400 * DAY)], sender="ancient")
    assert len(stored(db, "ancient")) == 1
    monkeypatch.setenv("RETENTION_DAYS", "7")
    save([said("last week", now - 8 * DAY)], sender="week")
    store()  # restarted with the new setting
    assert stored(db, "week") == [] and stored(db, "ancient") == []


def test_idle_deletion_reports_how_many(db: Path) -> None:
    now = time.time()
    save([said("a", now - 10 * DAY)], sender="a")
    save([said("b", now - 1 * DAY)], sender="b")
    assert store().delete_conversations_idle_for(5, now=now) == 1
