"""Per-sender message rate limit: a sliding window over the last minute.

A runaway client or a script hammering one conversation would otherwise take
the server's time from every other patient. `RateLimiter` keeps the window in
the process; with several Rasa processes (workers, or instances behind a load
balancer that spreads one sender's messages over them) each would count only
its share, so `SharedRateLimiter` keeps it in Redis, where they all count.
"""

from __future__ import annotations

import hashlib
import logging
import time
import uuid
from collections import deque
from collections.abc import Callable
from typing import Any, Protocol

logger = logging.getLogger(__name__)

WINDOW_SECONDS = 60.0


class RateLimiter:
    """`allow(sender)` is False once `limit` messages arrived within `window` seconds."""

    def __init__(
        self,
        limit: int,
        window: float = WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit, self.window, self.clock = limit, window, clock
        self._seen: dict[str, deque[float]] = {}
        self._next_sweep = 0.0

    def allow(self, sender: str) -> bool:
        if self.limit <= 0:
            return True  # 0 turns the limit off
        now = self.clock()
        self._sweep(now)
        times = self._seen.setdefault(sender, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        if len(times) >= self.limit:
            return False
        times.append(now)
        return True

    def _sweep(self, now: float) -> None:
        """Forget senders idle for a whole window, so memory stays bounded."""
        if now < self._next_sweep:
            return
        self._next_sweep = now + self.window
        idle = [s for s, times in self._seen.items() if not times or times[-1] <= now - self.window]
        for sender in idle:
            del self._seen[sender]


class Limiter(Protocol):
    def allow(self, sender: str) -> bool: ...


class SharedRateLimiter:
    """The same sliding window, kept in Redis so every Rasa process counts it.

    `client` is a `redis.Redis`. Each sender has a sorted set of arrival times
    under a hash of its id (sender ids can be phone numbers: none is stored);
    an arrival is added and the window counted in one transaction, and taken
    out again when it is over the limit, so refused messages do not count. If
    Redis cannot be reached the message is allowed: a patient is never
    silenced because the limit could not be checked.
    """

    def __init__(
        self,
        client: Any,
        limit: int,
        window: float = WINDOW_SECONDS,
        clock: Callable[[], float] = time.time,
        prefix: str = "clinic:rate:",
    ) -> None:
        self.client, self.limit, self.window, self.clock = client, limit, window, clock
        self.prefix = prefix

    def key(self, sender: str) -> str:
        return self.prefix + hashlib.sha256(sender.encode("utf-8")).hexdigest()

    def allow(self, sender: str) -> bool:
        if self.limit <= 0:
            return True
        key, now = self.key(sender), self.clock()
        arrival = f"{now:.6f}:{uuid.uuid4().hex}"
        try:
            pipe = self.client.pipeline(transaction=True)
            pipe.zremrangebyscore(key, "-inf", now - self.window)
            pipe.zadd(key, {arrival: now})
            pipe.zcard(key)
            pipe.expire(key, int(self.window) + 1)
            count = pipe.execute()[2]
            if count <= self.limit:
                return True
            self.client.zrem(key, arrival)
            return False
        except Exception:  # redis.RedisError, OSError: never silence a patient for it
            logger.warning("The shared rate limit could not be checked; message allowed")
            return True
