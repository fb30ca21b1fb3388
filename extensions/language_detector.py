"""NLU component: a message clearly written in another language gets `other_language`.

The dialogue then answers in that language (content/languages.yml): the
assistant answers in English, here is the phone number. Only languages with
a reply there are claimed; the rest keep the English reading. It runs before
the input guard and the safety check, so an emergency in any language the
safety rules know still gets 911 or 988 first.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from clinic import content, names
from clinic.languages import foreign_language
from extensions.stateless import StatelessComponent, add_entities, entity

EXTRACTOR = "LanguageDetector"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class LanguageDetector(StatelessComponent):
    """Sets intent `other_language` and entity `language` (an ISO 639-1 code)."""

    def __init__(self, languages: frozenset[str]) -> None:
        self._languages = languages

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> LanguageDetector:
        return cls(frozenset(content.languages().replies))

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            language = foreign_language(text)
            if language in self._languages:
                verdict = {"name": names.OTHER_LANGUAGE, "confidence": 1.0}
                message.set(INTENT, verdict, add_to_output=True)
                add_entities(
                    message, [entity(names.LANGUAGE, language, 0, len(text), text, EXTRACTOR)]
                )
        return messages
