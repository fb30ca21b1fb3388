"""Which part of the knowledge base answers which question (intent) for a patient's condition.

`action_answer_condition` serves several intents; this table says explicitly
what each one gets, so an intent routed there by a new rule without an entry
here is noticed (logged, answered with "I cannot help with that"), never given
some other question's answer. Care-setting intents (ask_rehab, ...) come from
the knowledge base itself (`settings:` in content/conditions.yml).
"""

from __future__ import annotations

from enum import Enum

from clinic.knowledge import KnowledgeBase, setting_for_intent


class Route(Enum):
    """The part of the knowledge base that answers."""

    # what massage can do for the condition named in this message (else the general answer)
    CONDITION = "condition"
    # the care setting the intent is about, for the patient's condition
    SETTING = "setting"
    # how often to come, for the patient's condition
    FREQUENCY = "frequency"
    # what a session is like, for the patient's condition
    EXPECT = "expect"


ROUTES = {
    "ask_my_condition": Route.CONDITION,
    "ask_which_conditions": Route.CONDITION,
    "ask_pain_relief": Route.CONDITION,
    "ask_how_often": Route.FREQUENCY,
    "ask_what_to_expect": Route.EXPECT,
}


def route_for(kb: KnowledgeBase, intent: str) -> Route | None:
    """How `intent` is answered for a condition, or None when nothing here answers it."""
    if intent in ROUTES:
        return ROUTES[intent]
    return Route.SETTING if setting_for_intent(kb, intent) else None
