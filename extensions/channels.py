"""REST channel that answers a malformed request with 400 instead of silence or a 500.

Stock `RestInput` replies `[]` when "message" is missing or not text (the
client waits for an answer that never comes), files messages without a
"sender" under one shared "default" conversation, and fails with a 500 when
the body is JSON but not an object.
"""

from __future__ import annotations

from typing import Any

from rasa.core.channels.rest import RestInput
from sanic.exceptions import InvalidUsage
from sanic.request import Request

MAX_SENDER_CHARS = 128


def _body(request: Request) -> dict[str, Any]:
    body = request.json  # Sanic itself answers 400 to a body that is not JSON
    if not isinstance(body, dict):
        raise InvalidUsage('The body must be a JSON object: {"sender": "...", "message": "..."}')
    return body


class ValidatingRestInput(RestInput):
    """`rest` channel (same URL, /webhooks/rest/webhook) with request validation."""

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
