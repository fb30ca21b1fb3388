"""The REST channel, which never answers with silence and only answers whom it may.

Stock `RestInput` replies `[]` when "message" is missing or not text (the
client waits for an answer that never comes), files messages without a
"sender" under one shared "default" conversation, and fails with a 500 when
the body is JSON but not an object: here those get a 400. A browser request
from a site that is not in ALLOWED_ORIGINS gets a 403 (server-to-server calls
send no Origin and are not affected). REST callers must send the bearer token
when REST_TOKEN is set, and may only call from this machine when it is not
(clinic.webhooks.rest_refusal). Turns go through extensions.turn_guards.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint
from sanic.exceptions import Forbidden, InvalidUsage, Unauthorized
from sanic.request import Request

from clinic.settings import allowed_origins, rest_token
from clinic.webhooks import rest_refusal
from extensions.rasa_internals import require
from extensions.turn_guards import guarded

for _private in ("_extract_sender", "_extract_message"):
    require(RestInput, _private, "extensions/rest_channel.py (ValidatingRestInput)")

MAX_SENDER_CHARS = 128


def _body(request: Request) -> dict[str, Any]:
    body = request.json  # Sanic itself answers 400 to a body that is not JSON
    if not isinstance(body, dict):
        raise InvalidUsage('The body must be a JSON object: {"sender": "...", "message": "..."}')
    return body


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
