"""NLU component that removes HTML tags from the text before the encoder and the rules read it."""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from clinic.input_checks import strip_markup
from extensions.stateless import StatelessComponent

# Read by SafetyCheck; kept out of the parse output.
ORIGINAL_TEXT = "original_text"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class MarkupStripper(StatelessComponent):
    """First in the pipeline: the classifier reads the words, not the markup around them."""

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> MarkupStripper:
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if isinstance(text, str) and "<" in text:
                # Later safety checks still read what the patient actually sent.
                message.set(ORIGINAL_TEXT, text)
                message.set(TEXT, strip_markup(text))
        return messages
