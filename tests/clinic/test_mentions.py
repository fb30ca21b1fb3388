"""What a message mentions: synonyms, plurals, typos, spans as typed."""

from __future__ import annotations

import pytest

from clinic.knowledge import load_knowledge
from clinic.mentions import find_mentions, matcher

MATCHER = matcher(load_knowledge())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my Fibro is bad", [("condition", "fibromyalgia")]),
        ("Golfer’s elbow", [("condition", "sports_injury")]),
        ("HEADACHES daily", [("condition", "tension_headache")]),
        ("post-op rehab", [("condition", "post_surgical"), ("setting", "rehabilitation")]),
        ("myofacial releese", [("technique", "myofascial_release")]),  # typo
        ("how long is a session", []),
        # a claim pattern spans the phrase without hiding the condition inside it
        (
            "I hurt my lower back lifting boxes at work",
            [("claim", "work_injury"), ("condition", "low_back_pain")],
        ),
        ("got rear-ended on the LIE", [("claim", "car_accident")]),
        ("I sit at work all day", []),
        (
            "my elbow tendinitis is from the job, I lay tile",
            [("condition", "sports_injury"), ("claim", "work_injury")],
        ),
        ("pain from work stress", []),
        ("a van backed into my car at the mall", [("claim", "car_accident")]),
        # the job told first, then the injury
        (
            "i work at a factory and strained my wrist",
            [("claim", "work_injury"), ("condition", "sports_injury")],
        ),
        ("i work at a restaurant and love it", []),
        (
            "tendinitis from typing all day at my job",
            [("condition", "sports_injury"), ("claim", "work_injury")],
        ),
    ],
)
def test_find_mentions(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(m.entity, m.value) for m in find_mentions(text, MATCHER)] == expected


def test_mention_span_is_in_the_text_as_typed() -> None:
    text = "I’ve got  Tennis Elbow"
    (mention,) = find_mentions(text, MATCHER)
    assert text[mention.start : mention.end] == "Tennis Elbow"
