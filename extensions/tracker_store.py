"""SQL tracker store configured from the environment, that keeps no personal identifiers.

- Settings come from environment variables (see clinic.settings): SQLite by
  default, PostgreSQL when DB_DIALECT=postgresql; endpoints.yml stays unchanged.
- Every user message is redacted (clinic.redaction) before it is written; the
  conversation in memory, and so the live reply, still sees the original text.
- Conversations idle for longer than RETENTION_DAYS are deleted at start-up
  and by `make delete-old-conversations` (for cron).
- When the bot has just run the "forget me" response, the sender's whole
  conversation is deleted instead of saved; SQLite overwrites what it deletes.
- PostgreSQL that cannot be reached at start-up stops the server within
  DB_CONNECT_SECONDS (30) with an error naming the settings to check (stock
  Rasa retries forever, logging a warning every 5 seconds). Pooled connections
  are checked before use (`pool_pre_ping`), so after a database restart the
  next message reconnects instead of failing on a dead connection.
- Each process keeps the conversations it served lately in memory, so a turn
  does not read back and replay the whole conversation. A kept tracker is used
  only while the database still holds the latest row it was kept with (same id
  and time; rows are deleted only with their whole conversation). Rows another
  instance added since are read with one indexed query and applied to it, the
  way Rasa's replay would apply them, so a conversation spread over several
  instances costs a few rows per turn, not its whole length. A deletion, a new
  session or a row that is not a plain continuation reloads it from the
  database the way Rasa does. A tracker is kept only when it is what Rasa would read back
  (the rows of its latest session, none of its text changed by redaction), so
  the replies are the same either way.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, Event, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from clinic import names
from clinic.redaction import Recogniser, redact, redact_user_event
from clinic.settings import (
    DEFAULT_DB_CONNECT_SECONDS,
    retention_days,
    seconds,
    tracker_store_settings,
)
from extensions.rasa_internals import require
from extensions.spacy_nlp import SPACY_MODEL, SpacyNLP

require(SQLTrackerStore, "_event_query", "extensions/tracker_store.py")

logger = logging.getLogger(__name__)

# The response whose sending means "delete everything this sender said".
FORGET_ME_RESPONSE = names.UTTER_FORGET_ME_DONE
SECONDS_PER_DAY = 86_400
# Conversations each process keeps in memory between turns; beyond this the
# least recently served one is read from the database again.
KEPT_CONVERSATIONS = 2_000


# A stored row: its id and time.
Marker = tuple[int, float]


@dataclass
class Kept:
    """A tracker kept between turns, and the database state it matches."""

    tracker: DialogueStateTracker
    events: int  # its events when kept: more means a turn that was never saved
    stored: Marker  # the sender's latest row when kept
    session_start: float | None  # when its latest session started, if it has one


@lru_cache(maxsize=1)
def spacy_recogniser() -> Recogniser:
    """spaCy's NER from the one shared copy of the model (extensions.spacy_nlp).

    The NER has its own token-to-vector layer, so it runs alone on the text as
    typed: the same entities as the full pipeline, measured at under half its
    time, and no second copy of the model in memory or in the start-up time
    (the safety layer splits sentences with the same copy).
    """
    nlp = SpacyNLP.load_model(SPACY_MODEL).model
    ner = nlp.get_pipe("ner")
    return lambda text: ner(nlp.make_doc(text))  # type: ignore[no-any-return]


def sqlite_secure_delete(connection: Any, _record: Any) -> None:
    """Deleted conversations are overwritten on disk, not just unlinked.

    Debian's SQLite already does this by default; other builds do not, and
    "forget me" and the retention limit must not leave the text in free pages.
    (Write-ahead-log mode was measured too: with SQLAlchemy's connection per
    session it made the bot 13% slower, so the default journal stays.)
    """
    cursor = connection.cursor()
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def asked_to_forget(events: list[Event]) -> bool:
    """Whether the forget-me response was sent after the latest user message."""
    for event in reversed(events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, ActionExecuted) and event.action_name == FORGET_ME_RESPONSE:
            return True
    return False


def wait_for_postgresql(settings: dict[str, Any], timeout: float) -> None:
    """Return once PostgreSQL accepts a connection; raise a clear error after `timeout` s."""
    url = SQLTrackerStore.get_db_url(
        "postgresql",
        settings["host"],
        settings["port"],
        settings["db"],
        settings["username"],
        settings["password"],
    )
    engine = sa.create_engine(url, connect_args={"connect_timeout": 5}, poolclass=sa.pool.NullPool)
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                with engine.connect():
                    return
            except sa.exc.OperationalError as error:
                if time.monotonic() >= deadline:
                    reason = str(error.orig).strip().splitlines()[0] if error.orig else "no answer"
                    raise ConnectionError(
                        f"Cannot connect to PostgreSQL at DB_HOST={settings['host']} "
                        f"DB_PORT={settings['port']} as DB_USER={settings['username']} "
                        f"(database DB_NAME={settings['db']}) within {timeout:g} s: {reason}. "
                        "Check those settings and DB_PASSWORD, and that the server is running."
                    ) from None
                time.sleep(1)
    finally:
        engine.dispose()


class EnvironmentSQLTrackerStore(SQLTrackerStore):
    """The clinic's tracker store: see the module docstring."""

    def __init__(
        self,
        domain: Domain | None = None,
        event_broker: EventBroker | None = None,
        recogniser: Callable[[], Recogniser] = spacy_recogniser,
        delete_old_on_start: bool = True,
        **kwargs: Any,
    ) -> None:
        kwargs.pop("host", None)  # endpoints.yml has no url; settings come from the environment
        settings = tracker_store_settings(os.environ)
        if settings["dialect"] == "postgresql":
            wait_for_postgresql(
                settings, seconds(os.environ, "DB_CONNECT_SECONDS", DEFAULT_DB_CONNECT_SECONDS)
            )
        super().__init__(domain=domain, event_broker=event_broker, **settings, **kwargs)
        if settings["dialect"] == "postgresql":
            url: sa.engine.URL = self.engine.url  # type: ignore[has-type]
            self.engine.dispose()  # type: ignore[has-type]
            self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
            self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        if settings["dialect"] == "sqlite":
            sa.event.listen(self.engine, "connect", sqlite_secure_delete)
            self.engine.dispose()  # connections opened above reconnect with the setting
        self._recogniser = recogniser
        self._kept: OrderedDict[str, Kept] = OrderedDict()
        recogniser()  # load spaCy's NER now, not on a patient's first message
        self.retention_days = retention_days(os.environ)
        if delete_old_on_start and self.retention_days > 0:
            deleted = self.delete_conversations_idle_for(self.retention_days)
            logger.info(
                "Retention: deleted %d conversations idle > %g days", deleted, self.retention_days
            )

    def _redact(self, text: str) -> str:
        return redact(text, self._recogniser())

    def _latest_row(self, session: sa.orm.Session, sender_id: str) -> Marker | None:
        """Id and time of the sender's latest stored row (an index lookup)."""
        row = (
            session.query(self.SQLEvent.id, self.SQLEvent.timestamp)
            .filter(self.SQLEvent.sender_id == sender_id)
            .order_by(self.SQLEvent.id.desc())
            .first()
        )
        return None if row is None else (row[0], row[1])

    def _rows_from(self, session: sa.orm.Session, sender_id: str, marker: Marker) -> list[Any]:
        """The sender's rows from the marker's row on, oldest first; [] if that row is gone.

        Rows are only ever appended or deleted with their whole conversation,
        so while the marker's row (same id, same time) is stored, every row
        before it is too."""
        rows = (
            session.query(self.SQLEvent)
            .filter(self.SQLEvent.sender_id == sender_id, self.SQLEvent.id >= marker[0])
            .order_by(self.SQLEvent.id)
            .all()
        )
        if not rows or (rows[0].id, rows[0].timestamp) != marker:
            return []
        return list(rows)

    def _caught_up(self, session: sa.orm.Session, kept: Kept) -> bool:
        """Apply to the kept tracker the rows stored after it; False if it cannot be reused.

        It can be reused when its rows are all still stored and the newer rows
        continue its session: then replaying them onto it gives the tracker
        Rasa's full read-back would give."""
        rows = self._rows_from(session, kept.tracker.sender_id, kept.stored)
        events = [Event.from_parameters(json.loads(row.data)) for row in rows[1:]]
        if not rows or any(
            event is None
            or isinstance(event, SessionStarted)
            or (kept.session_start is not None and event.timestamp < kept.session_start)
            for event in events
        ):
            return False
        for event in events:
            kept.tracker.update(event)  # type: ignore[arg-type]
        kept.events = len(kept.tracker.events)
        kept.stored = (rows[-1].id, rows[-1].timestamp)
        return True

    def _still_kept(self, session: sa.orm.Session, tracker: DialogueStateTracker) -> Kept | None:
        kept = self._kept.get(tracker.sender_id)
        if kept is None or kept.tracker is not tracker:
            return None
        if len(self._rows_from(session, tracker.sender_id, kept.stored)) != 1:
            del self._kept[tracker.sender_id]
            return None
        return kept

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        kept = self._kept.pop(sender_id, None)
        if kept is not None and len(kept.tracker.events) == kept.events:
            with self.session_scope() as session:
                if self._caught_up(session, kept):
                    self._kept[sender_id] = kept  # now the most recently served
                    return kept.tracker
        return await super().retrieve(sender_id)

    def _redacted(self, event: Event) -> tuple[Event, bool]:
        """The event as it may be stored, and whether redaction changed it."""
        if not isinstance(event, UserUttered):
            return event, False
        original = event.as_dict()
        data = redact_user_event(original, self._redact)
        if data == original:
            return event, False
        return Event.from_parameters(data) or event, True

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Rasa's save (the events not yet stored, in one transaction), redacted, then kept."""
        sender = tracker.sender_id
        if asked_to_forget(list(tracker.events)):
            self.delete_conversation(sender)
            return
        await self.stream_events(tracker)
        with self.session_scope() as session:
            kept = self._still_kept(session, tracker)
            # Rasa's count: the events of the latest session already stored
            first = kept.events if kept else self._event_query(session, sender, False).count()
            rows, rewritten = [], False
            for event in itertools.islice(tracker.events, first, None):
                safe, changed = self._redacted(event)
                rewritten |= changed
                data = safe.as_dict()
                rows.append(
                    self.SQLEvent(
                        sender_id=sender,
                        type_name=safe.type_name,
                        timestamp=data.get("timestamp"),
                        intent_name=data.get("parse_data", {}).get("intent", {}).get("name"),
                        action_name=data.get("name"),
                        data=json.dumps(data),
                    )
                )
            session.add_all(rows)
            session.flush()  # gives the rows their ids
            stored = (
                (rows[-1].id, rows[-1].timestamp)
                if rows
                else (kept.stored if kept else self._latest_row(session, sender))
            )
            session.commit()
        if stored is not None:
            self._keep(tracker, rewritten, stored)

    def _keep(
        self,
        tracker: DialogueStateTracker,
        rewritten: bool,
        stored: Marker,
    ) -> None:
        """Keep `tracker` for the sender's next turn if it is what Rasa would read back."""
        self._kept.pop(tracker.sender_id, None)
        events = list(tracker.events)
        starts = [e.timestamp for e in events if isinstance(e, SessionStarted)]
        # Rasa reads back the latest session: its events from the session's start on (by time)
        session_start = max(starts, default=None)
        if rewritten or (
            session_start is not None and any(e.timestamp < session_start for e in events)
        ):
            return
        self._kept[tracker.sender_id] = Kept(tracker, len(events), stored, session_start)
        if len(self._kept) > KEPT_CONVERSATIONS:
            self._kept.popitem(last=False)

    def delete_conversation(self, sender_id: str) -> int:
        """Delete every stored event of one sender; returns how many were deleted."""
        self._kept.pop(sender_id, None)
        with self.session_scope() as session:
            deleted = (
                session.query(self.SQLEvent)
                .filter(self.SQLEvent.sender_id == sender_id)
                .delete(synchronize_session=False)
            )
            session.commit()
        logger.info("Deleted a conversation on request (%d events)", deleted)
        return int(deleted)

    def delete_conversations_idle_for(self, days: float, now: float | None = None) -> int:
        """Delete conversations whose latest event is older than `days`; returns how many."""
        cutoff = (time.time() if now is None else now) - days * SECONDS_PER_DAY
        self._kept.clear()
        with self.session_scope() as session:
            stale = [
                sender
                for (sender,) in session.query(self.SQLEvent.sender_id)
                .group_by(self.SQLEvent.sender_id)
                .having(sa.func.max(self.SQLEvent.timestamp) < cutoff)
            ]
            for start in range(0, len(stale), 500):
                session.query(self.SQLEvent).filter(
                    self.SQLEvent.sender_id.in_(stale[start : start + 500])
                ).delete(synchronize_session=False)
            session.commit()
        return len(stale)
