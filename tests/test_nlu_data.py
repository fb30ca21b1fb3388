"""Training and held-out NLU data: coverage, size, and no leak from one into the other."""

from collections import Counter
from pathlib import Path

import yaml

from bench.metrics import normalised

ROOT = Path(__file__).resolve().parents[1]
DOMAIN_INTENTS = set(yaml.safe_load((ROOT / "domain.yml").read_text())["intents"])
# Intents set by rule-based components (input guard, safety check), never by the classifier.
SET_BY_RULES = {
    "message_empty",
    "message_too_long",
    "emergency_medical",
    "emergency_crisis",
    "health_caution",
    "several_questions",
    "other_language",
}


def examples(*paths: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in paths:
        for block in yaml.safe_load(path.read_text())["nlu"]:
            if "intent" in block:
                lines = [
                    ln.strip()[2:].strip() for ln in block["examples"].splitlines() if ln.strip()
                ]
                found.setdefault(block["intent"], []).extend(lines)
    return found


TRAINING = examples(*sorted((ROOT / "data" / "nlu").glob("*.yml")))
HELDOUT = examples(ROOT / "tests" / "nlu" / "heldout.yml")


def test_training_covers_every_model_intent_with_15_examples() -> None:
    assert set(TRAINING) == DOMAIN_INTENTS - SET_BY_RULES
    assert {i: len(e) for i, e in TRAINING.items() if len(e) < 15} == {}


def test_heldout_covers_every_model_intent_with_5_examples() -> None:
    assert set(HELDOUT) == set(TRAINING)
    assert {i: len(e) for i, e in HELDOUT.items() if len(e) < 5} == {}


def test_no_example_is_repeated() -> None:
    every = [normalised(e) for exs in [*TRAINING.values(), *HELDOUT.values()] for e in exs]
    assert [text for text, n in Counter(every).items() if n > 1] == []


def test_heldout_examples_are_not_in_training() -> None:
    training = {normalised(e) for exs in TRAINING.values() for e in exs}
    assert [e for exs in HELDOUT.values() for e in exs if normalised(e) in training] == []
