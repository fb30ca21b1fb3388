"""NLU component: a message that asks two things gets both answered, in the order asked.

clinic.questions cuts the message where a second question starts ("how much
is it and do you take Aetna?"); each piece is read by a small logistic
regression on the sentence encoder's vector of that piece, trained on the
same examples as the main classifier. When two pieces are confidently two
different questions the clinic answers, the intent becomes
`several_questions` and the parse output gets `questions`: the intent and the
span of each, for action_answer_questions. The threshold and C were chosen on
two-question messages made from cross-validation folds of the training data
(bench/notes.md), never on a test file. The safety check runs after this and
still outranks it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.linear_model import LogisticRegression

from clinic import names
from clinic.questions import asked_part, phrase_spans, question_spans
from clinic.sentence_encoder import SentenceEncoder, shared_encoder
from extensions.model_vectors import load_vectors, save_vectors
from extensions.sentence_features import SentenceEncoderFeaturizer, labelled_vectors

OUTPUT_KEY = "questions"
# How many questions of one message are answered.
MAX_QUESTIONS = 2


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class QuestionSplitter(GraphComponent):
    """Sets intent `several_questions` when a message asks two answerable things."""

    @classmethod
    def required_components(cls) -> list[type]:
        return [SentenceEncoderFeaturizer]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"threshold": 0.4, "phrase_threshold": 0.8, "C": 64.0, "not_questions": []}

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        encoder: SentenceEncoder,
        weights: dict[str, Any] | None = None,
    ) -> None:
        self._threshold = float(config["threshold"])
        self._phrase_threshold = float(config["phrase_threshold"])
        self._c = float(config["C"])
        # Readings that are not a question to answer: small talk, off-topic.
        self._not_questions = frozenset(config["not_questions"]) | {
            names.OUT_OF_SCOPE,
            names.NLU_FALLBACK,
        }
        self._storage = model_storage
        self._resource = resource
        self._encoder = encoder
        self._weights = weights

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> QuestionSplitter:
        return cls(config, model_storage, resource, shared_encoder())

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> QuestionSplitter:
        return cls(
            config, model_storage, resource, shared_encoder(), load_vectors(model_storage, resource)
        )

    def train(self, training_data: TrainingData) -> Resource:
        vectors, intents = labelled_vectors(training_data, type(self).__name__)
        model = LogisticRegression(C=self._c, max_iter=2000, random_state=0)
        model.fit(vectors, intents)
        self._weights = {
            "coef": model.coef_.astype(np.float32),
            "intercept": model.intercept_.astype(np.float32),
            "classes": np.asarray(model.classes_, dtype=str),
        }
        save_vectors(self._storage, self._resource, **self._weights)
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def _read(self, pieces: list[str]) -> list[tuple[str, float]]:
        assert self._weights is not None
        scores = self._encoder.encode(pieces) @ self._weights["coef"].T + self._weights["intercept"]
        scores = np.exp(scores - scores.max(axis=1, keepdims=True))
        probabilities = scores / scores.sum(axis=1, keepdims=True)
        classes = self._weights["classes"]
        return [(str(classes[row.argmax()]), float(row.max())) for row in probabilities]

    def process(self, messages: list[Message]) -> list[Message]:
        if self._weights is None:
            return messages
        for message in messages:
            text = message.get(TEXT) or ""
            spans, threshold = question_spans(text), self._threshold
            if len(spans) < 2:
                # one question about two things: surer readings needed
                spans, threshold = phrase_spans(text), self._phrase_threshold
            if len(spans) < 2:
                continue
            questions: list[dict[str, Any]] = []
            for (start, end), (intent, confidence) in zip(
                spans, self._read([asked_part(text[s:e]) for s, e in spans]), strict=True
            ):
                asked = {q["intent"] for q in questions}
                if confidence >= threshold and intent not in self._not_questions | asked:
                    questions.append({"intent": intent, "start": start, "end": end})
            if len(questions) >= 2:
                message.set(OUTPUT_KEY, questions[:MAX_QUESTIONS], add_to_output=True)
                verdict = {"name": names.SEVERAL_QUESTIONS, "confidence": 1.0}
                message.set(INTENT, verdict, add_to_output=True)
        return messages
