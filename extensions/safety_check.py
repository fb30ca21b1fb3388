"""NLU component: emergencies and cautions outrank every other reading of a message.

It is the last component of the pipeline, so neither the trained classifier,
the fallback nor the input guard can overwrite its verdict; its rules
(content/safety.yml) are read when the model is loaded, not trained into it.
The semantic layer's verdict (extensions.semantic_safety), when it ran,
counts too: either layer's emergency is reported (clinic.safety.combined).
- An emergency sets intent `emergency_medical` or `emergency_crisis`.
- Otherwise a caution (pregnancy, blood thinners, ...) sets intent
  `health_caution` with one `caution` entity per caution found.
Button payloads ("/intent") skip the NLU pipeline and so skip this check;
they are never free text.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from clinic import content, names
from clinic.safety import (
    ClauseSplitter,
    EmergencyKind,
    SafetyRules,
    detect,
    detect_cautions,
    judged,
)
from extensions.markup_stripper import ORIGINAL_TEXT
from extensions.semantic_safety import OUTPUT_KEY as SEMANTIC_KEY
from extensions.spacy_nlp import clause_splitter
from extensions.stateless import StatelessComponent, add_entities, entity

CAUTION_INTENT = names.HEALTH_CAUTION
CAUTION_ENTITY = names.CAUTION


def semantic_verdict(message: Message) -> EmergencyKind | None:
    """What the semantic layer (extensions.semantic_safety) found, if it ran."""
    kind = (message.get(SEMANTIC_KEY) or {}).get("kind")
    return EmergencyKind(kind) if kind else None


def _override(message: Message, intent: str) -> None:
    verdict = {"name": intent, "confidence": 1.0}
    message.set(INTENT, verdict, add_to_output=True)
    ranking = [verdict, *(message.get(INTENT_RANKING_KEY) or [])]
    message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class SafetyCheck(StatelessComponent):
    """Sets the emergency or caution intent with full confidence."""

    def __init__(self, rules: SafetyRules, clauses: ClauseSplitter | None = None) -> None:
        self._rules = rules
        self._clauses = clauses

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> SafetyCheck:
        # A broken rules file stops the server at start-up instead of silently
        # disabling the check.
        return cls(content.safety(), clause_splitter())

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            # Emergencies are also looked for in markup the stripper removed.
            said = message.get(ORIGINAL_TEXT) or message.get(TEXT)
            semantic = semantic_verdict(message)
            rule = detect(said, self._rules, self._clauses)
            emergency = judged(said, rule, semantic, self._rules)
            if emergency is not None:
                _override(message, emergency.kind.value)
                continue
            text = message.get(TEXT) or ""
            cautions = detect_cautions(text, self._rules, self._clauses)
            if cautions:
                _override(message, CAUTION_INTENT)
                found = [
                    entity(
                        CAUTION_ENTITY, f.caution.category.name, f.start, f.end, text, "SafetyCheck"
                    )
                    for f in cautions
                ]
                add_entities(message, found)
        return messages
