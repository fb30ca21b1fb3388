"""The clinic's content files, found and read once per process, for every process.

Each file can be replaced for another clinic by an environment variable
(README, "Changing the clinic"): the action server, the Rasa server's
components and channels, and the demo page all ask here, so one setting
changes every place a patient sees. The files do not change at run time.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from clinic.content_files import CONTENT_DIR
from clinic.knowledge import KnowledgeBase, load_knowledge
from clinic.languages import LanguageReplies, load_languages
from clinic.profile import ClinicProfile, load_profile
from clinic.safety import SafetyRules, load_rules
from clinic.topics import load_topics

# name -> (environment variable that overrides it, file in content/)
CONTENT_FILES = {
    "profile": ("CLINIC_PROFILE", "clinic.yml"),
    "topics": ("CLINIC_TOPICS", "topics.yml"),
    "safety": ("CLINIC_SAFETY", "safety.yml"),
    "knowledge": ("CLINIC_KNOWLEDGE", "conditions.yml"),
    "languages": ("CLINIC_LANGUAGES", "languages.yml"),
}


def content_path(name: str, env: Mapping[str, str] = os.environ) -> Path:
    """Where content file `name` is: its environment variable, else content/."""
    variable, default = CONTENT_FILES[name]
    return Path(env.get(variable) or CONTENT_DIR / default)


@lru_cache(maxsize=1)
def profile() -> ClinicProfile:
    """The clinic profile (CLINIC_PROFILE)."""
    return load_profile(content_path("profile"))


@lru_cache(maxsize=1)
def topics() -> dict[str, str]:
    """Intent -> short label, for suggestions and booking campaigns (CLINIC_TOPICS)."""
    return load_topics(content_path("topics"))


@lru_cache(maxsize=1)
def safety() -> SafetyRules:
    """Emergency and caution rules (CLINIC_SAFETY)."""
    return load_rules(content_path("safety"))


@lru_cache(maxsize=1)
def knowledge() -> KnowledgeBase:
    """Conditions and care settings (CLINIC_KNOWLEDGE)."""
    return load_knowledge(content_path("knowledge"))


@lru_cache(maxsize=1)
def languages() -> LanguageReplies:
    """Replies for messages in another language (CLINIC_LANGUAGES)."""
    return load_languages(content_path("languages"))


def load_all() -> None:
    """Read every content file now, so a broken one stops the server at start-up."""
    profile()
    topics()
    safety()
    knowledge()
    languages()
