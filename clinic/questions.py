"""Where one message asks more than one thing: the spans of its questions.

"How much is a session? And do you take Aetna?" and "what are your hours and
is there parking" ask two things. `question_spans` cuts a message at its
sentence ends and at an "and" / "also" / "plus" that starts a new question
(a question word or a request right after it). A piece that is no question
("My grandfather is 82 and has arthritis.") is the context of the question
after it, not a question of its own, so it joins that one. Whether each piece
really is a question the clinic answers is for the classifier to say.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

# A new question starts after the conjunction: a question word, an auxiliary
# that opens a question, or a request.
_QUESTION_START = (
    r"(?:what|whats|how|hows|do|does|did|is|are|can|could|will|would|should|where|when|"
    r"which|who|why|whether|any|i\s+(?:also\s+)?(?:want|need|would\s+(?:like|love))|"
    r"i\s*['\u2019]?\s*d\s+(?:also\s+)?(?:like|love)|"
    r"(?:want|wanna|need|hoping|looking)\s+to|"
    r"may\s+i|book|schedule|tell\s+me|please|if\s+(?:not|so))\b"
)
# "and" / "also" / "plus" before a new question, or a bare comma ("does it
# hurt, do I have to undress?"); a statement before the comma joins the
# question after it again (below).
_JOINER = re.compile(
    r"\s*(?:,?\s*\b(?:and|also|plus|&)\s+(?:also\s+)?|,\s*)(?=" + _QUESTION_START + ")",
    re.IGNORECASE,
)
# A bare comma separates two questions only after a question ("does it
# hurt, do I..."), not after a request ("I need a receipt, can you email it?").
_ASKED = re.compile(
    r"^(?:what|whats|how|hows|do|does|did|is|are|can|could|will|would|should|where|when|"
    r"which|who|why)\b",
    re.IGNORECASE,
)
# A sentence ends at its punctuation, a line break, or a list's number ("1) ... 2) ...").
_SENTENCE_END = re.compile(r"(?<=[?!.;])\s+|\n+|(?:^|\s+)\d{1,2}[).]\s+")
# A piece asks something when it opens with a question or a request, or a
# clause of it does ("I have fibromyalgia, can massage help"; "car accident
# last month - does no-fault cover this").
_ASKS = re.compile(
    r"(?:^|,\s*|\s[-\u2013\u2014]\s*)(?:(?:so|ok|okay|well|and|also|hi|hello|hey|um|oh)\b[\s,]*)*"
    + _QUESTION_START,
    re.IGNORECASE,
)
# ...or asks it after a lead-in: "after my ACL surgery how often would I come"
_ASKED_INSIDE = re.compile(
    r"\b(?:how|what|when|where|which|why)\s+(?:\w+\s+)?"
    r"(?:would|should|can|could|do|does|did|will|is|are|much|many|long|often|soon)\b",
    re.IGNORECASE,
)
# A piece this short ("hi", "ok so") is a greeting or filler, not a question.
MIN_WORDS = 3
# Words that tie a piece to the one before it and say nothing of what it asks:
# "if not, what's the price" asks what "what's the price" asks.
_LEAD = re.compile(
    r"^(?:(?:and|also|plus|so|then|ok|okay|if\s+not|if\s+so|otherwise|or)\b[\s,]*)+",
    re.IGNORECASE,
)


def _pieces(text: str, start: int, end: int, every_comma: bool) -> list[tuple[int, int]]:
    spans, cursor = [], start
    for match in _JOINER.finditer(text, start, end):
        bare_comma = match.group(0).strip() == ","
        after_a_question = _ASKED.match(text[cursor : match.start()].lstrip())
        if bare_comma and not every_comma and not after_a_question:
            continue
        spans.append((cursor, match.start()))
        cursor = match.end()
    spans.append((cursor, end))
    return spans


def _clauses(text: str, every_comma: bool = False) -> list[tuple[int, int]]:
    """`text` cut at sentence ends and where a new question starts after a joiner;
    at a bare comma only after a question, unless `every_comma`."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for match in [*_SENTENCE_END.finditer(text), None]:
        stop = match.start() if match else len(text)
        spans.extend(_pieces(text, cursor, stop, every_comma))
        cursor = match.end() if match else len(text)
    return spans


def question_spans(text: str, limit: int = 3) -> list[tuple[int, int]]:
    """(start, end) of each question in `text`, in order, at most `limit`.

    A message that asks one thing gives one span (the whole text, trimmed).
    """
    spans = _clauses(text)
    trimmed = []
    for start, end in spans:
        piece = text[start:end]
        left = len(piece) - len(piece.lstrip())
        right = len(piece.rstrip())
        # "price? insurance?": a short piece asked as a question is one too
        if len(piece.split()) >= MIN_WORDS or piece.rstrip().endswith("?"):
            trimmed.append((start + left, start + right))
    return _with_context(text, trimmed)[:limit]


def _asks(piece: str) -> bool:
    return (
        piece.rstrip().endswith("?")
        or _ASKS.search(piece.lstrip()) is not None
        or _ASKED_INSIDE.search(piece) is not None
    )


def _with_context(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join each piece that asks nothing to the question after it (the last to the one before)."""
    joined: list[tuple[int, int]] = []
    pending: int | None = None
    for start, end in spans:
        asks = _asks(text[start:end])  # the piece itself, not with the context before it
        if pending is not None:
            start, pending = pending, None
        if asks:
            joined.append((start, end))
        else:
            pending = start
    if pending is not None:
        if joined:
            joined[-1] = (joined[-1][0], spans[-1][1])
        else:
            joined.append((pending, spans[-1][1]))
    return joined


def asked_part(piece: str) -> str:
    """`piece` without the words that only tie it to the question before it."""
    rest = _LEAD.sub("", piece.strip())
    return rest if len(rest.split()) >= 2 else piece.strip()


def statement_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each clause of `text` that asks nothing ("I have fibromyalgia").

    Clauses end at sentence ends and where a question starts after "and",
    "also" or a comma ("I have fibro and sleep badly, would massage help?").
    """
    spans = _clauses(text, every_comma=True)
    return [(s, e) for s, e in spans if text[s:e].strip() and not _asks(text[s:e])]


def _distinct(entities: Sequence[Mapping[str, Any]], kind: str) -> list[Mapping[str, Any]]:
    seen: dict[str, Mapping[str, Any]] = {}
    for found in entities:
        if found.get("entity") == kind and found.get("value"):
            seen.setdefault(str(found["value"]), found)
    return list(seen.values())


def _at(intent: str, start: int, end: int) -> dict[str, Any]:
    return {"intent": intent, "start": start, "end": end}


def mentioned_questions(
    text: str,
    intent: str,
    entities: Sequence[Mapping[str, Any]],
    *,
    condition_intent: str,
    technique_intents: Mapping[str, str],
    answered_beside_a_condition: Callable[[str], bool],
) -> list[dict[str, Any]]:
    """The two questions one reading of `text` stands for, by what it names ([]: one question).

    - two conditions: "I have tension headaches and low back pain, can you help with both?"
    - two techniques: "what's the difference between deep tissue and trigger point?"
    - a message that opens by telling a condition, then asks something else:
      "I have fibromyalgia, do I need a prescription?" answers for the
      fibromyalgia too, first.
    Each question gets the span of what it is about, so its answer takes that
    entity first (actions.ActionAnswerQuestions).
    """
    if intent == condition_intent:
        named = _distinct(entities, "condition")[:2]
        if len(named) == 2:
            return [_at(intent, int(e["start"]), int(e["end"])) for e in named]
    if intent in technique_intents.values():
        techniques = [
            e for e in _distinct(entities, "technique") if str(e["value"]) in technique_intents
        ][:2]
        if len(techniques) == 2:
            return [
                _at(technique_intents[str(e["value"])], int(e["start"]), int(e["end"]))
                for e in techniques
            ]
    if not answered_beside_a_condition(intent):
        return []
    # Only a message that opens by telling: "What if I snore? I always doze off
    # when someone rubs my back" says nothing about a bad back.
    told = statement_spans(text)[:1]
    if not told or text[: told[0][0]].strip():
        return []
    clause = told[0]
    named = [
        e for e in _distinct(entities, "condition") if clause[0] <= int(e["start"]) < clause[1]
    ]
    if not named or len(text[clause[1] :].split()) < MIN_WORDS:
        return []  # names nothing, or all the message does is tell
    return [_at(condition_intent, *clause), _at(intent, clause[1], len(text))]


# "does it help with sleep and with stress": one question about two things,
# the second a short phrase after "and" / "or".
_PHRASE_JOINER = re.compile(
    r"\s+(?:and|or|&|plus)\s+(?:also\s+)?(?:with\s+|for\s+|about\s+)?", re.IGNORECASE
)
# The longest phrase after the conjunction read as a question of its own.
MAX_PHRASE_WORDS = 4


def phrase_spans(text: str) -> list[tuple[int, int]]:
    """The two parts of one question about two things ([]: not that shape).

    Only a message with one "and" / "or", at least two words before it and a
    short phrase after it; whether the parts are two different questions the
    clinic answers is for the classifier to say.
    """
    joins = list(_PHRASE_JOINER.finditer(text))
    if len(joins) != 1:
        return []
    head, tail = text[: joins[0].start()].strip(), text[joins[0].end() :].strip()
    if len(head.split()) < 2 or not 1 <= len(tail.split()) <= MAX_PHRASE_WORDS:
        return []
    start = len(text) - len(text.lstrip())
    return [(start, joins[0].start()), (joins[0].end(), len(text.rstrip()))]
