"""The tuned labelled batches through the trained model: the rules and the semantic layer together.

tests/safety/batch_*.yml were written blind by their own helpers and then used to
tune the rules and the semantic layer's thresholds, so they are gated here
at the targets; the untouched batches (bench/data/safety_untouched_*.yml) are
only measured, by `make bench`.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa.core.agent import Agent

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "clinic.tar.gz"
BATCHES = sorted((ROOT / "tests" / "safety").glob("batch_*.yml"))
MAX_FALSE_ALARMS = 0.02
MIN_CAUTIONS_TO_PHYSICIAN = 0.95
EMERGENCY = {"emergency_medical", "emergency_crisis"}


@pytest.fixture(scope="module")
def agent() -> Agent:
    return Agent.load(str(MODEL))


def verdicts(agent: Agent, texts: list[str]) -> list[tuple[str, str]]:
    async def parse_all() -> list[tuple[str, str]]:
        return [(t, str((await agent.parse_message(t))["intent"]["name"])) for t in texts]

    return asyncio.run(parse_all())


def batch(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_there_are_two_tuned_batches_of_a_hundred_or_more() -> None:
    sizes = [
        sum(len(v) for v in (*batch(p)["emergency"].values(), batch(p)["not_emergency"]))
        for p in BATCHES
    ]
    assert len(BATCHES) >= 2 and min(sizes) >= 100


@pytest.mark.parametrize("path", BATCHES, ids=lambda p: p.name)
def test_every_emergency_gets_the_emergency_reply_of_its_kind(agent: Agent, path: Path) -> None:
    data = batch(path)
    missed = [
        (t, v) for t, v in verdicts(agent, data["emergency"]["medical"]) if v not in EMERGENCY
    ]
    missed += [
        (t, v) for t, v in verdicts(agent, data["emergency"]["crisis"]) if v != "emergency_crisis"
    ]
    assert missed == []


@pytest.mark.parametrize("path", BATCHES, ids=lambda p: p.name)
def test_look_alikes_rarely_raise_an_alarm(agent: Agent, path: Path) -> None:
    found = verdicts(agent, batch(path)["not_emergency"])
    alarms = [(t, v) for t, v in found if v in EMERGENCY]
    assert len(alarms) / len(found) <= MAX_FALSE_ALARMS, alarms


@pytest.mark.parametrize(
    "path", [p for p in BATCHES if "caution" in batch(p)], ids=lambda p: p.name
)
def test_cautions_go_to_a_physician(agent: Agent, path: Path) -> None:
    found = verdicts(agent, batch(path)["caution"])
    missed = [(t, v) for t, v in found if v not in EMERGENCY | {"health_caution"}]
    assert 1 - len(missed) / len(found) >= MIN_CAUTIONS_TO_PHYSICIAN, missed
