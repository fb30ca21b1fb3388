import pytest
from rasa.shared.core.events import ActionExecuted, Restarted, SessionStarted, UserUttered

from extensions.disclaimer_policy import given_this_session, next_action

DISCLAIMER = "action_disclaimer"
NOT_AFTER = {"utter_emergency_medical", "action_handle_fallback"}


@pytest.mark.parametrize(
    ("latest", "given", "expected"),
    [
        ("utter_ask_what_is", False, DISCLAIMER),  # first answer: disclaimer next
        ("action_answer_caution", False, DISCLAIMER),
        ("utter_ask_what_is", True, None),  # once per conversation
        (DISCLAIMER, True, "action_listen"),  # then wait for the patient
        ("utter_emergency_medical", False, None),  # never right after 911
        ("action_handle_fallback", False, None),  # not after "did you mean"
        ("action_listen", False, None),
        ("action_session_start", False, None),
        (None, False, None),
    ],
)
def test_next_action(latest: str | None, given: bool, expected: str | None) -> None:
    assert next_action(latest, given, DISCLAIMER, NOT_AFTER) == expected


def test_given_this_session_looks_back_to_the_session_start() -> None:
    told = [SessionStarted(), UserUttered("hi"), ActionExecuted(DISCLAIMER)]
    assert given_this_session(told, DISCLAIMER)
    assert not given_this_session([*told, SessionStarted(), UserUttered("hi")], DISCLAIMER)
    assert not given_this_session([*told, Restarted()], DISCLAIMER)
    assert not given_this_session([], DISCLAIMER)
