"""Rule-based emergency detection over raw text, independent of the trained model.

The rules (content/safety.yml) are regular expressions per category, with a
NegEx-style negation check ("no chest pain"), per-category exceptions for
idioms ("gave me a heart attack") and, for some categories, a past-tense check
("had a stroke last year"). Detection favours recall: when in doubt, it fires.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

import yaml

from clinic.profile import CONTENT_DIR, ProfileError

DEFAULT_SAFETY_PATH = CONTENT_DIR / "safety.yml"
_APOSTROPHES = re.compile(r"['’‘`´]")
_SENTENCE_END = re.compile(r"[.!?\n]")
_SPACES = re.compile(r"[ \t\r\f\v]+")


class EmergencyKind(str, Enum):
    """What the person needs: 911 for a medical emergency, 988 (and 911) for a crisis."""

    MEDICAL = "emergency_medical"
    CRISIS = "emergency_crisis"


@dataclass(frozen=True)
class Category:
    name: str
    kind: EmergencyKind
    patterns: tuple[re.Pattern[str], ...]
    exceptions: tuple[re.Pattern[str], ...]
    past_cancels: bool


@dataclass(frozen=True)
class SafetyRules:
    categories: tuple[Category, ...]
    negation_cues: frozenset[str]
    negation_window: int
    pseudo_negations: tuple[str, ...]
    clause_break: re.Pattern[str]
    past: re.Pattern[str]


@dataclass(frozen=True)
class Emergency:
    kind: EmergencyKind
    category: str


def normalise(text: str) -> str:
    """Lower-case, drop apostrophes ("can't" -> "cant"), collapse runs of spaces."""
    return _SPACES.sub(" ", _APOSTROPHES.sub("", text.lower())).strip()


def _compile(patterns: Any, where: str) -> tuple[re.Pattern[str], ...]:
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        raise ProfileError(f"{where} must be a list of regular expressions")
    try:
        return tuple(re.compile(p) for p in patterns)
    except re.error as error:
        raise ProfileError(f"{where}: invalid regular expression: {error}") from error


def parse_rules(raw: Mapping[str, Any]) -> SafetyRules:
    """Build the rules from parsed YAML, raising ProfileError on anything malformed."""
    try:
        negation = raw["negation"]
        if not all(isinstance(cue, str) for cue in negation["cues"]):
            # YAML reads a bare `no` as false: cues must be quoted.
            raise ProfileError("negation.cues must be quoted strings")
        categories = tuple(
            Category(
                name=name,
                kind=EmergencyKind(f"emergency_{spec['kind']}"),
                patterns=_compile(spec["patterns"], f"{name}.patterns"),
                exceptions=_compile(spec.get("except", []), f"{name}.except"),
                past_cancels=bool(spec.get("past_cancels", False)),
            )
            for name, spec in raw["categories"].items()
        )
        return SafetyRules(
            categories=categories,
            negation_cues=frozenset(negation["cues"]),
            negation_window=int(negation["window"]),
            pseudo_negations=tuple(negation["pseudo"]),
            clause_break=re.compile(negation["clause_breaks"]),
            past=re.compile(raw["past"]),
        )
    except (KeyError, TypeError, ValueError, re.error) as error:
        raise ProfileError(f"safety rules: {error!r}") from error


def load_rules(path: Path = DEFAULT_SAFETY_PATH) -> SafetyRules:
    """Read and compile content/safety.yml (or another rules file)."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ProfileError(f"cannot read safety rules {path}: {error}") from error
    if not isinstance(raw, Mapping):
        raise ProfileError(f"{path}: safety rules must be a mapping")
    return parse_rules(raw)


def _negated(text: str, start: int, rules: SafetyRules) -> bool:
    clause = rules.clause_break.split(text[:start])[-1]
    for phrase in rules.pseudo_negations:
        clause = clause.replace(phrase, " ")
    return any(word in rules.negation_cues for word in clause.split()[-rules.negation_window :])


def _sentence(text: str, start: int, end: int) -> str:
    before = _SENTENCE_END.split(text[:start])[-1]
    after = _SENTENCE_END.split(text[end:])[0]
    return before + text[start:end] + after


def _counts(match: re.Match[str], text: str, category: Category, rules: SafetyRules) -> bool:
    start, end = match.span()
    for exception in category.exceptions:
        if any(e.start() < end and start < e.end() for e in exception.finditer(text)):
            return False
    if _negated(text, start, rules):
        return False
    return not (category.past_cancels and rules.past.search(_sentence(text, start, end)))


def detect(text: str | None, rules: SafetyRules) -> Emergency | None:
    """The emergency this message describes, if any; a crisis outranks a medical emergency."""
    norm = normalise(text or "")
    found: list[Emergency] = []
    for category in rules.categories:
        for pattern in category.patterns:
            if any(_counts(m, norm, category, rules) for m in pattern.finditer(norm)):
                found.append(Emergency(category.kind, category.name))
                break
    crisis = [e for e in found if e.kind is EmergencyKind.CRISIS]
    ranked = crisis or found
    return ranked[0] if ranked else None
