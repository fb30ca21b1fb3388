"""Thin rasa-sdk glue: read the tracker, ask `clinic/`, send the reply."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import content
from clinic.booking import LINK_AS_TEXT_CHANNELS, booking_url
from clinic.conversation import last_topic, previous_bot_action, reading_under_override
from clinic.safety import caution_reply
from clinic.topics import suggest

# The intent answered when nothing better is known.
CANNOT_HELP = "cannot_help"
# How sure the classifier must be before a practical question asked together
# with a caution is answered too (the fallback threshold is 0.55).
UNDERLYING_QUESTION_CONFIDENCE = 0.7
# Practical questions that make sense after a caution; medical ones (e.g. "would
# deep tissue help?") could contradict it and are left to the physician.
_NOT_WITH_A_CAUTION = frozenset({"out_of_scope", "book", CANNOT_HELP})


def send_with_booking_link(dispatcher: CollectingDispatcher, tracker: Tracker, text: str) -> None:
    """Send `text` with a link to the booking page, tagged with channel and topic only.

    The link is a button where the channel can show one, else part of the text.
    """
    profile = content.profile()
    topics = content.topics()
    channel = tracker.get_latest_input_channel()
    url = booking_url(
        profile.fields["booking_url"],
        channel=channel,
        # The booking request itself is not a topic; tag the question before it.
        topic=last_topic(tracker.events, topics.keys() - {"book"}),
        known_topics=topics,
    )
    label = profile.phrases["book_button"]
    if channel in LINK_AS_TEXT_CHANNELS:
        dispatcher.utter_message(text=f"{text}\n{label}: {url}")
    else:
        dispatcher.utter_message(
            text=text, buttons=[{"title": label, "type": "web_url", "url": url}]
        )


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
            send_with_booking_link(dispatcher, tracker, answer)
        return []


class ActionOfferBooking(Action):
    """Send the booking link, tagged with the topic the patient asked about last."""

    def name(self) -> str:
        return "action_offer_booking"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        send_with_booking_link(dispatcher, tracker, content.profile().answer("book") or "")
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


class ActionAnswerCaution(Action):
    """A condition that needs the physician's OK first; booking only where that is safe."""

    def name(self) -> str:
        return "action_answer_caution"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        names = [
            str(e.get("value"))
            for e in tracker.latest_message.get("entities") or []
            if e.get("entity") == "caution"
        ]
        text, booking_is_safe = caution_reply(names, content.safety())
        # "I'm pregnant, how long is a session?": answer the practical part too.
        underlying = reading_under_override(
            tracker.latest_message.get("intent_ranking") or [], UNDERLYING_QUESTION_CONFIDENCE
        )
        practical = content.profile().answer(underlying or "")
        if underlying not in _NOT_WITH_A_CAUTION and practical:
            text = f"{text}\n\n{practical}"
        if booking_is_safe:
            send_with_booking_link(dispatcher, tracker, text)
        else:
            dispatcher.utter_message(text=text)
        return []
