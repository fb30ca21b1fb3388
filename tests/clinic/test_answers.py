from pathlib import Path

import pytest
import yaml

from clinic.answers import (
    Route,
    condition_detail,
    condition_reply,
    route_for,
    setting_beside_a_condition_question,
)
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


def test_condition_reply_names_techniques_and_speaks_to_the_pair() -> None:
    alone = condition_reply(KB, "arthritis")
    assert alone is not None and KB.conditions["arthritis"].answer in alone
    assert "myofascial release" in alone
    pair = condition_reply(KB, "post_surgical", "rehabilitation")
    assert pair is not None
    assert KB.conditions["post_surgical"].answer in pair
    assert KB.settings["rehabilitation"].answer in pair


def test_technique_that_is_not_typical_is_said_so() -> None:
    reply = condition_reply(KB, "fibromyalgia", technique="deep_tissue")
    assert reply is not None and "not usually the first choice" in reply


def test_unknown_condition_and_setting_give_nothing() -> None:
    assert condition_reply(KB, "gout") is None
    assert condition_reply(KB, None, "sports_medicine") == KB.settings["sports_medicine"].answer


def test_details() -> None:
    assert condition_detail(KB, "tension_headache", Route.FREQUENCY) == (
        KB.conditions["tension_headache"].frequency
    )
    assert KB.conditions["post_surgical"].safety in (
        condition_detail(KB, "post_surgical", Route.EXPECT) or ""
    )
    assert condition_detail(KB, None, Route.FREQUENCY) is None


def test_techniques_for_a_condition_name_its_own_techniques() -> None:
    reply = condition_detail(KB, "arthritis", Route.TECHNIQUES) or ""
    assert "arthritis" in reply and KB.conditions["arthritis"].expect in reply
    for key in KB.conditions["arthritis"].techniques:
        assert KB.techniques[key].label in reply
    assert route_for(KB, "ask_techniques") is Route.TECHNIQUES
    assert condition_detail(KB, None, Route.TECHNIQUES) is None


HOSPITAL = {"entity": "setting", "value": "hospital_wellness"}
FIBRO = {"entity": "condition", "value": "fibromyalgia"}


@pytest.mark.parametrize(
    ("intent", "own", "message", "beside"),
    [
        ("ask_hospitals", [HOSPITAL], [HOSPITAL, FIBRO], True),  # the condition is elsewhere
        ("ask_hospitals", [HOSPITAL, FIBRO], [HOSPITAL, FIBRO], False),  # asked together
        ("ask_hospitals", [HOSPITAL], [HOSPITAL], False),  # no condition at all
        ("ask_how_often", [], [FIBRO], False),  # not a setting: serves the condition
    ],
)
def test_a_setting_question_beside_a_condition_question(
    intent: str, own: list, message: list, beside: bool
) -> None:
    assert setting_beside_a_condition_question(KB, intent, own, message) is beside
