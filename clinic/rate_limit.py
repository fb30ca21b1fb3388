"""Per-sender message rate limit: a sliding window over the last minute.

A runaway client or a script hammering one conversation would otherwise take
the server's time from every other patient. The window is per process; with
several Rasa instances behind a load balancer that keeps a conversation on one
instance (sticky sessions), that is per conversation too.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

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
