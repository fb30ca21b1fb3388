"""Content for the action server, read once per process (the files do not change at run time)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from clinic.knowledge import DEFAULT_KNOWLEDGE_PATH, KnowledgeBase, load_knowledge
from clinic.profile import DEFAULT_PROFILE_PATH, ClinicProfile, load_profile
from clinic.safety import DEFAULT_SAFETY_PATH, SafetyRules, load_rules
from clinic.topics import DEFAULT_TOPICS_PATH, load_topics


@lru_cache(maxsize=1)
def profile() -> ClinicProfile:
    """The clinic profile; CLINIC_PROFILE overrides its path (e.g. for another clinic)."""
    return load_profile(Path(os.environ.get("CLINIC_PROFILE", DEFAULT_PROFILE_PATH)))


@lru_cache(maxsize=1)
def topics() -> dict[str, str]:
    """Intent -> short label, for suggestions and booking campaigns."""
    return load_topics(Path(os.environ.get("CLINIC_TOPICS", DEFAULT_TOPICS_PATH)))


@lru_cache(maxsize=1)
def safety() -> SafetyRules:
    """Emergency and caution rules, shared with the Rasa server's SafetyCheck."""
    return load_rules(Path(os.environ.get("CLINIC_SAFETY", DEFAULT_SAFETY_PATH)))


@lru_cache(maxsize=1)
def knowledge() -> KnowledgeBase:
    """Conditions and care settings; CLINIC_KNOWLEDGE overrides the path."""
    return load_knowledge(Path(os.environ.get("CLINIC_KNOWLEDGE", DEFAULT_KNOWLEDGE_PATH)))


def load_all() -> None:
    """Read every content file now, so a broken one stops the server at start-up."""
    profile()
    topics()
    safety()
    knowledge()
