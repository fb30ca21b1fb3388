import pytest
from jsonschema import ValidationError, validators
from rasa.core.actions.action import RemoteAction

import extensions  # noqa: F401  (installs the validator, as in the Rasa server)
from extensions.action_validation import action_result_validator, validate_action_result

ACTION = RemoteAction("action_answer_condition", None)
GOOD = {
    "events": [{"event": "slot", "name": "condition", "value": "fibromyalgia"}],
    "responses": [{"text": "Massage can ease pain.", "buttons": [{"title": "Book", "url": "x"}]}],
}


def test_rasa_uses_the_prebuilt_validator() -> None:
    assert RemoteAction._validate_action_result is validate_action_result
    assert ACTION._validate_action_result(GOOD)


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
