from pathlib import Path

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from extensions.char_ngram_features import ALIAS, CharNgramFeaturizer

TRAINING = [
    "is trigger point therapy good for knots",
    "how much does a session cost",
    "do you take workers comp",
]
CONFIG = {"min_ngram": 2, "max_ngram": 4, "weight": 0.5}


def featurizers(tmp_path: Path) -> tuple[CharNgramFeaturizer, CharNgramFeaturizer]:
    """One trained, and one loaded from what training wrote, the way Rasa does it."""
    storage = LocalModelStorage(tmp_path)
    resource = Resource("char_ngrams")
    context = ExecutionContext(GraphSchema({}), "char_ngrams")
    trained = CharNgramFeaturizer.create(CONFIG, storage, resource, context)
    trained.train(TrainingData([Message(data={"text": t}) for t in TRAINING]))
    return trained, CharNgramFeaturizer.load(CONFIG, storage, resource, context)


def vector(featurizer: CharNgramFeaturizer, text: str) -> np.ndarray:
    message = Message(data={"text": text})
    featurizer.process([message])
    sequence, sentence = message.get_sparse_features("text", featurizers=[ALIAS])
    assert sequence is None  # a sentence feature only, like the encoder's
    assert sentence is not None
    return np.asarray(sentence.features.todense())[0]


def test_loaded_model_gives_the_same_features_as_the_trained_one(tmp_path: Path) -> None:
    trained, loaded = featurizers(tmp_path)
    for text in ["trigerpoint therapy?", "cost of a session", "w/c claim"]:
        np.testing.assert_allclose(vector(trained, text), vector(loaded, text))


def test_features_have_the_configured_weight_as_length(tmp_path: Path) -> None:
    _, loaded = featurizers(tmp_path)
    assert np.linalg.norm(vector(loaded, "trigger point")) == pytest.approx(CONFIG["weight"])


def test_a_typo_shares_most_of_its_ngrams_with_the_spelled_word(tmp_path: Path) -> None:
    _, loaded = featurizers(tmp_path)
    typo = vector(loaded, "trigerpoint")
    weight = CONFIG["weight"]
    assert typo @ vector(loaded, "trigger point") / weight**2 > 0.5
    assert typo @ vector(loaded, "workers comp") / weight**2 < 0.1


def test_text_with_no_known_ngram_gets_an_empty_vector_not_an_error(tmp_path: Path) -> None:
    _, loaded = featurizers(tmp_path)
    assert not vector(loaded, "ßßß").any()


def test_message_without_text_is_left_alone(tmp_path: Path) -> None:
    _, loaded = featurizers(tmp_path)
    message = Message(data={"intent": "greet"})
    loaded.process([message])
    assert not message.features


@pytest.mark.parametrize(
    "config", [{"min_ngram": 3, "max_ngram": 2}, {"min_ngram": 0}, {"weight": 0}]
)
def test_bad_settings_stop_training(tmp_path: Path, config: dict) -> None:
    storage = LocalModelStorage(tmp_path)
    context = ExecutionContext(GraphSchema({}), "char_ngrams")
    with pytest.raises(ValueError):
        CharNgramFeaturizer.create(config, storage, Resource("char_ngrams"), context)
