"""Rasa's SpacyNLP without spaCy's entity recogniser, which nothing in the pipeline reads.

Rasa loads the spaCy model with only the parser disabled, so every message also
went through spaCy's NER (on lower-cased text, where it finds little). The
tokenizer and featurizers use tokens, lemmas and word vectors, which come out
the same without it; measured, the spaCy pass per message drops from about
7 ms to 3 ms. (Redaction runs its own NER, on the text as typed: see
extensions.tracker_store.)

Rasa's inference graph creates this component twice (one node provides the
model, one adds the spaCy docs to messages) and each loaded its own copy of
the model; here one loaded copy is shared (4 s of start-up and its memory).

The class keeps the name `SpacyNLP`: Rasa hands the loaded model to the
tokenizer and featurizer by matching that class name (`model_from`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.utils import spacy_utils

from extensions.rasa_internals import require

require(spacy_utils.SpacyNLP, "load_model", "extensions/spacy_nlp.py")

NOT_USED = ["parser", "ner"]
# The one spaCy model the server loads (redaction, sentence splitting).
SPACY_MODEL = "en_core_web_md"


@DefaultV1Recipe.register(
    [
        DefaultV1Recipe.ComponentType.MODEL_LOADER,
        DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER,
    ],
    is_trainable=False,
    model_from="SpacyNLP",
)
class SpacyNLP(spacy_utils.SpacyNLP):
    """Loads the spaCy model without the components the pipeline does not use."""

    @staticmethod
    @cache
    def load_model(spacy_model_name: str) -> spacy_utils.SpacyModel:
        model = spacy_utils.SpacyNLP.load_model(spacy_model_name)
        # Rasa's loader also checks the model's spaCy version; keep that, then
        # switch off what is not needed (disabled components never run).
        for name in NOT_USED:
            if name in model.model.pipe_names:
                model.model.disable_pipe(name)
        return model


@cache
def sentence_splitter(model_name: str = SPACY_MODEL) -> Callable[[str], list[str]]:
    """The sentences of a text from spaCy's dependency parse, on the shared copy of the model.

    Only the token-to-vector layer and the parser run (the parser reads the
    vectors the first leaves on the doc), not the whole pipeline.
    """
    nlp = SpacyNLP.load_model(model_name).model
    tok2vec, parser = nlp.get_pipe("tok2vec"), nlp.get_pipe("parser")
    return lambda text: [s.text for s in parser(tok2vec(nlp.make_doc(text))).sents]
