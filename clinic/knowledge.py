"""The condition and care-setting knowledge base (content/conditions.yml).

Loading validates the whole file, so a broken entry stops the action server
at start-up with a message naming it. Matching messages against it is in
clinic.mentions, composing replies from it in clinic.answers.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clinic.content_files import CONTENT_DIR, ContentError, read_mapping
from clinic.editorial import banned_claims

DEFAULT_KNOWLEDGE_PATH = CONTENT_DIR / "conditions.yml"
CONDITION, SETTING, TECHNIQUE, CLAIM = "condition", "setting", "technique", "claim"
CONDITION_FIELDS = (
    *("label", "synonyms", "answer", "techniques", "frequency", "expect"),
    *("service", "sources", "last_reviewed"),
)
SETTING_FIELDS = ("intent", "label", "synonyms", "answer", "sources", "last_reviewed")
CLAIM_FIELDS = ("intent", "label", "synonyms")
PHRASES = ("techniques", "technique_fits", "technique_other", "unknown_condition")


class KnowledgeError(ContentError):
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
    # regular expressions over the normalised text, beside the plain synonyms
    patterns: tuple[str, ...] = ()


@dataclass(frozen=True)
class KnowledgeBase:
    conditions: Mapping[str, Entry]
    settings: Mapping[str, Entry]
    techniques: Mapping[str, Entry]
    sources: Mapping[str, str]
    phrases: Mapping[str, str]
    # what kind of claim may pay (a work injury, a car accident)
    claims: Mapping[str, Entry]

    def entries(self) -> Iterable[Entry]:
        yield from self.conditions.values()
        yield from self.settings.values()
        yield from self.techniques.values()
        yield from self.claims.values()


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
    patterns = raw.get("patterns") or []
    if not isinstance(patterns, list) or not all(isinstance(p, str) and p for p in patterns):
        raise KnowledgeError(f"{kind} {key}: patterns must be a list of regular expressions")
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as error:
            raise KnowledgeError(f"{kind} {key}: broken pattern {pattern!r}: {error}") from error
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
        patterns=tuple(patterns),
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
        claims=_section(raw, "claims", CLAIM, CLAIM_FIELDS),
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


def setting_for_intent(kb: KnowledgeBase, intent: str | None) -> str | None:
    """The setting an intent such as ask_rehab is about."""
    return next((key for key, entry in kb.settings.items() if entry.intent == intent), None)


def claim_for_intent(kb: KnowledgeBase, intent: str | None) -> str | None:
    """The claim an intent such as ask_workers_comp is about."""
    return next((key for key, entry in kb.claims.items() if entry.intent == intent), None)
