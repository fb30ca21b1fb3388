"""NLU component: condition, setting and technique entities from the knowledge base.

The synonyms live in content/conditions.yml next to the answers, so the
clinic edits one file; they are read when the model is loaded, not trained.
Values are knowledge-base keys, so no synonym mapping is needed afterwards.
Measured on tests/knowledge/entities_heldout.yml (see `make test`).
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from clinic import content
from clinic.knowledge import KnowledgeBase
from clinic.mentions import find_mentions, matcher
from extensions.stateless import StatelessComponent, add_entities, entity

EXTRACTOR = "KnowledgeBaseEntities"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class KnowledgeBaseEntities(StatelessComponent):
    """Adds `condition`, `setting` and `technique` entities with knowledge-base keys."""

    def __init__(self, knowledge: KnowledgeBase) -> None:
        self._matcher = matcher(knowledge)

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> KnowledgeBaseEntities:
        return cls(content.knowledge())

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            found = [
                entity(m.entity, m.value, m.start, m.end, text, EXTRACTOR)
                for m in find_mentions(text, self._matcher)
            ]
            add_entities(message, found)
        return messages
