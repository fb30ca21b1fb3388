import numpy as np
import pytest

from clinic.out_of_domain import (
    NO_TRUST,
    DomainExamples,
    Nearness,
    Trust,
    clinic_confidence,
    gated_intent,
    is_out_of_domain,
    off_topic_in_guesses,
    trust_setting,
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


def test_nearness_of_several_neighbours_is_their_mean() -> None:
    examples = DomainExamples.from_labelled(
        np.stack([unit(1, 0), unit(1, 1), unit(0, 1)]), ["ask_cost", "book", "out_of_scope"]
    )
    (near,) = examples.nearness(unit(1, 0)[None, :], neighbours=2)
    assert near.in_domain == pytest.approx((1 + 2**-0.5) / 2)
    # fewer examples than neighbours: the mean of those there are
    assert near.off_topic == pytest.approx(0.0, abs=1e-6)


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


def sure(name: str, confidence: float) -> list[dict]:
    return [{"name": name, "confidence": confidence}, {"name": "out_of_scope", "confidence": 0.01}]


@pytest.mark.parametrize(
    ("ranking", "near", "expected"),
    [
        # nearer an off-topic example, but the classifier is sure of the hours question
        (sure("ask_location_hours", 0.99), Nearness(0.67, 0.69), "ask_location_hours"),
        # not sure enough: the off-topic example wins
        (sure("ask_location_hours", 0.7), Nearness(0.67, 0.69), "out_of_scope"),
        # far from every clinic example: declined however sure the classifier is
        (sure("ask_location_hours", 0.99), Nearness(0.3, 0.2), "out_of_scope"),
        # a fallback's best guess is a clinic intent; sureness is the classifier's
        (
            [{"name": "nlu_fallback", "confidence": 0.3}, *sure("book", 0.2)],
            Nearness(0.6, 0.7),
            "out_of_scope",
        ),
    ],
)
def test_a_sure_classifier_outweighs_a_near_off_topic_example(
    ranking: list[dict], near: Nearness, expected: str
) -> None:
    intent = str(ranking[0]["name"])
    assert (
        gated_intent(intent, ranking, near, threshold=0.4, margin=0.0, trust=Trust(0.9)) == expected
    )


def test_a_sure_reading_is_still_declined_when_an_off_topic_example_is_much_nearer() -> None:
    sure_within = Trust(confidence=0.9, margin=0.05)
    ranking = sure("ask_cost", 0.95)
    assert (
        gated_intent("ask_cost", ranking, Nearness(0.6, 0.63), 0.4, 0.0, sure_within) == "ask_cost"
    )
    assert gated_intent("ask_cost", ranking, Nearness(0.6, 0.7), 0.4, 0.0, sure_within) == (
        "out_of_scope"
    )


def test_trust_setting_reads_the_config() -> None:
    assert trust_setting(None, 0.05) == NO_TRUST
    assert trust_setting(0.9, None) == Trust(0.9, float("inf"))
    assert trust_setting(0.9, 0.05) == Trust(0.9, 0.05)


def test_clinic_confidence_skips_the_fallback_and_is_zero_for_off_topic() -> None:
    assert (
        clinic_confidence([{"name": "nlu_fallback", "confidence": 0.3}, *sure("book", 0.5)]) == 0.5
    )
    assert clinic_confidence(sure("out_of_scope", 0.95)) == 0.0
    assert clinic_confidence([]) == 0.0
