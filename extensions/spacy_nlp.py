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
from functools import cache, lru_cache

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.utils import spacy_utils
from spacy.tokens import Doc, Token

from extensions.rasa_internals import require

require(spacy_utils.SpacyNLP, "load_model", "extensions/spacy_nlp.py")

NOT_USED = ["parser", "ner"]
# What the dependency parse needs, in pipeline order.
PARSE_STEPS = ("tok2vec", "tagger", "parser", "attribute_ruler")
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
def parser(model_name: str = SPACY_MODEL) -> Callable[[str], Doc]:
    """Tokens, tags and the dependency parse of a text, on the shared copy of the model.

    Only what the parse needs runs (token-to-vector, tagger, parser and the
    rules that map tags to parts of speech), not lemmas or entities. The last
    few texts' parses are kept: the semantic layer and the rules read the same
    message.
    """
    nlp = SpacyNLP.load_model(model_name).model
    # `component_names`: the parser is disabled for the pipeline but runs here.
    steps = [nlp.get_pipe(name) for name in PARSE_STEPS if name in nlp.component_names]

    @lru_cache(maxsize=16)
    def parse(text: str) -> Doc:
        doc: Doc = nlp.make_doc(text)
        for step in steps:
            doc = step(doc)
        return doc

    return parse


def sentence_splitter(model_name: str = SPACY_MODEL) -> Callable[[str], list[str]]:
    """The sentences of a text from spaCy's dependency parse."""
    parse = parser(model_name)
    return lambda text: [s.text for s in parse(text).sents]


# Dependencies that start a clause of their own when they attach a verb:
# "... years ago and now my face is drooping" (conj), "I think I am having a
# heart attack" (ccomp). A time clause ("when I was a teenager", advcl) stays
# with the clause it dates.
CLAUSE_DEPS = frozenset({"conj", "ccomp", "parataxis", "relcl"})
_VERBS = frozenset({"VERB", "AUX"})


def clauses_of(doc: Doc) -> list[list[tuple[int, int]]]:
    """The clauses of a parsed text: for each, its tokens' character spans, in order."""

    def clause_head(token: Token) -> int:
        while token.dep_ != "ROOT" and token.head is not token:
            if token.dep_ in CLAUSE_DEPS and token.pos_ in _VERBS:
                break
            token = token.head
        return int(token.i)

    clauses: dict[int, list[tuple[int, int]]] = {}
    for token in doc:
        if not token.is_space:
            clauses.setdefault(clause_head(token), []).append((token.idx, token.idx + len(token)))
    return sorted(clauses.values())


def clause_splitter(model_name: str = SPACY_MODEL) -> Callable[[str], list[list[tuple[int, int]]]]:
    """The clauses of a text from the dependency parse (a clinic.safety.ClauseSplitter)."""
    parse = parser(model_name)
    return lambda text: clauses_of(parse(text))
