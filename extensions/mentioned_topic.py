"""NLU component: a message declined as off-topic that names a condition, care setting
or claim the clinic knows is about that after all.

"got hit by a car crossing the street" or "I'm doing physical therapy for my
knee" ask nothing the classifier recognises, so it (or the out-of-domain gate)
says off-topic; yet the patient told us what they came about. The message
then gets the question about the first thing it names: its condition
(ask_my_condition), its setting (ask_rehab, ...) or its claim
(ask_car_accident, ...). It runs after the knowledge-base entities and before
the safety check, which still outranks it. An unsure reading ("did you
mean") takes the question about what it names only when that question is
among the classifier's best guesses. A clinic question read only weakly
(below WEAK) that names a claim becomes the claim's question: "some guy
t-boned me, whole left side aches" is about no-fault, not soreness.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message

from clinic import content, names
from clinic.knowledge import KnowledgeBase
from extensions.stateless import StatelessComponent

# How many of the classifier's best guesses an unsure reading may be settled from.
GUESSES = 3
# Below this confidence a clinic question's reading gives way to a claim the
# message names: how someone was hurt decides who may pay.
WEAK = 0.5
# Topics whose reading a named claim never outranks: asking for a person or a
# booking, and the team's phone for questions nothing here answers.
_NOT_OUTRANKED = frozenset({names.BOOK, names.ASK_CLINIC_OTHER, "contact_human", "ask_privacy"})


def claim_intent(kb: KnowledgeBase, entities: list[dict[str, Any]]) -> str | None:
    """The question about the first claim (work injury, car accident) named, if any."""
    for found in entities:
        if found.get("entity") == names.CLAIM and str(found.get("value") or "") in kb.claims:
            return kb.claims[str(found["value"])].intent
    return None


def mentioned_intent(kb: KnowledgeBase, entities: list[dict[str, Any]]) -> str | None:
    """The question about the claim named, else the first condition or setting, if any.

    How someone was hurt comes first: "the airbag went off and my shoulders
    hurt" is a car-accident question (no-fault has deadlines); the shoulders
    are remembered for the next question.
    """
    claim = claim_intent(kb, entities)
    if claim:
        return claim
    for found in entities:
        kind, value = found.get("entity"), str(found.get("value") or "")
        if kind == names.CONDITION and value in kb.conditions:
            return names.ASK_MY_CONDITION
        if kind == names.SETTING and value in kb.settings:
            return kb.settings[value].intent
    return None


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class MentionedTopic(StatelessComponent):
    """Turns `out_of_scope` (or an unsure reading) into the question about what it names."""

    def __init__(self, knowledge: KnowledgeBase, knowledge_questions: Iterable[str] = ()) -> None:
        self._knowledge = knowledge
        # the readings a claim may outrank: questions about care and visits,
        # never small talk, "delete my data" or off-topic (handled below)
        self._knowledge_questions = frozenset(knowledge_questions)

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> MentionedTopic:
        asked = content.topics().keys() - _NOT_OUTRANKED
        return cls(content.knowledge(), asked)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            reading = (message.get(INTENT) or {}).get("name")
            entities = message.get(ENTITIES) or []
            confidence = float((message.get(INTENT) or {}).get("confidence") or 0.0)
            claim = claim_intent(self._knowledge, entities)
            weak = reading == names.NLU_FALLBACK or (
                confidence < WEAK and reading in self._knowledge_questions
            )
            if claim and weak:
                # "some guy t-boned me pulling out of the mall lot, whole left
                # side aches" read weakly as soreness: the accident says more.
                message.set(INTENT, {"name": claim, "confidence": 1.0}, add_to_output=True)
                continue
            if reading not in (names.OUT_OF_SCOPE, names.NLU_FALLBACK):
                continue
            intent = mentioned_intent(self._knowledge, entities)
            guesses = [g.get("name") for g in (message.get(INTENT_RANKING_KEY) or [])[:GUESSES]]
            unsure_but_guessed = reading == names.NLU_FALLBACK and intent in guesses
            if intent is not None and (reading == names.OUT_OF_SCOPE or unsure_but_guessed):
                message.set(INTENT, {"name": intent, "confidence": 1.0}, add_to_output=True)
        return messages
