"""Remove personal identifiers from text before it is stored.

Names and places come from a spaCy NER model (passed in, so this module stays
pure and testable); e-mail addresses, phone numbers, dates of birth, street
addresses and insurance/member numbers come from patterns. Identifiers are
replaced by a placeholder such as "[PHONE]", so a stored conversation still
reads sensibly ("my number is [PHONE]"). Redaction favours privacy: a word
wrongly taken for a name is a smaller loss than a name kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol

NAME = "[NAME]"
PLACE = "[PLACE]"
EMAIL = "[EMAIL]"
PHONE = "[PHONE]"
BIRTH_DATE = "[DATE_OF_BIRTH]"
ADDRESS = "[ADDRESS]"
MEMBER_ID = "[MEMBER_ID]"

# spaCy labels worth removing: people, and places (towns, streets, buildings).
NER_LABELS = {"PERSON": NAME, "GPE": PLACE, "LOC": PLACE, "FAC": PLACE}

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_STREET = (
    r"(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|place|pl"
    r"|way|terrace|ter|highway|hwy|parkway|pkwy|circle|cir|turnpike|tpke)"
)
_NOT_A_NAME = (
    r"(?:a|an|the|in|on|at|and|but|so|not|my|your|for|to|back|today|tomorrow|later|now"
    r"|asap|having|going|trying|looking|calling|asking|pregnant|sore|here|there|just"
    r"|very|really|still|from|with|about)"
)

# Each pattern either is the identifier, or keeps a leading cue ("my name is",
# "member id") and marks the identifier as the group named `value`.
# Order matters: e-mails before phone numbers, phone numbers before member IDs.
PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), placeholder)
    for pattern, placeholder in (
        (r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", EMAIL),
        (
            r"\b(?:born(?: on| in)?|birth ?day(?: is)?|d\.?o\.?b\.?:?|date of birth(?: is)?:?)\s+"
            r"(?P<value>\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}|\w+\.? \d{1,2}\w{0,2},? \d{2,4}"
            r"|\d{1,2}\w{0,2} (?:of )?\w+,? \d{2,4}|\w+ \d{1,2}\w{0,2}|\d{4})",
            BIRTH_DATE,
        ),
        # any full date with a year: in a clinic chat these are mostly birth dates
        (r"\b\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)?\d{2}\b", BIRTH_DATE),
        (r"\b\d{4}-\d{2}-\d{2}\b", BIRTH_DATE),
        (rf"\b{_MONTH}\.? \d{{1,2}}(?:st|nd|rd|th)?,? (?:19|20)\d{{2}}\b", BIRTH_DATE),
        (rf"\b\d{{1,2}}(?:st|nd|rd|th)? (?:of )?{_MONTH},? (?:19|20)\d{{2}}\b", BIRTH_DATE),
        (
            r"(?<![\w+])(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}(?!\w)"
            r"|\+\d{1,3}[\s.-]?\(?\d{1,4}\)?(?:[\s.-]?\d{2,4}){2,4}(?!\w)",
            PHONE,
        ),
        (
            rf"\b\d{{1,6}}(?: [a-z0-9.'-]+){{1,4}} {_STREET}\b\.?"
            r"(?:,? (?:apt|apartment|unit|suite|ste|#)\.? ?[a-z0-9-]+)?",
            ADDRESS,
        ),
        (r"\bp\.? ?o\.? box \d+\b", ADDRESS),
        (
            r"\b(?:member|policy|subscriber|group|insurance|claim|medicaid|medicare|id)"
            r"(?: ?(?:id|number|no\.?|#))?(?: is|:)? ?#? ?"
            r"(?P<value>(?=[a-z0-9-]*\d)[a-z0-9-]{4,})\b",
            MEMBER_ID,
        ),
        # any other code with five or more digits
        (r"\b(?=(?:[a-z-]*\d){5})[a-z0-9-]{5,}\b", MEMBER_ID),
        # names NER misses because they are typed in lower case
        (
            rf"\b(?:my name is|my names|name is|name:|call me|i am called|im called)\s+"
            rf"(?P<value>(?!{_NOT_A_NAME}\b)[a-z][a-z'-]+(?: (?!{_NOT_A_NAME}\b)[a-z][a-z'-]+)?)",
            NAME,
        ),
        # towns NER does not know, after a cue
        (
            r"\b(?:i live in|i(?:'|’)?m from|i am from|living in|moved to|we live in)\s+"
            rf"(?P<value>(?!{_NOT_A_NAME}\b)[a-z][a-z.'-]+(?: (?!{_NOT_A_NAME}\b)[a-z][a-z.'-]+)?)",
            PLACE,
        ),
    )
)


class EntitySpan(Protocol):
    label_: str
    start_char: int
    end_char: int


class Doc(Protocol):
    @property
    def ents(self) -> Iterable[EntitySpan]: ...


Recogniser = Callable[[str], Doc]


def _replace(match: re.Match[str], placeholder: str) -> str:
    if "value" not in match.re.groupindex:
        return placeholder
    start, end = match.span("value")
    whole_start = match.start()
    text = match.group(0)
    return text[: start - whole_start] + placeholder + text[end - whole_start :]


def redact(text: str, recognise: Recogniser | None = None) -> str:
    """`text` with names, places, contact details, birth dates and member numbers replaced."""
    if not text:
        return text
    for pattern, placeholder in PATTERNS:
        text = pattern.sub(lambda m, p=placeholder: _replace(m, p), text)  # type: ignore[misc]
    if recognise is not None:
        # Replace from the end so earlier offsets stay valid.
        spans = sorted(
            (e for e in recognise(text).ents if e.label_ in NER_LABELS),
            key=lambda e: e.start_char,
            reverse=True,
        )
        for entity in spans:
            placeholder = NER_LABELS[entity.label_]
            text = text[: entity.start_char] + placeholder + text[entity.end_char :]
    return text


# Rasa's own metadata on every event (the model and the assistant that read it):
# no patient data, and dropping it would make every stored turn differ from the
# live one (the tracker store could then never serve a conversation it kept).
RASA_METADATA = frozenset({"model_id", "assistant_id"})


def redact_user_event(data: Mapping[str, Any], redact_text: Callable[[str], str]) -> dict[str, Any]:
    """A copy of a serialised user message event that is safe to store.

    The text is redacted wherever it is repeated (the event, the parse result,
    entity spans); channel metadata, which can carry a sender's profile, is dropped
    (Rasa's own `RASA_METADATA` stays).
    """
    memo: dict[str, str] = {}  # the same text recurs (event, parse result): redact it once

    def redact_text_once(text: str) -> str:
        if text not in memo:
            memo[text] = redact_text(text)
        return memo[text]

    safe = dict(data)
    if isinstance(safe.get("text"), str):
        safe["text"] = redact_text_once(safe["text"])
    parse = dict(safe.get("parse_data") or {})
    if isinstance(parse.get("text"), str):
        parse["text"] = redact_text_once(parse["text"])
    parse["entities"] = [
        {**e, "text": redact_text_once(e["text"])} if isinstance(e.get("text"), str) else e
        for e in parse.get("entities") or []
    ]
    if "parse_data" in safe:
        safe["parse_data"] = parse
    metadata = safe.get("metadata")
    kept = metadata.items() if isinstance(metadata, Mapping) else ()
    safe["metadata"] = {k: v for k, v in kept if k in RASA_METADATA}
    return safe
