from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from clinic.sentence_encoder import shared_encoder
from extensions.out_of_domain_gate import OutOfDomainGate
from extensions.sentence_features import SentenceEncoderFeaturizer

TRAINING = [
    ("how much does a session cost?", "ask_cost"),
    ("what are your prices", "ask_cost"),
    ("can I book an appointment online?", "book"),
    ("I want to schedule a massage", "book"),
    ("reserve a table at an italian restaurant", "out_of_scope"),
    ("what's the weather tomorrow", "out_of_scope"),
]
CONFIG = {"threshold": 0.4, "margin": 0.0}


@pytest.fixture(scope="module")
def featurizer() -> SentenceEncoderFeaturizer:
    return SentenceEncoderFeaturizer({}, "featurizer", shared_encoder())


@pytest.fixture
def trained(tmp_path: Path, featurizer: SentenceEncoderFeaturizer) -> OutOfDomainGate:
    """A gate trained, persisted and loaded again the way Rasa does it."""
    storage = LocalModelStorage(tmp_path)
    resource = Resource("gate")
    context = ExecutionContext(GraphSchema({}), "gate")
    data = TrainingData([Message(data={"text": t, "intent": i}) for t, i in TRAINING])
    featurizer.process_training_data(data)
    OutOfDomainGate.create(CONFIG, storage, resource, context).train(data)
    return OutOfDomainGate.load(CONFIG, storage, resource, context)


def parse(
    gate: OutOfDomainGate, featurizer: SentenceEncoderFeaturizer, text: str, ranking: list[str]
) -> Message:
    guesses = [{"name": n, "confidence": 0.9 if i == 0 else 0.05} for i, n in enumerate(ranking)]
    message = Message(data={"text": text, "intent": guesses[0], "intent_ranking": guesses})
    featurizer.process([message])
    (out,) = gate.process([message])
    return out


def test_far_message_becomes_out_of_scope_whatever_the_classifier_said(
    trained: OutOfDomainGate, featurizer: SentenceEncoderFeaturizer
) -> None:
    out = parse(trained, featurizer, "play some ludacris hits", ["ask_cost", "book"])
    assert out.get("intent") == {"name": "out_of_scope", "confidence": 1.0}
    assert out.get("out_of_domain")["in_domain"] < CONFIG["threshold"]
    assert "out_of_domain" in out.output_properties


def test_nearer_an_off_topic_example_is_out_of_scope(
    trained: OutOfDomainGate, featurizer: SentenceEncoderFeaturizer
) -> None:
    out = parse(trained, featurizer, "book a table for two at a restaurant", ["book", "ask_cost"])
    assert out.get("intent")["name"] == "out_of_scope"


def test_clinic_question_keeps_the_classifiers_reading(
    trained: OutOfDomainGate, featurizer: SentenceEncoderFeaturizer
) -> None:
    out = parse(trained, featurizer, "how much is one visit?", ["ask_cost", "book"])
    assert out.get("intent")["name"] == "ask_cost"


def test_unsure_reading_with_off_topic_among_the_guesses_is_declined(
    trained: OutOfDomainGate, featurizer: SentenceEncoderFeaturizer
) -> None:
    out = parse(
        trained,
        featurizer,
        "how much is one visit?",
        ["nlu_fallback", "ask_cost", "out_of_scope"],
    )
    assert out.get("intent")["name"] == "out_of_scope"


def test_unsure_reading_between_two_clinic_topics_stays_a_fallback(
    trained: OutOfDomainGate, featurizer: SentenceEncoderFeaturizer
) -> None:
    out = parse(trained, featurizer, "how much is one visit?", ["nlu_fallback", "ask_cost", "book"])
    assert out.get("intent")["name"] == "nlu_fallback"


def test_gate_without_the_featurizer_refuses_to_train(tmp_path: Path) -> None:
    gate = OutOfDomainGate.create(
        CONFIG,
        LocalModelStorage(tmp_path),
        Resource("gate"),
        ExecutionContext(GraphSchema({}), "gate"),
    )
    with pytest.raises(ValueError, match="sentence_encoder"):
        gate.train(TrainingData([Message(data={"text": "hi", "intent": "greet"})]))
