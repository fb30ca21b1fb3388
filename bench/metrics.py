"""Scores for the benchmarks: pure functions over predictions and timings."""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence

from clinic.names import (
    EMERGENCY_CRISIS,
    EMERGENCY_MEDICAL,
    HEALTH_CAUTION,
    OUT_OF_SCOPE,
)
from clinic.names import NLU_FALLBACK as FALLBACK

# Set by the safety rules, not the classifier: an emergency reply, or a
# caution (see your physician first) followed by the answer to the question.
SAFETY_INTENTS = frozenset({EMERGENCY_MEDICAL, EMERGENCY_CRISIS, HEALTH_CAUTION})


def stratified_folds(labels: Sequence[Hashable], folds: int, seed: int) -> list[int]:
    """A fold number for each item: every label spread evenly over the folds, seeded."""
    by_label: dict[Hashable, list[int]] = defaultdict(list)
    for index, label in enumerate(labels):
        by_label[label].append(index)
    rng = random.Random(seed)
    assignment = [0] * len(labels)
    offset = 0
    for label in sorted(by_label, key=str):
        members = by_label[label]
        rng.shuffle(members)
        for position, index in enumerate(members):
            assignment[index] = (offset + position) % folds
        offset += len(members)  # so small labels do not all start in fold 0
    return assignment


def normalised(text: str) -> str:
    """Lower case, letters, digits and single spaces: "Price?" and "price" are one text."""
    return " ".join("".join(c for c in text.lower() if c.isalnum() or c.isspace()).split())


def unseen(
    test: Sequence[tuple[str, str]], train: Sequence[tuple[str, str]]
) -> list[tuple[str, str]]:
    """The (text, label) test items whose text is not, normalised, a training text.

    A blind writer types "hi" and "price?" as the training data does; scoring
    those says nothing about wording the model has not seen.
    """
    known = {normalised(text) for text, _ in train}
    return [item for item in test if normalised(item[0]) not in known]


def intent_f1s(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, float]:
    """F1 of every gold intent."""
    pairs = list(zip(gold, predicted, strict=True))
    f1s = {}
    for label in sorted(set(gold)):
        tp = sum(g == p == label for g, p in pairs)
        fp = sum(p == label != g for g, p in pairs)
        fn = sum(g == label != p for g, p in pairs)
        f1s[label] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return f1s


def confused_pairs(
    gold: Sequence[str], predicted: Sequence[str], top: int
) -> list[tuple[str, str, int]]:
    """The `top` most frequent (true intent, predicted intent, count) mistakes."""
    mistakes = Counter((g, p) for g, p in zip(gold, predicted, strict=True) if g != p)
    return [(g, p, n) for (g, p), n in mistakes.most_common(top)]


def intent_scores(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, float]:
    """Accuracy, macro-F1 over the gold intents, the confidently-wrong rate (a wrong
    intent the bot would answer, i.e. not the fallback; and the part of it that is
    a safety rule's verdict) and out-of-scope recall (out-of-scope messages that
    got no FAQ answer: out_of_scope or the fallback)."""
    if len(gold) != len(predicted) or not gold:
        raise ValueError("need as many predictions as gold labels, at least one")
    pairs = list(zip(gold, predicted, strict=True))
    f1s = list(intent_f1s(gold, predicted).values())
    oos = [p for g, p in pairs if g == OUT_OF_SCOPE]
    return {
        "accuracy": sum(g == p for g, p in pairs) / len(pairs),
        "macro_f1": sum(f1s) / len(f1s),
        "confidently_wrong": sum(g != p != FALLBACK for g, p in pairs) / len(pairs),
        "wrong_by_safety_rule": sum(g != p in SAFETY_INTENTS for g, p in pairs) / len(pairs),
        "oos_recall": (sum(p in (OUT_OF_SCOPE, FALLBACK) for p in oos) / len(oos))
        if oos
        else math.nan,
    }


def entity_scores(
    gold: Sequence[set[tuple[str, str]]], predicted: Sequence[set[tuple[str, str]]]
) -> dict[str, float]:
    """Micro precision, recall and F1 over (entity, value) pairs per message."""
    tp = sum(len(g & p) for g, p in zip(gold, predicted, strict=True))
    fp = sum(len(p - g) for g, p in zip(gold, predicted, strict=True))
    fn = sum(len(g - p) for g, p in zip(gold, predicted, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) with linear interpolation, as numpy's default."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def latency_summary(latencies: Sequence[float], wall_seconds: float) -> dict[str, float]:
    """p50/p95/p99 in milliseconds and messages per second."""
    return {
        "messages": len(latencies),
        "p50_ms": 1000 * percentile(latencies, 50),
        "p95_ms": 1000 * percentile(latencies, 95),
        "p99_ms": 1000 * percentile(latencies, 99),
        "per_second": len(latencies) / wall_seconds,
    }


def quiet_rasa_logs() -> None:
    """Rasa's debug log prints every parsed message with its verdict: a blind or
    untouched file must not show in a bench log, where a reader would see it."""
    import logging

    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)
    logging.getLogger("rasa").setLevel(logging.WARNING)
