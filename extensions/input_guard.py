"""NLU component that overrides the intent for empty, symbol-only or over-long messages.

It runs last in the pipeline so no classifier can overwrite its verdict; the
dialogue then answers with `utter_message_empty` / `utter_message_too_long`
instead of guessing an FAQ answer from an emoji or a 10,000-character paste.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from clinic.input_checks import DEFAULT_MAX_CHARS, input_problem
from extensions.stateless import StatelessComponent


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class InputGuard(StatelessComponent):
    """Sets intent `message_empty` or `message_too_long` with full confidence."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"max_chars": DEFAULT_MAX_CHARS}

    def __init__(self, config: dict[str, Any]) -> None:
        self._max_chars = int(config["max_chars"])

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            problem = input_problem(message.get(TEXT), self._max_chars)
            if problem is not None:
                message.set(INTENT, {"name": problem.value, "confidence": 1.0}, add_to_output=True)
        return messages
