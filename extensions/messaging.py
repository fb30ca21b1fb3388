"""What the messaging-platform channels (Telegram, Messenger, WhatsApp) share.

- On only when the platform's environment variables are set (clinic.settings);
  otherwise the channel registers no route and its webhook URL is a 404.
- The conversation is stored under a pseudonym of the platform's user ID
  (clinic.pseudonyms): a WhatsApp number never reaches the tracker store. The
  real address lives only in the output channel made for one request.
- Replies go out through the platform's HTTP API with aiohttp (asynchronous,
  unlike the `requests` clients of Rasa's stock channels, which block the
  server while they wait). A failed send is logged with its status, never
  with the text, and does not lose the conversation.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, ClassVar

import aiohttp
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint

from clinic.pseudonyms import pseudonym
from clinic.settings import platform_settings
from clinic.webhooks import Inbound
from extensions.turn_guards import guarded

logger = logging.getLogger(__name__)

SEND_TIMEOUT = aiohttp.ClientTimeout(total=10)
Handler = Callable[[UserMessage], Awaitable[None]]


async def post(http: aiohttp.ClientSession, url: str, what: str, **kwargs: Any) -> bool:
    """POST to a platform API; False (and an error log without the URL's token) on failure."""
    try:
        async with http.post(url, **kwargs) as response:
            if response.status < 400:
                return True
            logger.error("%s failed with HTTP %s", what, response.status)
    except (aiohttp.ClientError, TimeoutError) as error:
        logger.error("%s failed: %s", what, type(error).__name__)
    return False


class PlatformOutput(OutputChannel):
    """Renders bot messages for one platform and sends them to one real recipient."""

    def __init__(self, channel: PlatformInput, recipient: str) -> None:
        self.channel = channel
        self.recipient = recipient

    @classmethod
    def name(cls) -> str:
        return "platform"

    def render(self, text: str, buttons: Sequence[dict[str, Any]]) -> list[Any]:
        raise NotImplementedError

    async def deliver(self, body: Any) -> None:
        raise NotImplementedError

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self.send_text_with_buttons(recipient_id, text, [])

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        # recipient_id is the pseudonym the conversation is stored under.
        for body in self.render(text, buttons):
            await self.deliver(body)

    async def send_quick_replies(
        self, recipient_id: str, text: str, quick_replies: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self.send_text_with_buttons(recipient_id, text, quick_replies)

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        logger.warning("A custom message was not sent: %s has no renderer for it", self.name())


class PlatformInput(InputChannel):
    """Base of the platform channels: settings, pseudonymous senders, HTTP session."""

    platform: ClassVar[str]  # key in clinic.settings.PLATFORMS
    key_variable: ClassVar[str]  # the platform secret the pseudonyms are keyed with

    def __init__(self, settings: dict[str, str] | None) -> None:
        self.settings = settings
        self._http: aiohttp.ClientSession | None = None

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        return cls(platform_settings(os.environ, cls.platform))

    @property
    def http(self) -> aiohttp.ClientSession:
        if self._http is None or self._http.closed:
            self._http = aiohttp.ClientSession(timeout=SEND_TIMEOUT)
        return self._http

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = Blueprint(f"{self.name()}_webhook", __name__)
        if self.settings is None:
            return blueprint  # off: no routes
        logger.info("The %s channel is on", self.platform)
        self.add_routes(blueprint, guarded(on_new_message))

        async def close_http(*_: Any) -> None:
            if self._http is not None:
                await self._http.close()

        blueprint.listener("after_server_stop")(close_http)
        return blueprint

    def add_routes(self, blueprint: Blueprint, handle: Handler) -> None:
        raise NotImplementedError

    def output(self, recipient: str) -> PlatformOutput:
        raise NotImplementedError

    def sender_id(self, inbound: Inbound) -> str:
        assert self.settings is not None
        return pseudonym(self.platform, inbound.user_id, self.settings[self.key_variable])

    async def answer(self, inbound: Inbound, handle: Handler, text: str | None = None) -> None:
        """Run one inbound message through Rasa; replies go to `inbound.reply_to`."""
        message = UserMessage(
            inbound.text if text is None else text,
            self.output(inbound.reply_to),
            self.sender_id(inbound),
            input_channel=self.name(),
        )
        await handle(message)
