"""The trained model (models/clinic.tar.gz) on text it never saw: off-topic requests are declined.

tests/nlu/off_topic_blind.txt was written by someone who never saw the
training data, before anything was tuned, and is never trained or tuned on.
The held-out intent accuracy is checked by `rasa test` (make test-conversations).
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from rasa.core.agent import Agent

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "clinic.tar.gz"
OFF_TOPIC = ROOT / "tests" / "nlu" / "off_topic_blind.txt"
MIN_DECLINED = 0.95
# Replies that are a safety instruction, not clinic content.
SAFETY = {"emergency_medical", "emergency_crisis", "health_caution"}


def lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in text if line.strip() and not line.startswith("#")]


@pytest.fixture(scope="module")
def off_topic_parses() -> list[dict[str, Any]]:
    agent = Agent.load(str(MODEL))

    async def parse_all() -> list[dict[str, Any]]:
        return [await agent.parse_message(text) for text in lines(OFF_TOPIC)]

    return asyncio.run(parse_all())


def intents(parses: list[dict[str, Any]]) -> list[str]:
    return [p["intent"]["name"] for p in parses]


def test_the_file_is_big_enough_to_mean_something() -> None:
    assert len(lines(OFF_TOPIC)) >= 300


def test_off_topic_requests_are_declined_plainly(off_topic_parses: list[dict[str, Any]]) -> None:
    found = intents(off_topic_parses)
    declined = found.count("out_of_scope") / len(found)
    answered = [
        (p["text"], p["intent"]["name"])
        for p in off_topic_parses
        if p["intent"]["name"] not in {"out_of_scope", "nlu_fallback", *SAFETY}
    ]
    assert declined >= MIN_DECLINED, answered


def test_no_off_topic_request_starts_deleting_anything(
    off_topic_parses: list[dict[str, Any]],
) -> None:
    assert [p["text"] for p in off_topic_parses if p["intent"]["name"] == "forget_me"] == []
