"""Thin rasa-sdk glue: read the tracker, ask `clinic/`, send the reply."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from clinic import content, names
from clinic.answers import Route, condition_detail, condition_reply, route_for
from clinic.booking import LINK_AS_TEXT_CHANNELS, booking_url
from clinic.conversation import last_topic, previous_bot_action, reading_under_override
from clinic.knowledge import setting_for_intent
from clinic.names import CONDITION, SETTING, TECHNIQUE
from clinic.safety import caution_reply
from clinic.topics import suggest

logger = logging.getLogger(__name__)

# A broken content file stops the action server at start-up, not mid-chat.
content.load_all()

# The intent answered when nothing better is known.
CANNOT_HELP = "cannot_help"
# How sure the classifier must be before a practical question asked together
# with a caution is answered too (the fallback threshold is 0.55).
UNDERLYING_QUESTION_CONFIDENCE = 0.7
# Practical questions that make sense after a caution; medical ones (e.g. "would
# deep tissue help?") could contradict it and are left to the physician.
_NOT_WITH_A_CAUTION = frozenset({names.OUT_OF_SCOPE, names.BOOK, CANNOT_HELP})


def latest_intent(tracker: Tracker) -> str:
    """The intent of the latest message ("" if none)."""
    return str((tracker.latest_message.get("intent") or {}).get("name") or "")


def latest_entity(tracker: Tracker, entity: str) -> str | None:
    """The first value of `entity` in the latest message that the knowledge base knows.

    The NLU only ever finds known values; a typed or crafted command such as
    `/ask_my_condition{"condition": "x"}` skips the NLU, and a value nobody knows
    counts as none named (the honest general answer, not silence).
    """
    kb = content.knowledge()
    known = {CONDITION: kb.conditions, SETTING: kb.settings, TECHNIQUE: kb.techniques}.get(entity)
    for found in tracker.latest_message.get("entities") or []:
        value = str(found.get("value") or "")
        if found.get("entity") == entity and value and (known is None or value in known):
            return value
    return None


def remember_named(tracker: Tracker) -> list[dict[str, Any]]:
    """Remember the condition and setting this message named, the ones answered for.

    Rasa's own slot filling keeps the last of several mentions; the answer
    uses the first, so the slots are set to match the answer.
    """
    named = {slot: latest_entity(tracker, slot) for slot in (CONDITION, SETTING)}
    return [SlotSet(slot, value) for slot, value in named.items() if value is not None]


def current_condition(tracker: Tracker) -> str | None:
    """The condition named now, else the one remembered from earlier in the chat."""
    return latest_entity(tracker, CONDITION) or tracker.get_slot(CONDITION)


def send_with_booking_link(
    dispatcher: CollectingDispatcher, tracker: Tracker, text: str, condition: str | None = None
) -> None:
    """Send `text` with a link to the booking page, tagged with channel and topic only.

    The link is a button where the channel can show one, else part of the text.
    With a known condition the link preselects its service (a knowledge-base key).
    """
    profile = content.profile()
    topics = content.topics()
    channel = tracker.get_latest_input_channel()
    entry = content.knowledge().conditions.get(condition or "")
    url = booking_url(
        profile.fields["booking_url"],
        channel=channel,
        # The booking request itself is not a topic; tag the question before it.
        topic=last_topic(tracker.events, topics.keys() - {names.BOOK}),
        known_topics=topics,
        service=entry.service if entry else None,
        service_url=profile.fields.get("booking_service_url", ""),
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
        return names.ACTION_ANSWER_CLINIC_QUESTION

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        intent = latest_intent(tracker)
        profile = content.profile()
        answer = profile.answer(intent)
        if answer is None:
            dispatcher.utter_message(text=profile.answer(CANNOT_HELP))
        elif intent == names.OUT_OF_SCOPE:
            # Off-topic: no clinic facts and no sales pitch, just where to turn.
            dispatcher.utter_message(text=answer)
        else:
            send_with_booking_link(dispatcher, tracker, answer)
        return []


class ActionOfferBooking(Action):
    """Send the booking link, tagged with the topic the patient asked about last."""

    def name(self) -> str:
        return names.ACTION_OFFER_BOOKING

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        send_with_booking_link(
            dispatcher,
            tracker,
            content.profile().answer(names.BOOK) or "",
            current_condition(tracker),
        )
        return []


class ActionHandleFallback(Action):
    """Low confidence: offer the two best guesses once, then point to a person."""

    def name(self) -> str:
        return names.ACTION_HANDLE_FALLBACK

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
        buttons.append(
            {"title": profile.phrases["fallback_none"], "payload": f"/{names.OUT_OF_SCOPE}"}
        )
        dispatcher.utter_message(text=profile.phrases["fallback_intro"], buttons=buttons)
        return []


class ActionAnswerCaution(Action):
    """A condition that needs the physician's OK first; booking only where that is safe."""

    def name(self) -> str:
        return names.ACTION_ANSWER_CAUTION

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        cautions = [
            str(e.get("value"))
            for e in tracker.latest_message.get("entities") or []
            if e.get("entity") == names.CAUTION
        ]
        text, booking_is_safe = caution_reply(cautions, content.safety())
        condition = latest_entity(tracker, CONDITION)
        # "I had a hip replacement, can massage help?": answer for the condition
        # too; "I'm pregnant, how long is a session?": the practical part.
        specific = condition_reply(
            content.knowledge(),
            condition,
            latest_entity(tracker, SETTING),
            latest_entity(tracker, TECHNIQUE),
        )
        underlying = reading_under_override(
            tracker.latest_message.get("intent_ranking") or [], UNDERLYING_QUESTION_CONFIDENCE
        )
        practical = content.profile().answer(underlying or "")
        if specific:
            text = f"{text}\n\n{specific}"
        elif underlying not in _NOT_WITH_A_CAUTION and practical:
            text = f"{text}\n\n{practical}"
        if booking_is_safe:
            send_with_booking_link(dispatcher, tracker, text, condition)
        else:
            dispatcher.utter_message(text=text)
        return remember_named(tracker)


class ActionDisclaimer(Action):
    """General information, not medical advice: once per conversation (DisclaimerPolicy).

    A custom action on purpose: when the action server is down it fails like
    the answer before it, so the patient gets the apology instead of a lone
    disclaimer.
    """

    def name(self) -> str:
        return names.ACTION_DISCLAIMER

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=content.profile().phrases["disclaimer"])
        return []


class ActionAnswerCondition(Action):
    """Answer for the patient's condition and care setting, from the knowledge base.

    Without a known condition or setting it gives the general answer, so the
    same rule serves "how often should I come?" before and after a condition
    was mentioned. A condition the knowledge base does not know ("can it help
    my gout?") gets an honest general answer with the phone number, and
    replaces any condition remembered from before.
    """

    def name(self) -> str:
        return names.ACTION_ANSWER_CONDITION

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        kb = content.knowledge()
        intent = latest_intent(tracker)
        route = route_for(kb, intent)
        if route is None:
            # A rule sends an intent here that clinic/answers.py does not route.
            logger.warning("No condition answer is routed for intent %r", intent)
            dispatcher.utter_message(text=content.profile().answer(CANNOT_HELP))
            return []
        condition = current_condition(tracker)
        technique = latest_entity(tracker, TECHNIQUE)
        events = remember_named(tracker)
        text: str | None
        if route is Route.CONDITION:
            # The condition named in this message decides; "which conditions
            # does it help?" names none and gets the general list.
            condition = latest_entity(tracker, CONDITION)
            setting = latest_entity(tracker, SETTING) or tracker.get_slot(SETTING)
            text = condition_reply(kb, condition, setting if condition else None, technique)
            if condition is None and intent == names.ASK_MY_CONDITION:
                text = content.profile().render(kb.phrases["unknown_condition"])
                events.append(SlotSet(CONDITION, None))
        elif route is Route.SETTING:
            setting = latest_entity(tracker, SETTING) or setting_for_intent(kb, intent)
            personal = condition or latest_entity(tracker, SETTING)
            text = condition_reply(kb, condition, setting, technique) if personal else None
        elif route is Route.FREQUENCY:
            text = condition_detail(kb, condition, "frequency")
        else:
            text = condition_detail(kb, condition, "expect")
        if text is None:
            general = content.profile().answer(intent)
            if general is None:
                dispatcher.utter_message(response=f"utter_{intent}")
                return events
            text = general
        send_with_booking_link(dispatcher, tracker, text, condition)
        return events
