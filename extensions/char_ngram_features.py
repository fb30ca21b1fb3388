"""NLU featurizer: TF-IDF of the message's character n-grams, beside the sentence encoder.

Patients type "trigerpoint", "slepe problems", "w/c claim": the encoder's word
pieces read such typos and shorthand poorly, the letters they share with the
training examples read them well. The two together beat either alone by
5-fold cross-validation (bench/nlu.py, BENCHMARKS.md).

Rasa's CountVectorsFeaturizer gives raw counts, which let long messages
outweigh the encoder's unit-length vector (measured worse on the same folds),
so this uses scikit-learn's TF-IDF (sublinear, unit length) and scales it by
`weight`: how much the letters count beside the meaning. It adds a sparse
*sentence* feature only, like the encoder, for the intent classifier. The
vocabulary and the IDF weights are written into the model as JSON and NumPy,
not pickled.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import FEATURIZER_CLASS_ALIAS
from rasa.nlu.featurizers.sparse_featurizer.sparse_featurizer import SparseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.feature_extraction.text import TfidfVectorizer

ALIAS = "char_ngrams"
VOCABULARY_FILE = "vocabulary.json"
IDF_FILE = "idf.npy"


def vectorizer(config: dict[str, Any], vocabulary: dict[str, int] | None = None) -> TfidfVectorizer:
    """The TF-IDF of lower-cased character n-grams within word boundaries."""
    return TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(int(config["min_ngram"]), int(config["max_ngram"])),
        sublinear_tf=True,
        lowercase=True,
        vocabulary=vocabulary,
    )


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=True)
class CharNgramFeaturizer(SparseFeaturizer, GraphComponent):
    """Adds the message's weighted character n-gram TF-IDF as a sparse sentence feature."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            **SparseFeaturizer.get_default_config(),
            FEATURIZER_CLASS_ALIAS: ALIAS,
            "min_ngram": 2,
            "max_ngram": 5,
            "weight": 1.0,
        }

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        if not 1 <= int(config["min_ngram"]) <= int(config["max_ngram"]):
            raise ValueError("CharNgramFeaturizer: need 1 <= min_ngram <= max_ngram")
        if float(config["weight"]) <= 0:
            raise ValueError("CharNgramFeaturizer: weight must be positive")

    def __init__(
        self,
        config: dict[str, Any],
        name: str,
        model_storage: ModelStorage,
        resource: Resource,
        fitted: TfidfVectorizer | None = None,
    ) -> None:
        super().__init__(name, {**self.get_default_config(), **config})
        self.validate_config(self._config)
        self._storage = model_storage
        self._resource = resource
        self._vectorizer = fitted

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> CharNgramFeaturizer:
        return cls(config, execution_context.node_name, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        texts = [m.get(TEXT) for m in training_data.training_examples if m.get(TEXT)]
        fitted = vectorizer(self._config).fit(texts)
        self._vectorizer = fitted
        vocabulary = {gram: int(column) for gram, column in fitted.vocabulary_.items()}
        with self._storage.write_to(self._resource) as directory:
            (directory / VOCABULARY_FILE).write_text(json.dumps(vocabulary, ensure_ascii=False))
            np.save(directory / IDF_FILE, fitted.idf_)
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> CharNgramFeaturizer:
        merged = {**cls.get_default_config(), **config}
        with model_storage.read_from(resource) as directory:
            vocabulary = json.loads((directory / VOCABULARY_FILE).read_text())
            idf = np.load(directory / IDF_FILE)
        fitted = vectorizer(merged, vocabulary)
        fitted.idf_ = idf
        return cls(config, execution_context.node_name, model_storage, resource, fitted)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process([m for m in training_data.training_examples if m.get(TEXT)])
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        if self._vectorizer is None:
            raise RuntimeError("CharNgramFeaturizer: process() before train() or load()")
        with_text = [m for m in messages if isinstance(m.get(TEXT), str)]
        if not with_text:
            return messages
        matrix = self._vectorizer.transform([m.get(TEXT) for m in with_text])
        matrix = scipy.sparse.csr_matrix(matrix * float(self._config["weight"]))
        for row, message in enumerate(with_text):
            self.add_features_to_message(None, matrix[row], TEXT, message)
        return messages
