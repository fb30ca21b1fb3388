"""Rule-based emergency and caution detection over raw text, independent of the trained model.

The rules (content/safety.yml) are regular expressions per category, with a
NegEx-style negation check ("no chest pain"), per-category exceptions for
idioms ("gave me a heart attack") and, for some categories, a past-tense check
("had a stroke last year"). Detection favours recall: when in doubt, it fires.

Negation and the past are judged within the clause a sign is in. Given a
`ClauseSplitter` (the Rasa server's comes from spaCy's dependency parse,
extensions.spacy_nlp.clause_splitter), a clause is what the parse says; without
one, punctuation and a few conjunctions end a clause and the past is judged per
sentence. "I had a stroke years ago and now my face is drooping" is then an
emergency; "had a stroke five years ago, can I get a massage?" is history, and
the cautions (see your doctor first) speak to it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from clinic.content_files import CONTENT_DIR, ContentError, read_mapping
from clinic.languages import foreign_language
from clinic.names import EMERGENCY_CRISIS, EMERGENCY_MEDICAL
from clinic.text import normalise, normalise_with_offsets

DEFAULT_SAFETY_PATH = CONTENT_DIR / "safety.yml"
_SENTENCE_END = re.compile(r"[.!?\n]")


class SafetyRulesError(ContentError):
    """The safety rules or the semantic layer's exemplars are malformed."""


# A clause of the message as typed: the (start, end) character spans of its tokens.
Clause = Sequence[tuple[int, int]]
ClauseSplitter = Callable[[str], Sequence[Clause]]


class EmergencyKind(str, Enum):
    """What the person needs: 911 for a medical emergency, 988 (and 911) for a crisis."""

    MEDICAL = EMERGENCY_MEDICAL
    CRISIS = EMERGENCY_CRISIS


@dataclass(frozen=True)
class Category:
    name: str
    kind: EmergencyKind
    patterns: tuple[re.Pattern[str], ...]
    exceptions: tuple[re.Pattern[str], ...]
    past_cancels: bool


@dataclass(frozen=True)
class Caution:
    """A condition that needs a physician's OK first; `booking` says if booking now is safe."""

    category: Category
    answer: str
    booking: bool


@dataclass(frozen=True)
class SafetyRules:
    categories: tuple[Category, ...]
    cautions: tuple[Caution, ...]
    caution_default: str
    negation_cues: frozenset[str]
    negation_window: int
    pseudo_negations: tuple[str, ...]
    clause_break: re.Pattern[str]
    past: re.Pattern[str]
    # a scare told as over: "fainted last month, turned out to be dehydration"
    resolved: re.Pattern[str] | None = None
    # an emergency sign told of from a distance: the news, a story, a band's name
    told_of: tuple[re.Pattern[str], ...] = ()
    # self-harm or an attempt long past, told with how well one is since
    crisis_history: re.Pattern[str] | None = None


@dataclass(frozen=True)
class Emergency:
    kind: EmergencyKind
    category: str


@dataclass(frozen=True)
class Found:
    """A caution found in a message, with its span in the text as given."""

    caution: Caution
    start: int
    end: int


def _compile(patterns: Any, where: str) -> tuple[re.Pattern[str], ...]:
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        raise SafetyRulesError(f"{where} must be a list of regular expressions")
    try:
        return tuple(re.compile(p) for p in patterns)
    except re.error as error:
        raise SafetyRulesError(f"{where}: invalid regular expression: {error}") from error


def _category(name: str, spec: Mapping[str, Any], kind: EmergencyKind | None) -> Category:
    return Category(
        name=name,
        kind=kind or EmergencyKind(f"emergency_{spec['kind']}"),
        patterns=_compile(spec["patterns"], f"{name}.patterns"),
        exceptions=_compile(spec.get("except", []), f"{name}.except"),
        past_cancels=bool(spec.get("past_cancels", False)),
    )


def _caution(name: str, spec: Mapping[str, Any]) -> Caution:
    answer = " ".join(str(spec.get("answer") or "").split())
    if not answer or not isinstance(spec.get("booking"), bool):
        raise SafetyRulesError(f"caution {name} needs an answer and booking: true/false")
    # A caution has no emergency kind; MEDICAL is a placeholder never reported.
    return Caution(_category(name, spec, EmergencyKind.MEDICAL), answer, spec["booking"])


def parse_rules(raw: Mapping[str, Any]) -> SafetyRules:
    """Build the rules from parsed YAML, raising SafetyRulesError on anything malformed."""
    try:
        negation = raw["negation"]
        if not all(isinstance(cue, str) for cue in negation["cues"]):
            # YAML reads a bare `no` as false: cues must be quoted.
            raise SafetyRulesError("negation.cues must be quoted strings")
        return SafetyRules(
            categories=tuple(_category(n, s, None) for n, s in raw["categories"].items()),
            cautions=tuple(_caution(n, s) for n, s in (raw.get("cautions") or {}).items()),
            caution_default=" ".join(str(raw["caution_default"]).split()),
            negation_cues=frozenset(negation["cues"]),
            negation_window=int(negation["window"]),
            pseudo_negations=tuple(negation["pseudo"]),
            clause_break=re.compile(negation["clause_breaks"]),
            past=re.compile(raw["past"]),
            resolved=re.compile(raw["resolved"]) if raw.get("resolved") else None,
            told_of=_compile(raw.get("told_of", []), "told_of"),
            crisis_history=re.compile(raw["crisis_history"]) if raw.get("crisis_history") else None,
        )
    except (KeyError, TypeError, ValueError, re.error) as error:
        raise SafetyRulesError(f"safety rules: {error!r}") from error


def load_rules(path: Path = DEFAULT_SAFETY_PATH) -> SafetyRules:
    """Read and compile content/safety.yml (or another rules file)."""
    return parse_rules(read_mapping(path, "safety rules"))


class _Reading:
    """A message as the rules read it: normalised, and split into clauses on demand."""

    def __init__(self, text: str, rules: SafetyRules, splitter: ClauseSplitter | None) -> None:
        self.text = text
        self.norm, self.offsets = normalise_with_offsets(text)
        # Clauses only change a verdict through a negation cue or a word of the
        # past; a message with neither is read the same without the parse.
        words = set(re.findall(r"\w+", self.norm))
        matters = bool(words & rules.negation_cues) or rules.past.search(self.norm) is not None
        # The parse is English: text in another language is read by sentence.
        english = matters and foreign_language(text) is None
        self._splitter = splitter if english else None
        self._clauses: list[Clause] | None = None

    def clauses_of(self, start: int, end: int) -> list[tuple[str, str]] | None:
        """For the match at norm[start:end]: each clause it touches, normalised, with
        the part of the first one before the match; None without a splitter."""
        if self._splitter is None:
            return None
        if self._clauses is None:
            self._clauses = [c for c in self._splitter(self.text) if c]
        first, last = self.offsets[start], self.offsets[end - 1]
        touched = [c for c in self._clauses if any(a <= last and first < b for a, b in c)]
        if not touched:
            return None
        return [
            (self._joined(clause), self._joined([s for s in clause if s[1] <= first]))
            for clause in touched
        ]

    def _joined(self, spans: Clause) -> str:
        """The tokens normalised, glued where the text had no space between them ("don't")."""
        parts, previous_end = [], None
        for start, end in spans:
            if previous_end is not None and start != previous_end:
                parts.append(" ")
            parts.append(self.text[start:end])
            previous_end = end
        return normalise("".join(parts))


def _negated_prefix(prefix: str, rules: SafetyRules) -> bool:
    clause = rules.clause_break.split(prefix)[-1]
    for phrase in rules.pseudo_negations:
        clause = clause.replace(phrase, " ")
    return any(word in rules.negation_cues for word in clause.split()[-rules.negation_window :])


def _sentence(text: str, start: int, end: int) -> str:
    before = _SENTENCE_END.split(text[:start])[-1]
    after = _SENTENCE_END.split(text[end:])[0]
    return before + text[start:end] + after


# A sign asked about and answered no, as on an intake form: "shortness of breath? no",
# "chest pain - none", "dizziness: no." (a dash or colon only with the answer alone).
_ANSWERED_NO = re.compile(
    r"\s*(\?+\s*(no|nope|none|nah|negative)\b"
    r"|[-:=]+\s*(no|nope|none|nah|negative|denied|denies)\s*([,.;)\n]|$))"
)


def _counts(
    match: re.Match[str],
    reading: _Reading,
    category: Category,
    rules: SafetyRules,
    emergency: bool,
) -> bool:
    """Whether a sign's match counts; `emergency`: a sign told of from a distance
    ("the news said...", "his band is called Cardiac Arrest") does not. A caution
    is never cancelled so."""
    start, end = match.span()
    norm = reading.norm
    if _ANSWERED_NO.match(norm, end):
        return False
    for exception in category.exceptions:
        if any(e.start() < end and start < e.end() for e in exception.finditer(norm)):
            return False
    sentence = _sentence(norm, start, end)
    if emergency and any(p.search(sentence) for p in rules.told_of):
        return False
    clauses = reading.clauses_of(start, end) if end > start else None
    if _negated_prefix(clauses[0][1] if clauses else norm[:start], rules):
        return False
    if not category.past_cancels:
        return True
    if clauses:  # history only when every clause the sign is in speaks of the past
        return not all(rules.past.search(clause) for clause, _ in clauses)
    return not rules.past.search(sentence)


def _first_mention(
    reading: _Reading, category: Category, rules: SafetyRules, emergency: bool
) -> re.Match[str] | None:
    for pattern in category.patterns:
        for match in pattern.finditer(reading.norm):
            if _counts(match, reading, category, rules, emergency):
                return match
    return None


def detect(
    text: str | None, rules: SafetyRules, clauses: ClauseSplitter | None = None
) -> Emergency | None:
    """The emergency this message describes, if any; a crisis outranks a medical emergency."""
    reading = _Reading(text or "", rules, clauses)
    found = [
        Emergency(c.kind, c.name)
        for c in rules.categories
        if _first_mention(reading, c, rules, True)
    ]
    crisis = [e for e in found if e.kind is EmergencyKind.CRISIS]
    ranked = crisis or found
    return ranked[0] if ranked else None


SEMANTIC = "semantic"  # the category of an emergency only the semantic layer found


def _norm(text: str | None, rules: SafetyRules) -> str:
    return _Reading(text or "", rules, None).norm


def _over(norm: str, rules: SafetyRules) -> bool:
    return (
        rules.resolved is not None
        and rules.past.search(norm) is not None
        and rules.resolved.search(norm) is not None
    )


def _afar(norm: str, rules: SafetyRules) -> bool:
    return any(p.search(norm) for p in rules.told_of)


def _crisis_history(norm: str, rules: SafetyRules) -> bool:
    return rules.crisis_history is not None and rules.crisis_history.search(norm) is not None


def told_as_over(text: str | None, rules: SafetyRules) -> bool:
    """Whether the message tells of a scare in the past that is over.

    "My friend fainted at a concert last month, turned out just dehydration,
    she's fine now": both a time in the past and an all-clear.
    """
    return _over(_norm(text, rules), rules)


def told_as_crisis_history(text: str | None, rules: SafetyRules) -> bool:
    """Whether the message tells of self-harm or an attempt long past, and of
    doing well since ("self-harmed in high school, ten years clean and in a good
    place"): the semantic layer's crisis verdict alone then does not count."""
    return _crisis_history(_norm(text, rules), rules)


def told_from_afar(text: str | None, rules: SafetyRules) -> bool:
    """Whether the message tells of signs from a distance (`told_of`): a poster
    for a class, the news, "what should I do if someone...". The rules judge
    each sign by its own sentence; the semantic layer's medical verdict, which
    reads the whole message, does not count beside such words."""
    return _afar(_norm(text, rules), rules)


def judged(
    text: str | None, rule: Emergency | None, semantic: EmergencyKind | None, rules: SafetyRules
) -> Emergency | None:
    """`combined`, with the semantic verdict judged in time from the message:
    a medical one told as over or from afar, a crisis one told as long-past
    history, does not count. The text is read only when there is a verdict."""
    if semantic is None:
        return combined(rule, None)
    norm = _norm(text, rules)
    over = semantic is EmergencyKind.MEDICAL and (_over(norm, rules) or _afar(norm, rules))
    crisis_over = semantic is EmergencyKind.CRISIS and _crisis_history(norm, rules)
    return combined(rule, semantic, over, crisis_over)


def combined(
    rule: Emergency | None,
    semantic: EmergencyKind | None,
    over: bool = False,
    crisis_over: bool = False,
) -> Emergency | None:
    """The rules' and the semantic layer's verdicts together: recall wins.

    Either layer's emergency counts, and a crisis from either outranks a
    medical emergency (the crisis reply gives 911 too). A medical emergency
    only the semantic layer found, in a message that tells of a scare that is
    over (`told_as_over`), does not count: the meaning is near an emergency,
    the time is not. The same for a crisis only the semantic layer found in a
    message told as long-past history (`crisis_over`). The rules judge their
    own signs in time, clause by clause.
    """
    if (over and semantic is EmergencyKind.MEDICAL) or (
        crisis_over and semantic is EmergencyKind.CRISIS
    ):
        semantic = None
    if semantic is EmergencyKind.CRISIS and (rule is None or rule.kind is not semantic):
        return Emergency(semantic, SEMANTIC)
    if rule is not None:
        return rule
    return Emergency(semantic, SEMANTIC) if semantic is not None else None


def detect_cautions(
    text: str | None, rules: SafetyRules, clauses: ClauseSplitter | None = None
) -> list[Found]:
    """The cautions this message mentions, in the order of the rules file."""
    reading = _Reading(text or "", rules, clauses)
    found = []
    for caution in rules.cautions:
        match = _first_mention(reading, caution.category, rules, False)
        if match is not None and match.end() > match.start():
            start, end = reading.offsets[match.start()], reading.offsets[match.end() - 1] + 1
            found.append(Found(caution, start, end))
    return found


def caution_reply(names: list[str], rules: SafetyRules) -> tuple[str, bool]:
    """The reply for the named cautions and whether booking may be offered with it.

    Unknown or missing names get the general caution; booking is offered only
    when every caution allows it.
    """
    chosen = [c for c in rules.cautions if c.category.name in names]
    if not chosen:
        return rules.caution_default, True
    return " ".join(c.answer for c in chosen), all(c.booking for c in chosen)
