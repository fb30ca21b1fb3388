"""Write the fingerprint of the FAQ page the answers were written from.

The page itself is not ours to commit; its fingerprint (hashes of every run of
seven words, clinic.editorial.shingle_hashes) is enough for `make test` to fail
on an answer that copies a sentence from it, on any clone.

    python scripts/fingerprint_faq.py ../shared/seed/000_2a97dfa609f3801b.txt
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from clinic.editorial import COPIED_RUN_WORDS, shingle_hashes  # noqa: E402

DEFAULT_OUT = ROOT / "tests" / "data" / "faq_fingerprint.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", type=Path)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    hashes = sorted(shingle_hashes(args.page.read_text(encoding="utf-8")))
    header = (
        f"# sha256[:16] of every run of {COPIED_RUN_WORDS} words of the FAQ page "
        f"({args.page.name}); written by scripts/fingerprint_faq.py\n"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(header + "\n".join(hashes) + "\n")
    print(f"fingerprint_faq: {len(hashes)} runs -> {args.out}")


if __name__ == "__main__":
    main()
