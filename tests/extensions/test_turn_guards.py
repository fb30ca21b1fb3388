import asyncio
import logging

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from clinic.rate_limit import RateLimiter, SharedRateLimiter
from extensions.turn_guards import never_silent, rate_limited, rate_limiter

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


def test_a_hung_turn_gets_the_apology_by_the_deadline_and_finishes_later() -> None:
    finished = []

    async def hangs(message: UserMessage) -> None:
        await asyncio.sleep(0.5)
        finished.append(message.sender_id)

    async def run() -> tuple[list[dict], float]:
        collector = CollectingOutputChannel()
        loop = asyncio.get_running_loop()
        start = loop.time()
        await never_silent(hangs, APOLOGY, deadline=0.1)(UserMessage("hi", collector, "p"))
        took = loop.time() - start
        assert finished == []
        await asyncio.sleep(0.6)
        return collector.messages, took

    messages, took = asyncio.run(run())
    assert [m["text"] for m in messages] == [APOLOGY]
    assert took < 0.4 and finished == ["p"]


def test_what_was_sent_before_the_deadline_stands_without_an_apology() -> None:
    async def answers_then_hangs(message: UserMessage) -> None:
        await message.output_channel.send_response(message.sender_id, {"text": "An answer."})
        await asyncio.sleep(5)

    async def run() -> list[dict]:
        collector = CollectingOutputChannel()
        await never_silent(answers_then_hangs, APOLOGY, deadline=0.1)(
            UserMessage("hi", collector, "p")
        )
        return collector.messages

    assert [m["text"] for m in asyncio.run(run())] == ["An answer."]


def test_over_the_rate_limit_gets_the_reply_and_is_not_processed() -> None:
    processed = []

    async def answers(message: UserMessage) -> None:
        processed.append(message.text)
        await message.output_channel.send_text_message(message.sender_id, "An answer.")

    handler = rate_limited(answers, RateLimiter(2), "Slow down.")
    collector = CollectingOutputChannel()
    for text in ("one", "two", "three"):
        asyncio.run(handler(UserMessage(text, collector, "fast")))
    asyncio.run(handler(UserMessage("other", collector, "calm")))
    assert processed == ["one", "two", "other"]
    assert [m["text"] for m in collector.messages] == [
        "An answer.",
        "An answer.",
        "Slow down.",
        "An answer.",
    ]


def test_the_limit_is_shared_in_redis_when_processes_share_locks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("REDIS_HOST", raising=False)
    monkeypatch.delenv("SANIC_WORKERS", raising=False)
    assert isinstance(rate_limiter(30), RateLimiter)
    monkeypatch.setenv("REDIS_HOST", "127.0.0.1")
    monkeypatch.setenv("REDIS_KEY_PREFIX", "site-a:")
    limiter = rate_limiter(30)
    assert isinstance(limiter, SharedRateLimiter)
    assert limiter.key("x").startswith("site-a:clinic:rate:")
