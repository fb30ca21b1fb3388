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
