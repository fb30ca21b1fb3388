"""NLU component: one reading that stands for two questions, by what the message names.

"I've got tension headaches and low back pain, can you help with both?" reads
as one question about a condition, yet names two; "I have fibromyalgia, do I
need a prescription?" tells a condition and asks something else. The
question splitter (extensions/question_splitter.py) cuts messages where a
second question starts; these have no such place, so the knowledge-base
entities decide: the intent becomes `several_questions` with one question per
thing named (clinic.questions.mentioned_questions), answered in order by
action_answer_questions. It runs after the entities and before the safety
check, which still outranks it.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from clinic import content, names
from clinic.answers import route_for
from clinic.knowledge import KnowledgeBase
from clinic.questions import mentioned_questions
from extensions.question_splitter import OUTPUT_KEY
from extensions.stateless import StatelessComponent

# Readings that never get a condition's answer beside them: nothing to answer,
# or an answer the condition would only get in the way of.
_NEVER = frozenset(
    {
        names.OUT_OF_SCOPE,
        names.NLU_FALLBACK,
        names.SEVERAL_QUESTIONS,
        names.ASK_CLINIC_OTHER,
    }
)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class MentionedQuestions(StatelessComponent):
    """Sets `several_questions` when one reading names two conditions or techniques,
    or tells a condition before another question."""

    def __init__(self, knowledge: KnowledgeBase, not_questions: frozenset[str]) -> None:
        self._knowledge = knowledge
        self._not_beside = _NEVER | not_questions
        self._techniques = {
            key: entry.intent for key, entry in knowledge.techniques.items() if entry.intent
        }

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"not_questions": []}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> MentionedQuestions:
        return cls(content.knowledge(), frozenset(config["not_questions"]))

    def _beside_a_condition(self, intent: str) -> bool:
        # Condition-routed answers (how often, techniques...) already answer for it.
        return intent not in self._not_beside and route_for(self._knowledge, intent) is None

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            if message.get(OUTPUT_KEY):
                continue
            questions = mentioned_questions(
                message.get(TEXT) or "",
                str((message.get(INTENT) or {}).get("name") or ""),
                message.get(ENTITIES) or [],
                condition_intent=names.ASK_MY_CONDITION,
                technique_intents=self._techniques,
                answered_beside_a_condition=self._beside_a_condition,
            )
            if questions:
                message.set(OUTPUT_KEY, questions, add_to_output=True)
                verdict = {"name": names.SEVERAL_QUESTIONS, "confidence": 1.0}
                message.set(INTENT, verdict, add_to_output=True)
        return messages
