import spacy

from extensions.spacy_nlp import SPACY_MODEL, SpacyNLP, sentence_splitter

TEXT = "my shoulders were hurting after running"


def test_model_is_loaded_once_without_parser_and_ner() -> None:
    model = SpacyNLP.load_model(SPACY_MODEL)
    assert SpacyNLP.load_model(SPACY_MODEL) is model
    assert "ner" not in model.model.pipe_names and "parser" not in model.model.pipe_names
    assert "lemmatizer" in model.model.pipe_names


def test_tokens_lemmas_and_vectors_are_what_rasa_would_get() -> None:
    ours = SpacyNLP.load_model(SPACY_MODEL).model(TEXT)
    rasa = spacy.load(SPACY_MODEL, disable=["parser"])(TEXT)
    assert [(t.text, t.lemma_, t.tag_) for t in ours] == [(t.text, t.lemma_, t.tag_) for t in rasa]
    assert (ours.vector == rasa.vector).all()


def test_sentence_splitter_parses_sentences_on_the_shared_model() -> None:
    split = sentence_splitter()
    text = "can i still come in at 3 today? my chest feels crushed and my left arm is numb."
    assert split(text) == [
        "can i still come in at 3 today?",
        "my chest feels crushed and my left arm is numb.",
    ]
    assert split("a stiff neck") == ["a stiff neck"]
    assert "parser" not in SpacyNLP.load_model(SPACY_MODEL).model.pipe_names  # still off for Rasa
