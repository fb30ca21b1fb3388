"""Where the clinic's content files live, how they are read, and the error a broken one raises."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"


class ContentError(ValueError):
    """A content file is missing, malformed or says what it must not; the message names it.

    Each kind of file has its own subclass (ProfileError, KnowledgeError,
    SafetyRulesError, ...); a server catches this base at start-up.
    """


def read_mapping(path: Path, what: str) -> Mapping[str, Any]:
    """Parse a YAML content file that must hold a mapping; the error names the file."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ContentError(f"cannot read {what} {path}: {error}") from error
    if not isinstance(raw, Mapping):
        raise ContentError(f"{path}: {what} must be a mapping")
    return raw
