"""NLU featurizer: the sentence encoder's vector of the whole message (clinic.sentence_encoder).

It adds a dense *sentence* feature only: the classifier and the out-of-domain
gate read the meaning of the message as a whole, and the encoder's own word
pieces do not line up with any tokenizer's tokens. Its features carry the alias
`sentence_encoder`, so the gate can read exactly them. The encoder is loaded
once per process and warmed up when the model loads; training examples are
encoded in batches.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import FEATURIZER_CLASS_ALIAS
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from clinic.sentence_encoder import SentenceEncoder, Vectors, shared_encoder

ALIAS = "sentence_encoder"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class SentenceEncoderFeaturizer(DenseFeaturizer, GraphComponent):
    """Adds the message's unit-length sentence vector as a dense sentence feature."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {**DenseFeaturizer.get_default_config(), FEATURIZER_CLASS_ALIAS: ALIAS}

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        pass

    def __init__(self, config: dict[str, Any], name: str, encoder: SentenceEncoder) -> None:
        super().__init__(name, {**self.get_default_config(), **config})
        self._encoder = encoder

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SentenceEncoderFeaturizer:
        return cls(config, execution_context.node_name, shared_encoder())

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process([m for m in training_data.training_examples if m.get(TEXT)])
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        with_text = [m for m in messages if isinstance(m.get(TEXT), str)]
        vectors = self._encoder.encode([m.get(TEXT) for m in with_text])
        for message, vector in zip(with_text, vectors, strict=True):
            self.add_features_to_message(None, vector[None, :], TEXT, message)
        return messages


def sentence_vector(message: Message) -> Vectors | None:
    """The encoder's vector of this message, if the featurizer gave it one."""
    _, sentence = message.get_dense_features(TEXT, featurizers=[ALIAS])
    return None if sentence is None else np.asarray(sentence.features[0], dtype=np.float32)


def labelled_vectors(training_data: TrainingData, component: str) -> tuple[Vectors, list[str]]:
    """The encoder's vectors of the intent examples and their intents, for training."""
    labelled = [
        (vector, str(m.get(INTENT)))
        for m in training_data.intent_examples
        if (vector := sentence_vector(m)) is not None
    ]
    if not labelled:
        raise ValueError(f"{component} needs the sentence_encoder featurizer before it")
    return np.stack([v for v, _ in labelled]), [i for _, i in labelled]
