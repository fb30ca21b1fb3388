"""Where a message asks more than one thing."""

from __future__ import annotations

import pytest

from clinic.questions import (
    asked_part,
    mentioned_questions,
    phrase_spans,
    question_spans,
    statement_spans,
)


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
        # a request said with "I'd", a numbered list, questions of one word
        (
            "where are you located? I'd like to book an appointment",
            ["where are you located?", "I'd like to book an appointment"],
        ),
        (
            "1) what should i wear 2) can i book for saturday morning",
            ["what should i wear", "can i book for saturday morning"],
        ),
        ("price? insurance?", ["price?", "insurance?"]),
        ("I have 2 kids. how much is it", ["I have 2 kids. how much is it"]),
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
        # a question after a dash asks; "whether" opens a question too
        (
            "rear-ended in may - does no fault pay and do i need a referral",
            ["rear-ended in may - does no fault pay", "do i need a referral"],
        ),
        (
            "tell me what trigger points are, and whether a visit is 60 minutes",
            ["tell me what trigger points are", "whether a visit is 60 minutes"],
        ),
        ("my neck - so stiff", ["my neck - so stiff"]),
    ],
)
def test_question_spans(text: str, expected: list[str]) -> None:
    assert pieces(text) == expected


def test_at_most_the_limit() -> None:
    text = "What is it? How long is it? How much is it? Where are you?"
    assert len(question_spans(text)) == 3
    assert len(question_spans(text, limit=2)) == 2


@pytest.mark.parametrize(
    ("piece", "asked"),
    [
        ("if not whats the price", "whats the price"),
        ("and also, how long is it", "how long is it"),
        ("so then", "so then"),  # nothing left to read: the piece as it is
        ("how much is it", "how much is it"),
    ],
)
def test_asked_part_drops_the_words_that_tie_a_question_to_the_one_before(
    piece: str, asked: str
) -> None:
    assert asked_part(piece) == asked


def test_a_request_without_i_starts_a_question() -> None:
    text = "need to move my appt, also do you open early on weekdays"
    assert pieces(text) == ["need to move my appt", "do you open early on weekdays"]


@pytest.mark.parametrize(
    ("text", "told"),
    [
        (
            "I have fibro and sleep badly, would massage help my sleep?",
            ["I have fibro and sleep badly"],
        ),
        ("I have fibromyalgia. Do I need a prescription?", ["I have fibromyalgia."]),
        ("does insurance cover massage for arthritis?", []),
        ("what are your hours and is there parking", []),
    ],
)
def test_statement_spans_are_the_clauses_that_ask_nothing(text: str, told: list[str]) -> None:
    assert [text[s:e] for s, e in statement_spans(text)] == told


def entity(kind: str, value: str, text: str, word: str) -> dict[str, object]:
    start = text.index(word)
    return {"entity": kind, "value": value, "start": start, "end": start + len(word)}


def questions(text: str, intent: str, *named: tuple[str, str, str]) -> list[tuple[str, str]]:
    found = mentioned_questions(
        text,
        intent,
        [entity(kind, value, text, word) for kind, value, word in named],
        condition_intent="ask_my_condition",
        technique_intents={"deep_tissue": "ask_deep_tissue", "trigger_point": "ask_trigger_point"},
        answered_beside_a_condition=lambda i: i in {"ask_prescription", "ask_sleep"},
    )
    return [(q["intent"], text[q["start"] : q["end"]]) for q in found]


def test_two_conditions_named_are_two_questions() -> None:
    text = "I've got tension headaches and low back pain, can you help with both?"
    named = [
        ("condition", "tension_headache", "tension headaches"),
        ("condition", "low_back_pain", "low back pain"),
    ]
    assert questions(text, "ask_my_condition", *named) == [
        ("ask_my_condition", "tension headaches"),
        ("ask_my_condition", "low back pain"),
    ]
    # the same condition named twice is one question
    same = [("condition", "muscle_tension", "neck"), ("condition", "muscle_tension", "shoulders")]
    assert questions("my neck and shoulders are tight", "ask_my_condition", *same) == []


def test_two_techniques_named_are_their_two_questions() -> None:
    text = "whats the difference between deep tissue and trigger point therapy"
    named = [
        ("technique", "deep_tissue", "deep tissue"),
        ("technique", "trigger_point", "trigger point"),
    ]
    assert [i for i, _ in questions(text, "ask_deep_tissue", *named)] == [
        "ask_deep_tissue",
        "ask_trigger_point",
    ]


def test_a_condition_told_before_another_question_is_answered_first() -> None:
    text = "I have fibromyalgia, do I need a prescription?"
    told = ("condition", "fibromyalgia", "fibromyalgia")
    assert questions(text, "ask_prescription", told) == [
        ("ask_my_condition", "I have fibromyalgia"),
        ("ask_prescription", ", do I need a prescription?"),
    ]
    # told after the question: too often not about a condition at all
    after = "What if I snore? I always doze off when someone rubs my back"
    back = ("condition", "low_back_pain", "my back")
    assert questions(after, "ask_prescription", back) == []


def test_a_condition_inside_the_question_or_beside_an_excluded_answer_is_one_question() -> None:
    inside = "does a prescription help for fibromyalgia?"
    assert (
        questions(inside, "ask_prescription", ("condition", "fibromyalgia", "fibromyalgia")) == []
    )
    told = "I have fibromyalgia, what are your hours?"
    assert (
        questions(told, "ask_location_hours", ("condition", "fibromyalgia", "fibromyalgia")) == []
    )


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("does it help with sleep and with stress", ["does it help with sleep", "stress"]),
        ("prices or insurance?", []),  # too little before the "or"
        ("does it help my neck and shoulders and back", []),  # more than one "and"
        ("is it good for pain and for the stiffness I get every morning", []),  # a long tail
    ],
)
def test_phrase_spans_are_one_question_about_two_short_things(text: str, parts: list[str]) -> None:
    assert [text[s:e] for s, e in phrase_spans(text)] == parts
