import asyncio
import os
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from rasa_sdk import Action
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import actions as actions_module
from actions.actions import (
    ActionAnswerCaution,
    ActionAnswerClinicQuestion,
    ActionAnswerCondition,
    ActionAnswerInLanguage,
    ActionAnswerQuestions,
    ActionDisclaimer,
    ActionHandleFallback,
    ActionOfferBooking,
)
from clinic import content
from tests.actions.conftest import action_event, make_tracker, user_event

ROOT = Path(__file__).resolve().parents[2]
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
        "ask_soreness_aftercare",
        "ask_tipping",
        "ask_cancellation",
        "ask_medicare_medicaid",
        "ask_gift_cards",
    ],
)
def test_clinic_question_answers_from_profile_with_booking_link(intent: str, domain: dict) -> None:
    events, messages = run(ActionAnswerClinicQuestion(), make_tracker(user_event(intent)), domain)
    claim = {"ask_car_accident": "car_accident", "ask_workers_comp": "work_injury"}.get(intent)
    assert events == ([SlotSet("claim", claim)] if claim else [])
    (message,) = messages
    assert message["text"] == PROFILE.answer(intent)
    assert booking_query(message)["utm_campaign"] == [intent]
    assert booking_query(message)["utm_medium"] == ["socketio"]


def test_out_of_scope_is_a_plain_no_without_clinic_facts_or_booking(domain: dict) -> None:
    _, (message,) = run(
        ActionAnswerClinicQuestion(), make_tracker(user_event("out_of_scope")), domain
    )
    assert message["text"] == PROFILE.answer("out_of_scope")
    for fact in ("phone", "email", "booking_url", "address", "hours"):
        value = str(PROFILE.fields.get(fact) or "")
        assert not value or value not in message["text"], fact
    assert not message.get("buttons")


def declined(ranking: list[dict], in_domain: float = 0.8, off_topic: float = 0.75) -> dict:
    """A message the out-of-domain gate declined, with the classifier's reading beneath."""
    event = user_event("out_of_scope", "I need to reschedule my appointment", ranking)
    event["parse_data"]["out_of_domain"] = {"in_domain": in_domain, "off_topic": off_topic}
    return event


def test_a_declined_clinic_question_is_answered_in_a_conversation_about_the_clinic(
    domain: dict,
) -> None:
    sure = [{"name": "ask_cancellation", "confidence": 0.96}]
    tracker = make_tracker(user_event("ask_cost"), action_event("action_listen"), declined(sure))
    _, (message,) = run(ActionAnswerClinicQuestion(), tracker, domain)
    assert message["text"].startswith(PROFILE.answer("ask_cancellation"))
    # not as the first message, nor after small talk, nor unsure, nor nearer off-topic
    for events in (
        [declined(sure)],
        [user_event("greet"), declined(sure)],
        [user_event("ask_cost"), declined([{"name": "ask_cancellation", "confidence": 0.6}])],
        [user_event("ask_cost"), declined(sure, in_domain=0.7, off_topic=0.72)],
    ):
        _, (message,) = run(ActionAnswerClinicQuestion(), make_tracker(*events), domain)
        assert message["text"] == PROFILE.answer("out_of_scope")


def test_nothing_that_acts_on_the_conversation_is_read_beneath_a_decline(domain: dict) -> None:
    for intent in ("forget_me", "restart", "affirm", "deny"):
        tracker = make_tracker(
            user_event("ask_cost"), declined([{"name": intent, "confidence": 0.99}])
        )
        events, (message,) = run(ActionAnswerClinicQuestion(), tracker, domain)
        assert message["text"] == PROFILE.answer("out_of_scope") and events == []


def test_clinic_question_nobody_answered_gets_the_team_without_a_sales_pitch(
    domain: dict,
) -> None:
    _, (message,) = run(
        ActionAnswerClinicQuestion(), make_tracker(user_event("ask_clinic_other")), domain
    )
    assert message["text"] == PROFILE.answer("ask_clinic_other")
    assert PROFILE.fields["phone"] in message["text"] and not message.get("buttons")


@pytest.mark.parametrize(
    ("claim", "answer"), [("work_injury", "ask_workers_comp"), ("car_accident", "ask_car_accident")]
)
def test_is_that_covered_answers_for_the_claim_named_or_remembered(
    claim: str, answer: str, domain: dict
) -> None:
    remembered = with_slots(
        make_tracker(user_event("ask_insurance", "is that covered?")), claim=claim
    )
    _, (message,) = run(ActionAnswerClinicQuestion(), remembered, domain)
    assert message["text"] == PROFILE.answer(answer)
    named = make_tracker(condition_event("ask_insurance", "does insurance pay", claim=claim))
    events, (message,) = run(ActionAnswerClinicQuestion(), named, domain)
    assert message["text"] == PROFILE.answer(answer)
    assert events == [SlotSet("claim", claim)]
    _, (general,) = run(
        ActionAnswerClinicQuestion(), make_tracker(user_event("ask_insurance")), domain
    )
    assert general["text"] == PROFILE.answer("ask_insurance")


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


def test_an_unsure_reading_still_remembers_what_the_patient_told(domain: dict) -> None:
    ranking = [*RANKING, {"name": "ask_workers_comp", "confidence": 0.28}]
    event = user_event("nlu_fallback", "tweaked my lower back hauling packages", ranking)
    event["parse_data"]["entities"] = [{"entity": "condition", "value": "low_back_pain"}]
    events, _ = run(ActionHandleFallback(), make_tracker(event), domain)
    assert events == [SlotSet("condition", "low_back_pain"), SlotSet("claim", "work_injury")]


def test_an_unsure_payment_question_after_a_claim_gets_the_claims_answer(domain: dict) -> None:
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.3},
        {"name": "ask_receipts_hsa", "confidence": 0.28},
        {"name": "ask_insurance", "confidence": 0.18},
    ]
    tracker = make_tracker(user_event("nlu_fallback", "how do i pay for it then", ranking))
    tracker.slots["claim"] = "work_injury"
    _, (message,) = run(ActionHandleFallback(), tracker, domain)
    assert message["text"] == PROFILE.answer("ask_workers_comp")
    assert booking_query(message)
    # without a claim told, the two best guesses as before
    tracker.slots["claim"] = None
    _, (message,) = run(ActionHandleFallback(), tracker, domain)
    assert message["text"] == PROFILE.phrases["fallback_intro"]


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


def test_the_domain_declares_exactly_the_actions_the_action_server_has(domain: dict) -> None:
    classes = [
        value
        for value in vars(actions_module).values()
        if isinstance(value, type) and issubclass(value, Action) and value is not Action
    ]
    assert {cls().name() for cls in classes} == set(domain["actions"])


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
    assert events == [SlotSet("caution", ["pregnancy"])]
    assert "obstetrician" in message["text"] and "health history" in message["text"]
    assert booking_query(message)["utm_medium"] == ["socketio"]


def test_cautions_are_remembered_together_and_unknown_ones_dropped(domain: dict) -> None:
    tracker = with_slots(make_tracker(caution_event("cancer", "no_such_caution")))
    tracker.slots["caution"] = ["pregnancy"]
    events, _ = run(ActionAnswerCaution(), tracker, domain)
    assert events == [SlotSet("caution", ["pregnancy", "cancer"])]


@pytest.mark.parametrize(("caution", "link"), [("pregnancy", True), ("fever_infection", False)])
def test_asking_to_book_after_a_caution_brings_the_caution_back(
    caution: str, link: bool, domain: dict
) -> None:
    tracker = make_tracker(user_event("book", "can I still book?"))
    tracker.slots["caution"] = [caution]
    _, (message,) = run(ActionOfferBooking(), tracker, domain)
    answer = next(c.answer for c in content.safety().cautions if c.category.name == caution)
    assert message["text"].startswith(answer)
    assert bool(message.get("buttons")) is link


@pytest.mark.parametrize(("asked", "caution_again"), [("book", True), ("ask_cost", False)])
def test_a_remembered_caution_that_rules_out_booking_keeps_the_link_away(
    asked: str, caution_again: bool, domain: dict
) -> None:
    ranking = [{"name": "ask_cost", "confidence": 0.5}, {"name": asked, "confidence": 0.4}]
    tracker = make_tracker(user_event("ask_cost", "how much, can i still book?", ranking))
    tracker.slots["caution"] = ["blood_clot"]
    _, (message,) = run(ActionAnswerClinicQuestion(), tracker, domain)
    answer = next(c.answer for c in content.safety().cautions if c.category.name == "blood_clot")
    assert not message.get("buttons") and "http" not in message["text"]
    assert (answer in message["text"]) is caution_again


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


KB = content.knowledge()


def condition_event(intent: str, text: str = "", **entities: str) -> dict:
    event = user_event(intent, text)
    event["parse_data"]["entities"] = [{"entity": k, "value": v} for k, v in entities.items()]
    return event


def with_slots(tracker: Any, **slots: str) -> Any:
    tracker.slots.update(slots)
    return tracker


def test_condition_answer_with_service_preselected(domain: dict) -> None:
    tracker = make_tracker(condition_event("ask_my_condition", condition="fibromyalgia"))
    events, (message,) = run(ActionAnswerCondition(), tracker, domain)
    assert events == [SlotSet("condition", "fibromyalgia")]
    assert message["text"].startswith(KB.conditions["fibromyalgia"].answer)
    assert booking_query(message)["service"] == ["fibromyalgia"]


def test_condition_and_setting_in_one_message_get_one_answer(domain: dict) -> None:
    tracker = make_tracker(
        condition_event("ask_my_condition", condition="post_surgical", setting="rehabilitation")
    )
    _, (message,) = run(ActionAnswerCondition(), tracker, domain)
    assert KB.settings["rehabilitation"].answer in message["text"]
    assert KB.conditions["post_surgical"].answer in message["text"]


def test_unknown_condition_gets_general_answer_with_phone_and_forgets_the_old_one(
    domain: dict,
) -> None:
    tracker = with_slots(
        make_tracker(condition_event("ask_my_condition", "can it help my gout?")),
        condition="tension_headache",
    )
    events, (message,) = run(ActionAnswerCondition(), tracker, domain)
    assert PROFILE.fields["phone"] in message["text"]
    assert "specific information" in message["text"]
    assert events == [{"event": "slot", "timestamp": None, "name": "condition", "value": None}]
    assert "service" not in booking_query(message)


def test_crafted_command_with_a_condition_nobody_knows_gets_the_honest_general_answer(
    domain: dict,
) -> None:
    # '/ask_my_condition{"condition":"x"}' skips the NLU, which only finds known values.
    tracker = make_tracker(condition_event("ask_my_condition", condition="x"))
    events, (message,) = run(ActionAnswerCondition(), tracker, domain)
    assert PROFILE.fields["phone"] in message["text"]
    assert "specific information" in message["text"]
    assert events == [{"event": "slot", "timestamp": None, "name": "condition", "value": None}]
    assert "service" not in booking_query(message)


@pytest.mark.parametrize(
    ("intent", "field"),
    [("ask_how_often", "frequency"), ("ask_what_to_expect", "expect"), ("ask_techniques", "")],
)
def test_follow_up_uses_the_remembered_condition(intent: str, field: str, domain: dict) -> None:
    if not field:  # techniques: the condition's own, then what a session is like
        tracker = with_slots(make_tracker(user_event(intent)), condition="tension_headache")
        _, (message,) = run(ActionAnswerCondition(), tracker, domain)
        assert "tension headaches" in message["text"].lower()
        assert message["text"].endswith(KB.conditions["tension_headache"].expect)
        return
    tracker = with_slots(make_tracker(user_event(intent)), condition="tension_headache")
    _, (message,) = run(ActionAnswerCondition(), tracker, domain)
    assert message["text"].startswith(getattr(KB.conditions["tension_headache"], field))
    assert booking_query(message)["service"] == ["headaches"]


def test_follow_up_without_a_condition_gets_the_general_answer(domain: dict) -> None:
    _, (message,) = run(ActionAnswerCondition(), make_tracker(user_event("ask_how_often")), domain)
    assert message == {**message, "response": "utter_ask_how_often"}
    _, (expect,) = run(
        ActionAnswerCondition(), make_tracker(user_event("ask_what_to_expect")), domain
    )
    assert expect["text"] == PROFILE.answer("ask_what_to_expect")


def test_setting_question_is_personal_only_with_a_setting_or_condition(domain: dict) -> None:
    _, (general,) = run(ActionAnswerCondition(), make_tracker(user_event("ask_rehab")), domain)
    assert general["response"] == "utter_ask_rehab"
    referred = make_tracker(condition_event("ask_rehab", setting="rehabilitation"))
    _, (personal,) = run(ActionAnswerCondition(), referred, domain)
    assert personal["text"] == KB.settings["rehabilitation"].answer


def test_the_first_condition_named_is_answered_and_remembered(domain: dict) -> None:
    event = user_event("ask_my_condition", "after surgery on my shoulder")
    event["parse_data"]["entities"] = [
        {"entity": "condition", "value": "post_surgical"},
        {"entity": "condition", "value": "muscle_tension"},
    ]
    events, (message,) = run(ActionAnswerCondition(), make_tracker(event), domain)
    assert message["text"].startswith(KB.conditions["post_surgical"].answer)
    assert events == [SlotSet("condition", "post_surgical")]


def test_booking_preselects_the_remembered_condition(domain: dict) -> None:
    tracker = with_slots(make_tracker(user_event("book")), condition="low_back_pain")
    _, (message,) = run(ActionOfferBooking(), tracker, domain)
    assert booking_query(message)["service"] == ["back_pain"]


def test_caution_with_a_condition_answers_for_the_condition(domain: dict) -> None:
    event = caution_event("recent_surgery")
    event["parse_data"]["entities"].append({"entity": "condition", "value": "post_surgical"})
    _, (message,) = run(ActionAnswerCaution(), make_tracker(event), domain)
    assert "surgeon" in message["text"]
    assert KB.conditions["post_surgical"].answer in message["text"]
    assert booking_query(message)["service"] == ["post_surgical"]


def test_which_conditions_answers_the_named_one_or_the_general_list(domain: dict) -> None:
    named = make_tracker(condition_event("ask_which_conditions", condition="arthritis"))
    _, (specific,) = run(ActionAnswerCondition(), named, domain)
    assert specific["text"].startswith(KB.conditions["arthritis"].answer)
    events, (general,) = run(
        ActionAnswerCondition(), make_tracker(user_event("ask_which_conditions")), domain
    )
    assert general["response"] == "utter_ask_which_conditions" and events == []


def test_broken_knowledge_base_stops_the_action_server_at_start_up(tmp_path: Path) -> None:
    broken = tmp_path / "conditions.yml"
    raw = yaml.safe_load((ROOT / "content" / "conditions.yml").read_text())
    raw["conditions"]["arthritis"]["techniques"] = ["cupping"]
    broken.write_text(yaml.safe_dump(raw))
    result = subprocess.run(
        [sys.executable, "-c", "import actions.actions"],
        env={**os.environ, "CLINIC_KNOWLEDGE": str(broken), "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "arthritis: unknown techniques ['cupping']" in result.stderr


def test_disclaimer_says_general_information_not_medical_advice(domain: dict) -> None:
    events, (message,) = run(ActionDisclaimer(), make_tracker(user_event("greet")), domain)
    assert events == [] and "not medical advice" in message["text"]
    assert message["text"] == PROFILE.phrases["disclaimer"]


def test_an_intent_without_a_condition_route_is_not_given_another_answer(
    domain: dict, caplog: pytest.LogCaptureFixture
) -> None:
    # e.g. a new rule "ask_athletes -> action_answer_condition" without a route
    tracker = make_tracker(user_event("ask_athletes", "do athletes get it?"))
    events, (message,) = run(ActionAnswerCondition(), tracker, domain)
    assert message["text"] == PROFILE.answer("cannot_help")
    assert events == []
    assert "ask_athletes" in caplog.text


def questions_event(text: str, *asked: tuple[str, str], entities: list | None = None) -> dict:
    """A several_questions message; each (intent, piece) is a piece of `text`."""
    event = user_event("several_questions", text)
    event["parse_data"]["questions"] = [
        {"intent": intent, "start": text.index(piece), "end": text.index(piece) + len(piece)}
        for intent, piece in asked
    ]
    event["parse_data"]["entities"] = entities or []
    return event


def test_two_questions_get_both_answers_in_order_and_one_booking_link(domain: dict) -> None:
    text = "how much is it? and do you take my insurance?"
    tracker = make_tracker(
        questions_event(text, ("ask_cost", "how much is it?"), ("ask_insurance", "do you take"))
    )
    _, (message,) = run(ActionAnswerQuestions(), tracker, domain)
    assert message["text"] == f"{PROFILE.answer('ask_cost')}\n\n{PROFILE.answer('ask_insurance')}"
    assert len(message["buttons"]) == 1 and booking_query(message)


def test_a_condition_named_in_one_question_serves_the_other(domain: dict) -> None:
    text = "I have fibromyalgia, can it help and how often should I come?"
    fibro = {"entity": "condition", "value": "fibromyalgia", "start": 7, "end": 19}
    tracker = make_tracker(
        questions_event(
            text,
            ("ask_my_condition", "I have fibromyalgia, can it help"),
            ("ask_how_often", "how often should I come?"),
            entities=[fibro],
        )
    )
    events, (message,) = run(ActionAnswerQuestions(), tracker, domain)
    entry = KB.conditions["fibromyalgia"]
    assert message["text"].startswith(entry.answer)
    assert message["text"].endswith(entry.frequency)
    assert events == [SlotSet("condition", "fibromyalgia")]
    assert booking_query(message)["service"] == ["fibromyalgia"]


def test_a_setting_question_beside_a_condition_question_gets_both_answers(domain: dict) -> None:
    text = "do hospitals offer this? and would it help with my fibromyalgia"
    hospital = {"entity": "setting", "value": "hospital_wellness", "start": 3, "end": 12}
    fibro = {"entity": "condition", "value": "fibromyalgia", "start": 50, "end": 62}
    tracker = make_tracker(
        questions_event(
            text,
            ("ask_hospitals", "do hospitals offer this?"),
            ("ask_my_condition", "would it help with my fibromyalgia"),
            entities=[hospital, fibro],
        )
    )
    _, (message,) = run(ActionAnswerQuestions(), tracker, domain)
    # the setting's general answer, as when asked alone, then the condition's
    setting = " ".join(domain["responses"]["utter_ask_hospitals"][0]["text"].split())
    first, second = message["text"].split("\n\n")
    assert first == setting and second.startswith(KB.conditions["fibromyalgia"].answer)


def test_static_answers_come_from_the_domain(domain: dict) -> None:
    text = "what is medical massage? and what should I wear?"
    tracker = make_tracker(
        questions_event(
            text, ("ask_what_is", "what is medical"), ("ask_what_to_wear", "what should")
        )
    )
    _, (message,) = run(ActionAnswerQuestions(), tracker, domain)
    what_is = " ".join(domain["responses"]["utter_ask_what_is"][0]["text"].split())
    assert message["text"] == f"{what_is}\n\n{PROFILE.answer('ask_what_to_wear')}"


def test_a_caution_with_two_questions_gives_the_caution_then_both_answers(domain: dict) -> None:
    text = "after my surgery how much is it and how long is a session, is deep tissue ok"
    event = questions_event(
        text,
        ("ask_cost", "how much is it"),
        ("ask_session_length", "how long is a session"),
        ("ask_deep_tissue", "is deep tissue ok"),
    )
    event["parse_data"]["intent"] = {"name": "health_caution", "confidence": 1.0}
    event["parse_data"]["entities"] = [{"entity": "caution", "value": "recent_surgery"}]
    _, (message,) = run(ActionAnswerCaution(), make_tracker(event), domain)
    caution = next(
        c.answer for c in content.safety().cautions if c.category.name == "recent_surgery"
    )
    # techniques are left to the surgeon
    assert message["text"] == "\n\n".join(
        [caution, PROFILE.answer("ask_cost"), PROFILE.answer("ask_session_length")]
    )


@pytest.mark.parametrize(("caution", "link"), [("pregnancy", True), ("blood_clot", False)])
def test_booking_asked_beside_another_question_brings_a_remembered_caution_back(
    caution: str, link: bool, domain: dict
) -> None:
    text = "what if you skip my belly, can I still book?"
    tracker = make_tracker(
        questions_event(
            text, ("ask_modesty_draping", "what if you skip"), ("book", "can I still book?")
        )
    )
    tracker.slots["caution"] = [caution]
    _, (message,) = run(ActionAnswerQuestions(), tracker, domain)
    answer = next(c.answer for c in content.safety().cautions if c.category.name == caution)
    assert message["text"].startswith(PROFILE.answer("ask_modesty_draping"))
    assert answer in message["text"]
    assert bool(message.get("buttons")) is link


def test_no_questions_listed_gets_the_team(domain: dict) -> None:
    _, (message,) = run(ActionAnswerQuestions(), make_tracker(questions_event("x y z")), domain)
    assert message["text"] == PROFILE.answer("cannot_help")


def test_another_language_gets_its_own_reply_with_the_phone(domain: dict) -> None:
    event = condition_event("other_language", "¿Cuánto cuesta?", language="es")
    _, (message,) = run(ActionAnswerInLanguage(), make_tracker(event), domain)
    assert message["text"] == PROFILE.render(content.languages().replies["es"])
    assert PROFILE.fields["phone"] in message["text"] and not message.get("buttons")
    unknown = condition_event("other_language", "x", language="xx")
    _, (fallback,) = run(ActionAnswerInLanguage(), make_tracker(unknown), domain)
    assert fallback["text"] == PROFILE.answer("cannot_help")


def test_a_setting_question_without_a_setting_answers_for_the_one_told_before(
    domain: dict,
) -> None:
    tracker = with_slots(make_tracker(user_event("ask_hospitals", "can it work alongside that?")))
    tracker.slots["setting"] = "rehabilitation"
    _, (message,) = run(ActionAnswerCondition(), tracker, domain)
    assert message["text"] == KB.settings["rehabilitation"].answer


def test_a_claim_read_behind_another_question_is_remembered(domain: dict) -> None:
    ranking = [
        {"name": "ask_my_condition", "confidence": 0.7},
        {"name": "ask_workers_comp", "confidence": 0.2},
    ]
    event = user_event("ask_my_condition", "slipped in the restaurant kitchen", ranking)
    event["parse_data"]["entities"] = [{"entity": "condition", "value": "low_back_pain"}]
    events, _ = run(ActionAnswerCondition(), make_tracker(event), domain)
    assert SlotSet("claim", "work_injury") in events
    ranking[1]["confidence"] = 0.05
    events, _ = run(ActionAnswerCondition(), make_tracker(event), domain)
    assert all(e.get("name") != "claim" for e in events)
