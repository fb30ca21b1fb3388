"""Lock store chosen by the environment: Redis when REDIS_HOST is set, else in memory.

endpoints.yml names this class so that one file serves `make run` (one
process, in-memory locks) and a deployment of several Rasa instances (shared
Redis locks, see clinic.settings.lock_store_settings) without `${VAR}`
placeholders, which Rasa refuses when a variable is unset.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore

from clinic.settings import lock_store_settings

logger = logging.getLogger(__name__)


class EnvironmentLockStore:
    """Factory Rasa calls as `EnvironmentLockStore(endpoint_config=...)`; returns a LockStore."""

    def __new__(cls, *args: Any, **kwargs: Any) -> LockStore:  # type: ignore[misc]
        settings = lock_store_settings(os.environ)
        if settings is None:
            return InMemoryLockStore()
        logger.info("Locks are shared in Redis at %s:%s", settings["host"], settings["port"])
        return RedisLockStore(**settings)
