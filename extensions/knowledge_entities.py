"""NLU component: condition, setting and technique entities from the knowledge base.

The synonyms live in content/conditions.yml next to the answers, so the
clinic edits one file; they are read when the model is loaded, not trained.
Values are knowledge-base keys, so no synonym mapping is needed afterwards.
Measured on tests/knowledge/entities_heldout.yml (see `make test`).
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from clinic import content
from clinic.knowledge import KnowledgeBase, find_mentions, matcher

EXTRACTOR = "KnowledgeBaseEntities"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class KnowledgeBaseEntities(GraphComponent):
    """Adds `condition`, `setting` and `technique` entities with knowledge-base keys."""

    def __init__(self, knowledge: KnowledgeBase) -> None:
        self._matcher = matcher(knowledge)

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> KnowledgeBaseEntities:
        return cls(content.knowledge())

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            found = [
                {
                    "entity": m.entity,
                    "value": m.value,
                    "start": m.start,
                    "end": m.end,
                    "text": text[m.start : m.end],
                    "extractor": EXTRACTOR,
                }
                for m in find_mentions(text, self._matcher)
            ]
            if found:
                message.set(ENTITIES, [*(message.get(ENTITIES) or []), *found], add_to_output=True)
        return messages
