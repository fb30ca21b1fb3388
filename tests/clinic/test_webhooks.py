import hashlib
import hmac

import pytest

from clinic.webhooks import (
    Inbound,
    MalformedWebhook,
    messenger_inbound,
    messenger_signature_ok,
    rest_refusal,
    telegram_inbound,
    twilio_inbound,
)

CHAT = {"id": 42, "type": "private", "first_name": "Jo"}


def test_telegram_text_message() -> None:
    update = {"update_id": 1, "message": {"message_id": 1, "chat": CHAT, "text": "hi there"}}
    assert telegram_inbound(update) == Inbound("42", "42", "hi there")


def test_telegram_button_tap_carries_its_data_and_an_ack() -> None:
    tap = {"id": "cb1", "data": "/book", "message": {"message_id": 2, "chat": CHAT}}
    assert telegram_inbound({"update_id": 2, "callback_query": tap}) == Inbound(
        "42", "42", "/book", "cb1"
    )


def test_telegram_start_is_a_greeting_and_a_photo_has_no_text() -> None:
    start = {"update_id": 3, "message": {"chat": CHAT, "text": "/start"}}
    photo = {"update_id": 4, "message": {"chat": CHAT, "photo": [{"file_id": "x"}]}}
    assert telegram_inbound(start).text == "/greet"  # type: ignore[union-attr]
    assert telegram_inbound(photo).text == ""  # type: ignore[union-attr]


def test_telegram_ignores_groups_and_other_updates() -> None:
    group = {"update_id": 5, "message": {"chat": {"id": -9, "type": "group"}, "text": "hi"}}
    assert telegram_inbound(group) is None
    assert telegram_inbound({"update_id": 6, "poll": {}}) is None


@pytest.mark.parametrize(
    "update",
    [[], {"message": "hi"}, {"message": {"text": "hi"}}, {"message": {"chat": {"id": True}}}],
)
def test_telegram_malformed_updates_are_refused(update: object) -> None:
    with pytest.raises(MalformedWebhook):
        telegram_inbound(update)


def signed(body: bytes, secret: str = "s3cret") -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def test_messenger_signature() -> None:
    body = b'{"object":"page"}'
    assert messenger_signature_ok(body, signed(body), "s3cret")
    assert not messenger_signature_ok(body + b" ", signed(body), "s3cret")
    assert not messenger_signature_ok(body, signed(body, "other"), "s3cret")
    assert not messenger_signature_ok(body, None, "s3cret")
    sha1 = "sha1=" + hmac.new(b"s3cret", body, hashlib.sha1).hexdigest()
    assert not messenger_signature_ok(body, sha1, "s3cret")


def page(*events: dict) -> dict:
    return {"object": "page", "entry": [{"id": "p", "time": 1, "messaging": list(events)}]}


def test_messenger_texts_quick_replies_and_postbacks() -> None:
    events = [
        {"sender": {"id": "1"}, "message": {"mid": "a", "text": "hello"}},
        {"sender": {"id": "2"}, "message": {"text": "Book", "quick_reply": {"payload": "/book"}}},
        {"sender": {"id": "3"}, "postback": {"title": "Start", "payload": "/greet"}},
        {"sender": {"id": "4"}, "message": {"text": "our reply", "is_echo": True}},
        {"sender": {"id": "5"}, "delivery": {"mids": ["a"]}},
    ]
    assert messenger_inbound(page(*events)) == [
        Inbound("1", "1", "hello"),
        Inbound("2", "2", "/book"),
        Inbound("3", "3", "/greet"),
    ]


@pytest.mark.parametrize(
    "body", [[], {"object": "user", "entry": []}, {"object": "page"}, page({"message": {}})]
)
def test_messenger_malformed_bodies_are_refused(body: object) -> None:
    with pytest.raises(MalformedWebhook):
        messenger_inbound(body)


def test_twilio_form() -> None:
    form = {"From": "whatsapp:+15165550100", "To": "whatsapp:+15005550006", "Body": "hi"}
    assert twilio_inbound(form) == Inbound("whatsapp:+15165550100", "whatsapp:+15165550100", "hi")
    assert twilio_inbound({"From": "+15165550100"}).text == ""
    with pytest.raises(MalformedWebhook):
        twilio_inbound({"Body": "hi"})


TOKEN = "t" * 40


@pytest.mark.parametrize("peer", ["127.0.0.1", "::1", "127.0.0.2"])
def test_rest_without_a_token_serves_this_machine(peer: str) -> None:
    assert rest_refusal(peer, None, None) is None


@pytest.mark.parametrize("peer", ["203.0.113.5", "10.0.0.7", "", None, "not-an-ip"])
def test_rest_without_a_token_refuses_other_machines(peer: str | None) -> None:
    refusal = rest_refusal(peer, None, None)
    assert refusal is not None and refusal.status == 403


@pytest.mark.parametrize(
    ("peer", "authorization", "refused"),
    [
        ("203.0.113.5", f"Bearer {TOKEN}", False),
        ("127.0.0.1", f"Bearer {TOKEN}", False),
        ("127.0.0.1", None, True),  # a token set is required of every caller
        ("203.0.113.5", f"Bearer {TOKEN}x", True),
        ("203.0.113.5", TOKEN, True),
        ("203.0.113.5", f"Basic {TOKEN}", True),
    ],
)
def test_rest_with_a_token_needs_it_from_everyone(
    peer: str, authorization: str | None, refused: bool
) -> None:
    refusal = rest_refusal(peer, authorization, TOKEN)
    assert (refusal is not None) == refused
    assert refusal is None or refusal.status == 401
