"""Telegram bot channel: inline keyboards, a secret-token check, pseudonymous chats.

Set TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET to turn it on, and register
the webhook with the same secret (README, "Messaging apps"): Telegram then sends
it in `X-Telegram-Bot-Api-Secret-Token` and any other caller gets a 403.
Unlike Rasa's stock channel, nothing calls Telegram at start-up or on every
update (stock asks getMe per message), so the server starts offline too.
"""

from __future__ import annotations

import hmac
from collections.abc import Sequence
from typing import Any

from sanic import Blueprint, response
from sanic.exceptions import Forbidden, InvalidUsage
from sanic.request import Request
from sanic.response import HTTPResponse

from clinic.channel_rendering import telegram_messages
from clinic.webhooks import MalformedWebhook, telegram_inbound
from extensions.messaging import Handler, PlatformInput, PlatformOutput, post

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class TelegramOutput(PlatformOutput):
    channel: TelegramInput

    @classmethod
    def name(cls) -> str:
        return "telegram"

    def render(self, text: str, buttons: Sequence[dict[str, Any]]) -> list[Any]:
        return telegram_messages(text, buttons)

    async def deliver(self, body: Any) -> None:
        await self.channel.call("sendMessage", {"chat_id": self.recipient, **body})


class TelegramInput(PlatformInput):
    platform = "telegram"
    key_variable = "TELEGRAM_BOT_TOKEN"

    @classmethod
    def name(cls) -> str:
        return "telegram"

    def output(self, recipient: str) -> PlatformOutput:
        return TelegramOutput(self, recipient)

    async def call(self, method: str, body: dict[str, Any]) -> bool:
        assert self.settings is not None
        base = self.settings["TELEGRAM_API_URL"].rstrip("/")
        url = f"{base}/bot{self.settings['TELEGRAM_BOT_TOKEN']}/{method}"
        return await post(self.http, url, f"Telegram {method}", json=body)

    def add_routes(self, blueprint: Blueprint, handle: Handler) -> None:
        assert self.settings is not None
        secret = self.settings["TELEGRAM_WEBHOOK_SECRET"]

        async def webhook(request: Request) -> HTTPResponse:
            given = request.headers.get(SECRET_HEADER, "")
            if not hmac.compare_digest(given.encode(), secret.encode()):
                raise Forbidden("wrong or missing secret token")
            try:
                inbound = telegram_inbound(request.json)
            except MalformedWebhook as error:
                raise InvalidUsage(str(error)) from None
            if inbound is not None:
                if inbound.ack_id:  # stops the spinner on the tapped button
                    await self.call("answerCallbackQuery", {"callback_query_id": inbound.ack_id})
                await self.answer(inbound, handle)
            return response.json({"ok": True})

        blueprint.add_route(webhook, "/webhook", methods=["POST"])
