"""Text normalisation shared by the safety rules and the knowledge-base matcher."""

from __future__ import annotations

_APOSTROPHES = frozenset("'’‘`´")
_SPACES = frozenset(" \t\r\f\v")


def normalise_with_offsets(text: str) -> tuple[str, list[int]]:
    """`normalise(text)` and, for each of its characters, its index in `text`.

    Matches found in the normalised text are mapped back through the offsets,
    so entity spans and redaction point at the text as the patient typed it.
    """
    chars: list[str] = []
    offsets: list[int] = []  # offsets[i]: where normalised char i came from
    for index, char in enumerate(text):
        if char in _APOSTROPHES:
            continue
        if char in _SPACES:
            if not chars or chars[-1] == " ":
                continue
            char = " "
        for lowered in char.lower():
            chars.append(lowered)
            offsets.append(index)
    while chars and chars[-1] == " ":
        chars.pop()
        offsets.pop()
    return "".join(chars), offsets


def normalise(text: str) -> str:
    """Lower-case, drop apostrophes ("can't" -> "cant"), collapse runs of spaces."""
    return normalise_with_offsets(text)[0]
