from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    """The real domain, as the action server receives it."""
    return yaml.safe_load((ROOT / "domain.yml").read_text())


def user_event(intent: str, text: str = "", ranking: list[dict] | None = None) -> dict[str, Any]:
    parse = {"intent": {"name": intent, "confidence": 0.9}, "entities": [], "text": text}
    if ranking is not None:
        parse["intent_ranking"] = ranking
    return {"event": "user", "text": text, "parse_data": parse, "input_channel": "socketio"}


def action_event(name: str) -> dict[str, Any]:
    return {"event": "action", "name": name}


def make_tracker(*events: dict[str, Any]) -> Tracker:
    """A tracker whose latest message is the last user event given."""
    latest = next(e for e in reversed(events) if e["event"] == "user")
    return Tracker.from_dict(
        {
            "sender_id": "test",
            "slots": {},
            "latest_message": {**latest["parse_data"], "text": latest["text"]},
            "events": list(events),
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": "action_listen",
        }
    )
