import numpy as np
import pytest

from clinic.out_of_domain import (
    NO_DOUBT,
    DomainExamples,
    Doubt,
    Nearness,
    doubt_setting,
    gated_intent,
    is_out_of_domain,
    off_topic_in_guesses,
    off_topic_weight,
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


def weighed(name: str, confidence: float, off_topic: float) -> list[dict]:
    return [
        {"name": name, "confidence": confidence},
        {"name": "out_of_scope", "confidence": off_topic},
    ]


DOUBT = Doubt(margin=-0.075, off_topic=0.05)


@pytest.mark.parametrize(
    ("ranking", "near", "expected"),
    [
        # a clinic example nearer, an off-topic one nearly as near, off-topic next to nothing
        (weighed("ask_insurance", 0.9, 0.01), Nearness(0.70, 0.66), "ask_insurance"),
        # the same nearness, but the classifier gives off-topic some weight: declined
        (weighed("ask_insurance", 0.6, 0.2), Nearness(0.70, 0.66), "out_of_scope"),
        # off-topic weight left out of the ranking counts as none
        ([{"name": "ask_insurance", "confidence": 0.9}], Nearness(0.70, 0.66), "ask_insurance"),
        # the off-topic example nearer than every clinic one: declined whatever the weight
        (weighed("ask_insurance", 0.99, 0.001), Nearness(0.66, 0.70), "out_of_scope"),
        # the clinic example clearly nearer: answered whatever the weight
        (weighed("ask_insurance", 0.6, 0.3), Nearness(0.80, 0.60), "ask_insurance"),
        # far from every clinic example: declined
        (weighed("ask_insurance", 0.99, 0.001), Nearness(0.3, 0.2), "out_of_scope"),
    ],
)
def test_the_classifier_decides_when_an_off_topic_example_is_nearly_as_near(
    ranking: list[dict], near: Nearness, expected: str
) -> None:
    intent = str(ranking[0]["name"])
    assert gated_intent(intent, ranking, near, 0.4, 0.0, DOUBT) == expected


def test_without_a_doubt_setting_only_the_margin_counts() -> None:
    ranking = weighed("ask_insurance", 0.6, 0.3)
    assert gated_intent("ask_insurance", ranking, Nearness(0.70, 0.66), 0.4, 0.0) == "ask_insurance"
    assert gated_intent("ask_insurance", ranking, Nearness(0.70, 0.66), 0.4, -0.075) == (
        "out_of_scope"
    )


def test_doubt_setting_reads_the_config() -> None:
    assert doubt_setting(None, 0.05) == NO_DOUBT
    assert doubt_setting(-0.075, None) == NO_DOUBT
    assert doubt_setting(-0.075, 0.05) == Doubt(-0.075, 0.05)


def test_off_topic_weight_is_the_classifiers_confidence_in_off_topic() -> None:
    assert off_topic_weight(weighed("book", 0.7, 0.12)) == 0.12
    assert off_topic_weight([{"name": "book", "confidence": 0.9}]) == 0.0
