from rasa.shared.nlu.training_data.message import Message

from extensions.confirmation_guard import ConfirmationGuard


def process(intent: str, confidence: float) -> Message:
    reading = {"name": intent, "confidence": confidence}
    message = Message(data={"text": "hmm", "intent": reading, "intent_ranking": [reading]})
    (out,) = ConfirmationGuard({"threshold": 0.8}).process([message])
    return out


def test_unclear_yes_becomes_the_fallback_with_the_yes_still_ranked() -> None:
    out = process("affirm", 0.49)
    assert out.get("intent") == {"name": "nlu_fallback", "confidence": 0.8}
    assert [r["name"] for r in out.get("intent_ranking")] == ["nlu_fallback", "affirm"]
    assert "intent" in out.output_properties


def test_clear_yes_and_other_intents_are_left_alone() -> None:
    assert process("affirm", 0.97).get("intent")["name"] == "affirm"
    assert process("ask_cost", 0.31).get("intent")["name"] == "ask_cost"
