"""Where a message asks more than one thing."""

from __future__ import annotations

import pytest

from clinic.questions import question_spans


def pieces(text: str) -> list[str]:
    return [text[start:end] for start, end in question_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "How much is a session? And do you take Aetna?",
            ["How much is a session?", "do you take Aetna?"],
        ),
        ("what are your hours and is there parking", ["what are your hours", "is there parking"]),
        (
            "I have fibromyalgia, can massage help and how often should I come?",
            ["I have fibromyalgia, can massage help", "how often should I come?"],
        ),
        (
            "can I book tuesday and also what should I wear",
            ["can I book tuesday", "what should I wear"],
        ),
        # a comma before a new question, after a question (not after a request)
        (
            "I need a receipt for my FSA, can you email one?",
            ["I need a receipt for my FSA, can you email one?"],
        ),
        ("Does it hurt, do I have to undress?", ["Does it hurt", "do I have to undress?"]),
        (
            "Do you take Medicaid. If not how much is it",
            ["Do you take Medicaid.", "If not how much is it"],
        ),
        # one question: "and" between two things asked about, not two questions
        ("do you treat back pain and neck pain", ["do you treat back pain and neck pain"]),
        ("my back and shoulders hurt", ["my back and shoulders hurt"]),
        # a greeting is no question
        ("hi! how long is a session", ["how long is a session"]),
        # a statement is the context of the question after it
        (
            "My grandfather is 82 with bad arthritis. Is he too old for medical massage?",
            ["My grandfather is 82 with bad arthritis. Is he too old for medical massage?"],
        ),
        ("my back hurts. I want to book. thanks!", ["my back hurts. I want to book."]),
        (
            "I need a receipt for my HSA. Also, can I bring my daughter?",
            ["I need a receipt for my HSA.", "Also, can I bring my daughter?"],
        ),
    ],
)
def test_question_spans(text: str, expected: list[str]) -> None:
    assert pieces(text) == expected


def test_at_most_the_limit() -> None:
    text = "What is it? How long is it? How much is it? Where are you?"
    assert len(question_spans(text)) == 3
    assert len(question_spans(text, limit=2)) == 2
