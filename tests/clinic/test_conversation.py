from clinic.conversation import (
    last_topic,
    previous_bot_action,
    previous_user_intent,
    reading_under_override,
    sure_reading_in_context,
)


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


def test_previous_user_intent_is_the_message_before_the_latest() -> None:
    assert previous_user_intent([user("ask_cost"), action("utter_x"), user("out_of_scope")]) == (
        "ask_cost"
    )
    assert previous_user_intent([action("action_session_start"), user("out_of_scope")]) is None


def parse(ranking: list[tuple[str, float]], near: tuple[float, float] = (0.8, 0.75)) -> dict:
    return {
        "intent": {"name": "out_of_scope"},
        "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking],
        "out_of_domain": {"in_domain": near[0], "off_topic": near[1]},
    }


NOT_TOPICS = {"out_of_scope", "greet", "forget_me"}


def test_a_sure_clinic_reading_under_a_decline_counts_only_in_a_clinic_conversation() -> None:
    sure = parse([("nlu_fallback", 0.2), ("ask_tipping", 0.94)])
    assert sure_reading_in_context(sure, "ask_cost", NOT_TOPICS, 0.85) == "ask_tipping"
    assert sure_reading_in_context(sure, None, NOT_TOPICS, 0.85) is None
    assert sure_reading_in_context(sure, "greet", NOT_TOPICS, 0.85) is None
    unsure = parse([("ask_tipping", 0.7)])
    assert sure_reading_in_context(unsure, "ask_cost", NOT_TOPICS, 0.85) is None
    nearer_off_topic = parse([("ask_tipping", 0.94)], near=(0.7, 0.71))
    assert sure_reading_in_context(nearer_off_topic, "ask_cost", NOT_TOPICS, 0.85) is None
    destructive = parse([("forget_me", 0.99)])
    assert sure_reading_in_context(destructive, "ask_cost", NOT_TOPICS, 0.85) is None
    answered = {**sure, "intent": {"name": "ask_tipping"}}
    assert sure_reading_in_context(answered, "ask_cost", NOT_TOPICS, 0.85) is None
