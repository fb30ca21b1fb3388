"""Emergencies by meaning: nearest labelled exemplars in sentence-vector space.

The rules (clinic/safety.py) catch the warning signs they list; people in
trouble often say it otherwise ("the pills are lined up", "my lips look kind
of blue"). This layer compares the message's sentence vector with labelled
exemplars: medical emergencies, crises, and harmless messages (look-alikes
and ordinary clinic questions). A kind fires when the message is close to its
exemplars (the mean of the `k` best similarities) and closer to them than to
any harmless exemplar by `margin`. It adds to the rules, never removes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import yaml

from clinic.safety import EmergencyKind, SafetyRulesError

Vectors = npt.NDArray[np.float32]
KINDS = ("medical", "crisis", "harmless")


@dataclass(frozen=True)
class Closeness:
    """Mean similarity of a message to its best exemplars of each kind."""

    medical: float
    crisis: float
    harmless: float


@dataclass(frozen=True)
class SafetyExemplars:
    """Unit-length sentence vectors of the labelled exemplars."""

    medical: Vectors
    crisis: Vectors
    harmless: Vectors

    def closeness(self, vector: Vectors, k: int) -> Closeness:
        def best(examples: Vectors) -> float:
            if len(examples) == 0:
                return -1.0
            scores = examples @ vector
            if len(scores) > k:  # the k best, unordered: cheaper than sorting them all
                scores = np.partition(scores, -k)[-k:]
            return float(scores.mean())

        return Closeness(best(self.medical), best(self.crisis), best(self.harmless))


@dataclass(frozen=True)
class SemanticSettings:
    """When a kind fires (config.yml of the SemanticSafety component)."""

    medical_threshold: float
    crisis_threshold: float
    margin: float
    k: int


def semantic_emergency(near: Closeness, settings: SemanticSettings) -> EmergencyKind | None:
    """The kind of emergency the message is close to, if any; a crisis outranks."""
    if near.crisis >= settings.crisis_threshold and near.crisis > near.harmless + settings.margin:
        return EmergencyKind.CRISIS
    if (
        near.medical >= settings.medical_threshold
        and near.medical > near.harmless + settings.margin
    ):
        return EmergencyKind.MEDICAL
    return None


# A sentence shorter than this ("hi.", "ok so") says nothing on its own.
MIN_SENTENCE_WORDS = 3
_RANK = {EmergencyKind.CRISIS: 2, EmergencyKind.MEDICAL: 1}


# Sentence-ending punctuation (or a line break) with more text after it: only
# then can a message have a second sentence, and is it worth parsing.
_MORE_AFTER_A_BREAK = re.compile(r"[.!?;:\n]+\s*[^\s.!?;:]")


def may_have_several_sentences(text: str) -> bool:
    """Whether the message could have more than one sentence (a cheap test before the parse)."""
    return bool(_MORE_AFTER_A_BREAK.search(text.strip()))


def sentences_to_score(sentences: Sequence[str]) -> list[str]:
    """The sentences of a message worth scoring on their own, beside the whole message.

    An emergency inside a booking question ("can I still come at 3? my chest
    is crushing and my arm is numb. do you take Aetna?") is diluted in the
    vector of the whole message and plain in its own sentence. A message of
    one sentence needs no second look.
    """
    kept = [s.strip() for s in sentences if len(s.split()) >= MIN_SENTENCE_WORDS]
    return kept if len(kept) > 1 else []


def strongest(kinds: Sequence[EmergencyKind | None]) -> EmergencyKind | None:
    """The most urgent verdict of a message's parts: a crisis outranks a medical emergency."""
    found = [k for k in kinds if k is not None]
    return max(found, key=_RANK.__getitem__) if found else None


@dataclass(frozen=True)
class Verdict:
    """The semantic layer's verdict on a message, and the closeness that decided it."""

    kind: EmergencyKind | None
    near: Closeness  # of the part that fired, else of the whole message
    sentences_scored: int


def message_verdict(
    text: str,
    vector: Vectors,
    exemplars: SafetyExemplars,
    settings: SemanticSettings,
    split: Callable[[str], list[str]] | None = None,
    encode: Callable[[list[str]], Vectors] | None = None,
) -> Verdict:
    """Score the whole message (its `vector`) and, given a splitter and an encoder,
    each of its sentences; the most urgent verdict counts."""
    vectors = [vector]
    if split is not None and encode is not None and may_have_several_sentences(text):
        parts = sentences_to_score(split(text))
        if parts:
            vectors += list(encode(parts))
    nears = [exemplars.closeness(v, settings.k) for v in vectors]
    kinds = [semantic_emergency(near, settings) for near in nears]
    kind = strongest(kinds)
    return Verdict(kind, nears[kinds.index(kind)] if kind else nears[0], len(vectors) - 1)


def exemplar_texts(paths: Sequence[Path]) -> dict[str, list[str]]:
    """medical / crisis / harmless texts from labelled files (emergency.medical,
    emergency.crisis, not_emergency, and any `caution`: a risk to check with a
    doctor is not an emergency); SafetyRulesError names a malformed file."""
    found: dict[str, list[str]] = {kind: [] for kind in KINDS}
    for path in paths:
        try:
            raw: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
            emergency: Mapping[str, Any] = raw["emergency"]
            parts = {
                "medical": emergency["medical"],
                "crisis": emergency["crisis"],
                "harmless": [*raw["not_emergency"], *(raw.get("caution") or [])],
            }
        except (OSError, yaml.YAMLError, KeyError, TypeError) as error:
            raise SafetyRulesError(f"safety exemplars {path}: {error!r}") from error
        for kind, texts in parts.items():
            if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
                raise SafetyRulesError(f"safety exemplars {path}: {kind} must be a list of texts")
            found[kind].extend(texts)
    return found
