from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from clinic.sentence_encoder import shared_encoder
from extensions.question_splitter import QuestionSplitter
from extensions.sentence_features import SentenceEncoderFeaturizer

TRAINING = [
    ("how much does a session cost?", "ask_cost"),
    ("what are your prices", "ask_cost"),
    ("is it expensive", "ask_cost"),
    ("do you take my insurance?", "ask_insurance"),
    ("will my health plan pay for it", "ask_insurance"),
    ("is this covered by insurance", "ask_insurance"),
    ("please delete my data", "forget_me"),
    ("erase this conversation", "forget_me"),
    ("forget everything I told you", "forget_me"),
    ("what's the weather tomorrow", "out_of_scope"),
    ("play some music", "out_of_scope"),
    ("tell me a joke", "out_of_scope"),
]
CONFIG = {"threshold": 0.3, "phrase_threshold": 0.5, "C": 64.0, "not_questions": ["forget_me"]}


@pytest.fixture(scope="module")
def featurizer() -> SentenceEncoderFeaturizer:
    return SentenceEncoderFeaturizer({}, "featurizer", shared_encoder())


@pytest.fixture
def trained(tmp_path: Path, featurizer: SentenceEncoderFeaturizer) -> QuestionSplitter:
    """Trained, persisted and loaded again the way Rasa does it."""
    storage = LocalModelStorage(tmp_path)
    resource = Resource("splitter")
    context = ExecutionContext(GraphSchema({}), "splitter")
    data = TrainingData([Message(data={"text": t, "intent": i}) for t, i in TRAINING])
    featurizer.process_training_data(data)
    QuestionSplitter.create(CONFIG, storage, resource, context).train(data)
    return QuestionSplitter.load(CONFIG, storage, resource, context)


def parse(splitter: QuestionSplitter, text: str) -> Message:
    message = Message(data={"text": text, "intent": {"name": "ask_cost", "confidence": 0.6}})
    (out,) = splitter.process([message])
    return out


def test_two_questions_are_listed_in_the_order_asked(trained: QuestionSplitter) -> None:
    text = "How much is a session? And will my insurance pay for it?"
    out = parse(trained, text)
    assert out.get("intent") == {"name": "several_questions", "confidence": 1.0}
    questions = out.get("questions")
    assert [q["intent"] for q in questions] == ["ask_cost", "ask_insurance"]
    assert text[questions[1]["start"] : questions[1]["end"]] == "will my insurance pay for it?"
    assert "questions" in out.output_properties


def test_one_question_keeps_the_classifiers_reading(trained: QuestionSplitter) -> None:
    out = parse(trained, "how much does one visit cost and is it expensive")
    assert out.get("intent")["name"] == "ask_cost" and out.get("questions") is None


@pytest.mark.parametrize(
    "text",
    [
        "How much is a session? And please delete all my data now.",  # never on a guess
        "How much is a session? And what is the weather like tomorrow?",
    ],
)
def test_a_second_piece_that_is_no_question_to_answer_is_left_alone(
    trained: QuestionSplitter, text: str
) -> None:
    out = parse(trained, text)
    assert out.get("intent")["name"] == "ask_cost" and out.get("questions") is None


def test_one_question_about_two_things_lists_both(trained: QuestionSplitter) -> None:
    text = "what are your prices and insurance"
    questions = parse(trained, text).get("questions")
    assert [q["intent"] for q in questions] == ["ask_cost", "ask_insurance"]
    assert text[questions[1]["start"] : questions[1]["end"]] == "insurance"
