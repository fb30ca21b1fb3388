"""Pure helpers over a tracker's event list (dicts, as Rasa serialises them)."""

from __future__ import annotations

from collections.abc import Container, Mapping, Sequence
from typing import Any

Event = Mapping[str, Any]
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
