import numpy as np
import pytest

from clinic.out_of_domain import (
    DomainExamples,
    Nearness,
    gated_intent,
    is_out_of_domain,
    off_topic_in_guesses,
)


def unit(*values: float) -> np.ndarray:
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


EXAMPLES = DomainExamples.from_labelled(
    np.stack([unit(1, 0, 0), unit(0, 1, 0), unit(0, 0, 1)]),
    ["ask_cost", "book", "out_of_scope"],
)


def test_examples_are_split_by_the_off_topic_intent() -> None:
    assert EXAMPLES.in_domain.shape == (2, 3)
    assert EXAMPLES.off_topic.shape == (1, 3)


def test_nearness_is_the_best_cosine_to_each_kind() -> None:
    (near,) = EXAMPLES.nearness(unit(1, 0, 1)[None, :])
    assert near.in_domain == pytest.approx(2**-0.5)
    assert near.off_topic == pytest.approx(2**-0.5)


def test_no_off_topic_examples_never_count_as_nearer() -> None:
    examples = DomainExamples.from_labelled(np.stack([unit(1, 0)]), ["ask_cost"])
    assert examples.nearness(unit(0, 1)[None, :])[0].off_topic == -1.0


def test_mismatched_labels_are_refused() -> None:
    with pytest.raises(ValueError):
        DomainExamples.from_labelled(np.stack([unit(1, 0)]), ["a", "b"])


@pytest.mark.parametrize(
    ("near", "expected"),
    [
        (Nearness(in_domain=0.9, off_topic=0.2), False),  # close to a clinic question
        (Nearness(in_domain=0.3, off_topic=0.1), True),  # far from everything the clinic answers
        (Nearness(in_domain=0.6, off_topic=0.7), True),  # nearer an off-topic example
        (Nearness(in_domain=0.6, off_topic=0.65), False),  # nearer, but within the margin
    ],
)
def test_out_of_domain_rule(near: Nearness, expected: bool) -> None:
    assert is_out_of_domain(near, threshold=0.4, margin=0.05) is expected


def rank(*names: str) -> list[dict]:
    return [{"name": n, "confidence": 0.1} for n in names]


@pytest.mark.parametrize(
    ("ranking", "expected"),
    [
        (rank("ask_cost", "out_of_scope", "book"), True),
        (rank("nlu_fallback", "ask_cost", "out_of_scope"), True),  # the fallback is no guess
        (rank("ask_cost", "book", "out_of_scope"), False),
        ([], False),
    ],
)
def test_off_topic_among_the_best_two_guesses(ranking: list[dict], expected: bool) -> None:
    assert off_topic_in_guesses(ranking) is expected


@pytest.mark.parametrize(
    ("intent", "ranking", "near", "expected"),
    [
        ("ask_cost", rank("ask_cost", "book"), Nearness(0.9, 0.1), "ask_cost"),
        ("ask_cost", rank("ask_cost", "book"), Nearness(0.2, 0.1), "out_of_scope"),
        (
            "nlu_fallback",
            rank("nlu_fallback", "ask_cost", "book"),
            Nearness(0.9, 0.1),
            "nlu_fallback",
        ),
        ("nlu_fallback", rank("nlu_fallback", "out_of_scope"), Nearness(0.9, 0.1), "out_of_scope"),
        # a confident clinic reading with off-topic second stays the clinic reading
        ("ask_cost", rank("ask_cost", "out_of_scope"), Nearness(0.9, 0.1), "ask_cost"),
    ],
)
def test_gated_intent(intent: str, ranking: list[dict], near: Nearness, expected: str) -> None:
    assert gated_intent(intent, ranking, near, threshold=0.4, margin=0.0) == expected
