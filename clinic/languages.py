"""Messages written in another language: which language, and the reply for it.

`foreign_language` tells a message clearly not in English from one that is,
erring towards English: a patient writing "hola, do you take aetna?" gets the
English answer. Another script (Hangul, Han, Cyrillic...) decides when it
carries most of the letters; Latin-script text of at least three words goes
to CLD2 (pycld2, Apache-2.0, its model inside the wheel), which names the
language. The replies are in `content/languages.yml`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pycld2

from clinic.content_files import CONTENT_DIR, ContentError, read_mapping

DEFAULT_LANGUAGES_PATH = CONTENT_DIR / "languages.yml"


class LanguagesError(ContentError):
    """The other-languages file is missing or malformed."""


@dataclass(frozen=True)
class LanguageReplies:
    """ISO 639-1 code -> the reply template in that language."""

    replies: Mapping[str, str]


def parse_languages(raw: Mapping[str, object]) -> LanguageReplies:
    replies = raw.get("replies")
    if not isinstance(replies, Mapping) or not replies:
        raise LanguagesError("'replies' must map language codes to a reply")
    bad = [str(k) for k, v in replies.items() if not (isinstance(k, str) and len(k) == 2)]
    empty = [str(k) for k, v in replies.items() if not str(v or "").strip()]
    if bad or empty:
        raise LanguagesError(f"two-letter codes with a reply needed: {', '.join(bad + empty)}")
    return LanguageReplies({k: " ".join(str(v).split()) for k, v in replies.items()})


def load_languages(path: Path = DEFAULT_LANGUAGES_PATH) -> LanguageReplies:
    """Read and validate content/languages.yml (or another clinic's file)."""
    raw = read_mapping(path, "other-language replies")
    try:
        return parse_languages(raw)
    except LanguagesError as error:
        raise LanguagesError(f"{path}: {error}") from error


# CLD2's Latin-script verdicts that count as foreign, as the language of the
# reply. On short texts CLD2 names close relatives: Galician or Catalan for
# Spanish, Seychellois or Mauritian Creole for Haitian Creole. Any other
# verdict (Scots, Frisian... which is what it says for a few odd English
# messages) counts as English.
_LATIN_FOREIGN = {
    **{"es": "es", "gl": "es", "ca": "es", "pt": "pt", "it": "it", "fr": "fr"},
    **{"ht": "ht", "crs": "ht", "mfe": "ht", "vi": "vi", "tl": "tl"},
}
# Unicode blocks of other scripts -> the language they mean here.
_SCRIPTS = (
    (0xAC00, 0xD7AF, "ko"),
    (0x1100, 0x11FF, "ko"),
    (0x3130, 0x318F, "ko"),
    (0x3040, 0x30FF, "ja"),
    (0x4E00, 0x9FFF, "zh"),
    (0x3400, 0x4DBF, "zh"),
    (0xF900, 0xFAFF, "zh"),
    (0x0400, 0x04FF, "ru"),
    (0x0600, 0x06FF, "ar"),
    (0x0590, 0x05FF, "he"),
    (0x0E00, 0x0E7F, "th"),
    (0x0900, 0x097F, "hi"),
    (0x0370, 0x03FF, "el"),
)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# Fewer words than this tell nothing ("hola", "gracias amigo").
MIN_WORDS = 3


def _script(char: str) -> str | None:
    code = ord(char)
    return next((language for low, high, language in _SCRIPTS if low <= code <= high), None)


def foreign_language(text: str) -> str | None:
    """The ISO 639-1 code of `text` if it is clearly not English, else None."""
    letters = [c for c in text if c.isalpha()]
    scripts = [s for s in map(_script, letters) if s]
    # A Chinese name in an English sentence is not Chinese: half the letters.
    if len(scripts) >= 2 and len(scripts) * 2 >= len(letters):
        return "ja" if "ja" in scripts else max(set(scripts), key=scripts.count)
    words = _WORD.findall(text)
    # Text speak ("r u a bot") is no evidence of a language.
    if len(words) < MIN_WORDS or 3 * sum(len(w) == 1 for w in words) > len(words):
        return None
    # CLD2 rejects control characters.
    clean = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in text)[:2000]
    try:
        _, _, details = pycld2.detect(clean, bestEffort=True)
    except pycld2.error:
        return None
    return _LATIN_FOREIGN.get(details[0][1])
