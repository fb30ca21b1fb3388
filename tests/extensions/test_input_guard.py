import pytest
from rasa.shared.nlu.training_data.message import Message

from extensions.input_guard import InputGuard

CLASSIFIER_GUESS = {"name": "ask_cost", "confidence": 0.8}


def process(text: str, max_chars: int = 50) -> Message:
    message = Message(data={"text": text, "intent": dict(CLASSIFIER_GUESS)})
    (out,) = InputGuard({**InputGuard.get_default_config(), "max_chars": max_chars}).process(
        [message]
    )
    return out


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("   ", "message_empty"),
        ("🙂🙂", "message_empty"),
        ("a" * 51, "message_too_long"),
    ],
)
def test_overrides_classifier_for_unusable_text(text: str, intent: str) -> None:
    message = process(text)
    assert message.get("intent") == {"name": intent, "confidence": 1.0}
    assert "intent" in message.output_properties


def test_leaves_normal_text_to_the_classifier() -> None:
    assert process("how much does it cost?").get("intent") == CLASSIFIER_GUESS


def test_a_message_of_exactly_the_limit_is_still_read() -> None:
    assert process("a" * 50).get("intent") == CLASSIFIER_GUESS
    assert process("a" * 51).get("intent")["name"] == "message_too_long"
