"""NLU component: an unclear yes or no becomes the fallback (clinic.confirmation says why).

It runs right after the classifier and the fallback, so the out-of-domain
gate and the safety check still have their say.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message

from clinic.confirmation import confirmed_intent
from clinic.names import NLU_FALLBACK as FALLBACK
from extensions.stateless import StatelessComponent


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class ConfirmationGuard(StatelessComponent):
    """Sets `nlu_fallback` for an `affirm` or `deny` below `threshold` confidence."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"threshold": 0.8}

    def __init__(self, config: dict[str, Any]) -> None:
        self._threshold = float(config["threshold"])

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            name, confidence = str(intent.get("name") or ""), float(intent.get("confidence") or 0)
            if confirmed_intent(name, confidence, self._threshold) == FALLBACK != name:
                verdict = {"name": FALLBACK, "confidence": self._threshold}
                message.set(INTENT, verdict, add_to_output=True)
                ranking = message.get(INTENT_RANKING_KEY) or []
                message.set(INTENT_RANKING_KEY, [verdict, *ranking], add_to_output=True)
        return messages
