"""The clinic's SQL tracker store on a real (temporary) SQLite database, read back with SQL."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered
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


def said(
    text: str, timestamp: float | None = None, metadata: dict[str, Any] | None = None
) -> UserUttered:
    parse = {"text": text, "intent": {"name": "ask_insurance", "confidence": 0.9}, "entities": []}
    return UserUttered(text, parse["intent"], [], parse, timestamp=timestamp, metadata=metadata)


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


def turn(
    tracker_store: EnvironmentSQLTrackerStore,
    text: str,
    sender: str = "patient",
    metadata: dict[str, Any] | None = None,
) -> Any:
    """One turn as Rasa's processor runs it: read the tracker, add the turn, save."""

    async def run() -> DialogueStateTracker:
        tracker = await tracker_store.get_or_create_tracker(sender)
        if not any(isinstance(e, SessionStarted) for e in tracker.events):
            tracker.update(ActionExecuted("action_session_start"))
            tracker.update(SessionStarted())
            tracker.update(ActionExecuted("action_listen"))
        for event in (
            said(text, metadata=metadata),
            ActionExecuted("utter_answer"),
            BotUttered(text.upper()),
        ):
            tracker.update(event)
        await tracker_store.save(tracker)
        return tracker

    return asyncio.run(run())


def read_back(tracker_store: EnvironmentSQLTrackerStore, sender: str = "patient") -> Any:
    return asyncio.run(tracker_store.retrieve(sender))


def test_a_kept_conversation_is_served_without_reading_it_back(db: Path) -> None:
    serving = store()
    turn(serving, "hi")
    second = turn(serving, "what is it?")  # the first turn's tracker is not what Rasa reads back
    third = turn(serving, "and the cost?")
    assert third is second and read_back(serving) is second
    # the database holds each event once, exactly what a fresh read gives
    fresh = read_back(store())
    assert fresh is not second and list(fresh.events) == list(second.events)
    assert [e["event"] for e in stored(db)].count("user") == 3


def test_turns_carrying_rasas_own_metadata_are_kept(db: Path) -> None:
    # Rasa puts the model's id on every user event; it is stored as it is
    serving, rasa = store(), {"model_id": "m1", "assistant_id": "clinic"}
    turn(serving, "hi", metadata=rasa)
    second = turn(serving, "what is it?", metadata=rasa)
    assert turn(serving, "and the cost?", metadata=rasa) is second


def test_another_instances_turns_are_applied_to_the_kept_conversation(db: Path) -> None:
    worker, other = store(), store()
    turn(worker, "hi")
    kept = turn(worker, "what is it?")
    turn(other, "and the cost?")
    turn(other, "call me at 631-555-0199")
    served = read_back(worker)
    # the same tracker object, caught up with what the other instance stored,
    # equal to what Rasa's full read-back gives
    assert served is kept and served.latest_message.text == "call me at [PHONE]"
    assert list(served.events) == list(read_back(store()).events)
    assert turn(worker, "thanks") is kept
    assert [e["text"] for e in stored(db) if e["event"] == "user"] == [
        "hi",
        "what is it?",
        "and the cost?",
        "call me at [PHONE]",
        "thanks",
    ]


def test_a_deletion_or_a_new_session_elsewhere_is_read_from_the_database(db: Path) -> None:
    worker, other = store(), store()
    turn(worker, "hi")
    kept = turn(worker, "what is it?")
    other.delete_conversation("patient")
    assert read_back(worker) is None
    # after a deletion SQLite gives the same ids again: the kept row's time tells them apart
    turn(worker, "hi")
    kept = turn(worker, "what is it?")
    other.delete_conversation("patient")
    turn(other, "a new start")
    turn(other, "and again")
    served = read_back(worker)
    assert served is not kept and list(served.events) == list(read_back(store()).events)
    other.delete_conversation("patient")
    turn(worker, "hi")
    kept = turn(worker, "what is it?")

    async def new_session_on_the_other_instance() -> None:
        tracker = await other.get_or_create_tracker("patient")
        for event in (
            ActionExecuted("action_session_start"),
            SessionStarted(),
            said("new session"),
        ):
            tracker.update(event)
        await other.save(tracker)

    asyncio.run(new_session_on_the_other_instance())
    served = read_back(worker)
    assert served is not kept and served.latest_message.text == "new session"


def test_a_turn_that_was_never_saved_is_not_served_again(db: Path) -> None:
    serving = store()
    turn(serving, "hi")
    kept = turn(serving, "what is it?")
    kept.update(said("lost in a crash"))
    served = read_back(serving)
    assert served is not kept and served.latest_message.text == "what is it?"


def test_text_changed_by_redaction_is_read_back_redacted(db: Path) -> None:
    serving = store()
    turn(serving, "hi")
    turn(serving, "hello")
    turn(serving, "call me at 631-555-0199")
    assert "[PHONE]" in read_back(serving).latest_message.text
