import spacy

from extensions.spacy_nlp import SPACY_MODEL, SpacyNLP, clause_splitter, sentence_splitter

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


def clause_texts(text: str) -> list[str]:
    return [" ".join(text[a:b] for a, b in clause) for clause in clause_splitter()(text)]


def test_a_present_clause_is_split_from_a_past_one() -> None:
    clauses = clause_texts("I had a stroke years ago and now my face is drooping on the left")
    assert len(clauses) == 2
    assert "years ago" in clauses[0] and "drooping" not in clauses[0]
    assert "drooping" in clauses[1] and "years ago" not in clauses[1]


def test_a_time_clause_stays_with_the_clause_it_dates() -> None:
    (clause,) = clause_texts("when I was a teenager I tried to hurt myself")
    assert "teenager" in clause and "hurt" in clause


def test_clauses_cover_every_token_once() -> None:
    text = "no chest pain, just a stiff neck. can I come at 3?"
    spans = [span for clause in clause_splitter()(text) for span in clause]
    assert sorted(spans) == sorted(set(spans))
    assert "".join(text[a:b] for a, b in sorted(spans)) == text.replace(" ", "")
