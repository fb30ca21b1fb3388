import asyncio
import logging

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from extensions.channels import never_silent

APOLOGY = "Sorry, technical problem. Call 555."


def handle(on_new_message) -> list[dict]:  # type: ignore[no-untyped-def]
    collector = CollectingOutputChannel()
    message = UserMessage("my name is Jo, I need help", collector, "patient")
    asyncio.run(never_silent(on_new_message, APOLOGY)(message))
    return collector.messages


def test_a_turn_without_a_reply_gets_the_apology() -> None:
    async def silent(message: UserMessage) -> None:
        return None

    assert [m["text"] for m in handle(silent)] == [APOLOGY]


def test_a_failing_turn_gets_the_apology_and_the_log_has_no_message_text(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def broken(message: UserMessage) -> None:
        raise RuntimeError("action server unreachable")

    with caplog.at_level(logging.INFO):
        assert [m["text"] for m in handle(broken)] == [APOLOGY]
    assert "Jo" not in caplog.text


def test_a_turn_that_answered_is_left_alone() -> None:
    async def answers(message: UserMessage) -> None:
        await message.output_channel.send_text_message(message.sender_id, "An answer.")

    assert [m["text"] for m in handle(answers)] == ["An answer."]


def test_a_turn_answered_the_way_rasa_sends_is_left_alone() -> None:
    async def answers(message: UserMessage) -> None:
        reply = {"text": "An answer.", "buttons": [{"title": "Book", "payload": "/book"}]}
        await message.output_channel.send_response(message.sender_id, reply)

    assert handle(answers) == [
        {
            "recipient_id": "patient",
            "text": "An answer.",
            "buttons": [{"title": "Book", "payload": "/book"}],
        }
    ]
