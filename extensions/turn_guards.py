"""The guards around Rasa's message handler that every channel uses.

`never_silent`: when a message produced no reply at all (the action server is
down, an action failed, a turn hangs), the patient gets a short apology with
the clinic's phone number instead of nothing. `rate_limited`: a sender over
the limit gets a polite reply and the message is not processed. `guarded`
puts both around a handler with the clinic's settings.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import OutputChannel, UserMessage

from clinic import content
from clinic.rate_limit import Limiter, RateLimiter, SharedRateLimiter
from clinic.settings import (
    DEFAULT_TURN_DEADLINE_SECONDS,
    lock_store_settings,
    rate_limit_per_minute,
    seconds,
)

logger = logging.getLogger(__name__)


class CountingOutput(OutputChannel):
    """Passes every bot message on to `inner` and counts them.

    Rasa's processor sends each bot message through `send_response`; plain
    `send_text_message` is passed on too, for code that sends text directly.
    """

    def __init__(self, inner: OutputChannel) -> None:
        self.inner = inner
        self.sent = 0

    @classmethod
    def name(cls) -> str:
        return "counting"

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        self.sent += 1
        await self.inner.send_response(recipient_id, message)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        self.sent += 1
        await self.inner.send_text_message(recipient_id, text, **kwargs)


def rate_limited(
    on_new_message: Callable[[UserMessage], Awaitable[Any]], limiter: Limiter, reply: str
) -> Callable[[UserMessage], Awaitable[None]]:
    """Wrap Rasa's message handler: a sender over the limit gets `reply`, and the
    message is not processed (nor stored)."""

    async def handle(message: UserMessage) -> None:
        if limiter.allow(message.sender_id):
            await on_new_message(message)
            return
        logger.warning("A sender went over the rate limit; message not processed")
        await message.output_channel.send_text_message(message.sender_id, reply)

    return handle


def rate_limiter(limit: int) -> Limiter:
    """Per process, or in Redis when REDIS_HOST is set: then several Rasa processes
    (workers or instances) serve the conversations and must count one window."""
    settings = lock_store_settings(os.environ)
    if settings is None:
        return RateLimiter(limit)
    import redis

    client = redis.Redis(
        host=settings["host"],
        port=settings["port"],
        db=settings["db"],
        password=settings["password"],
        socket_timeout=1,
        socket_connect_timeout=1,
    )
    return SharedRateLimiter(client, limit, prefix=(settings["key_prefix"] or "") + "clinic:rate:")


def guarded(
    on_new_message: Callable[[UserMessage], Awaitable[Any]],
) -> Callable[[UserMessage], Awaitable[None]]:
    """Rasa's message handler as every channel uses it: limited to
    RATE_LIMIT_PER_MINUTE (default 30) messages per sender, and never silent
    (TURN_DEADLINE_SECONDS, default 3)."""
    profile = content.profile()
    deadline = seconds(os.environ, "TURN_DEADLINE_SECONDS", DEFAULT_TURN_DEADLINE_SECONDS)
    limiter = rate_limiter(rate_limit_per_minute(os.environ))
    return rate_limited(
        never_silent(
            on_new_message, profile.render(profile.phrases["technical_problem"]), deadline
        ),
        limiter,
        profile.render(profile.phrases["rate_limited"]),
    )


def _log_failure(task: asyncio.Future[Any]) -> None:
    if not task.cancelled() and task.exception() is not None:
        # logged without the message text, which may be health data
        logger.error("Handling a message failed", exc_info=task.exception())


def never_silent(
    on_new_message: Callable[[UserMessage], Awaitable[Any]],
    apology: str,
    deadline: float | None = None,
) -> Callable[[UserMessage], Awaitable[None]]:
    """Wrap Rasa's message handler: a turn that sent nothing sends `apology`.

    With a `deadline` (seconds), a turn still running then (a hung action
    server: Rasa waits 5 minutes for it) is answered with what it has sent so
    far, or the apology; it goes on in the background, so its events are
    still stored, and a late reply still reaches channels that push replies.
    """

    async def handle(message: UserMessage) -> None:
        output = message.output_channel
        counting = CountingOutput(output)
        message.output_channel = counting
        turn = asyncio.ensure_future(on_new_message(message))
        turn.add_done_callback(_log_failure)
        await asyncio.wait({turn}, timeout=deadline)
        if not turn.done():
            logger.warning("A message was not answered within %g s; not waiting longer", deadline)
        if not counting.sent:
            logger.warning("A message got no reply; sent the technical-problem apology")
            try:
                await output.send_text_message(message.sender_id, apology)
            except Exception:
                logger.exception("Sending the technical-problem apology failed too")

    return handle
