from typing import Any

from bench.report import PIPELINES, nlu_section


def scores(accuracy: float, confidently_wrong: float, by_rule: float = 0.0) -> dict[str, float]:
    return {
        "accuracy": accuracy,
        "macro_f1": accuracy,
        "confidently_wrong": confidently_wrong,
        "wrong_by_safety_rule": by_rule,
        "oos_recall": 0.9,
    }


def run(ours: dict[str, float]) -> dict[str, tuple[str, str]]:
    pipeline = {
        "cross_validation": scores(0.7, 0.1),
        "heldout": scores(0.9, 0.03),
        "entity": {"f1": 0.0},
        "train_seconds_full": 1.0,
    }
    nlu: dict[str, Any] = {
        "training_examples": 10,
        "heldout_examples": 5,
        "intents": 2,
        "folds": 5,
        "seed": 1,
        "pipelines": dict.fromkeys(PIPELINES, pipeline),
        "shipped": {"heldout": ours, "entity": {"f1": 1.0}},
    }
    _, targets = nlu_section(nlu)
    return {name: (measured, verdict) for name, measured, verdict in targets}


def test_confidently_wrong_shows_both_parts_and_is_judged_on_the_total() -> None:
    measured, verdict = run(scores(0.95, 0.028, by_rule=0.010))["confidently wrong <= 2%"]
    assert measured == "2.8% (1.8% classifier, 1.0% safety verdicts)"
    assert verdict == "**not met**"


def test_confidently_wrong_within_target_is_met() -> None:
    measured, verdict = run(scores(0.95, 0.015))["confidently wrong <= 2%"]
    assert measured == "1.5% (1.5% classifier, 0.0% safety verdicts)"
    assert verdict == "met"
