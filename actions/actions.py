"""Thin rasa-sdk glue: read the tracker, ask `clinic/`, send the reply."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from clinic import content, names
from clinic.answers import (
    Route,
    condition_detail,
    condition_reply,
    route_for,
    setting_beside_a_condition_question,
)
from clinic.booking import LINK_AS_TEXT_CHANNELS, booking_url
from clinic.conversation import (
    last_topic,
    previous_bot_action,
    previous_user_intent,
    reading_under_override,
    sure_reading_in_context,
)
from clinic.knowledge import claim_for_intent, setting_for_intent
from clinic.names import CLAIM, CONDITION, SETTING, TECHNIQUE
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
# How sure the classifier must be of a claim (workers' comp, no-fault) it
# reads behind another question before the claim is remembered; on the
# held-out questions that are about neither, 2 in 485 reach it.
CLAIM_CONFIDENCE = 0.1
# Not answered beside a caution: booking, and nothing to answer. Techniques
# ("would deep tissue help?") could contradict it and are left to the physician.
_NOT_WITH_A_CAUTION = frozenset({names.OUT_OF_SCOPE, names.BOOK, CANNOT_HELP})
# Questions about paying (or the paperwork for it) that a claim told earlier
# answers when the reading is unsure which of them was asked; the claims'
# own questions count too.
_ABOUT_PAYING = frozenset({names.ASK_INSURANCE, "ask_cost", "ask_receipts_hsa", "ask_prescription"})
# Replies that are not answers about the clinic's care: no booking offer.
_NO_BOOKING_OFFER = frozenset({names.OUT_OF_SCOPE, names.ASK_CLINIC_OTHER})
# A clinic question declined by the out-of-domain gate is answered in a
# conversation already about the clinic when the classifier read it this
# surely (clinic.conversation.sure_reading_in_context); chosen on the
# development conversations, where it answered declined clinic questions and
# no off-topic request.
SURE_IN_CONTEXT = 0.85
# Never read that way: small talk says nothing new, and what acts on the
# conversation (forget me, restart, yes and no to a question) needs the
# patient's own clear words.
_NOT_TOPICS = frozenset(
    {names.OUT_OF_SCOPE, names.NLU_FALLBACK, names.GREET, names.GOODBYE, names.THANKS}
    | {names.AFFIRM, names.DENY, names.BOT_CHALLENGE, names.FORGET_ME, names.RESTART}
)


def latest_intent(tracker: Tracker) -> str:
    """The intent of the latest message ("" if none)."""
    return str((tracker.latest_message.get("intent") or {}).get("name") or "")


def latest_entity(
    tracker: Tracker, entity: str, entities: list[dict[str, Any]] | None = None
) -> str | None:
    """The first value of `entity` in the latest message that the knowledge base knows.

    `entities` narrows the search to one question of a message that asks two.
    The NLU only ever finds known values; a typed or crafted command such as
    `/ask_my_condition{"condition": "x"}` skips the NLU, and a value nobody knows
    counts as none named (the honest general answer, not silence).
    """
    kb = content.knowledge()
    known = {
        CONDITION: kb.conditions,
        SETTING: kb.settings,
        TECHNIQUE: kb.techniques,
        CLAIM: kb.claims,
    }.get(entity)
    found_in = tracker.latest_message.get("entities") or [] if entities is None else entities
    for found in found_in:
        value = str(found.get("value") or "")
        if found.get("entity") == entity and value and (known is None or value in known):
            return value
    return None


def remember_named(tracker: Tracker) -> list[dict[str, Any]]:
    """Remember the condition, setting and claim this message named, the ones answered for.

    Rasa's own slot filling keeps the last of several mentions; the answer
    uses the first, so the slots are set to match the answer. A question about
    a claim ("does workers' comp pay?") is itself a mention of it.
    """
    named = {slot: latest_entity(tracker, slot) for slot in (CONDITION, SETTING, CLAIM)}
    named[CLAIM] = named[CLAIM] or claim_in_reading(tracker)
    return [SlotSet(slot, value) for slot, value in named.items() if value is not None]


def claim_in_reading(tracker: Tracker) -> str | None:
    """The claim the classifier reads in the message, even as a runner-up.

    "I'm a line cook and slipped in the kitchen, wrenched my back" is a back
    question first, but the workers' compensation reading close behind says
    how the patient was hurt, for a later "is that covered?".
    """
    kb = content.knowledge()
    for guess in tracker.latest_message.get("intent_ranking") or []:
        claim = claim_for_intent(kb, str(guess.get("name") or ""))
        if claim and float(guess.get("confidence") or 0.0) >= CLAIM_CONFIDENCE:
            return claim
    return claim_for_intent(kb, latest_intent(tracker))


def current_claim(tracker: Tracker, entities: list[dict[str, Any]] | None = None) -> str | None:
    """The claim (work injury, car accident) named now, else the one remembered."""
    return latest_entity(tracker, CLAIM, entities) or tracker.get_slot(CLAIM)


def current_condition(tracker: Tracker) -> str | None:
    """The condition named now, else the one remembered from earlier in the chat."""
    return latest_entity(tracker, CONDITION) or tracker.get_slot(CONDITION)


def remembered_caution(tracker: Tracker) -> tuple[str, bool] | None:
    """The advice for the cautions told earlier in the chat and whether booking is
    safe with them; None when none was told."""
    remembered = tracker.get_slot(names.CAUTION) or []
    return caution_reply(list(remembered), content.safety()) if remembered else None


def send_with_booking_link(
    dispatcher: CollectingDispatcher, tracker: Tracker, text: str, condition: str | None = None
) -> None:
    """Send `text` with a link to the booking page, tagged with channel and topic only.

    The link is a button where the channel can show one, else part of the text.
    With a known condition the link preselects its service (a knowledge-base key).
    A caution remembered from earlier that rules booking out ("a clot in my leg
    last month") sends no link, and its advice again when the patient asks to book.
    """
    remembered = remembered_caution(tracker)
    if remembered is not None:
        caution, booking_is_safe = remembered
        if not booking_is_safe:
            ranking = tracker.latest_message.get("intent_ranking") or []
            asks_to_book = names.BOOK in [str(r.get("name")) for r in ranking[:2]]
            dispatcher.utter_message(text=f"{text}\n\n{caution}" if asks_to_book else text)
            return
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


def clinic_answer(
    tracker: Tracker, intent: str, entities: list[dict[str, Any]] | None = None
) -> tuple[str, str | None]:
    """The intent answered and its text from the clinic profile (None if it has none).

    "Is that covered?" after a work injury is answered as workers' comp, not
    as health insurance.
    """
    claim = content.knowledge().claims.get(current_claim(tracker, entities) or "")
    if intent == names.ASK_INSURANCE and claim is not None:
        intent = claim.intent
    return intent, content.profile().answer(intent)


class ActionAnswerClinicQuestion(Action):
    """Answer a practical question from the clinic profile, with a booking link."""

    def name(self) -> str:
        return names.ACTION_ANSWER_CLINIC_QUESTION

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        in_context = sure_reading_in_context(
            tracker.latest_message,
            previous_user_intent(tracker.events),
            _NOT_TOPICS,
            SURE_IN_CONTEXT,
        )
        if in_context is not None:
            text = tracker.latest_message.get("text") or ""
            asked = [{"intent": in_context, "start": 0, "end": len(text)}]
            return answer_questions(dispatcher, tracker, domain, asked)
        intent, answer = clinic_answer(tracker, latest_intent(tracker))
        if answer is None:
            dispatcher.utter_message(text=content.profile().answer(CANNOT_HELP))
        elif intent in _NO_BOOKING_OFFER:
            # Off-topic or unanswered: no clinic facts and no sales pitch, just where to turn.
            dispatcher.utter_message(text=answer)
        else:
            send_with_booking_link(dispatcher, tracker, answer)
        return remember_named(tracker)


class ActionOfferBooking(Action):
    """Send the booking link, tagged with the topic the patient asked about last."""

    def name(self) -> str:
        return names.ACTION_OFFER_BOOKING

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        text, booking_is_safe = booking_answer(tracker)
        if not booking_is_safe:
            dispatcher.utter_message(text=text)
            return []
        send_with_booking_link(dispatcher, tracker, text, current_condition(tracker))
        return []


def booking_answer(tracker: Tracker) -> tuple[str, bool]:
    """The reply to a booking request, and whether the booking link may go with it.

    "I'm 30 weeks pregnant" earlier, "can I still book?" now: the caution
    again, and the link only where booking now is safe.
    """
    text = content.profile().answer(names.BOOK) or ""
    remembered = remembered_caution(tracker)
    if remembered is None:
        return text, True
    caution, booking_is_safe = remembered
    return (f"{caution}\n\n{text}", True) if booking_is_safe else (caution, False)


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
        # Unsure what was asked, not what was told: "tweaked my back hauling
        # packages off the truck" still names the back and the work injury.
        told = remember_named(tracker)
        claims = content.knowledge().claims
        claim = claims.get(current_claim(tracker) or "")
        paying = _ABOUT_PAYING | {c.intent for c in claims.values()}
        if claim is not None and guesses and guesses[0][0] in paying:
            # "how do I pay for it then?" after a work injury: unsure which
            # payment question, sure which claim it is about.
            send_with_booking_link(dispatcher, tracker, profile.answer(claim.intent) or "")
            return told
        if already_asked or not guesses:
            dispatcher.utter_message(text=profile.answer(CANNOT_HELP))
            return told
        buttons = [{"title": label, "payload": f"/{intent}"} for intent, label in guesses]
        buttons.append(
            {"title": profile.phrases["fallback_none"], "payload": f"/{names.OUT_OF_SCOPE}"}
        )
        dispatcher.utter_message(text=profile.phrases["fallback_intro"], buttons=buttons)
        return told


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
        # "After my ACL surgery, how often would I come and how soon will I
        # notice a difference?": the caution, then both questions.
        techniques = {t.intent for t in content.knowledge().techniques.values()}
        asked, _, answered, _ = question_answers(tracker, domain, _NOT_WITH_A_CAUTION | techniques)
        if asked:
            text = "\n\n".join([text, *asked])
        elif specific:
            text = f"{text}\n\n{specific}"
        elif underlying not in _NOT_WITH_A_CAUTION and practical:
            text = f"{text}\n\n{practical}"
        if booking_is_safe:
            send_with_booking_link(dispatcher, tracker, text, condition)
        else:
            dispatcher.utter_message(text=text)
        known = {c.category.name for c in content.safety().cautions}
        remembered = [*(tracker.get_slot(names.CAUTION) or []), *cautions]
        kept = [c for c in dict.fromkeys(remembered) if c in known]
        return [
            *first_of_each([*remember_named(tracker), *answered]),
            *([SlotSet(names.CAUTION, kept)] if kept else []),
        ]


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
        intent = latest_intent(tracker)
        if route_for(content.knowledge(), intent) is None:
            # A rule sends an intent here that clinic/answers.py does not route.
            logger.warning("No condition answer is routed for intent %r", intent)
            dispatcher.utter_message(text=content.profile().answer(CANNOT_HELP))
            return []
        text, condition, events = condition_answer(tracker, intent)
        if text is None:
            text = content.profile().answer(intent)
        if text is None:
            dispatcher.utter_message(response=f"utter_{intent}")
            return events
        send_with_booking_link(dispatcher, tracker, text, condition)
        return events


def condition_answer(
    tracker: Tracker, intent: str, entities: list[dict[str, Any]] | None = None
) -> tuple[str | None, str | None, list[dict[str, Any]]]:
    """The answer for the patient's condition or setting (None: the general answer applies),
    the condition it is for, and the slot events that remember what was named."""
    kb = content.knowledge()
    route = route_for(kb, intent)
    named = latest_entity(tracker, CONDITION, entities)
    condition = named or tracker.get_slot(CONDITION)
    technique = latest_entity(tracker, TECHNIQUE, entities)
    events = remember_named(tracker)
    text: str | None
    if route is Route.CONDITION:
        # The condition named in this message decides; "which conditions
        # does it help?" names none and gets the general list.
        setting = latest_entity(tracker, SETTING, entities) or tracker.get_slot(SETTING)
        text = condition_reply(kb, named, setting if named else None, technique)
        condition = named
        if named is None and intent == names.ASK_MY_CONDITION:
            text = content.profile().render(kb.phrases["unknown_condition"])
            events.append(SlotSet(CONDITION, None))
    elif route is Route.SETTING:
        # "Can massage work alongside that?" after "I'm in physical therapy":
        # the setting told before, not the one the wording resembles.
        named_setting = latest_entity(tracker, SETTING, entities)
        remembered = tracker.get_slot(SETTING)
        setting = named_setting or remembered or setting_for_intent(kb, intent)
        personal = condition or named_setting or remembered
        text = condition_reply(kb, condition, setting, technique) if personal else None
    elif route is not None:
        text = condition_detail(kb, condition, route)
    else:
        text = None
    return text, condition, events


def response_text(domain: DomainDict, intent: str) -> str | None:
    """The text of the domain's static answer to `intent` (utter_<intent>), if any."""
    variants = (domain.get("responses") or {}).get(f"utter_{intent}") or []
    text = next((v.get("text") for v in variants if v.get("text")), None)
    return " ".join(str(text).split()) if text else None


def question_answers(
    tracker: Tracker,
    domain: DomainDict,
    leave_out: frozenset[str] = frozenset(),
    questions: list[dict[str, Any]] | None = None,
) -> tuple[list[str], str | None, list[dict[str, Any]], bool]:
    """The answers to the questions the NLU found in the latest message, in order.

    Also the condition answered for, the slot events that remember what was
    named, and whether to offer booking after them (an answer that invites it,
    and no caution remembered that rules it out). A question
    whose intent is in `leave_out` is not answered; `questions` stands for the
    NLU's when given. A question's own entities
    come first, then the rest of the message's ("I have fibromyalgia, can it
    help and how often should I come?").
    """
    kb = content.knowledge()
    entities = tracker.latest_message.get("entities") or []
    texts: list[str] = []
    condition: str | None = None
    events: list[dict[str, Any]] = []
    offers_booking, booking_is_safe = False, True
    asked = tracker.latest_message.get("questions") if questions is None else questions
    for question in asked or []:
        intent = str(question.get("intent") or "")
        if intent in leave_out:
            continue
        start, end = int(question.get("start") or 0), int(question.get("end") or 0)
        own = [e for e in entities if start <= int(e.get("start") or 0) < end]
        ordered = own + [e for e in entities if e not in own]
        text: str | None
        if intent == names.BOOK:
            text, booking_is_safe = booking_answer(tracker)
        elif setting_beside_a_condition_question(kb, intent, own, entities):
            text = content.profile().answer(intent) or response_text(domain, intent)
        elif route_for(kb, intent) is not None:
            text, named, answered = condition_answer(tracker, intent, ordered)
            condition, events = condition or named, events + answered
            text = text or content.profile().answer(intent) or response_text(domain, intent)
        else:
            intent, text = clinic_answer(tracker, intent, ordered)
            text = text or response_text(domain, intent)
        if text and text not in texts:
            texts.append(text)
            offers_booking = offers_booking or intent not in _NO_BOOKING_OFFER
    return texts, condition, events, offers_booking and booking_is_safe


def first_of_each(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The first event of each slot: the slot set for the first answer wins."""
    kept: dict[str, dict[str, Any]] = {}
    for event in events:
        kept.setdefault(str(event.get("name")), event)
    return list(kept.values())


class ActionAnswerQuestions(Action):
    """Two questions in one message: both answers in the order asked, then one booking offer.

    The NLU (extensions/question_splitter.py, extensions/mentioned_questions.py)
    lists each question's intent and span.
    """

    def name(self) -> str:
        return names.ACTION_ANSWER_QUESTIONS

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        return answer_questions(dispatcher, tracker, domain)


def answer_questions(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: DomainDict,
    questions: list[dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """Send the answers to `questions` (the NLU's when None), then one booking offer."""
    texts, condition, events, offers_booking = question_answers(
        tracker, domain, questions=questions
    )
    if not texts:
        dispatcher.utter_message(text=content.profile().answer(CANNOT_HELP))
        return []
    reply = "\n\n".join(texts)
    if offers_booking:
        send_with_booking_link(dispatcher, tracker, reply, condition)
    else:
        dispatcher.utter_message(text=reply)
    return first_of_each([*remember_named(tracker), *events])


class ActionAnswerInLanguage(Action):
    """A message in another language: in that language, say the assistant answers in
    English and give the phone number (content/languages.yml)."""

    def name(self) -> str:
        return names.ACTION_ANSWER_IN_LANGUAGE

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        code = latest_entity(tracker, names.LANGUAGE) or ""
        reply = content.languages().replies.get(code)
        profile = content.profile()
        dispatcher.utter_message(
            text=profile.render(reply) if reply else profile.answer(CANNOT_HELP)
        )
        return []
