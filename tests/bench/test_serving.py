"""The open-loop load generator, against a stand-in webhook on loopback."""

import asyncio
from typing import Any

from aiohttp import web

from bench.serving import open_loop

CONVERSATIONS = [["hi", "how often?", "book"], ["what is it?", "thanks"]]


async def run_against_stand_in(
    delay: float, rate: float, seconds: float
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    received: list[dict[str, Any]] = []

    async def webhook(request: web.Request) -> web.Response:
        message = await request.json()
        received.append(message)
        await asyncio.sleep(delay)
        return web.json_response([{"recipient_id": message["sender"], "text": "ok"}])

    app = web.Application()
    app.router.add_post("/webhook", webhook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        url = f"http://127.0.0.1:{port}/webhook"
        result = await open_loop(url, CONVERSATIONS, rate, seconds, "t", seed=1)
    finally:
        await runner.cleanup()
    return result, received


def test_open_loop_offers_the_rate_whatever_the_reply_time() -> None:
    # replies slower than the gap between arrivals: a closed loop would slow down
    result, received = asyncio.run(run_against_stand_in(delay=0.2, rate=40, seconds=2))
    assert 25 <= result["sent_per_second"] <= 55
    assert result["errors_or_empty"] == 0 and len(received) == result["messages"]
    assert result["p50_ms"] >= 200


def test_follow_ups_continue_a_conversation_in_order() -> None:
    result, received = asyncio.run(run_against_stand_in(delay=0.0, rate=30, seconds=2))
    by_sender: dict[str, list[str]] = {}
    for message in received:
        by_sender.setdefault(message["sender"], []).append(message["message"])
    # fast replies: most arrivals continue a conversation, each in its order
    assert result["conversations"] < len(received)
    for said in by_sender.values():
        assert any(said == conversation[: len(said)] for conversation in CONVERSATIONS)
