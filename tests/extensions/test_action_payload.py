from pathlib import Path

from rasa.core.actions.action import RemoteAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

import extensions  # noqa: F401  (installs the override, as in the Rasa server)
from extensions.action_payload import RECENT_USER_TURNS, action_call_format, recent_turns

ROOT = Path(__file__).resolve().parents[2]


def turns(count: int) -> list[Event]:
    events: list[Event] = [ActionExecuted("action_listen")]
    for n in range(count):
        events += [
            UserUttered(
                f"message {n}", {"name": "ask_prices", "confidence": 0.9}, input_channel="rest"
            ),
            ActionExecuted("utter_ask_prices"),
            BotUttered(f"answer {n}"),
            ActionExecuted("action_listen"),
        ]
    return events


def test_a_short_conversation_is_sent_whole() -> None:
    events = turns(3)
    assert recent_turns(events, 5) == events


def test_a_long_one_from_the_recent_user_messages_on() -> None:
    events = turns(30)
    kept = recent_turns(events, 5)
    assert isinstance(kept[0], UserUttered) and kept[0].text == "message 25"
    assert kept == events[-len(kept) :]
    assert sum(isinstance(e, UserUttered) for e in kept) == 5


def test_the_request_keeps_everything_but_the_older_events() -> None:
    domain = Domain.load(str(ROOT / "domain.yml"))
    events = [SlotSet("condition", "arthritis"), *turns(3 * RECENT_USER_TURNS)]
    tracker = DialogueStateTracker.from_events("s", events, domain.slots)
    sent = action_call_format(RemoteAction("action_answer_condition", None), tracker, domain)
    full = tracker.current_state(EventVerbosity.ALL)
    recent = sent["tracker"].pop("events")
    assert recent == full.pop("events")[-len(recent) :]
    assert sum(e["event"] == "user" for e in recent) == RECENT_USER_TURNS
    assert sent["tracker"] == full  # slots set long ago, the latest message, the channel
    assert sent["tracker"]["slots"]["condition"] == "arthritis"
    assert sent["next_action"] == "action_answer_condition" and "domain" in sent


def test_rasa_uses_it() -> None:
    assert RemoteAction._action_call_format is action_call_format
