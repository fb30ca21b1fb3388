from pathlib import Path

import pytest
import yaml

from clinic.answers import Route, route_for
from clinic.knowledge import load_knowledge

ROOT = Path(__file__).resolve().parents[2]
KB = load_knowledge()
RULES = yaml.safe_load((ROOT / "data" / "rules.yml").read_text())["rules"]
ROUTED_HERE = sorted(
    rule["steps"][0]["intent"]
    for rule in RULES
    if rule["steps"][-1].get("action") == "action_answer_condition"
)


@pytest.mark.parametrize("intent", ROUTED_HERE)
def test_every_intent_the_rules_send_to_the_condition_answer_has_a_route(intent: str) -> None:
    assert route_for(KB, intent) is not None


@pytest.mark.parametrize(
    ("intent", "route"),
    [
        ("ask_my_condition", Route.CONDITION),
        ("ask_how_often", Route.FREQUENCY),
        ("ask_what_to_expect", Route.EXPECT),
        ("ask_rehab", Route.SETTING),  # a care setting's intent, from conditions.yml
        ("ask_athletes", None),  # not answered from the knowledge base
    ],
)
def test_routes(intent: str, route: Route | None) -> None:
    assert route_for(KB, intent) is route
