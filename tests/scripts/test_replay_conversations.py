from scripts.replay_conversations import conversations, describe_turn


def test_conversations_are_split_on_blank_lines_and_skip_comments() -> None:
    text = "# note\nhi\nwhat is it?\n\n\n  book  \n# end\n"
    assert list(conversations(text)) == [["hi", "what is it?"], ["book"]]


def test_describe_turn_shows_intent_entities_actions_and_replies() -> None:
    events = [
        {"event": "user", "parse_data": {"intent": {"name": "greet", "confidence": 0.5}}},
        {"event": "action", "name": "utter_greet"},
        {"event": "action", "name": "action_listen"},
        {
            "event": "user",
            "parse_data": {
                "intent": {"name": "ask_my_condition", "confidence": 0.987},
                "entities": [{"entity": "condition", "value": "arthritis"}],
            },
        },
        {"event": "action", "name": "action_answer_condition"},
        {"event": "action", "name": "action_listen"},
    ]
    replies = [{"text": "It may help.", "buttons": [{"title": "Book", "url": "https://b.example"}]}]
    assert describe_turn(events, replies) == [
        "   intent: ask_my_condition (0.99)   entities: condition=arthritis",
        "   actions: action_answer_condition",
        "   bot: It may help.",
        "        [Book] -> https://b.example",
    ]
