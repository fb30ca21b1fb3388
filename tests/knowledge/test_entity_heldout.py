"""Entity extraction measured on held-out patient messages: F1 must stay >= 0.90."""

from __future__ import annotations

from pathlib import Path

from rasa.shared.nlu.training_data.loading import load_data

from clinic.knowledge import load_knowledge
from clinic.mentions import Mention, find_mentions, matcher

HELDOUT = Path(__file__).with_name("entities_heldout.yml")
MIN_F1 = 0.90
MATCHER = matcher(load_knowledge())


def overlaps(a: Mention, b: Mention) -> bool:
    return a.entity == b.entity and a.value == b.value and a.start < b.end and b.start < a.end


def score() -> tuple[int, int, int, list[str]]:
    true_pos = false_pos = false_neg = 0
    misses = []
    examples = load_data(str(HELDOUT)).training_examples
    assert len(examples) >= 60
    for example in examples:
        gold = [
            Mention(e["entity"], e["value"], e["start"], e["end"])
            for e in example.get("entities") or []
        ]
        found = find_mentions(example.get("text"), MATCHER)
        hits = [f for f in found if any(overlaps(f, g) for g in gold)]
        true_pos += len(hits)
        false_pos += len(found) - len(hits)
        missed = [g for g in gold if not any(overlaps(f, g) for f in found)]
        false_neg += len(missed)
        if missed or len(found) != len(hits):
            misses.append(f"{example.get('text')!r}: found {found}, expected {gold}")
    return true_pos, false_pos, false_neg, misses


def test_entity_f1_on_heldout_messages() -> None:
    true_pos, false_pos, false_neg, misses = score()
    precision = true_pos / (true_pos + false_pos)
    recall = true_pos / (true_pos + false_neg)
    f1 = 2 * precision * recall / (precision + recall)
    print(f"entity P={precision:.3f} R={recall:.3f} F1={f1:.3f}")
    assert f1 >= MIN_F1, "\n".join(misses)
