"""The quick-loading DIET predicts exactly what Rasa's own loading gives."""

from pathlib import Path

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.diet_classifier import DIETClassifier
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (
    CountVectorsFeaturizer,
)
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from extensions.diet_classifier import QuickLoadingDIET, QuickLoadingDIETClassifier

EXAMPLES = {
    "ask_cost": ["how much is it", "what does a session cost", "price of massage"],
    "book": ["I want to book", "make an appointment", "book me in please"],
}


class RasaLoading:
    # Rasa names the saved files after the class, so Rasa's own loading is
    # reached through a DIETClassifier subclass of the same name.
    class QuickLoadingDIETClassifier(DIETClassifier):
        pass


CONFIG = {"epochs": 3, "number_of_transformer_layers": 1, "transformer_size": 16}


def test_loaded_model_matches_rasa_loading(tmp_path: Path) -> None:
    storage = LocalModelStorage(tmp_path)
    context = ExecutionContext(GraphSchema({}), "test")
    tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
    featurizer = CountVectorsFeaturizer.create(
        CountVectorsFeaturizer.get_default_config(), storage, Resource("cvf"), context
    )
    data = TrainingData(
        [Message(data={"text": t, "intent": i}) for i, texts in EXAMPLES.items() for t in texts]
    )
    tokenizer.process_training_data(data)
    featurizer.train(data)
    featurizer.process_training_data(data)
    config = {**QuickLoadingDIETClassifier.get_default_config(), **CONFIG}
    resource = Resource("diet")
    QuickLoadingDIETClassifier.create(config, storage, resource, context).train(data)

    def rankings(component: type[DIETClassifier]) -> list[list[float]]:
        loaded = component.load(config, storage, resource, context)
        messages = [Message(data={"text": t}) for t in ("how much", "book an appointment")]
        tokenizer.process(messages)
        featurizer.process(messages)
        loaded.process(messages)
        return [[r["confidence"] for r in m.get("intent_ranking")] for m in messages]

    quick = QuickLoadingDIETClassifier.load(config, storage, resource, context)
    assert isinstance(quick.model, QuickLoadingDIET) and not quick.model.run_eagerly
    np.testing.assert_allclose(
        rankings(QuickLoadingDIETClassifier), rankings(RasaLoading.QuickLoadingDIETClassifier)
    )
