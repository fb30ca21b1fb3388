from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from extensions.markup_stripper import MarkupStripper


def test_strips_tags_at_prediction_and_in_training() -> None:
    stripper = MarkupStripper()
    (message,) = stripper.process([Message(data={"text": "<p>does it <b>hurt</b>?</p>"})])
    assert message.get("text") == "does it hurt ?"
    data = TrainingData([Message(data={"text": "<i>hello</i>", "intent": "greet"})])
    assert stripper.process_training_data(data).training_examples[0].get("text") == "hello"


def test_leaves_text_without_tags_untouched() -> None:
    (message,) = MarkupStripper().process([Message(data={"text": "a < b"})])
    assert message.get("text") == "a < b"
