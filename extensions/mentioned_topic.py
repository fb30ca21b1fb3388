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
among the classifier's best guesses.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message

from clinic import content, names
from clinic.knowledge import KnowledgeBase
from extensions.stateless import StatelessComponent

# How many of the classifier's best guesses an unsure reading may be settled from.
GUESSES = 3


def mentioned_intent(kb: KnowledgeBase, entities: list[dict[str, Any]]) -> str | None:
    """The question about the claim named, else the first condition or setting, if any.

    How someone was hurt comes first: "the airbag went off and my shoulders
    hurt" is a car-accident question (no-fault has deadlines); the shoulders
    are remembered for the next question.
    """
    for found in entities:
        if found.get("entity") == names.CLAIM and str(found.get("value") or "") in kb.claims:
            return kb.claims[str(found["value"])].intent
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

    def __init__(self, knowledge: KnowledgeBase) -> None:
        self._knowledge = knowledge

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> MentionedTopic:
        return cls(content.knowledge())

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            reading = (message.get(INTENT) or {}).get("name")
            if reading not in (names.OUT_OF_SCOPE, names.NLU_FALLBACK):
                continue
            intent = mentioned_intent(self._knowledge, message.get(ENTITIES) or [])
            guesses = [g.get("name") for g in (message.get(INTENT_RANKING_KEY) or [])[:GUESSES]]
            unsure_but_guessed = reading == names.NLU_FALLBACK and intent in guesses
            if intent is not None and (reading == names.OUT_OF_SCOPE or unsure_but_guessed):
                message.set(INTENT, {"name": intent, "confidence": 1.0}, add_to_output=True)
        return messages
