"""What every channel shares, and the REST channel that never answers with silence.

`never_silent` wraps Rasa's message handler on every channel: when a message
produced no reply at all (the action server is down, an action failed), the
patient gets a short apology with the clinic's phone number instead of nothing.

Stock `RestInput` replies `[]` when "message" is missing or not text (the
client waits for an answer that never comes), files messages without a
"sender" under one shared "default" conversation, and fails with a 500 when
the body is JSON but not an object: here those get a 400. A browser request
from a site that is not in ALLOWED_ORIGINS gets a 403 (server-to-server calls
send no Origin and are not affected). REST callers must send the bearer token
when REST_TOKEN is set, and may only call from this machine when it is not
(clinic.webhooks.rest_refusal).
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint
from sanic.exceptions import Forbidden, InvalidUsage, Unauthorized
from sanic.request import Request

from clinic import content
from clinic.rate_limit import RateLimiter
from clinic.settings import (
    DEFAULT_TURN_DEADLINE_SECONDS,
    allowed_origins,
    rate_limit_per_minute,
    rest_token,
    seconds,
)
from clinic.webhooks import rest_refusal
from extensions.rasa_internals import require

for _private in ("_extract_sender", "_extract_message"):
    require(RestInput, _private, "extensions/channels.py (ValidatingRestInput)")

logger = logging.getLogger(__name__)

MAX_SENDER_CHARS = 128


def _body(request: Request) -> dict[str, Any]:
    body = request.json  # Sanic itself answers 400 to a body that is not JSON
    if not isinstance(body, dict):
        raise InvalidUsage('The body must be a JSON object: {"sender": "...", "message": "..."}')
    return body


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
    on_new_message: Callable[[UserMessage], Awaitable[Any]], limiter: RateLimiter, reply: str
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


def guarded(
    on_new_message: Callable[[UserMessage], Awaitable[Any]],
) -> Callable[[UserMessage], Awaitable[None]]:
    """Rasa's message handler as every channel uses it: limited to
    RATE_LIMIT_PER_MINUTE (default 30) messages per sender, and never silent
    (TURN_DEADLINE_SECONDS, default 3)."""
    profile = content.profile()
    deadline = seconds(os.environ, "TURN_DEADLINE_SECONDS", DEFAULT_TURN_DEADLINE_SECONDS)
    limiter = RateLimiter(rate_limit_per_minute(os.environ))
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


def check_origin(request: Request, origins: list[str]) -> None:
    """403 for a browser request from a site that may not use the chat."""
    origin = request.headers.get("origin")
    if origin is not None and origin.rstrip("/") not in origins:
        raise Forbidden("This site may not use the clinic chat")


class ValidatingRestInput(RestInput):
    """`rest` channel (same URL, /webhooks/rest/webhook) with request validation."""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        self.origins = allowed_origins(os.environ)
        self.token = rest_token(os.environ)
        blueprint: Blueprint = super().blueprint(guarded(on_new_message))
        return blueprint

    async def _extract_sender(self, req: Request) -> str:
        refusal = rest_refusal(req.ip, req.headers.get("authorization"), self.token)
        if refusal is not None and refusal.status == 401:
            raise Unauthorized(refusal.reason, scheme="Bearer")
        if refusal is not None:
            raise Forbidden(refusal.reason)
        check_origin(req, self.origins)
        sender = _body(req).get("sender")
        if isinstance(sender, int) and not isinstance(sender, bool):
            sender = str(sender)
        if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_CHARS:
            raise InvalidUsage(
                f'"sender" must be a non-empty string of at most {MAX_SENDER_CHARS} characters'
            )
        return sender

    def _extract_message(self, req: Request) -> str:
        message = _body(req).get("message")
        if not isinstance(message, str):
            raise InvalidUsage('"message" must be a string')
        return message
