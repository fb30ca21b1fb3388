"""Facebook Messenger channel: quick replies, link templates, signed webhooks only.

Set MESSENGER_PAGE_ACCESS_TOKEN, MESSENGER_APP_SECRET and MESSENGER_VERIFY_TOKEN
to turn it on. Every POST must carry Meta's `X-Hub-Signature-256` over the raw
body; anything else gets a 403 (Rasa's stock channel answers a bad signature
with a 200, so the sender cannot tell it was dropped).
"""

from __future__ import annotations

import hmac
from collections.abc import Sequence
from typing import Any

from sanic import Blueprint, response
from sanic.exceptions import Forbidden, InvalidUsage
from sanic.request import Request
from sanic.response import HTTPResponse

from clinic.channel_rendering import messenger_messages
from clinic.webhooks import MalformedWebhook, messenger_inbound, messenger_signature_ok
from extensions.messaging import Handler, PlatformInput, PlatformOutput, post


class MessengerOutput(PlatformOutput):
    channel: MessengerInput

    @classmethod
    def name(cls) -> str:
        return "facebook"

    def render(self, text: str, buttons: Sequence[dict[str, Any]]) -> list[Any]:
        return messenger_messages(text, buttons)

    async def deliver(self, body: Any) -> None:
        settings = self.channel.settings
        assert settings is not None
        await post(
            self.channel.http,
            f"{settings['MESSENGER_GRAPH_URL'].rstrip('/')}/me/messages",
            "Messenger send",
            params={"access_token": settings["MESSENGER_PAGE_ACCESS_TOKEN"]},
            json={
                "recipient": {"id": self.recipient},
                "messaging_type": "RESPONSE",
                "message": body,
            },
        )


class MessengerInput(PlatformInput):
    platform = "messenger"
    key_variable = "MESSENGER_APP_SECRET"

    @classmethod
    def name(cls) -> str:
        return "facebook"

    def output(self, recipient: str) -> PlatformOutput:
        return MessengerOutput(self, recipient)

    def add_routes(self, blueprint: Blueprint, handle: Handler) -> None:
        assert self.settings is not None
        settings = self.settings

        async def verify(request: Request) -> HTTPResponse:
            """Meta's subscription handshake: echo the challenge if the token matches."""
            token = request.args.get("hub.verify_token", "")
            if request.args.get("hub.mode") != "subscribe" or not hmac.compare_digest(
                token.encode(), settings["MESSENGER_VERIFY_TOKEN"].encode()
            ):
                raise Forbidden("wrong verify token")
            return response.text(request.args.get("hub.challenge", ""))

        async def webhook(request: Request) -> HTTPResponse:
            signature = request.headers.get("X-Hub-Signature-256")
            if not messenger_signature_ok(
                request.body, signature, settings["MESSENGER_APP_SECRET"]
            ):
                raise Forbidden("wrong or missing X-Hub-Signature-256")
            try:
                inbound = messenger_inbound(request.json)
            except MalformedWebhook as error:
                raise InvalidUsage(str(error)) from None
            for message in inbound:
                await self.answer(message, handle)
            return response.text("EVENT_RECEIVED")

        blueprint.add_route(verify, "/webhook", methods=["GET"])
        blueprint.add_route(webhook, "/webhook", methods=["POST"])
