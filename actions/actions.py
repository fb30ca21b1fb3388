"""Thin rasa-sdk glue: read the tracker, ask `clinic/`, send the reply."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import content
from clinic.booking import booking_url
from clinic.conversation import last_topic, previous_bot_action
from clinic.topics import suggest

# The intent answered when nothing better is known.
CANNOT_HELP = "cannot_help"


def booking_button(tracker: Tracker) -> dict[str, Any]:
    """A link button to the booking page, tagged with channel and topic only."""
    profile = content.profile()
    topics = content.topics()
    url = booking_url(
        profile.fields["booking_url"],
        channel=tracker.get_latest_input_channel(),
        # The booking request itself is not a topic; tag the question before it.
        topic=last_topic(tracker.events, topics.keys() - {"book"}),
        known_topics=topics,
    )
    return {"title": profile.phrases["book_button"], "type": "web_url", "url": url}


class ActionAnswerClinicQuestion(Action):
    """Answer a practical question from the clinic profile, with a booking link."""

    def name(self) -> str:
        return "action_answer_clinic_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name") or ""
        profile = content.profile()
        answer = profile.answer(intent)
        if answer is None:
            dispatcher.utter_message(text=profile.answer(CANNOT_HELP))
        elif intent == "out_of_scope":
            # Off-topic: no clinic facts and no sales pitch, just where to turn.
            dispatcher.utter_message(text=answer)
        else:
            dispatcher.utter_message(text=answer, buttons=[booking_button(tracker)])
        return []


class ActionOfferBooking(Action):
    """Send the booking link, tagged with the topic the patient asked about last."""

    def name(self) -> str:
        return "action_offer_booking"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        text = content.profile().answer("book")
        dispatcher.utter_message(text=text, buttons=[booking_button(tracker)])
        return []


class ActionHandleFallback(Action):
    """Low confidence: offer the two best guesses once, then point to a person."""

    def name(self) -> str:
        return "action_handle_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        profile = content.profile()
        guesses = suggest(tracker.latest_message.get("intent_ranking") or [], content.topics())
        already_asked = previous_bot_action(tracker.events) == self.name()
        if already_asked or not guesses:
            dispatcher.utter_message(text=profile.answer(CANNOT_HELP))
            return []
        buttons = [{"title": label, "payload": f"/{intent}"} for intent, label in guesses]
        buttons.append({"title": profile.phrases["fallback_none"], "payload": "/out_of_scope"})
        dispatcher.utter_message(text=profile.phrases["fallback_intro"], buttons=buttons)
        return []
