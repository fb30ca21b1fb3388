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

# A new question starts after the conjunction: a question word, an auxiliary
# that opens a question, or a request.
_QUESTION_START = (
    r"(?:what|whats|how|hows|do|does|did|is|are|can|could|will|would|should|where|when|"
    r"which|who|why|any|i\s+(?:also\s+)?(?:want|need|would\s+like|d\s+like)|id\s+like|"
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
_SENTENCE_END = re.compile(r"(?<=[?!.;])\s+|\n+")
# A piece asks something when it opens with a question or a request, or a
# clause of it does ("I have fibromyalgia, can massage help").
_ASKS = re.compile(
    r"(?:^|,\s*)(?:(?:so|ok|okay|well|and|also|hi|hello|hey|um|oh)\b[\s,]*)*" + _QUESTION_START,
    re.IGNORECASE,
)
# A piece this short ("hi", "ok so") is a greeting or filler, not a question.
MIN_WORDS = 3


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, cursor = [], start
    for match in _JOINER.finditer(text, start, end):
        bare_comma = match.group(0).strip() == ","
        if bare_comma and not _ASKED.match(text[cursor : match.start()].lstrip()):
            continue
        spans.append((cursor, match.start()))
        cursor = match.end()
    spans.append((cursor, end))
    return spans


def question_spans(text: str, limit: int = 3) -> list[tuple[int, int]]:
    """(start, end) of each question in `text`, in order, at most `limit`.

    A message that asks one thing gives one span (the whole text, trimmed).
    """
    spans: list[tuple[int, int]] = []
    cursor = 0
    for match in [*_SENTENCE_END.finditer(text), None]:
        stop = match.start() if match else len(text)
        spans.extend(_pieces(text, cursor, stop))
        cursor = match.end() if match else len(text)
    trimmed = []
    for start, end in spans:
        piece = text[start:end]
        left = len(piece) - len(piece.lstrip())
        right = len(piece.rstrip())
        if len(piece.split()) >= MIN_WORDS:
            trimmed.append((start + left, start + right))
    return _with_context(text, trimmed)[:limit]


def _asks(piece: str) -> bool:
    return piece.rstrip().endswith("?") or _ASKS.search(piece.lstrip()) is not None


def _with_context(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join each piece that asks nothing to the question after it (the last to the one before)."""
    joined: list[tuple[int, int]] = []
    pending: int | None = None
    for start, end in spans:
        if pending is not None:
            start, pending = pending, None
        if _asks(text[start:end]):
            joined.append((start, end))
        else:
            pending = start
    if pending is not None:
        if joined:
            joined[-1] = (joined[-1][0], spans[-1][1])
        else:
            joined.append((pending, spans[-1][1]))
    return joined
