"""Is a message about anything the clinic answers? Nearest examples in sentence-vector space.

A classifier trained on the clinic's intents gives *some* intent a high score
for "what are the visa requirements for brazil"; how close the message comes
to the clinic's own training examples is a far better sign. A message is out
of the domain when
- its nearest in-domain example is less similar than `threshold`, or
- an off-topic example (the `out_of_scope` training data) is nearer than every
  in-domain one by more than `margin`: "book a table for two" is close to
  "book a session", and closer still to "reserve a table at a restaurant"; or
- an off-topic example comes nearly as near as the nearest clinic one (within
  the `Doubt` margin) and the classifier, trained on both kinds, gives
  off-topic some weight too. "do you take united healthcare" sits about as
  near "does my dermatologist take united healthcare" as any clinic example,
  but the classifier gives off-topic next to nothing, so it is answered.
Closeness to a kind of example is the mean similarity of its `neighbours`
nearest examples: one off-topic look-alike near a clinic question ("is the
bank open on saturday" beside "what are your hours on Saturday?") then
weighs less than the several clinic examples around it.
Vectors are unit length (clinic.sentence_encoder), so similarity is a dot product.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from clinic.names import NLU_FALLBACK as FALLBACK
from clinic.names import OUT_OF_SCOPE

Vectors = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Nearness:
    """How close one message comes to the clinic's examples and to off-topic ones."""

    in_domain: float
    off_topic: float


@dataclass(frozen=True)
class DomainExamples:
    """Unit-length sentence vectors of the in-domain and the off-topic training examples."""

    in_domain: Vectors
    off_topic: Vectors

    @classmethod
    def from_labelled(
        cls, vectors: Vectors, intents: Sequence[str], off_topic_intent: str = OUT_OF_SCOPE
    ) -> DomainExamples:
        """Split training vectors by whether their intent is the off-topic one."""
        if len(vectors) != len(intents):
            raise ValueError("need one intent per vector")
        off = np.array([intent == off_topic_intent for intent in intents], dtype=bool)
        width = vectors.shape[1] if vectors.ndim == 2 else 0
        matrix = vectors.reshape(len(intents), width).astype(np.float32)
        return cls(in_domain=matrix[~off], off_topic=matrix[off])

    def nearness(self, vectors: Vectors, neighbours: int = 1) -> list[Nearness]:
        """The mean similarity of the `neighbours` nearest examples of each kind,
        per row of `vectors`."""
        return [
            Nearness(float(a), float(b))
            for a, b in zip(
                _nearest(vectors, self.in_domain, neighbours),
                _nearest(vectors, self.off_topic, neighbours),
                strict=True,
            )
        ]


def _nearest(vectors: Vectors, examples: Vectors, neighbours: int) -> npt.NDArray[np.float32]:
    if len(examples) == 0:
        return np.full(len(vectors), -1.0, dtype=np.float32)
    similarities = vectors @ examples.T
    k = max(1, min(neighbours, similarities.shape[1]))
    if k == 1:
        return similarities.max(axis=1)  # type: ignore[no-any-return]
    top = np.partition(similarities, -k, axis=1)[:, -k:]
    return top.mean(axis=1)  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Doubt:
    """An off-topic example nearer than `margin` from the nearest clinic example
    declines the message when the classifier gives off-topic `off_topic` or more."""

    margin: float = float("inf")
    off_topic: float = float("inf")


NO_DOUBT = Doubt()


def doubt_setting(margin: float | None, off_topic: float | None) -> Doubt:
    """The `Doubt` of a config's `doubt_margin` and `doubt_off_topic` (None: not set)."""
    if margin is None or off_topic is None:
        return NO_DOUBT
    return Doubt(float(margin), float(off_topic))


def is_out_of_domain(
    near: Nearness,
    threshold: float,
    margin: float,
    off_topic: float = 0.0,
    doubt: Doubt = NO_DOUBT,
) -> bool:
    """Far from everything the clinic answers, clearly nearer an off-topic example,
    or nearly as near one while the classifier gives off-topic the weight `off_topic`."""
    if near.in_domain < threshold:
        return True
    if near.off_topic > near.in_domain + margin:
        return True
    return near.off_topic > near.in_domain + doubt.margin and off_topic >= doubt.off_topic


def off_topic_weight(ranking: Iterable[Mapping[str, Any]]) -> float:
    """The classifier's confidence in `out_of_scope` (0 when it is not in the ranking)."""
    for entry in ranking:
        if entry.get("name") == OUT_OF_SCOPE:
            return float(entry.get("confidence") or 0.0)
    return 0.0


def off_topic_in_guesses(ranking: Iterable[Mapping[str, Any]], guesses: int = 2) -> bool:
    """Whether `out_of_scope` is among the classifier's best `guesses` intents.

    An unsure reading whose best guesses include "off-topic" is declined, not
    answered with a "did you mean" offering clinic topics.
    """
    names = [str(entry.get("name") or "") for entry in ranking]
    return OUT_OF_SCOPE in [n for n in names if n != FALLBACK][:guesses]


def gated_intent(
    intent: str,
    ranking: Iterable[Mapping[str, Any]],
    near: Nearness,
    threshold: float,
    margin: float,
    doubt: Doubt = NO_DOUBT,
) -> str:
    """The intent after the gate: `out_of_scope`, or the classifier's (or fallback's) reading."""
    ranking = list(ranking)
    if is_out_of_domain(near, threshold, margin, off_topic_weight(ranking), doubt):
        return OUT_OF_SCOPE
    if intent == FALLBACK and off_topic_in_guesses(ranking):
        return OUT_OF_SCOPE
    return intent
