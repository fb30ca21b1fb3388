import asyncio
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import content
from actions.actions import (
    ActionAnswerCaution,
    ActionAnswerClinicQuestion,
    ActionHandleFallback,
    ActionOfferBooking,
)
from tests.actions.conftest import action_event, make_tracker, user_event

PROFILE = content.profile()


def run(action: Any, tracker: Any, domain: dict) -> tuple[list, list[dict]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, domain))
    return events, dispatcher.messages


def booking_query(message: dict) -> dict[str, list[str]]:
    (button,) = message["buttons"]
    assert button["type"] == "web_url"
    assert button["url"].startswith(PROFILE.fields["booking_url"] + "?")
    return parse_qs(urlsplit(button["url"]).query)


@pytest.mark.parametrize(
    "intent",
    [
        "ask_insurance",
        "ask_prescription",
        "ask_car_accident",
        "ask_workers_comp",
        "ask_session_length",
        "ask_cost",
        "ask_what_to_wear",
        "ask_what_to_expect",
        "ask_location_hours",
        "ask_where_available",
        "contact_human",
    ],
)
def test_clinic_question_answers_from_profile_with_booking_link(intent: str, domain: dict) -> None:
    events, messages = run(ActionAnswerClinicQuestion(), make_tracker(user_event(intent)), domain)
    assert events == []
    (message,) = messages
    assert message["text"] == PROFILE.answer(intent)
    assert booking_query(message)["utm_campaign"] == [intent]
    assert booking_query(message)["utm_medium"] == ["socketio"]


def test_out_of_scope_gets_contact_details_and_no_booking_pitch(domain: dict) -> None:
    _, (message,) = run(
        ActionAnswerClinicQuestion(), make_tracker(user_event("out_of_scope")), domain
    )
    assert PROFILE.fields["phone"] in message["text"]
    assert not message.get("buttons")


def test_clinic_question_without_answer_falls_back_to_contact(domain: dict) -> None:
    _, (message,) = run(ActionAnswerClinicQuestion(), make_tracker(user_event("greet")), domain)
    assert message["text"] == PROFILE.answer("cannot_help")


def test_booking_link_is_tagged_with_the_question_before_it(domain: dict) -> None:
    tracker = make_tracker(
        user_event("ask_car_accident"), action_event("action_listen"), user_event("book")
    )
    events, (message,) = run(ActionOfferBooking(), tracker, domain)
    assert events == []
    assert message["text"] == PROFILE.answer("book")
    assert booking_query(message)["utm_campaign"] == ["ask_car_accident"]


def test_booking_link_without_earlier_question_is_general(domain: dict) -> None:
    _, (message,) = run(ActionOfferBooking(), make_tracker(user_event("book", "Jane Doe")), domain)
    query = booking_query(message)
    assert query["utm_campaign"] == ["general"]
    assert "Jane" not in str(query)


RANKING = [
    {"name": "nlu_fallback", "confidence": 0.55},
    {"name": "ask_cost", "confidence": 0.41},
    {"name": "ask_insurance", "confidence": 0.38},
    {"name": "ask_session_length", "confidence": 0.1},
]


def test_first_fallback_offers_two_best_guesses(domain: dict) -> None:
    tracker = make_tracker(user_event("nlu_fallback", "how much is covered", RANKING))
    events, (message,) = run(ActionHandleFallback(), tracker, domain)
    assert events == []
    assert message["text"] == PROFILE.phrases["fallback_intro"]
    assert [b["payload"] for b in message["buttons"]] == [
        "/ask_cost",
        "/ask_insurance",
        "/out_of_scope",
    ]


def test_second_fallback_in_a_row_gives_contact_details(domain: dict) -> None:
    tracker = make_tracker(
        user_event("nlu_fallback", "hmm", RANKING),
        action_event("action_handle_fallback"),
        action_event("action_listen"),
        user_event("nlu_fallback", "still not it", RANKING),
    )
    _, (message,) = run(ActionHandleFallback(), tracker, domain)
    assert message["text"] == PROFILE.answer("cannot_help")
    assert PROFILE.fields["phone"] in message["text"] and PROFILE.fields["email"] in message["text"]


def test_fallback_without_usable_guess_gives_contact_details(domain: dict) -> None:
    ranking = [{"name": "nlu_fallback", "confidence": 0.5}, {"name": "greet", "confidence": 0.2}]
    _, (message,) = run(
        ActionHandleFallback(), make_tracker(user_event("nlu_fallback", "x", ranking)), domain
    )
    assert message["text"] == PROFILE.answer("cannot_help")


def test_every_action_is_declared_in_the_domain(domain: dict) -> None:
    names = {
        a().name() for a in (ActionAnswerClinicQuestion, ActionOfferBooking, ActionHandleFallback)
    }
    assert names <= set(domain["actions"])


@pytest.mark.parametrize("channel", ["cmdline", "twilio"])
def test_channels_without_link_buttons_get_the_link_in_the_text(channel: str, domain: dict) -> None:
    event = {**user_event("book"), "input_channel": channel}
    _, (message,) = run(ActionOfferBooking(), make_tracker(event), domain)
    assert not message.get("buttons")
    first_line, link_line = message["text"].split("\n")
    assert first_line == PROFILE.answer("book")
    label, url = link_line.split(": ", 1)
    assert label == PROFILE.phrases["book_button"]
    assert parse_qs(urlsplit(url).query)["utm_medium"] == [channel]


def caution_event(*names: str, underneath: str = "ask_what_is", confidence: float = 0.9) -> dict:
    ranking = [
        {"name": "health_caution", "confidence": 1.0},
        {"name": underneath, "confidence": confidence},
    ]
    event = user_event("health_caution", "i have a condition", ranking)
    event["parse_data"]["entities"] = [{"entity": "caution", "value": n} for n in names]
    return event


def test_caution_answer_with_booking_where_safe(domain: dict) -> None:
    events, (message,) = run(
        ActionAnswerCaution(), make_tracker(caution_event("pregnancy")), domain
    )
    assert events == []
    assert "obstetrician" in message["text"] and "health history" in message["text"]
    assert booking_query(message)["utm_medium"] == ["socketio"]


@pytest.mark.parametrize("names", [("fever_infection",), ("pregnancy", "blood_clot")])
def test_caution_answer_without_booking_when_unsafe(names: tuple[str, ...], domain: dict) -> None:
    _, (message,) = run(ActionAnswerCaution(), make_tracker(caution_event(*names)), domain)
    assert "doctor" in message["text"]
    assert not message.get("buttons")


def test_caution_without_entity_gets_general_advice(domain: dict) -> None:
    _, (message,) = run(ActionAnswerCaution(), make_tracker(caution_event()), domain)
    assert message["text"] == content.safety().caution_default


def test_caution_also_answers_a_practical_question_asked_with_it(domain: dict) -> None:
    tracker = make_tracker(caution_event("pregnancy", underneath="ask_session_length"))
    _, (message,) = run(ActionAnswerCaution(), tracker, domain)
    caution = content.safety().cautions[0].answer
    assert message["text"] == f"{caution}\n\n{PROFILE.answer('ask_session_length')}"


@pytest.mark.parametrize(
    ("underneath", "confidence"),
    [("ask_session_length", 0.5), ("ask_deep_tissue", 0.99), ("book", 0.99)],
)
def test_caution_leaves_unsure_or_medical_questions_to_the_physician(
    underneath: str, confidence: float, domain: dict
) -> None:
    tracker = make_tracker(caution_event("pregnancy", underneath=underneath, confidence=confidence))
    _, (message,) = run(ActionAnswerCaution(), tracker, domain)
    assert message["text"] == content.safety().cautions[0].answer
