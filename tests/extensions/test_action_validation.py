import asyncio
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from jsonschema import ValidationError, validators
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

import extensions  # noqa: F401  (installs the validator, as in the Rasa server)
from extensions import action_validation
from extensions.action_validation import action_result_validator

ROOT = Path(__file__).resolve().parents[2]

ACTION = RemoteAction("action_answer_condition", None)
GOOD = {
    "events": [{"event": "slot", "name": "condition", "value": "fibromyalgia"}],
    "responses": [{"text": "Massage can ease pain.", "buttons": [{"title": "Book", "url": "x"}]}],
}


class StubActionServer(BaseHTTPRequestHandler):
    """Answers every action call with GOOD."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        body = json.dumps(GOOD).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def action_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), StubActionServer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/webhook"
    server.shutdown()
    server.server_close()


def test_rasa_runs_a_remote_action_through_the_prebuilt_validator(
    action_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rasa's own RemoteAction.run, against a local action server, calls it once per reply."""
    checked: list[dict[str, object]] = []
    prebuilt = action_result_validator()

    class Counting:
        def validate(self, result: dict[str, object]) -> None:
            checked.append(result)
            prebuilt.validate(result)

    monkeypatch.setattr(action_validation, "action_result_validator", Counting)
    domain = Domain.load(str(ROOT / "domain.yml"))
    tracker = DialogueStateTracker.from_events("s", [ActionExecuted("action_listen")])
    action = RemoteAction("action_answer_condition", EndpointConfig(action_server))
    events = asyncio.run(
        action.run(
            CollectingOutputChannel(),
            TemplatedNaturalLanguageGenerator(domain.responses),
            tracker,
            domain,
        )
    )
    assert [c["events"] for c in checked] == [GOOD["events"]]  # one check per reply
    assert any(getattr(e, "key", None) == "condition" for e in events)


@pytest.mark.parametrize(
    "bad",
    [
        {"events": [{"name": "condition"}]},  # an event without its type
        {"events": "slot"},
        {"responses": ["text"]},
    ],
)
def test_invalid_replies_are_refused_as_rasa_refuses_them(bad: dict[str, object]) -> None:
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        ACTION._validate_action_result(bad)
    rasa_schema = RemoteAction.action_response_format_spec()
    assert not validators.validator_for(rasa_schema)(rasa_schema).is_valid(bad)


def test_the_schema_itself_is_checked_once(monkeypatch: pytest.MonkeyPatch) -> None:
    validator = action_result_validator()

    def fail(*_: object) -> None:
        raise AssertionError("schema checked again")

    monkeypatch.setattr(type(validator), "check_schema", classmethod(fail))
    for _ in range(3):
        assert ACTION._validate_action_result(GOOD)
