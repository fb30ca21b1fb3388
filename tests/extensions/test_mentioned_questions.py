import pytest
from rasa.shared.nlu.training_data.message import Message

from clinic.content import knowledge
from extensions.mentioned_questions import MentionedQuestions


def parse(
    text: str, intent: str, *named: tuple[str, str, str], questions: list | None = None
) -> Message:
    entities = []
    for kind, value, word in named:
        start = text.index(word)
        entities.append({"entity": kind, "value": value, "start": start, "end": start + len(word)})
    data = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": entities}
    if questions is not None:
        data["questions"] = questions
    (out,) = MentionedQuestions(knowledge(), frozenset({"greet"})).process([Message(data=data)])
    return out


@pytest.mark.parametrize(
    ("text", "intent", "named", "asked"),
    [
        (
            "tension headaches and low back pain, can you help",
            "ask_my_condition",
            [
                ("condition", "tension_headache", "tension headaches"),
                ("condition", "low_back_pain", "low back pain"),
            ],
            ["ask_my_condition", "ask_my_condition"],
        ),
        # techniques take their intents from the knowledge base
        (
            "deep tissue or myofascial release, which is better",
            "ask_deep_tissue",
            [
                ("technique", "deep_tissue", "deep tissue"),
                ("technique", "myofascial_release", "myofascial release"),
            ],
            ["ask_deep_tissue", "ask_myofascial_release"],
        ),
    ],
)
def test_two_conditions_or_techniques_become_two_questions(
    text: str, intent: str, named: list[tuple[str, str, str]], asked: list[str]
) -> None:
    out = parse(text, intent, *named)
    assert out.get("intent")["name"] == "several_questions"
    assert [q["intent"] for q in out.get("questions")] == asked


def test_a_condition_told_first_is_answered_beside_a_practical_question_only() -> None:
    told = ("condition", "fibromyalgia", "fibromyalgia")
    text = "I have fibromyalgia, do I need a prescription?"
    asked = parse(text, "ask_prescription", told).get("questions")
    assert [q["intent"] for q in asked] == ["ask_my_condition", "ask_prescription"]
    # small talk, and answers already given for the condition, stay one question
    for intent in ("greet", "ask_how_often", "out_of_scope"):
        assert parse(text, intent, told).get("intent")["name"] == intent


def test_what_the_splitter_found_is_left_alone() -> None:
    found = [{"intent": "ask_cost", "start": 0, "end": 3}, {"intent": "book", "start": 4, "end": 9}]
    text = "tension headaches and low back pain"
    out = parse(
        text,
        "several_questions",
        ("condition", "tension_headache", "tension headaches"),
        ("condition", "low_back_pain", "low back pain"),
        questions=found,
    )
    assert out.get("questions") == found
