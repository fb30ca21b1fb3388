"""NLU component: a message far from everything the clinic answers is `out_of_scope`.

Whatever the classifier says (clinic.out_of_domain has the rule and why). It
keeps the sentence vectors of the training examples (written into the model)
and compares each message's vector, from the `sentence_encoder` featurizer,
with them. It also declines an unsure reading whose best two guesses include
off-topic, so "did you mean" only ever offers two clinic topics. It runs after
the fallback and before the input guard and the safety check, which still
outrank it. The parse output gets `out_of_domain` with both similarities, for
replays and for staff reports.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from clinic.conversation import NEARNESS_KEY
from clinic.names import OUT_OF_SCOPE
from clinic.out_of_domain import DomainExamples, doubt_setting, gated_intent
from extensions.model_vectors import load_vectors, save_vectors
from extensions.sentence_features import (
    SentenceEncoderFeaturizer,
    labelled_vectors,
    sentence_vector,
)

OUTPUT_KEY = NEARNESS_KEY


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class OutOfDomainGate(GraphComponent):
    """Sets intent `out_of_scope` for messages the clinic does not answer."""

    @classmethod
    def required_components(cls) -> list[type]:
        return [SentenceEncoderFeaturizer]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "threshold": 0.5,
            "margin": 0.0,
            "neighbours": 1,
            "doubt_margin": None,
            "doubt_off_topic": None,
        }

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        examples: DomainExamples | None = None,
    ) -> None:
        self._threshold = float(config["threshold"])
        self._margin = float(config["margin"])
        self._neighbours = int(config.get("neighbours", 1))
        self._doubt = doubt_setting(config.get("doubt_margin"), config.get("doubt_off_topic"))
        self._storage = model_storage
        self._resource = resource
        self._examples = examples

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> OutOfDomainGate:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        vectors, intents = labelled_vectors(training_data, type(self).__name__)
        self._examples = DomainExamples.from_labelled(vectors, intents)
        save_vectors(
            self._storage,
            self._resource,
            in_domain=self._examples.in_domain,
            off_topic=self._examples.off_topic,
        )
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> OutOfDomainGate:
        saved = load_vectors(model_storage, resource)
        examples = DomainExamples(saved["in_domain"], saved["off_topic"])
        return cls(config, model_storage, resource, examples)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        if self._examples is None:
            return messages
        for message in messages:
            vector = sentence_vector(message)
            if vector is None:
                continue
            near = self._examples.nearness(vector[None, :], self._neighbours)[0]
            message.set(
                OUTPUT_KEY,
                {"in_domain": round(near.in_domain, 3), "off_topic": round(near.off_topic, 3)},
                add_to_output=True,
            )
            intent = str((message.get(INTENT) or {}).get("name") or "")
            ranking = message.get(INTENT_RANKING_KEY) or []
            gated = gated_intent(intent, ranking, near, self._threshold, self._margin, self._doubt)
            if gated != intent:
                verdict = {"name": OUT_OF_SCOPE, "confidence": 1.0}
                message.set(INTENT, verdict, add_to_output=True)
        return messages
