"""SQL tracker store configured from environment variables (see clinic.settings)."""

from __future__ import annotations

import os
from typing import Any

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain

from clinic.settings import tracker_store_settings


class EnvironmentSQLTrackerStore(SQLTrackerStore):
    """SQLite by default; PostgreSQL when DB_DIALECT=postgresql (endpoints.yml stays unchanged)."""

    def __init__(
        self,
        domain: Domain | None = None,
        event_broker: EventBroker | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.pop("host", None)  # endpoints.yml has no url; settings come from the environment
        super().__init__(
            domain=domain,
            event_broker=event_broker,
            **tracker_store_settings(os.environ),
            **kwargs,
        )
