"""Topic labels (`content/topics.yml`) and the "did you mean" choice built from them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from clinic import names
from clinic.content_files import CONTENT_DIR, ContentError

DEFAULT_TOPICS_PATH = CONTENT_DIR / "topics.yml"
# Intents that are never worth suggesting back to a patient.
# "Other clinic questions" only leads to the team's phone number.
NOT_SUGGESTED = frozenset(
    {names.NLU_FALLBACK, names.OUT_OF_SCOPE, names.ASK_CLINIC_OTHER}
    | {names.GREET, names.GOODBYE, names.THANKS}
)


class TopicsError(ContentError):
    """The topic labels file is missing or malformed."""


def load_topics(path: Path = DEFAULT_TOPICS_PATH) -> dict[str, str]:
    """Read intent -> short label; raise TopicsError on a malformed file."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise TopicsError(f"cannot read topics {path}: {error}") from error
    topics = raw.get("topics") if isinstance(raw, Mapping) else None
    if not isinstance(topics, Mapping) or not topics:
        raise TopicsError(f"{path}: 'topics' must map intent names to labels")
    empty = [k for k, v in topics.items() if not str(v or "").strip()]
    if empty:
        raise TopicsError(f"{path}: empty label for {', '.join(map(str, empty))}")
    return {str(k): str(v).strip() for k, v in topics.items()}


def suggest(
    ranking: Iterable[Mapping[str, Any]], labels: Mapping[str, str], limit: int = 2
) -> list[tuple[str, str]]:
    """The best `limit` (intent, label) pairs from an intent ranking, best first.

    Only intents with a label are offered, so meta intents such as
    `nlu_fallback` never reach the patient.
    """
    chosen: list[tuple[str, str]] = []
    for entry in ranking:
        name = str(entry.get("name") or "")
        if name in labels and name not in NOT_SUGGESTED and name not in dict(chosen):
            chosen.append((name, labels[name]))
        if len(chosen) == limit:
            break
    return chosen
