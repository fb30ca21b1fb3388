"""Every shared name exists where Rasa looks for it."""

from pathlib import Path

import pytest
import yaml

from clinic import names

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text())


@pytest.mark.parametrize(
    ("declared", "section"),
    [
        (names.INTENTS, "intents"),
        (names.ACTIONS, "actions"),
        (names.ENTITIES, "entities"),
        (names.SLOTS, "slots"),
        (names.RESPONSES, "responses"),
    ],
    ids=["intents", "actions", "entities", "slots", "responses"],
)
def test_each_name_is_in_the_domain(declared: frozenset[str], section: str) -> None:
    assert sorted(declared - set(DOMAIN[section])) == []


def test_the_fallback_intent_is_the_one_rasa_sets() -> None:
    from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME

    assert names.NLU_FALLBACK == DEFAULT_NLU_FALLBACK_INTENT_NAME


def test_every_constant_is_in_a_checked_group() -> None:
    constants = {
        value
        for key, value in vars(names).items()
        if key.isupper() and isinstance(value, str) and value != names.NLU_FALLBACK
    }
    groups = names.INTENTS | names.ACTIONS | names.ENTITIES | names.SLOTS | names.RESPONSES
    assert sorted(constants - groups) == []
