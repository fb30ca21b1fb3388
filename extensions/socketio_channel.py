"""Rasa's Socket.IO channel for the website widget, limited to the clinic's own sites.

Stock `SocketIOInput` turns python-engineio's origin check off
(`cors_allowed_origins=[]`), so any website could embed the chat; here only
the ALLOWED_ORIGINS may connect (engineio answers others with a 400, for
polling and WebSocket alike). Replies are rendered for rasa-webchat: a link
button (the booking link) becomes a `web_url` button, which stock Rasa
cannot send (it expects every button to have a payload), and buttons stay
under their message (stock quick replies vanish when the disclaimer
follows). Every turn goes through `never_silent`, as on the other channels.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint

from clinic.channel_rendering import webchat_messages
from clinic.settings import allowed_origins
from extensions.rasa_internals import require
from extensions.turn_guards import guarded

require(SocketIOOutput, "_send_message", "extensions/socketio_channel.py")


class WebchatOutput(SocketIOOutput):
    """Socket.IO output that renders text and buttons the way rasa-webchat expects."""

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        for message in webchat_messages(text, buttons):
            await self._send_message(recipient_id, message)


class WebchatInput(SocketIOInput):
    """`socketio` channel (same path, same events) with an origin allow-list."""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        origins = allowed_origins(os.environ)
        safe = guarded(on_new_message)

        async def handle(message: UserMessage) -> None:
            assert self.sio is not None  # set by super().blueprint() before any message
            message.output_channel = WebchatOutput(self.sio, self.bot_message_evt)
            await safe(message)

        blueprint: Blueprint = super().blueprint(handle)
        assert self.sio is not None
        self.sio.eio.cors_allowed_origins = origins
        return blueprint
