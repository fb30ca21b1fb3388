"""Pure helpers over a tracker's event list (dicts, as Rasa serialises them)."""

from __future__ import annotations

from collections.abc import Container, Mapping, Sequence
from typing import Any

from clinic.names import NLU_FALLBACK, OUT_OF_SCOPE

Event = Mapping[str, Any]
# The parse-output key under which extensions/out_of_domain_gate.py writes how
# near a message came to in-domain and off-topic examples.
NEARNESS_KEY = "out_of_domain"
_IGNORED_ACTIONS = frozenset({"action_listen", "action_session_start"})


def previous_bot_action(events: Sequence[Event]) -> str | None:
    """The last action the bot ran before the latest user message, if any."""
    seen_latest_user = False
    for event in reversed(events):
        kind = event.get("event")
        if kind == "user":
            if seen_latest_user:
                return None
            seen_latest_user = True
        elif seen_latest_user and kind == "action":
            name = event.get("name")
            if name not in _IGNORED_ACTIONS:
                return str(name)
    return None


def last_topic(events: Sequence[Event], topics: Container[str]) -> str | None:
    """The most recent user intent that is one of `topics`, if any."""
    for event in reversed(events):
        if event.get("event") != "user":
            continue
        name = (event.get("parse_data") or {}).get("intent", {}).get("name")
        if name in topics:
            return str(name)
    return None


def reading_under_override(
    ranking: Sequence[Mapping[str, Any]], min_confidence: float
) -> str | None:
    """The classifier's intent beneath a rule-based override, if it was confident.

    A safety override is put first in the intent ranking; the classifier's own
    best guess follows it ("I'm pregnant, how long is a session?").
    """
    if len(ranking) < 2:
        return None
    below = ranking[1]
    if float(below.get("confidence") or 0.0) < min_confidence:
        return None
    name = below.get("name")
    return str(name) if name else None


def previous_user_intent(events: Sequence[Event]) -> str | None:
    """The intent of the user message before the latest one, if there was one."""
    seen_latest_user = False
    for event in reversed(events):
        if event.get("event") != "user":
            continue
        if seen_latest_user:
            name = (event.get("parse_data") or {}).get("intent", {}).get("name")
            return str(name) if name else None
        seen_latest_user = True
    return None


def sure_reading_in_context(
    parse: Mapping[str, Any],
    previous_intent: str | None,
    not_topics: Container[str],
    min_confidence: float,
) -> str | None:
    """The clinic question beneath an off-topic verdict, when context makes it plain.

    The out-of-domain gate declines a message that comes about as near an
    off-topic example as a clinic one, even when the nearest is the clinic's
    and the classifier is sure ("I need to reschedule my appointment" sits
    near "reschedule my dentist"). In a conversation already about the clinic
    (the previous message asked a clinic question) such a message is one
    too. None unless the gate declined it, its nearest example is in-domain,
    the classifier's best reading is a clinic topic at `min_confidence` or
    more and the previous message was about a clinic topic; `not_topics` are
    never read this way (small talk, and what acts on the conversation).
    """
    if (parse.get("intent") or {}).get("name") != OUT_OF_SCOPE:
        return None
    near = parse.get(NEARNESS_KEY) or {}
    if not near or float(near.get("in_domain", -1.0)) < float(near.get("off_topic", 0.0)):
        return None
    if previous_intent is None or previous_intent in not_topics:
        return None
    for entry in parse.get("intent_ranking") or []:
        name = str(entry.get("name") or "")
        if name == NLU_FALLBACK:
            continue
        if name in not_topics or float(entry.get("confidence") or 0.0) < min_confidence:
            return None
        return name
    return None
