"""REST channel that never answers with silence.

Stock `RestInput` replies `[]` when "message" is missing or not text (the
client waits for an answer that never comes), files messages without a
"sender" under one shared "default" conversation, and fails with a 500 when
the body is JSON but not an object: here those get a 400. And when a message
produced no reply at all (the action server is down, an action failed), the
patient gets a short apology with the clinic's phone number instead of `[]`.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint
from sanic.exceptions import InvalidUsage
from sanic.request import Request

from clinic.profile import load_profile

logger = logging.getLogger(__name__)

MAX_SENDER_CHARS = 128


def _body(request: Request) -> dict[str, Any]:
    body = request.json  # Sanic itself answers 400 to a body that is not JSON
    if not isinstance(body, dict):
        raise InvalidUsage('The body must be a JSON object: {"sender": "...", "message": "..."}')
    return body


def never_silent(
    on_new_message: Callable[[UserMessage], Awaitable[Any]], apology: str
) -> Callable[[UserMessage], Awaitable[None]]:
    """Wrap Rasa's message handler: a turn that sent nothing sends `apology`."""

    async def handle(message: UserMessage) -> None:
        try:
            await on_new_message(message)
        except Exception:  # logged without the message text, which may be health data
            logger.exception("Handling a message failed")
        collector = message.output_channel
        if isinstance(collector, CollectingOutputChannel) and not collector.messages:
            logger.warning("A message got no reply; sent the technical-problem apology")
            await collector.send_text_message(message.sender_id, apology)

    return handle


class ValidatingRestInput(RestInput):
    """`rest` channel (same URL, /webhooks/rest/webhook) with request validation."""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        profile = load_profile()
        apology = profile.render(profile.phrases["technical_problem"])
        blueprint: Blueprint = super().blueprint(never_silent(on_new_message, apology))
        return blueprint

    async def _extract_sender(self, req: Request) -> str:
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
