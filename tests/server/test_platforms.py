"""Contract tests: real-format platform webhooks in, the platform API calls the bot makes out.

The Rasa server runs with the Telegram, Messenger and Twilio channels on
(made-up credentials) and their API base URLs pointed at a local stand-in that
records every call.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import sqlite3
import urllib.error
import urllib.request
from urllib.parse import urlencode

import pytest
from twilio.request_validator import RequestValidator

from clinic.profile import load_profile
from tests.server.conftest import PLATFORM_ENV, Bot, Servers
from tests.server.platform_api import PlatformAPI

pytestmark = pytest.mark.server
PROFILE = load_profile()
WHAT_IS = "what is medical massage?"
ANSWER_START = "Medical massage (also called clinical or therapeutic massage)"


def post(
    bot: Bot, path: str, body: bytes, headers: dict[str, str], method: str = "POST"
) -> tuple[int, str]:
    url = f"http://127.0.0.1:{bot.rasa_port}/webhooks/{path}"
    request = urllib.request.Request(url, data=body, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def stored_senders(servers: Servers) -> list[str]:
    with sqlite3.connect(servers.workdir / "conversations.db") as db:
        return [row[0] for row in db.execute("SELECT DISTINCT sender_id FROM events")]


def stored_text(servers: Servers) -> str:
    with sqlite3.connect(servers.workdir / "conversations.db") as db:
        return "\n".join(str(row) for row in db.execute("SELECT sender_id, data FROM events"))


# --- Telegram -------------------------------------------------------------------------

TELEGRAM_USER = 700100200


def telegram(bot: Bot, update: dict, secret: str | None = None) -> tuple[int, str]:
    headers = {"Content-Type": "application/json"}
    headers["X-Telegram-Bot-Api-Secret-Token"] = secret or PLATFORM_ENV["TELEGRAM_WEBHOOK_SECRET"]
    return post(bot, "telegram/webhook", json.dumps(update).encode(), headers)


def telegram_message(text: str, chat_id: int = TELEGRAM_USER) -> dict:
    user = {"id": chat_id, "is_bot": False, "first_name": "Jo", "language_code": "en"}
    chat = {"id": chat_id, "first_name": "Jo", "type": "private"}
    message = {"message_id": 11, "from": user, "chat": chat, "date": 1764200000, "text": text}
    return {"update_id": 5001, "message": message}


def test_telegram_answer_comes_with_an_inline_keyboard(
    bot: Bot, platform_api: PlatformAPI, servers: Servers
) -> None:
    assert telegram(bot, telegram_message(WHAT_IS)) == (200, '{"ok":true}')
    sent = [call.json() for call in platform_api.take("/bot123456:test-token/sendMessage")]
    assert {body["chat_id"] for body in sent} == {str(TELEGRAM_USER)}
    assert sent[0]["text"].startswith(ANSWER_START)
    assert sent[0]["reply_markup"] == {
        "inline_keyboard": [[{"text": "Book online", "callback_data": "/book"}]]
    }
    assert sent[-1]["text"] == PROFILE.phrases["disclaimer"]
    # Stored under a pseudonym, not the Telegram chat id.
    assert not [s for s in stored_senders(servers) if str(TELEGRAM_USER) in s]
    assert any(s.startswith("telegram-") for s in stored_senders(servers))


def test_telegram_button_tap_is_acknowledged_and_answered_with_a_link(
    bot: Bot, platform_api: PlatformAPI
) -> None:
    chat_id = TELEGRAM_USER + 1
    telegram(bot, telegram_message("do you take insurance?", chat_id))
    platform_api.take("/sendMessage")
    tap = {
        "id": "4382bfdwdsb323b2d9",
        "from": {"id": chat_id, "is_bot": False, "first_name": "Jo"},
        "message": telegram_message("", chat_id)["message"],
        "chat_instance": "-1",
        "data": "/book",
    }
    assert telegram(bot, {"update_id": 5002, "callback_query": tap})[0] == 200
    [ack] = platform_api.take("/answerCallbackQuery")
    assert ack.json() == {"callback_query_id": "4382bfdwdsb323b2d9"}
    [booking] = [call.json() for call in platform_api.take("/sendMessage")]
    [[button]] = booking["reply_markup"]["inline_keyboard"]
    assert button["text"] == "Book online"
    assert button["url"].startswith(PROFILE.fields["booking_url"])
    assert "utm_medium=telegram" in button["url"]


def test_telegram_start_command_is_a_greeting(bot: Bot, platform_api: PlatformAPI) -> None:
    telegram(bot, telegram_message("/start", TELEGRAM_USER + 2))
    sent = [call.json()["text"] for call in platform_api.take("/sendMessage")]
    assert sent and PROFILE.phrases["technical_problem"] not in sent


def test_telegram_rejects_a_wrong_secret_token(bot: Bot, platform_api: PlatformAPI) -> None:
    status, _ = telegram(bot, telegram_message(WHAT_IS, TELEGRAM_USER + 3), secret="guess")
    assert status == 403
    assert platform_api.take("/sendMessage") == []


def test_telegram_group_chats_are_not_answered(bot: Bot, platform_api: PlatformAPI) -> None:
    update = telegram_message(WHAT_IS, -100123)
    update["message"]["chat"]["type"] = "group"
    assert telegram(bot, update)[0] == 200
    assert platform_api.take("/sendMessage") == []


# --- Messenger ------------------------------------------------------------------------

PSID = "6010020030040050"


def messenger(bot: Bot, body: dict, secret: str = PLATFORM_ENV["MESSENGER_APP_SECRET"]) -> int:
    raw = json.dumps(body).encode()
    signature = "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
    headers = {"Content-Type": "application/json", "X-Hub-Signature-256": signature}
    return post(bot, "facebook/webhook", raw, headers)[0]


def messenger_event(message: dict, psid: str = PSID) -> dict:
    event = {
        "sender": {"id": psid},
        "recipient": {"id": "1122334455"},
        "timestamp": 1764200000000,
        "message": {"mid": "m_1", **message},
    }
    return {"object": "page", "entry": [{"id": "1122334455", "time": 1, "messaging": [event]}]}


def test_messenger_verification_handshake(bot: Bot) -> None:
    query = urlencode(
        {"hub.mode": "subscribe", "hub.verify_token": "test-verify-token", "hub.challenge": "c42"}
    )
    assert post(bot, f"facebook/webhook?{query}", b"", {}, method="GET") == (200, "c42")
    wrong = query.replace("test-verify-token", "nope")
    assert post(bot, f"facebook/webhook?{wrong}", b"", {}, method="GET")[0] == 403


def test_messenger_signed_message_gets_quick_replies(
    bot: Bot, platform_api: PlatformAPI, servers: Servers
) -> None:
    assert messenger(bot, messenger_event({"text": WHAT_IS})) == 200
    calls = platform_api.take("/me/messages")
    assert {call.query["access_token"][0] for call in calls} == {"test-page-token"}
    bodies = [call.json() for call in calls]
    assert {body["recipient"]["id"] for body in bodies} == {PSID}
    assert bodies[0]["message"]["text"].startswith(ANSWER_START)
    assert bodies[0]["message"]["quick_replies"] == [
        {"content_type": "text", "title": "Book online", "payload": "/book"}
    ]
    assert PSID not in "".join(stored_senders(servers))


def test_messenger_quick_reply_payload_books_with_a_link_template(
    bot: Bot, platform_api: PlatformAPI
) -> None:
    psid = PSID + "1"
    tap = {"text": "Book online", "quick_reply": {"payload": "/book"}}
    assert messenger(bot, messenger_event(tap, psid)) == 200
    [booking] = [call.json()["message"] for call in platform_api.take("/me/messages")][:1]
    template = booking["attachment"]["payload"]
    assert template["template_type"] == "button"
    [button] = template["buttons"]
    assert button["type"] == "web_url" and "utm_medium=facebook" in button["url"]


def test_messenger_rejects_a_bad_signature(bot: Bot, platform_api: PlatformAPI) -> None:
    assert messenger(bot, messenger_event({"text": WHAT_IS}, PSID + "2"), secret="forged") == 403
    unsigned = json.dumps(messenger_event({"text": WHAT_IS})).encode()
    assert post(bot, "facebook/webhook", unsigned, {"Content-Type": "application/json"})[0] == 403
    assert platform_api.take("/me/messages") == []


def test_messenger_ignores_echoes_of_its_own_replies(bot: Bot, platform_api: PlatformAPI) -> None:
    assert messenger(bot, messenger_event({"text": "Our reply", "is_echo": True})) == 200
    assert platform_api.take("/me/messages") == []


# --- WhatsApp through Twilio ---------------------------------------------------------

PHONE = "whatsapp:+15165550142"


def whatsapp(bot: Bot, text: str, phone: str = PHONE, token: str | None = None) -> int:
    url = f"http://127.0.0.1:{bot.rasa_port}/webhooks/twilio/webhook"
    form = {
        "SmsMessageSid": "SM1",
        "NumMedia": "0",
        "ProfileName": "Jo",
        "WaId": phone.removeprefix("whatsapp:+"),
        "Body": text,
        "To": PLATFORM_ENV["TWILIO_WHATSAPP_NUMBER"],
        "From": phone,
        "AccountSid": PLATFORM_ENV["TWILIO_ACCOUNT_SID"],
    }
    validator = RequestValidator(token or PLATFORM_ENV["TWILIO_AUTH_TOKEN"])
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Twilio-Signature": validator.compute_signature(url, form),
    }
    return post(bot, "twilio/webhook", urlencode(form).encode(), headers)[0]


def sent_whatsapp(platform_api: PlatformAPI) -> list[dict[str, str]]:
    sid = PLATFORM_ENV["TWILIO_ACCOUNT_SID"]
    return [call.form() for call in platform_api.take(f"/2010-04-01/Accounts/{sid}/Messages.json")]


def test_whatsapp_buttons_become_a_numbered_menu_and_a_number_picks_one(
    bot: Bot, platform_api: PlatformAPI, servers: Servers
) -> None:
    assert whatsapp(bot, WHAT_IS) == 200
    sent = sent_whatsapp(platform_api)
    assert {(m["From"], m["To"]) for m in sent} == {(PLATFORM_ENV["TWILIO_WHATSAPP_NUMBER"], PHONE)}
    lines = sent[0]["Body"].splitlines()
    assert lines[0].startswith(ANSWER_START)
    assert lines[-2:] == ["1. Book online", PROFILE.phrases["numbered_reply_hint"]]

    assert whatsapp(bot, "1") == 200
    [booking] = sent_whatsapp(platform_api)
    assert "Book online: " + PROFILE.fields["booking_url"] in booking["Body"]
    assert "utm_medium=twilio" in booking["Body"]
    # The phone number never reaches the tracker store.
    assert "5550142" not in stored_text(servers)


def test_whatsapp_rejects_a_bad_signature(bot: Bot, platform_api: PlatformAPI) -> None:
    assert whatsapp(bot, WHAT_IS, "whatsapp:+15165550143", token="forged") == 403
    assert sent_whatsapp(platform_api) == []
