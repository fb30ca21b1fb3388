"""What a custom action call sends: the conversation's recent turns, not all of it.

Rasa 3.6 sends every event of the conversation with each call to the action
server, so the request grows with the chat (about half a megabyte by turn
200), built and encoded by Rasa and parsed by the SDK on every call. The
actions read the slots, the latest message and the recent turns only: the
bot's previous action, the latest input channel, and the question asked
before a booking request (the booking link's topic tag). Everything else
in the request is as Rasa builds it; the events start at the
`RECENT_USER_TURNS`-th last user message, so a topic asked longer ago than
that no longer tags a booking link.
"""

from __future__ import annotations

from collections.abc import Reversible
from typing import Any

import rasa
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

from extensions.rasa_internals import require

RECENT_USER_TURNS = 10


def recent_turns(events: Reversible[Event], user_turns: int = RECENT_USER_TURNS) -> list[Event]:
    """The events from the `user_turns`-th last user message on (all of them if fewer)."""
    kept: list[Event] = []
    seen = 0
    for event in reversed(events):
        kept.append(event)
        if isinstance(event, UserUttered):
            seen += 1
            if seen == user_turns:
                break
    return kept[::-1]


def action_call_format(
    self: RemoteAction, tracker: DialogueStateTracker, domain: Domain
) -> dict[str, Any]:
    """Rasa's request body for an action call, with the recent events only."""
    state = tracker.current_state(EventVerbosity.NONE)
    state["events"] = [event.as_dict() for event in recent_turns(tracker.events)]
    result: dict[str, Any] = {
        "next_action": self._name,
        "sender_id": tracker.sender_id,
        "tracker": state,
        "version": rasa.__version__,
    }
    if not self._is_selective_domain_enabled() or domain.does_custom_action_explicitly_need_domain(
        self.name()
    ):
        result["domain"] = domain.as_dict()
    return result


def install() -> None:
    """Send recent events with every RemoteAction call in this process (idempotent)."""
    if RemoteAction._action_call_format is not action_call_format:
        require(RemoteAction, "_action_call_format", "extensions/action_payload.py")
    RemoteAction._action_call_format = action_call_format  # type: ignore[method-assign]
