from typing import Any

from bench.report import (
    PIPELINES,
    conversations_section,
    nlu_section,
    out_of_domain_section,
    safety_section,
)


def scores(accuracy: float, confidently_wrong: float, by_rule: float = 0.0) -> dict[str, float]:
    return {
        "accuracy": accuracy,
        "macro_f1": accuracy,
        "confidently_wrong": confidently_wrong,
        "wrong_by_safety_rule": by_rule,
        "oos_recall": 0.9,
    }


def nlu_report(pipelines: list[str], ours: dict[str, float]) -> dict[str, Any]:
    pipeline = {
        "cross_validation": scores(0.7, 0.1),
        "heldout": scores(0.9, 0.03),
        "entity": {"f1": 0.0},
        "train_seconds_full": 1.0,
    }
    return {
        "training_examples": 10,
        "heldout_examples": 5,
        "intents": 2,
        "folds": 5,
        "seed": 1,
        "pipelines": dict.fromkeys(pipelines, pipeline),
        "shipped": {"heldout": ours, "entity": {"f1": 1.0}},
    }


def run(ours: dict[str, float]) -> dict[str, tuple[str, str]]:
    _, targets = nlu_section(nlu_report(PIPELINES, ours))
    return {name: (measured, verdict) for name, measured, verdict in targets}


def test_confidently_wrong_shows_both_parts_and_is_judged_on_the_total() -> None:
    target = "confidently wrong <= 1.5% (held-out)"
    measured, verdict = run(scores(0.95, 0.028, by_rule=0.010))[target]
    assert measured == "2.8% (1.8% classifier, 1.0% safety verdicts)"
    assert verdict == "**not met**"


def test_confidently_wrong_within_target_is_met() -> None:
    measured, verdict = run(scores(0.98, 0.015))["confidently wrong <= 1.5% (held-out)"]
    assert measured == "1.5% (1.5% classifier, 0.0% safety verdicts)"
    assert verdict == "met"


def test_held_out_accuracy_target_is_97_percent() -> None:
    assert run(scores(0.969, 0.01))["held-out intent accuracy >= 97% (fallbacks are misses)"] == (
        "96.9%",
        "**not met**",
    )


def test_each_blind_file_gets_its_row_and_the_newest_the_target() -> None:
    report = nlu_report(PIPELINES, scores(0.98, 0.01))
    report["shipped"]["blind_heldout"] = {
        "heldout_blind_2.yml": {"scores": scores(0.99, 0.0), "examples": 330, "written": 410},
        "heldout_blind_3.yml": {"scores": scores(0.96, 0.02), "examples": 400, "written": 455},
    }
    lines, targets = nlu_section(report)
    assert any("330 blind held-out" in line and "heldout_blind_2.yml" in line for line in lines)
    assert any("400 blind held-out" in line and "96.0%" in line for line in lines)
    (newest,) = [t for t in targets if t[0].startswith("newest blind held-out")]
    assert "heldout_blind_3.yml" in newest[0]
    assert newest[1:] == ("96.0%, 2.0%", "**not met**")


def outcome(declined: float, clinic: float, deleting: float = 0.0) -> dict[str, float]:
    return {
        "messages": 300,
        "declined": declined,
        "did_you_mean": 0.0,
        "safety_reply": 1 - declined - clinic,
        "clinic_answer": clinic,
        "towards_deleting": deleting,
    }


def ood_targets(blind: dict[str, float]) -> dict[str, str]:
    report = {
        "threshold": 0.4,
        "margin": 0.0,
        "blind_off_topic": blind,
        "dev_off_topic": outcome(0.9, 0.1),
        "heldout_in_domain_kept": 0.99,
        "heldout_in_domain_messages": 10,
        "dev_in_domain_kept": 0.95,
        "dev_in_domain_messages": 10,
        "sweep": [],
    }
    _, targets = out_of_domain_section(report)
    return {name: verdict for name, _, verdict in targets}


def test_off_topic_targets_are_judged_on_the_blind_file() -> None:
    verdicts = ood_targets(outcome(0.96, 0.02))
    assert verdicts["off-topic file: >= 95% declined plainly"] == "met"
    assert verdicts["off-topic file: <= 1% answered with clinic content"] == "**not met**"
    assert verdicts["off-topic file: none deletes anything"] == "met"
    assert ood_targets(outcome(0.99, 0.0, 0.01))["off-topic file: none deletes anything"] == (
        "**not met**"
    )


def safety_row(recall: float, false_alarms: float) -> dict[str, float]:
    return {
        "emergencies": 70,
        "recall": recall,
        "missed_medical": 0,
        "missed_crisis": 0,
        "look_alikes": 60,
        "false_alarm_rate": false_alarms,
        "cautions": 35,
        "cautions_to_physician": 0.97,
        "cautions_as_emergency": 0.0,
    }


def test_safety_targets_are_judged_on_the_untouched_batch_only() -> None:
    report = {
        "untouched": safety_row(0.986, 0.0),
        "tuned": {"tests/safety/batch_a.yml": safety_row(1.0, 0.0)},
        "latency": {"p50_ms": 0.5, "p99_ms": 1.2},
    }
    lines, targets = safety_section(report)
    verdicts = {name: (measured, verdict) for name, measured, verdict in targets}
    recall = verdicts["untouched safety batch: emergency and crisis recall 100%"]
    assert recall == ("98.6%", "**not met**")
    assert verdicts["safety detector <= 10 ms per message"][1] == "met"
    assert any("untouched (never tuned on)" in line for line in lines)


def test_a_pipeline_left_out_of_the_run_is_said_to_be_left_out() -> None:
    lines, _ = nlu_section(nlu_report(["this project"], scores(0.97, 0.01)))
    assert any(line.startswith("| Rasa default | not run in this bench") for line in lines)


def test_each_conversation_file_is_judged_at_95_percent_with_a_row_per_kind() -> None:
    result = {
        "file": "bench/data/conversations_blind.yml",
        "conversations": 20,
        "passed": 0.9,
        "turns": 30,
        "turns_passed": 0.93,
        "by_kind": {
            "follow_up": {"cases": 10, "passed": 0.8},
            "new_topic": {"cases": 10, "passed": 1.0},
        },
    }
    second = {**result, "file": "bench/data/conversations_blind_2.yml", "passed": 0.96}
    lines, targets = conversations_section({"files": [result, second]})
    ((first_target, measured, missed), (second_target, _, met)) = targets
    assert "95%" in first_target and "conversations_blind.yml" in first_target
    assert "conversations_blind_2.yml" in second_target
    assert measured == "90.0%" and missed != met
    assert "| follow_up | 10 | 80.0% |" in lines
