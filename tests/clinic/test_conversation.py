from clinic.conversation import last_topic, previous_bot_action, reading_under_override


def user(intent: str) -> dict:
    return {"event": "user", "parse_data": {"intent": {"name": intent}}}


def action(name: str) -> dict:
    return {"event": "action", "name": name}


def test_previous_bot_action_is_the_one_before_the_latest_message() -> None:
    events = [
        action("action_session_start"),
        user("nlu_fallback"),
        action("action_handle_fallback"),
        {"event": "bot", "text": "Did you mean?"},
        action("action_listen"),
        user("nlu_fallback"),
    ]
    assert previous_bot_action(events) == "action_handle_fallback"


def test_previous_bot_action_ignores_the_current_turn_and_older_turns() -> None:
    events = [
        user("greet"),
        action("utter_greet"),
        action("action_listen"),
        user("nlu_fallback"),
        action("action_listen"),
        user("ask_cost"),
        action("action_answer_clinic_question"),
    ]
    # the turn before the latest message ran no action at all
    assert previous_bot_action(events) is None


def test_previous_bot_action_on_first_message() -> None:
    assert previous_bot_action([action("action_session_start"), user("greet")]) is None


def test_last_topic_is_the_latest_known_intent() -> None:
    events = [user("ask_insurance"), user("ask_cost"), user("book"), user("thanks")]
    assert last_topic(events, {"ask_insurance", "ask_cost"}) == "ask_cost"
    assert last_topic(events, {"ask_what_is"}) is None


OVERRIDE = {"name": "health_caution", "confidence": 1.0}


def test_reading_under_override_is_the_confident_second_entry() -> None:
    ranking = [OVERRIDE, {"name": "ask_cost", "confidence": 0.93}]
    assert reading_under_override(ranking, 0.7) == "ask_cost"


def test_reading_under_override_needs_confidence_and_a_second_entry() -> None:
    assert reading_under_override([OVERRIDE, {"name": "ask_cost", "confidence": 0.4}], 0.7) is None
    assert reading_under_override([OVERRIDE], 0.7) is None
