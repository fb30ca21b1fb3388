import math

import numpy as np
import pytest

from bench.metrics import (
    confused_pairs,
    entity_scores,
    intent_f1s,
    intent_scores,
    latency_summary,
    percentile,
    stratified_folds,
    unseen,
)


def test_folds_spread_every_label_evenly_and_are_seeded() -> None:
    labels = ["a"] * 10 + ["b"] * 5 + ["c"] * 3
    folds = stratified_folds(labels, 5, seed=1)
    for label in "ab":
        pairs = list(zip(folds, labels, strict=True))
        counts = [sum(f == k and lab == label for f, lab in pairs) for k in range(5)]
        assert max(counts) - min(counts) <= 1
    assert folds == stratified_folds(labels, 5, seed=1)
    assert folds != stratified_folds(labels, 5, seed=2)
    small = {f for f, lab in zip(folds, labels, strict=True) if lab == "c"}
    assert small != {0}  # a small label does not land in fold 0 only


def test_intent_scores() -> None:
    gold = ["a", "a", "b", "out_of_scope", "out_of_scope"]
    predicted = ["a", "b", "nlu_fallback", "nlu_fallback", "a"]
    scores = intent_scores(gold, predicted)
    assert scores["accuracy"] == pytest.approx(1 / 5)
    assert scores["confidently_wrong"] == pytest.approx(2 / 5)  # a->b and oos->a
    assert scores["oos_recall"] == pytest.approx(1 / 2)
    # F1: a = 2*1/(2+1+1) = 0.5, b = 0, out_of_scope = 0
    assert scores["macro_f1"] == pytest.approx(0.5 / 3)


def test_per_intent_f1_and_the_most_frequent_mistakes() -> None:
    gold = ["a", "a", "a", "b", "b", "c"]
    predicted = ["a", "b", "b", "b", "c", "c"]
    # a: tp 1, fn 2 -> 0.5; b: tp 1, fp 2, fn 1 -> 0.4; c: tp 1, fp 1 -> 2/3
    assert intent_f1s(gold, predicted) == pytest.approx({"a": 0.5, "b": 0.4, "c": 2 / 3})
    assert confused_pairs(gold, predicted, 1) == [("a", "b", 2)]
    assert confused_pairs(gold, predicted, 5) == [("a", "b", 2), ("b", "c", 1)]


def test_wrong_answers_set_by_a_safety_rule_are_counted_apart() -> None:
    gold = ["ask_rehab", "ask_rehab", "health_caution", "ask_cost"]
    predicted = ["health_caution", "ask_cost", "health_caution", "emergency_medical"]
    scores = intent_scores(gold, predicted)
    assert scores["confidently_wrong"] == pytest.approx(3 / 4)
    assert scores["wrong_by_safety_rule"] == pytest.approx(2 / 4)


def test_intent_scores_without_out_of_scope_examples() -> None:
    assert math.isnan(intent_scores(["a"], ["a"])["oos_recall"])


def test_entity_scores() -> None:
    gold = [{("condition", "arthritis")}, set(), {("setting", "rehab"), ("condition", "stroke")}]
    predicted = [{("condition", "arthritis")}, {("condition", "back")}, {("setting", "rehab")}]
    scores = entity_scores(gold, predicted)
    assert scores["precision"] == pytest.approx(2 / 3)
    assert scores["recall"] == pytest.approx(2 / 3)
    assert scores["f1"] == pytest.approx(2 / 3)


@pytest.mark.parametrize("q", [0, 50, 95, 99, 100])
def test_percentile_matches_numpy(q: float) -> None:
    values = [0.3, 0.1, 0.7, 0.2, 1.5, 0.9, 0.05]
    assert percentile(values, q) == pytest.approx(float(np.percentile(values, q)))


def test_latency_summary() -> None:
    summary = latency_summary([0.1] * 99 + [1.0], wall_seconds=10)
    assert summary["p50_ms"] == pytest.approx(100)
    assert summary["per_second"] == pytest.approx(10)


def test_unseen_drops_test_texts_that_are_training_texts_up_to_case_and_punctuation() -> None:
    train = [("Hi!", "greet"), ("how much is it", "ask_cost")]
    test = [("hi", "greet"), ("HOW MUCH is it?", "ask_cost"), ("price of a session", "ask_cost")]
    assert unseen(test, train) == [("price of a session", "ask_cost")]
