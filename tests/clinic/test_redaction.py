"""Redaction of personal identifiers: patterns alone, and with spaCy's entity recogniser."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from clinic.redaction import redact, redact_user_event

# (message, what must disappear, placeholder that must appear)
IDENTIFIERS = [
    ("my number is (631) 555-0199", "555-0199", "[PHONE]"),
    ("call me back tomorrow at 631.555.0123", "555.0123", "[PHONE]"),
    ("text me on +44 20 7946 0958", "7946", "[PHONE]"),
    ("my cell 6315550123", "6315550123", "[PHONE]"),
    ("email me: jane.doe+clinic@example.com", "jane.doe", "[EMAIL]"),
    ("I was born on 03/14/1985", "1985", "[DATE_OF_BIRTH]"),
    ("dob: March 3, 1985", "1985", "[DATE_OF_BIRTH]"),
    ("date of birth is 14th of march 1985", "march", "[DATE_OF_BIRTH]"),
    ("birthday is june 2", "june 2", "[DATE_OF_BIRTH]"),
    ("I live at 42 Elm Street, Apt 3B", "Elm", "[ADDRESS]"),
    ("send it to 1200 old country rd", "country", "[ADDRESS]"),
    ("my member id is XJH4829301", "XJH4829301", "[MEMBER_ID]"),
    ("policy number: 123456789", "123456789", "[MEMBER_ID]"),
    ("medicaid # AB12345C", "AB12345C", "[MEMBER_ID]"),
    ("my name is john smith", "john", "[NAME]"),
    ("im called dave, is it covered?", "dave", "[NAME]"),
    ("i live in kings park, is that close?", "kings park", "[PLACE]"),
]


@pytest.mark.parametrize(("text", "gone", "placeholder"), IDENTIFIERS)
def test_patterns_remove_identifiers(text: str, gone: str, placeholder: str) -> None:
    redacted = redact(text)
    assert gone.lower() not in redacted.lower()
    assert placeholder in redacted


@pytest.mark.parametrize(
    "text",
    [
        "I'm 24 weeks pregnant and my back hurts",
        "had a hip replacement in September",
        "can I come in at 5pm on Tuesday?",
        "this is my first time, how long is a session?",
        "is 60 minutes enough?",
        "I had trigger point therapy in 2019",
        "my name is not important, what does it cost?",
        "what is deep tissue massage?",
        "",
    ],
)
def test_ordinary_questions_are_left_alone(text: str) -> None:
    assert redact(text) == text


def test_cue_is_kept_so_the_record_still_reads() -> None:
    assert redact("my member id is XJH4829301") == "my member id is [MEMBER_ID]"


@dataclass
class Span:
    label_: str
    start_char: int
    end_char: int


@dataclass
class FakeDoc:
    ents: list[Span]


def test_recogniser_names_and_places_are_replaced() -> None:
    text = "Sarah lives in Smithtown"

    def recognise(t: str) -> FakeDoc:
        assert t == text
        return FakeDoc([Span("PERSON", 0, 5), Span("GPE", 15, 24), Span("ORG", 6, 11)])

    assert redact(text, recognise) == "[NAME] lives in [PLACE]"


def test_real_spacy_model_finds_capitalised_names() -> None:
    from extensions.tracker_store import spacy_recogniser

    redacted = redact("Hi, this is Maria Gonzalez from Brooklyn", spacy_recogniser())
    assert "Maria" not in redacted and "Gonzalez" not in redacted
    assert "Brooklyn" not in redacted


def test_user_event_is_redacted_everywhere_and_metadata_dropped() -> None:
    event = {
        "event": "user",
        "text": "call 631-555-0199",
        "parse_data": {
            "text": "call 631-555-0199",
            "intent": {"name": "contact_human"},
            "entities": [{"entity": "x", "value": "k", "text": "631-555-0199"}, {"entity": "y"}],
        },
        "metadata": {"first_name": "Jane", "model_id": "m1", "assistant_id": "clinic"},
        "input_channel": "telegram",
    }
    safe = redact_user_event(event, redact)
    assert "555" not in str(safe) and "Jane" not in str(safe)
    assert safe["metadata"] == {"model_id": "m1", "assistant_id": "clinic"}  # Rasa's own
    assert safe["parse_data"]["intent"] == {"name": "contact_human"}
    assert safe["input_channel"] == "telegram"
    assert event["text"] == "call 631-555-0199"  # the live event is not changed


def test_user_event_text_repeated_in_the_parse_result_is_redacted_once() -> None:
    seen: list[str] = []

    def counting_redact(text: str) -> str:
        seen.append(text)
        return redact(text)

    text = "I'm Maria, 631-555-0199"
    event = {"event": "user", "text": text, "parse_data": {"text": text, "entities": []}}
    safe = redact_user_event(event, counting_redact)
    assert seen == [text]
    assert safe["text"] == safe["parse_data"]["text"] and "555" not in safe["text"]
