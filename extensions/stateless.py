"""A base for pipeline components that learn nothing from the training data.

Rasa's graph asks every component for `create` and, at training time, passes
the training data through `process_training_data`. Guards, rules and
knowledge-base lookups train nothing, so they share this base instead of a
copy of both methods each:

    @DefaultV1Recipe.register([...], is_trainable=False)
    class MyGuard(StatelessComponent):
        @classmethod
        def from_config(cls, config: dict[str, Any]) -> MyGuard:
            return cls(float(config["threshold"]))

        def process(self, messages: list[Message]) -> list[Message]:
            ...
"""

from __future__ import annotations

from typing import Any, TypeVar

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

Component = TypeVar("Component", bound="StatelessComponent")


class StatelessComponent(GraphComponent):
    """Built from its config (and content files) alone; passes training data through."""

    @classmethod
    def from_config(cls: type[Component], config: dict[str, Any]) -> Component:
        """The component for this config; by default the constructor takes the config."""
        return cls(config)  # type: ignore[call-arg]

    @classmethod
    def create(
        cls: type[Component],
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> Component:
        return cls.from_config(config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        raise NotImplementedError


def entity(
    name: str, value: str, start: int, end: int, text: str, extractor: str
) -> dict[str, Any]:
    """One entity in Rasa's message format; `text` is the whole message."""
    return {
        "entity": name,
        "value": value,
        "start": start,
        "end": end,
        "text": text[start:end],
        "extractor": extractor,
    }


def add_entities(message: Message, found: list[dict[str, Any]]) -> None:
    """Append entities to what earlier extractors found."""
    if found:
        message.set(ENTITIES, [*(message.get(ENTITIES) or []), *found], add_to_output=True)
