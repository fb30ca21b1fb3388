"""Which conditions, care settings, techniques and claims a message mentions.

`find_mentions` maps what a patient typed ("fibro", "sprained my ankle", "my
PT") to knowledge-base keys; the Rasa server's entity extractor uses it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass

from clinic.knowledge import KnowledgeBase
from clinic.text import normalise_with_offsets

# A typo must be this close to a single-word synonym of at least 6 letters.
TYPO_SIMILARITY = 0.85
_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class Mention:
    """A knowledge-base key (`value`) of kind `entity`, at a span of the text as typed."""

    entity: str
    value: str
    start: int
    end: int


@dataclass(frozen=True)
class Matcher:
    """Every synonym of the knowledge base, compiled once when the model loads."""

    patterns: tuple[tuple[re.Pattern[str], str, str], ...]
    typo_words: Mapping[str, tuple[str, str]]
    # written patterns span a whole phrase ("hurt my back lifting at work"), so
    # they do not take words from the synonyms inside them
    written: tuple[tuple[re.Pattern[str], str, str], ...] = ()


def _synonym_pattern(synonym: str) -> re.Pattern[str]:
    # Apostrophes are dropped before matching ("golfer's" -> "golfers"); a
    # trailing "s" is optional so plurals match; hyphens match spaces.
    words = [re.escape(w) for w in re.split(r"[\s-]+", synonym.replace("'", ""))]
    return re.compile(r"\b" + r"[\s-]?".join(words) + r"s?\b")


def matcher(kb: KnowledgeBase) -> Matcher:
    """Precompiled synonym patterns, longest synonyms first."""
    triples = [
        (synonym, entry.kind, entry.key) for entry in kb.entries() for synonym in entry.synonyms
    ]
    triples.sort(key=lambda t: -len(t[0]))
    typo_words = {s: (kind, key) for s, kind, key in triples if " " not in s and len(s) >= 6}
    written = tuple(
        (re.compile(p), entry.kind, entry.key) for entry in kb.entries() for p in entry.patterns
    )
    synonyms = tuple((_synonym_pattern(s), k, v) for s, k, v in triples)
    return Matcher(synonyms, typo_words, written)


def find_mentions(text: str, compiled: Matcher) -> list[Mention]:
    """Conditions, settings, techniques and claims mentioned in `text`, in reading order.

    Longer synonyms win over shorter overlapping ones; a word within a small
    edit distance of a long single-word synonym counts as a typo of it.
    """
    norm, offsets = normalise_with_offsets(text)
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, int, str, str]] = []

    def take(start: int, end: int, kind: str, key: str) -> None:
        if end > start and all(end <= s or start >= e for s, e in taken):
            taken.append((start, end))
            found.append((start, end, kind, key))

    for pattern, kind, key in compiled.patterns:
        for match in pattern.finditer(norm):
            take(match.start(), match.end(), kind, key)
    for word in _WORD.finditer(norm):
        if len(word.group(0)) < 6:
            continue
        close = difflib.get_close_matches(
            word.group(0), compiled.typo_words, n=1, cutoff=TYPO_SIMILARITY
        )
        if close:
            take(word.start(), word.end(), *compiled.typo_words[close[0]])
    named = {(kind, key) for _, _, kind, key in found}
    for pattern, kind, key in compiled.written:
        phrase = pattern.search(norm)
        if phrase and (kind, key) not in named:
            named.add((kind, key))
            found.append((phrase.start(), phrase.end(), kind, key))
    return [
        Mention(kind, key, offsets[start], offsets[end - 1] + 1)
        for start, end, kind, key in sorted(found)
    ]
