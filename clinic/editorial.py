"""The clinic's editorial policy (`content/editorial.yml`): claims no answer may make."""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path

from clinic.content_files import CONTENT_DIR, ContentError, read_mapping

DEFAULT_EDITORIAL_PATH = CONTENT_DIR / "editorial.yml"


class EditorialError(ContentError):
    """The editorial policy file is missing or malformed."""


@cache
def banned_claims(path: Path = DEFAULT_EDITORIAL_PATH) -> re.Pattern[str]:
    """One pattern that finds any banned claim as a whole word or phrase, ignoring case."""
    entries = read_mapping(path, "editorial policy").get("banned_claims")
    if (
        not isinstance(entries, list)
        or not entries
        or not all(isinstance(e, str) and e.strip() for e in entries)
    ):
        raise EditorialError(f"{path}: banned_claims must be a list of patterns")
    try:
        # Word edges that also work next to symbols ("100%").
        return re.compile(r"(?<!\w)(?:" + "|".join(entries) + r")(?!\w)", re.IGNORECASE)
    except re.error as error:
        raise EditorialError(f"{path}: banned_claims has a broken pattern: {error}") from error


# Answers are written in the clinic's own words: no run of this many words may
# match the FAQ page they were written from.
COPIED_RUN_WORDS = 7


def words(text: str) -> list[str]:
    """Lower-case words, with typographic apostrophes made plain."""
    return re.findall(r"[a-z']+", text.lower().replace("\u2019", "'"))


def shingle_hashes(text: str, size: int = COPIED_RUN_WORDS) -> set[str]:
    """Short hashes of every run of `size` words: a fingerprint that holds no sentence."""
    tokens = words(text)
    runs = (" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1))
    return {hashlib.sha256(run.encode()).hexdigest()[:16] for run in runs}
