"""Read inbound messaging-platform webhooks: who wrote, what, and is it genuine.

Pure functions over the parsed request, so every payload shape and signature
rule is tested without a server. Formats, from each platform's reference:
- Telegram Bot API `Update`: `message` / `edited_message` with `chat` and
  `text`, or `callback_query` (an inline-keyboard tap) with `data`.
- Messenger webhook: `{"object": "page", "entry": [{"messaging": [...]}]}`,
  each event with `sender.id` and a `message` (text or quick-reply payload) or
  a `postback`; signed with `X-Hub-Signature-256: sha256=<HMAC of the body>`.
- Twilio (WhatsApp/SMS): a form post with `From`, `To`, `Body`.
And who may call the REST channel at all (`rest_refusal`).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# Telegram opens every chat with "/start", which Rasa would read as an intent
# called "start"; it is a greeting.
TELEGRAM_COMMANDS = {"/start": "/greet", "/help": "/greet"}


class MalformedWebhook(ValueError):
    """The request is not in the platform's format (answered with a 400)."""


@dataclass(frozen=True)
class Inbound:
    """One patient message: `user_id` identifies the patient on the platform,
    `reply_to` is where the answer goes, `ack_id` a tap to acknowledge."""

    user_id: str
    reply_to: str
    text: str
    ack_id: str | None = None


def _object(value: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise MalformedWebhook(f"{what} must be a JSON object")
    return value


def _id(value: Any, what: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, str)) or value == "":
        raise MalformedWebhook(f"{what} must be an id")
    return str(value)


def telegram_inbound(update: Any) -> Inbound | None:
    """The message in a Telegram Update; None for updates the bot ignores.

    Only private chats are answered: in a group, a patient's health question
    and the bot's answer would be shown to everyone in it.
    """
    update = _object(update, "the update")
    if "callback_query" in update:
        query = _object(update["callback_query"], "callback_query")
        chat = _object(_object(query.get("message"), "callback_query.message").get("chat"), "chat")
        text, ack = query.get("data"), _id(query.get("id"), "callback_query.id")
    else:
        message = update.get("message") or update.get("edited_message")
        if message is None:
            return None  # channel posts, polls, member updates...
        message = _object(message, "message")
        chat, text, ack = _object(message.get("chat"), "chat"), message.get("text", ""), None
    if chat.get("type", "private") != "private":
        return None
    chat_id = _id(chat.get("id"), "chat.id")
    text = text if isinstance(text, str) else ""  # a photo or sticker: the bot asks for text
    return Inbound(chat_id, chat_id, TELEGRAM_COMMANDS.get(text.strip(), text), ack)


def messenger_signature_ok(body: bytes, header: str | None, app_secret: str) -> bool:
    """Whether `X-Hub-Signature-256` is the app secret's HMAC-SHA256 of the raw body."""
    if not header or not header.startswith("sha256="):
        return False
    expected = hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(header.removeprefix("sha256="), expected)


def messenger_inbound(body: Any) -> list[Inbound]:
    """Every patient message in a Messenger webhook (echoes of the page's own replies,
    delivery and read receipts are skipped)."""
    body = _object(body, "the body")
    if body.get("object") != "page" or not isinstance(body.get("entry"), list):
        raise MalformedWebhook('a Messenger webhook has "object": "page" and an "entry" list')
    inbound = []
    for entry in body["entry"]:
        events = _object(entry, "entry").get("messaging", [])
        for event in events if isinstance(events, list) else []:
            event = _object(event, "messaging event")
            sender = _id(_object(event.get("sender"), "sender").get("id"), "sender.id")
            message, postback = event.get("message"), event.get("postback")
            if isinstance(message, Mapping) and not message.get("is_echo"):
                quick_reply = message.get("quick_reply")
                payload = quick_reply.get("payload") if isinstance(quick_reply, Mapping) else None
                text = payload or message.get("text", "")
            elif isinstance(postback, Mapping):
                text = postback.get("payload") or postback.get("title", "")
            else:
                continue
            inbound.append(Inbound(sender, sender, text if isinstance(text, str) else ""))
    return inbound


def twilio_inbound(form: Mapping[str, str]) -> Inbound:
    """The message in a Twilio form post; replies go back to the sender's address."""
    sender = form.get("From", "").strip()
    if not sender:
        raise MalformedWebhook('a Twilio webhook has a "From" field')
    return Inbound(sender, sender, form.get("Body", ""))


@dataclass(frozen=True)
class Refusal:
    """Why a REST call is refused: 401 (no or wrong token) or 403 (not allowed from there)."""

    status: int
    reason: str


def _is_loopback(peer: str | None) -> bool:
    try:
        return peer is not None and ipaddress.ip_address(peer).is_loopback
    except ValueError:
        return False


def rest_refusal(peer: str | None, authorization: str | None, token: str | None) -> Refusal | None:
    """Why a REST call may not go on, or None when it may.

    The REST channel takes the sender ID from the caller, so whoever can reach
    it can continue or delete anyone's conversation whose ID they learn: it is
    for the clinic's own servers. With a token set, every call must send
    `Authorization: Bearer <token>`; without one, only programs on this
    machine (a loopback peer) are served.
    """
    if token is not None:
        sent = (authorization or "").encode()
        if hmac.compare_digest(sent, f"Bearer {token}".encode()):
            return None
        return Refusal(401, "send Authorization: Bearer <REST_TOKEN>")
    if _is_loopback(peer):
        return None
    return Refusal(403, "the REST channel serves only this machine unless REST_TOKEN is set")
