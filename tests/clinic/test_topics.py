from pathlib import Path

import pytest
import yaml

from clinic.topics import TopicsError, load_topics, suggest

ROOT = Path(__file__).resolve().parents[2]
LABELS = {"ask_cost": "Prices", "ask_insurance": "Insurance", "book": "Book a visit"}


def rank(*names: str) -> list[dict]:
    return [{"name": n, "confidence": 1.0 / (i + 1)} for i, n in enumerate(names)]


@pytest.mark.parametrize(
    ("ranking", "expected"),
    [
        # the fallback pseudo-intent and unlabeled intents are skipped
        (rank("nlu_fallback", "ask_cost", "greet", "ask_insurance"), ["ask_cost", "ask_insurance"]),
        # never more than two
        (rank("ask_cost", "ask_insurance", "book"), ["ask_cost", "ask_insurance"]),
        # fewer when fewer are known
        (rank("out_of_scope", "book"), ["book"]),
        ([], []),
    ],
)
def test_suggest_best_two_labelled(ranking: list[dict], expected: list[str]) -> None:
    assert [name for name, _ in suggest(ranking, LABELS)] == expected


def test_suggest_returns_labels() -> None:
    assert suggest(rank("ask_cost"), LABELS) == [("ask_cost", "Prices")]


def test_every_askable_domain_intent_has_a_label() -> None:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    not_topics = {"greet", "goodbye", "thanks", "bot_challenge", "out_of_scope"}
    not_topics |= {
        "message_too_long",
        "message_empty",
        "emergency_medical",
        "emergency_crisis",
        "health_caution",
        "forget_me",
        "restart",  # never a "did you mean" button: it clears the conversation
        "affirm",
        "deny",
        # set by the pipeline, never offered as a topic
        "several_questions",
        "other_language",
    }
    askable = set(domain["intents"]) - not_topics
    assert askable == set(load_topics())


def test_empty_label_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "topics.yml"
    path.write_text("topics:\n  ask_cost: ''\n")
    with pytest.raises(TopicsError, match="ask_cost"):
        load_topics(path)
