import numpy as np
import pytest

from clinic.gaps import (
    Outcome,
    Turn,
    build_report,
    group_by_meaning,
    outcome,
    outcomes_with_rephrases,
    to_html,
    to_markdown,
    turns_from_events,
)
from clinic.sentence_encoder import shared_encoder

INTRO = "Did you mean one of these?"
NO_ANSWER = "Sorry, I am not sure I can help with that."


def user(text: str, intent: str, t: float) -> dict:
    return {
        "event": "user",
        "text": text,
        "timestamp": t,
        "parse_data": {"intent": {"name": intent}},
    }


def test_turns_collect_what_followed_each_patient_message_and_skip_button_clicks() -> None:
    events = [
        ("a", user("is there parking?", "nlu_fallback", 1)),
        ("b", user("hi", "greet", 2)),  # another conversation, interleaved
        ("a", {"event": "action", "name": "action_handle_fallback"}),
        ("a", {"event": "bot", "text": INTRO}),
        ("a", {"event": "action", "name": "action_listen"}),
        ("a", user("/ask_location_hours", "ask_location_hours", 3)),  # a button click
        ("a", {"event": "action", "name": "action_answer_clinic_question"}),
        ("b", {"event": "bot", "text": "Hi!"}),
    ]
    first, second = turns_from_events(events)
    assert first == Turn(
        "a", "is there parking?", "nlu_fallback", 1, ("action_handle_fallback",), (INTRO,)
    )
    assert (second.conversation, second.replies) == ("b", ("Hi!",))


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        (Turn("a", "x", "out_of_scope", 0), Outcome.OFF_TOPIC),
        (
            Turn("a", "x", "nlu_fallback", 0, ("action_handle_fallback",), (INTRO,)),
            Outcome.DID_YOU_MEAN,
        ),
        (
            Turn("a", "x", "nlu_fallback", 0, ("action_handle_fallback",), ("call us",)),
            Outcome.FELL_BACK,
        ),
        (Turn("a", "x", "ask_my_condition", 0, (), (NO_ANSWER + " Call us.",)), Outcome.NO_ANSWER),
        (Turn("a", "x", "ask_cost", 0, (), ("Prices are...",)), Outcome.ANSWERED),
    ],
)
def test_outcome(turn: Turn, expected: Outcome) -> None:
    assert outcome(turn, INTRO, [NO_ANSWER]) is expected


def test_an_answer_followed_by_the_same_question_in_other_words_missed() -> None:
    texts = ["do you take my insurance", "does my health insurance cover this", "thanks"]
    turns = [Turn("a", t, "ask_insurance", i) for i, t in enumerate(texts)]
    vectors = shared_encoder().encode(texts)
    answered = [Outcome.ANSWERED] * 3
    assert outcomes_with_rephrases(turns, answered, vectors) == [
        Outcome.REPHRASED,
        Outcome.ANSWERED,
        Outcome.ANSWERED,
    ]
    # the same two messages in different conversations are not a rephrase
    apart = [Turn(str(i), t, "ask_insurance", i) for i, t in enumerate(texts)]
    assert outcomes_with_rephrases(apart, answered, vectors) == answered


PARKING = [
    "is there parking at the clinic?",
    "where can i park when i come in",
    "do you have a parking lot",
    "parking available?",
    "is it easy to find parking near you",
]
GIFT = [
    "do you sell gift cards",
    "can i buy a gift certificate for my wife",
    "gift voucher for a massage?",
]


def test_wordings_of_the_same_question_fall_into_one_group() -> None:
    texts = [*PARKING, *GIFT, "can my dog come with me"]
    groups = group_by_meaning(shared_encoder().encode(texts))
    assert [sorted(texts[i] for i in g) for g in groups[:2]] == [sorted(PARKING), sorted(GIFT)]
    assert len(groups) == 3


def test_group_of_nothing_and_of_one() -> None:
    assert group_by_meaning(np.zeros((0, 4), dtype=np.float32)) == []
    assert group_by_meaning(np.ones((1, 4), dtype=np.float32)) == [[0]]


def test_report_counts_and_groups_only_the_gaps() -> None:
    texts = [*PARKING, "how much is a session"]
    turns = [Turn(str(i), t, "out_of_scope", i) for i, t in enumerate(texts)]
    outcomes = [Outcome.OFF_TOPIC] * 4 + [Outcome.DID_YOU_MEAN, Outcome.ANSWERED]
    report = build_report("last 7 days", turns, outcomes, shared_encoder().encode(texts))
    assert (report.messages, report.answered) == (6, 1)
    (group,) = report.groups
    assert group.size == 5 and group.examples == tuple(PARKING[:3])
    assert group.what_happened == (("declined as off-topic", 4), ("offered 'did you mean'", 1))
    page = to_markdown(report, "answer-gaps.png")
    assert "6 patient messages; 1 answered (17%)" in page and "## 1. 5 messages" in page
    assert "![largest topics](answer-gaps.png)" in page


def test_empty_period_says_so() -> None:
    empty = build_report("last 7 days", [], [], np.zeros((0, 4), dtype=np.float32))
    assert "No conversations in this period." in to_markdown(empty)
    assert "No conversations in this period." in to_html(empty)


def test_html_is_escaped_and_self_contained() -> None:
    turns = [Turn("a", "<script>alert(1)</script> parking?", "out_of_scope", 0)]
    report = build_report("p", turns, [Outcome.OFF_TOPIC], shared_encoder().encode([turns[0].text]))
    page = to_html(report, "iVBORw0KGgo=")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert 'src="data:image/png;base64,iVBORw0KGgo="' in page and "http" not in page
