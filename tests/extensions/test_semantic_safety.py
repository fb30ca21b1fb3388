from pathlib import Path

from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from clinic.sentence_encoder import shared_encoder
from extensions.safety_check import semantic_verdict
from extensions.semantic_safety import SemanticSafety
from extensions.sentence_features import SentenceEncoderFeaturizer

EXEMPLARS = """\
emergency:
  medical: ["my chest is crushing and my left arm is numb", "he collapsed and is not breathing"]
  crisis: ["i took all my pills on purpose", "i am on the bridge and going to jump"]
not_emergency: ["i had a heart attack ten years ago, fully recovered", "this job is killing me"]
"""


def config(folder: Path) -> dict:
    return {**SemanticSafety.get_default_config(), "exemplars": str(folder), "k": 1}


def test_trained_layer_marks_a_crisis_said_without_the_listed_words(tmp_path: Path) -> None:
    folder = tmp_path / "exemplars"
    folder.mkdir()
    (folder / "a.yml").write_text(EXEMPLARS)
    storage, resource = LocalModelStorage(tmp_path), Resource("semantic")
    context = ExecutionContext(GraphSchema({}), "semantic")
    featurizer = SentenceEncoderFeaturizer({}, "featurizer", shared_encoder())
    data = TrainingData([Message(data={"text": "how much is a session", "intent": "ask_cost"})])
    featurizer.process_training_data(data)
    SemanticSafety.create(config(folder), storage, resource, context).train(data)
    layer = SemanticSafety.load(config(folder), storage, resource, context)
    messages = [
        Message(data={"text": t}) for t in ("swallowed every pill i had, on purpose", "price?")
    ]
    featurizer.process(messages)
    layer.process(messages)
    assert [m.get("semantic_safety")["kind"] for m in messages] == ["emergency_crisis", None]
    assert semantic_verdict(messages[0]) is not None and semantic_verdict(messages[1]) is None


def test_editing_the_exemplars_changes_the_fingerprint_so_rasa_retrains(tmp_path: Path) -> None:
    (tmp_path / "a.yml").write_text(EXEMPLARS)
    before = SemanticSafety.fingerprint_addon(config(tmp_path))
    (tmp_path / "a.yml").write_text(EXEMPLARS.replace("this job", "this commute"))
    assert SemanticSafety.fingerprint_addon(config(tmp_path)) != before


def test_an_emergency_inside_a_longer_message_is_scored_on_its_own_sentence(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "exemplars"
    folder.mkdir()
    (folder / "a.yml").write_text(EXEMPLARS)
    storage, resource = LocalModelStorage(tmp_path), Resource("semantic")
    context = ExecutionContext(GraphSchema({}), "semantic")
    featurizer = SentenceEncoderFeaturizer({}, "featurizer", shared_encoder())
    questions = ["can i book a massage on thursday", "do you have parking", "how much is it"]
    data = TrainingData([Message(data={"text": t, "intent": "ask"}) for t in questions])
    featurizer.process_training_data(data)
    SemanticSafety.create(config(folder), storage, resource, context).train(data)
    layer = SemanticSafety.load(config(folder), storage, resource, context)
    whole_only = SemanticSafety(config(folder), storage, resource, layer._exemplars)
    text = (
        "hi, can i book a massage for thursday afternoon? do you have parking near the office? "
        "my chest is crushing and my arm went numb. how much is it?"
    )
    by_sentence, whole = Message(data={"text": text}), Message(data={"text": text})
    featurizer.process([by_sentence, whole])
    layer.process([by_sentence])
    whole_only.process([whole])
    assert whole.get("semantic_safety")["kind"] is None
    assert by_sentence.get("semantic_safety")["kind"] == "emergency_medical"
    assert by_sentence.get("semantic_safety")["sentences_scored"] == 4


def test_exemplars_come_from_every_configured_folder(tmp_path: Path) -> None:
    for name in ("first", "second"):
        (tmp_path / name).mkdir()
        (tmp_path / name / f"{name}.yml").write_text("x")
    folders = [str(tmp_path / "first"), str(tmp_path / "second")]
    found = SemanticSafety.exemplar_files({"exemplars": folders})
    assert [path.name for path in found] == ["first.yml", "second.yml"]
    assert SemanticSafety.exemplar_files({"exemplars": folders[0]}) == found[:1]
