"""The condition and care-setting knowledge base (content/conditions.yml).

Loading validates the whole file, so a broken entry stops the action server
at start-up with a message naming it. `find_mentions` maps what a patient
typed ("fibro", "sprained my ankle", "my PT") to knowledge-base keys; it is
used by the Rasa server's entity extractor.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clinic.editorial import banned_claims
from clinic.profile import CONTENT_DIR, ProfileError, read_mapping
from clinic.safety import normalise_with_offsets

DEFAULT_KNOWLEDGE_PATH = CONTENT_DIR / "conditions.yml"
CONDITION, SETTING, TECHNIQUE = "condition", "setting", "technique"
CONDITION_FIELDS = (
    *("label", "synonyms", "answer", "techniques", "frequency", "expect"),
    *("service", "sources", "last_reviewed"),
)
SETTING_FIELDS = ("intent", "label", "synonyms", "answer", "sources", "last_reviewed")
PHRASES = ("techniques", "technique_fits", "technique_other", "unknown_condition")
# A typo must be this close to a single-word synonym of at least 6 letters.
TYPO_SIMILARITY = 0.85
_WORD = re.compile(r"[a-z]+")


class KnowledgeError(ProfileError):
    """The knowledge base file is missing, malformed or makes a banned claim."""


@dataclass(frozen=True)
class Entry:
    key: str
    kind: str
    label: str
    synonyms: tuple[str, ...]
    answer: str = ""
    techniques: tuple[str, ...] = ()
    frequency: str = ""
    expect: str = ""
    safety: str = ""
    service: str = ""
    sources: tuple[str, ...] = ()
    last_reviewed: dt.date | None = None
    intent: str = ""


@dataclass(frozen=True)
class Mention:
    entity: str
    value: str
    start: int
    end: int


@dataclass(frozen=True)
class KnowledgeBase:
    conditions: Mapping[str, Entry]
    settings: Mapping[str, Entry]
    techniques: Mapping[str, Entry]
    sources: Mapping[str, str]
    phrases: Mapping[str, str]

    def entries(self) -> Iterable[Entry]:
        yield from self.conditions.values()
        yield from self.settings.values()
        yield from self.techniques.values()


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _entry(kind: str, key: str, raw: Any, required: tuple[str, ...]) -> Entry:
    if not isinstance(raw, Mapping):
        raise KnowledgeError(f"{kind} {key}: must be a mapping")
    missing = [f for f in required if not raw.get(f)]
    if missing:
        raise KnowledgeError(f"{kind} {key}: missing {', '.join(missing)}")
    synonyms = raw["synonyms"]
    if not isinstance(synonyms, list) or not all(isinstance(s, str) and s for s in synonyms):
        raise KnowledgeError(f"{kind} {key}: synonyms must be a list of words")
    reviewed = raw.get("last_reviewed")
    if reviewed is not None and not isinstance(reviewed, dt.date):
        raise KnowledgeError(f"{kind} {key}: last_reviewed must be a date (YYYY-MM-DD)")
    return Entry(
        key=key,
        kind=kind,
        label=_text(raw["label"]),
        synonyms=tuple(s.lower() for s in synonyms),
        answer=_text(raw.get("answer")),
        techniques=tuple(raw.get("techniques") or ()),
        frequency=_text(raw.get("frequency")),
        expect=_text(raw.get("expect")),
        safety=_text(raw.get("safety")),
        service=_text(raw.get("service")),
        sources=tuple(raw.get("sources") or ()),
        last_reviewed=reviewed,
        intent=_text(raw.get("intent")),
    )


def _section(
    raw: Mapping[str, Any], name: str, kind: str, required: tuple[str, ...]
) -> dict[str, Entry]:
    section = raw.get(name)
    if not isinstance(section, Mapping) or not section:
        raise KnowledgeError(f"section {name!r} is missing or empty")
    return {key: _entry(kind, key, spec, required) for key, spec in section.items()}


def _phrases(raw: Any) -> dict[str, str]:
    if not isinstance(raw, Mapping):
        raise KnowledgeError("section 'phrases' is missing")
    missing = [p for p in PHRASES if not raw.get(p)]
    if missing:
        raise KnowledgeError(f"phrases: missing {', '.join(missing)}")
    return {p: _text(raw[p]) for p in PHRASES}


def parse_knowledge(raw: Mapping[str, Any]) -> KnowledgeBase:
    """Build and validate the knowledge base from parsed YAML."""
    sources = raw.get("sources")
    if not isinstance(sources, Mapping) or not sources:
        raise KnowledgeError("section 'sources' is missing or empty")
    kb = KnowledgeBase(
        conditions=_section(raw, "conditions", CONDITION, CONDITION_FIELDS),
        settings=_section(raw, "settings", SETTING, SETTING_FIELDS),
        techniques=_section(raw, "techniques", TECHNIQUE, ("label", "synonyms")),
        sources={str(k): _text(v) for k, v in sources.items()},
        phrases=_phrases(raw.get("phrases")),
    )
    for entry in kb.entries():
        unknown = set(entry.techniques) - set(kb.techniques)
        if unknown:
            raise KnowledgeError(f"{entry.kind} {entry.key}: unknown techniques {sorted(unknown)}")
        unknown = set(entry.sources) - set(kb.sources)
        if unknown:
            raise KnowledgeError(f"{entry.kind} {entry.key}: unknown sources {sorted(unknown)}")
        for text in (entry.answer, entry.frequency, entry.expect, entry.safety):
            claim = banned_claims().search(text)
            if claim:
                raise KnowledgeError(f"{entry.kind} {entry.key}: banned claim {claim.group(0)!r}")
    return kb


def load_knowledge(path: Path = DEFAULT_KNOWLEDGE_PATH) -> KnowledgeBase:
    """Read and validate content/conditions.yml (or another knowledge-base file)."""
    return parse_knowledge(read_mapping(path, "knowledge base"))


@dataclass(frozen=True)
class _Matcher:
    patterns: tuple[tuple[re.Pattern[str], str, str], ...]
    typo_words: Mapping[str, tuple[str, str]]


def _synonym_pattern(synonym: str) -> re.Pattern[str]:
    # Apostrophes are dropped before matching ("golfer's" -> "golfers"); a
    # trailing "s" is optional so plurals match; hyphens match spaces.
    words = [re.escape(w) for w in re.split(r"[\s-]+", synonym.replace("'", ""))]
    return re.compile(r"\b" + r"[\s-]?".join(words) + r"s?\b")


def matcher(kb: KnowledgeBase) -> _Matcher:
    """Precompiled synonym patterns, longest synonyms first."""
    triples = [
        (synonym, entry.kind, entry.key) for entry in kb.entries() for synonym in entry.synonyms
    ]
    triples.sort(key=lambda t: -len(t[0]))
    typo_words = {s: (kind, key) for s, kind, key in triples if " " not in s and len(s) >= 6}
    return _Matcher(tuple((_synonym_pattern(s), k, v) for s, k, v in triples), typo_words)


def find_mentions(text: str, compiled: _Matcher) -> list[Mention]:
    """Conditions, settings and techniques mentioned in `text`, in reading order.

    Longer synonyms win over shorter overlapping ones; a word within a small
    edit distance of a long single-word synonym counts as a typo of it.
    """
    norm, offsets = normalise_with_offsets(text)
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, int, str, str]] = []

    def claim(start: int, end: int, kind: str, key: str) -> None:
        if end > start and all(end <= s or start >= e for s, e in taken):
            taken.append((start, end))
            found.append((start, end, kind, key))

    for pattern, kind, key in compiled.patterns:
        for match in pattern.finditer(norm):
            claim(match.start(), match.end(), kind, key)
    for word in _WORD.finditer(norm):
        if len(word.group(0)) < 6:
            continue
        close = difflib.get_close_matches(
            word.group(0), compiled.typo_words, n=1, cutoff=TYPO_SIMILARITY
        )
        if close:
            claim(word.start(), word.end(), *compiled.typo_words[close[0]])
    return [
        Mention(kind, key, offsets[start], offsets[end - 1] + 1)
        for start, end, kind, key in sorted(found)
    ]


def setting_for_intent(kb: KnowledgeBase, intent: str | None) -> str | None:
    """The setting an intent such as ask_rehab is about."""
    return next((key for key, entry in kb.settings.items() if entry.intent == intent), None)


def _join(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def condition_reply(
    kb: KnowledgeBase,
    condition: str | None,
    setting: str | None = None,
    technique: str | None = None,
) -> str | None:
    """What medical massage can do for a condition, in a setting, with a technique.

    None when there is neither a known condition nor a known setting.
    """
    entry = kb.conditions.get(condition or "")
    place = kb.settings.get(setting or "")
    if entry is None:
        return place.answer if place is not None else None
    labels = [kb.techniques[t].label for t in entry.techniques]
    listed = ", ".join(labels[:-1]) + f" and {labels[-1]}" if len(labels) > 1 else labels[0]
    method = kb.techniques.get(technique or "")
    fit = ""
    if method is not None:
        phrase = "technique_fits" if method.key in entry.techniques else "technique_other"
        fit = _capitalised(kb.phrases[phrase].format(technique=method.label, label=entry.label))
    if place is not None:  # the pair: keep it short, the setting says the rest
        return _join(entry.answer, fit, place.answer)
    return _join(
        entry.answer, fit or kb.phrases["techniques"].format(techniques=listed, label=entry.label)
    )


def condition_detail(kb: KnowledgeBase, condition: str | None, topic: str) -> str | None:
    """How often (`frequency`) or what a session is like (`expect`) for a condition."""
    entry = kb.conditions.get(condition or "")
    if entry is None:
        return None
    if topic == "frequency":
        return entry.frequency
    return _join(entry.expect, entry.safety)
