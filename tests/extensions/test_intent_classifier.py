from pathlib import Path

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import csr_matrix

from extensions.intent_classifier import TunedLogisticRegressionClassifier

CONFIG = {**TunedLogisticRegressionClassifier.get_default_config(), "C": 64.0}


def message(features: list[float], intent: str | None = None) -> Message:
    out = Message(data={"text": "x", **({"intent": intent} if intent else {})})
    out.add_features(Features(csr_matrix([features]), "sentence", "text", "ngrams"))
    return out


def test_loaded_weights_are_column_major_and_give_the_same_probabilities(tmp_path: Path) -> None:
    storage = LocalModelStorage(tmp_path)
    resource = Resource("classifier")
    context = ExecutionContext(GraphSchema({}), "classifier")
    rows = np.random.default_rng(0).random((30, 12))
    data = TrainingData([message(list(r), f"intent_{i % 3}") for i, r in enumerate(rows)])
    trained = TunedLogisticRegressionClassifier.create(CONFIG, storage, resource, context)
    trained.train(data)
    loaded = TunedLogisticRegressionClassifier.load(CONFIG, storage, resource, context)

    assert loaded.clf.coef_.flags["F_CONTIGUOUS"] and loaded.clf.C == 64.0
    probe = [message(list(r)) for r in rows[:5]]
    expected = trained.clf.predict_proba(csr_matrix(rows[:5]))
    got = [[r["confidence"] for r in m.get("intent_ranking")] for m in loaded.process(probe)]
    assert np.allclose(np.sort(got, axis=1), np.sort(expected, axis=1))
