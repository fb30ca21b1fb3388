"""How a question about a patient's condition is answered from the knowledge base.

`route_for` says which part of the knowledge base answers which question
(intent); `condition_reply` and `condition_detail` compose the reply.

`action_answer_condition` serves several intents; this table says explicitly
what each one gets, so an intent routed there by a new rule without an entry
here is noticed (logged, answered with "I cannot help with that"), never given
some other question's answer. Care-setting intents (ask_rehab, ...) come from
the knowledge base itself (`settings:` in content/conditions.yml).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import Enum
from typing import Any

from clinic.knowledge import Entry, KnowledgeBase, setting_for_intent
from clinic.names import CONDITION


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
    # which techniques, for the patient's condition
    TECHNIQUES = "techniques"


ROUTES = {
    "ask_my_condition": Route.CONDITION,
    "ask_which_conditions": Route.CONDITION,
    "ask_pain_relief": Route.CONDITION,
    "ask_how_often": Route.FREQUENCY,
    "ask_what_to_expect": Route.EXPECT,
    "ask_techniques": Route.TECHNIQUES,
}


def route_for(kb: KnowledgeBase, intent: str) -> Route | None:
    """How `intent` is answered for a condition, or None when nothing here answers it."""
    if intent in ROUTES:
        return ROUTES[intent]
    return Route.SETTING if setting_for_intent(kb, intent) else None


def setting_beside_a_condition_question(
    kb: KnowledgeBase,
    intent: str,
    own: Sequence[Mapping[str, Any]],
    message: Sequence[Mapping[str, Any]],
) -> bool:
    """A care-setting question (one of two in a message) whose message names a
    condition only outside it: "do hospitals offer it? and would it help my
    fibromyalgia". The condition has its own question; this one gets the
    setting's general answer. `own`: the question's entities; `message`: all."""
    if route_for(kb, intent) is not Route.SETTING:
        return False
    mine = any(e.get("entity") == CONDITION for e in own)
    return not mine and any(e.get("entity") == CONDITION for e in message)


def _join(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def techniques_sentence(kb: KnowledgeBase, entry: Entry) -> str:
    """ "Therapists often use A, B and C for <condition>." """
    labels = [kb.techniques[t].label for t in entry.techniques]
    listed = ", ".join(labels[:-1]) + f" and {labels[-1]}" if len(labels) > 1 else labels[0]
    return kb.phrases["techniques"].format(techniques=listed, label=entry.label)


def condition_reply(
    kb: KnowledgeBase,
    condition: str | None,
    setting: str | None = None,
    technique: str | None = None,
) -> str | None:
    """What medical massage can do for a condition, in a setting, with a technique.

    None when there is neither a known condition nor a known setting.
    """
    entry = kb.conditions.get(condition or "")
    place = kb.settings.get(setting or "")
    if entry is None:
        return place.answer if place is not None else None
    method = kb.techniques.get(technique or "")
    fit = ""
    if method is not None:
        phrase = "technique_fits" if method.key in entry.techniques else "technique_other"
        fit = _capitalised(kb.phrases[phrase].format(technique=method.label, label=entry.label))
    if place is not None:  # the pair: keep it short, the setting says the rest
        return _join(entry.answer, fit, place.answer)
    return _join(entry.answer, fit or techniques_sentence(kb, entry))


def condition_detail(kb: KnowledgeBase, condition: str | None, route: Route) -> str | None:
    """How often, what a session is like, or which techniques, for a condition."""
    entry = kb.conditions.get(condition or "")
    if entry is None:
        return None
    if route is Route.FREQUENCY:
        return entry.frequency
    if route is Route.TECHNIQUES:
        return _join(techniques_sentence(kb, entry), entry.expect)
    return _join(entry.expect, entry.safety)
