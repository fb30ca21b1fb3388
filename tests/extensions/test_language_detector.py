from rasa.shared.nlu.training_data.message import Message

from extensions.language_detector import LanguageDetector


def parse(text: str, languages: frozenset[str] = frozenset({"es", "zh"})) -> Message:
    message = Message(data={"text": text, "intent": {"name": "ask_cost", "confidence": 0.9}})
    (out,) = LanguageDetector(languages).process([message])
    return out


def test_a_message_in_a_language_with_a_reply_is_marked() -> None:
    out = parse("¿Cuánto cuesta una sesión de masaje médico?")
    assert out.get("intent") == {"name": "other_language", "confidence": 1.0}
    (language,) = out.get("entities")
    assert (language["entity"], language["value"]) == ("language", "es")


def test_english_and_languages_without_a_reply_keep_their_reading() -> None:
    assert parse("how much is a session?").get("intent")["name"] == "ask_cost"
    italian = parse("Buongiorno, quanto costa un massaggio?")
    assert italian.get("intent")["name"] == "ask_cost" and not italian.get("entities")
