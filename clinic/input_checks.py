"""Classify raw user text that the trained model should not be asked to interpret."""

from __future__ import annotations

import re
from enum import Enum

from clinic.names import MESSAGE_EMPTY, MESSAGE_TOO_LONG

DEFAULT_MAX_CHARS = 2000


class InputProblem(str, Enum):
    """Why a message gets a fixed reply instead of a model prediction."""

    EMPTY = MESSAGE_EMPTY
    TOO_LONG = MESSAGE_TOO_LONG


def input_problem(text: str | None, max_chars: int = DEFAULT_MAX_CHARS) -> InputProblem | None:
    """EMPTY for blank or symbol-only text (no letter or digit), TOO_LONG past `max_chars`."""
    text = text or ""
    if len(text) > max_chars:
        return InputProblem.TOO_LONG
    if not any(char.isalnum() for char in text):
        return InputProblem.EMPTY
    return None


# An HTML/XML tag: "<" + optional "/" + a letter, up to the next ">".
_TAG = re.compile(r"</?[A-Za-z][^<>]{0,200}>")
_SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.I | re.S)


def strip_markup(text: str) -> str:
    """Text without HTML tags (and without script/style bodies), for the classifier only.

    A pasted `<script>` would otherwise be read as words: its character n-grams
    resemble "prescription". What the patient typed is still stored as typed.
    """
    return " ".join(_TAG.sub(" ", _SCRIPT_OR_STYLE.sub(" ", text)).split())
