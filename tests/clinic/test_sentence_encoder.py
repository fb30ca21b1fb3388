"""The installed encoder itself (`make install` puts it in the environment)."""

from pathlib import Path

import numpy as np
import pytest

from clinic.sentence_encoder import (
    DIMENSIONS,
    EncoderMissingError,
    SentenceEncoder,
    model_dir,
    shared_encoder,
)


def test_vectors_are_unit_length_and_keep_the_input_order() -> None:
    texts = ["a much longer message about my lower back pain after lifting", "hi", ""]
    vectors = shared_encoder().encode(texts)
    assert vectors.shape == (3, DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    # each row is the vector of its own text, whatever order the batches ran in
    alone = shared_encoder().encode([texts[1]])[0]
    assert np.allclose(vectors[1], alone, atol=1e-4)


def test_same_meaning_in_other_words_is_closer_than_another_topic() -> None:
    book, schedule, visa = shared_encoder().encode(
        [
            "how do I make an appointment?",
            "I'd like to schedule a session",
            "what are the visa requirements for brazil",
        ]
    )
    assert book @ schedule > book @ visa + 0.2


def test_no_texts_give_an_empty_matrix() -> None:
    assert shared_encoder().encode([]).shape == (0, DIMENSIONS)


def test_missing_model_says_how_to_install_it(tmp_path: Path) -> None:
    with pytest.raises(EncoderMissingError, match="make install"):
        SentenceEncoder(tmp_path)


def test_served_vectors_are_the_tensorflow_models_vectors() -> None:
    # ONNX Runtime serves the graph `make install` exported; the transformers
    # model on TensorFlow is the reference it must match, batched or not.
    from scripts.install_sentence_encoder import tensorflow_vectors

    texts = [
        "can medical massage help my sciatica after a car accident?",
        "ok",
        "do u take aetna",
        "I had a stroke five years ago. Can I still get a massage, and how often?",
    ]
    reference = tensorflow_vectors(model_dir(), texts)
    served = shared_encoder().encode(texts)
    assert np.min(np.sum(served * reference, axis=1)) > 0.9999
    assert np.allclose(served, reference, atol=1e-4)
