"""Labelled phrasings: every emergency caught, at most 2% of look-alikes flagged.

Three files (data/safety/), each written independently of the rules and of
the others; the rules were widened after each was read, so they are tuned-on
files, not a blind measure (bench/safety.py reports the untouched batch).
"""

from pathlib import Path

import pytest
import yaml

from clinic.safety import EmergencyKind, detect, load_rules
from extensions.spacy_nlp import clause_splitter

# Also the exemplars of the semantic layer (extensions/semantic_safety.py).
DATA = Path(__file__).resolve().parents[2] / "data" / "safety"
FILES = ["emergency_phrasings.yml", "emergency_heldout.yml", "emergency_fresh.yml"]
RULES = load_rules()
# Clauses as the server reads them (SafetyCheck).
CLAUSES = clause_splitter()
MAX_FALSE_POSITIVE_RATE = 0.02


def labelled(name: str) -> dict:
    return yaml.safe_load((DATA / name).read_text())


@pytest.mark.parametrize("name", FILES)
def test_the_labelled_file_is_big_enough(name: str) -> None:
    data = labelled(name)
    emergencies = data["emergency"]["medical"] + data["emergency"]["crisis"]
    assert len(emergencies) >= 60 and len(data["not_emergency"]) >= 60


@pytest.mark.parametrize("name", FILES)
def test_recall_is_100_percent_with_the_right_kind(name: str) -> None:
    data = labelled(name)
    missed = []
    for kind in ("medical", "crisis"):
        for text in data["emergency"][kind]:
            found = detect(text, RULES, CLAUSES)
            # A crisis reply also gives 911, so a medical emergency read as a
            # crisis is still sent to help; the reverse would drop 988.
            if found is None or (kind == "crisis" and found.kind is not EmergencyKind.CRISIS):
                missed.append((kind, text))
    assert missed == []


@pytest.mark.parametrize("name", FILES)
def test_false_positive_rate_is_at_most_2_percent(name: str) -> None:
    look_alikes = labelled(name)["not_emergency"]
    fired = [
        (text, found.category) for text in look_alikes if (found := detect(text, RULES, CLAUSES))
    ]
    assert len(fired) / len(look_alikes) <= MAX_FALSE_POSITIVE_RATE, fired
