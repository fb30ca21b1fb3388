"""NLU component: the semantic emergency layer (clinic/safety_semantic.py) on the encoder's vector.

Trained from labelled files, the exemplars in data/safety/ and the tuning
batches in tests/safety/ (each written blind by its own writer: measured by
leaving one batch out at a time, bench/safety.py), and, as harmless
examples, every NLU training example (ordinary clinic questions). It writes
its verdict to the message (`semantic_safety`); SafetyCheck, last in the
pipeline, combines it with the rules. It scores the vector the featurizer
already made and, when the message has several sentences (spaCy's parse),
each sentence too, so an emergency inside a booking question is not diluted
by the rest; the most urgent verdict counts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from clinic.safety_semantic import (
    SafetyExemplars,
    SemanticSettings,
    exemplar_texts,
    message_verdict,
)
from clinic.sentence_encoder import Vectors, shared_encoder
from extensions.model_vectors import load_vectors, save_vectors
from extensions.sentence_features import SentenceEncoderFeaturizer, sentence_vector
from extensions.spacy_nlp import sentence_splitter

Splitter = Callable[[str], list[str]]
Encode = Callable[[list[str]], Vectors]

ROOT = Path(__file__).resolve().parent.parent
OUTPUT_KEY = "semantic_safety"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class SemanticSafety(GraphComponent):
    """Marks messages that mean an emergency or a crisis; SafetyCheck acts on it."""

    @classmethod
    def required_components(cls) -> list[type]:
        return [SentenceEncoderFeaturizer]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "exemplars": ["data/safety"],
            "medical_threshold": 0.55,
            "crisis_threshold": 0.45,
            "margin": 0.05,
            "k": 3,
        }

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        exemplars: SafetyExemplars | None = None,
        sentences: Splitter | None = None,
        encode: Encode | None = None,
    ) -> None:
        self._config = config
        self._settings = SemanticSettings(
            float(config["medical_threshold"]),
            float(config["crisis_threshold"]),
            float(config["margin"]),
            int(config["k"]),
        )
        self._storage = model_storage
        self._resource = resource
        self._exemplars = exemplars
        self._sentences = sentences
        self._encode = encode

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SemanticSafety:
        return cls(config, model_storage, resource)

    @staticmethod
    def exemplar_files(config: dict[str, Any]) -> list[Path]:
        """The labelled .yml files in the configured folders (one folder or a list)."""
        folders = config["exemplars"]
        folders = [folders] if isinstance(folders, str) else folders
        return [path for folder in folders for path in sorted((ROOT / folder).glob("*.yml"))]

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        """The exemplar files' contents: editing them retrains this component."""
        digest = hashlib.sha256()
        for path in cls.exemplar_files({**cls.get_default_config(), **config}):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
        return digest.hexdigest()

    def train(self, training_data: TrainingData) -> Resource:
        texts = exemplar_texts(self.exemplar_files(self._config))
        encoder = shared_encoder()
        ordinary = [
            v for m in training_data.intent_examples if (v := sentence_vector(m)) is not None
        ]
        harmless = [encoder.encode(texts["harmless"]), *([np.stack(ordinary)] if ordinary else [])]
        self._exemplars = SafetyExemplars(
            medical=encoder.encode(texts["medical"]),
            crisis=encoder.encode(texts["crisis"]),
            harmless=np.vstack(harmless),
        )
        save_vectors(
            self._storage,
            self._resource,
            medical=self._exemplars.medical,
            crisis=self._exemplars.crisis,
            harmless=self._exemplars.harmless,
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
    ) -> SemanticSafety:
        saved = load_vectors(model_storage, resource)
        exemplars = SafetyExemplars(saved["medical"], saved["crisis"], saved["harmless"])
        return cls(
            config, model_storage, resource, exemplars, sentence_splitter(), shared_encoder().encode
        )

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        if self._exemplars is None:
            return messages
        for message in messages:
            vector = sentence_vector(message)
            if vector is None:
                continue
            verdict = message_verdict(
                message.get(TEXT) or "",
                vector,
                self._exemplars,
                self._settings,
                self._sentences,
                self._encode,
            )
            message.set(
                OUTPUT_KEY,
                {
                    "kind": verdict.kind.value if verdict.kind else None,
                    "medical": round(verdict.near.medical, 3),
                    "crisis": round(verdict.near.crisis, 3),
                    "harmless": round(verdict.near.harmless, 3),
                    "sentences_scored": verdict.sentences_scored,
                },
                add_to_output=True,
            )
        return messages
