from rasa.shared.nlu.training_data.message import Message

from clinic.safety import load_rules
from extensions.markup_stripper import MarkupStripper
from extensions.safety_check import SafetyCheck

CLASSIFIER_GUESS = {"name": "ask_cost", "confidence": 0.99}


def run(text: str) -> Message:
    message = Message(data={"text": text, "intent": dict(CLASSIFIER_GUESS), "intent_ranking": []})
    MarkupStripper().process([message])
    (out,) = SafetyCheck(load_rules()).process([message])
    return out


def test_overrides_a_confident_faq_prediction() -> None:
    message = run("how much is it? i have chest pain right now")
    assert message.get("intent") == {"name": "emergency_medical", "confidence": 1.0}
    assert message.get("intent_ranking")[0]["name"] == "emergency_medical"
    assert {"intent", "intent_ranking"} <= set(message.output_properties)


def test_crisis_intent() -> None:
    assert run("i dont want to live anymore").get("intent")["name"] == "emergency_crisis"


def test_reads_text_hidden_in_markup() -> None:
    assert run("<script>i want to kill myself</script>").get("intent")["name"] == "emergency_crisis"


def test_leaves_ordinary_questions_alone() -> None:
    assert run("does insurance cover it?").get("intent") == CLASSIFIER_GUESS


def test_caution_sets_intent_and_entities() -> None:
    message = run("im 20 weeks pregnant and on blood thinners, how much is it?")
    assert message.get("intent") == {"name": "health_caution", "confidence": 1.0}
    entities = message.get("entities")
    assert [e["value"] for e in entities] == ["pregnancy", "blood_thinners"]
    assert [e["text"] for e in entities] == ["pregnant", "blood thinners"]
    assert "entities" in message.output_properties


def test_emergency_outranks_caution() -> None:
    assert run("im pregnant and have crushing chest pain").get("intent")["name"] == (
        "emergency_medical"
    )
