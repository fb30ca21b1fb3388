"""WhatsApp (and SMS) through Twilio: numbered menus, signed webhooks only.

Set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_WHATSAPP_NUMBER to turn it
on. Every POST must carry a valid `X-Twilio-Signature` (checked with Twilio's
own RequestValidator over TWILIO_WEBHOOK_URL, or the request URL when unset);
anything else gets a 403 (Rasa's stock channel checks nothing). WhatsApp has
no buttons here: choices become a numbered list, and a reply of "2" picks the
second choice of the bot's last turn, read back from the tracker store so it
works on any server instance. The patient's phone number is the reply address
only: the conversation is stored under a pseudonym.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import aiohttp
from rasa.shared.core.events import BotUttered, UserUttered
from sanic import Blueprint, response
from sanic.exceptions import Forbidden, InvalidUsage
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.request_validator import RequestValidator

from clinic import content
from clinic.channel_rendering import chosen_payload, numbered_menu
from clinic.webhooks import Inbound, MalformedWebhook, twilio_inbound
from extensions.messaging import Handler, PlatformInput, PlatformOutput, post

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


class WhatsAppOutput(PlatformOutput):
    channel: WhatsAppInput

    @classmethod
    def name(cls) -> str:
        return "twilio"

    def render(self, text: str, buttons: Sequence[dict[str, Any]]) -> list[Any]:
        return numbered_menu(text, buttons, self.channel.reply_hint)

    async def deliver(self, body: Any) -> None:
        settings = self.channel.settings
        assert settings is not None
        sid = settings["TWILIO_ACCOUNT_SID"]
        await post(
            self.channel.http,
            f"{settings['TWILIO_API_URL'].rstrip('/')}/2010-04-01/Accounts/{sid}/Messages.json",
            "Twilio send",
            auth=aiohttp.BasicAuth(sid, settings["TWILIO_AUTH_TOKEN"]),
            data={"From": settings["TWILIO_WHATSAPP_NUMBER"], "To": self.recipient, "Body": body},
        )


class WhatsAppInput(PlatformInput):
    platform = "whatsapp"
    key_variable = "TWILIO_AUTH_TOKEN"

    @classmethod
    def name(cls) -> str:
        return "twilio"

    def __init__(self, settings: dict[str, str] | None) -> None:
        super().__init__(settings)
        self.reply_hint = content.profile().phrases["numbered_reply_hint"]

    def output(self, recipient: str) -> PlatformOutput:
        return WhatsAppOutput(self, recipient)

    async def last_choices(self, request: Request, sender_id: str) -> list[dict[str, Any]]:
        """The buttons the bot offered in its last turn (as a numbered list)."""
        tracker = await request.app.ctx.agent.tracker_store.retrieve(sender_id)
        for event in reversed(tracker.events if tracker else []):
            if isinstance(event, UserUttered):
                break
            if isinstance(event, BotUttered) and event.data.get("buttons"):
                return list(event.data["buttons"])
        return []

    async def text_for(self, request: Request, inbound: Inbound) -> str:
        choices = await self.last_choices(request, self.sender_id(inbound))
        return chosen_payload(inbound.text, choices) or inbound.text

    def add_routes(self, blueprint: Blueprint, handle: Handler) -> None:
        assert self.settings is not None
        validator = RequestValidator(self.settings["TWILIO_AUTH_TOKEN"])
        public_url = self.settings["TWILIO_WEBHOOK_URL"]

        async def webhook(request: Request) -> HTTPResponse:
            form = {key: values[0] for key, values in request.form.items()}
            signature = request.headers.get("X-Twilio-Signature", "")
            if not signature or not validator.validate(public_url or request.url, form, signature):
                raise Forbidden("wrong or missing X-Twilio-Signature")
            try:
                inbound = twilio_inbound(form)
            except MalformedWebhook as error:
                raise InvalidUsage(str(error)) from None
            await self.answer(inbound, handle, await self.text_for(request, inbound))
            return response.text(EMPTY_TWIML, content_type="text/xml")

        blueprint.add_route(webhook, "/webhook", methods=["POST"])
