"""RulePolicy that reads only as many turns as its longest rule can see.

Stock RulePolicy rebuilds the state of every past turn of the conversation
for each prediction, so a turn costs more the longer the chat. A rule is
compared with the conversation from the end, and only as far back as the
rule is long (`RulePolicy._is_rule_applicable` accepts any state beyond a
rule's length), so every older state is computed and thrown away. This
policy hands RulePolicy's prediction a tracker cut to the turns a rule can
reach; the states it compares, and so every prediction, are the same.

The cut is exact only while a state is made of the latest user message and
the previous action: with forms (an active loop) or slots that influence the
conversation it reads the whole tracker, as stock RulePolicy does.
"""

from __future__ import annotations

import warnings
from collections.abc import Reversible
from typing import Any

from rasa.core.policies.rule_policy import RULES, RULES_FOR_LOOP_UNHAPPY_PATH, RulePolicy
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.domain import Domain, State
from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    ActiveLoop,
    Event,
    Restarted,
    SessionStarted,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

# Rasa's recipe validator looks for RulePolicy itself, not a subclass, and
# would warn that restart and back no longer work; they do (inherited).
warnings.filterwarnings("ignore", message="'RulePolicy' is not included")

# Events that remove earlier ones from the applied history (see
# `DialogueStateTracker.applied_events`), and those that start it afresh.
UNDOING = (ActionReverted, UserUtteranceReverted, ActiveLoop)
STARTS = (Restarted, SessionStarted)


def recent_events(events: Reversible[Event], states: int) -> list[Event] | None:
    """The events that still give the last `states` states, or None to read them all.

    A state is taken before each action and once at the end, from the previous
    action and the latest user message. Cutting at an action leaves every
    later state as it was once the user message before the cut leads the kept
    events (it sets the latest message without adding a state). The cut
    tracker's first state, before the cut's action, has no previous action:
    it lies `states` turns back, where no rule looks.

    Only the end of the conversation is read. An event that undoes earlier ones
    (a rewind, a loop) makes the applied events differ from the raw ones, and a
    restart within the window leaves too little to cut: both answer None.
    """
    kept: list[Event] = []
    later_actions = 0
    cut = False
    for event in reversed(events):
        if isinstance(event, UNDOING):
            return None
        if cut:  # looking for the user message before the cut
            if isinstance(event, UserUttered):
                kept.append(event)
                break
            if isinstance(event, STARTS):
                break
            continue
        if isinstance(event, STARTS):
            return None
        kept.append(event)
        if isinstance(event, ActionExecuted):
            if later_actions + 1 >= states:
                cut = True
            else:
                later_actions += 1
    return kept[::-1] if cut else None


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True
)
class RecentTurnsRulePolicy(RulePolicy):
    """RulePolicy, predicting from the turns its rules can reach."""

    def _rule_length(self) -> int:
        keys = [*self.lookup.get(RULES, {}), *self.lookup.get(RULES_FOR_LOOP_UNHAPPY_PATH, {})]
        return max((len(self._rule_key_to_state(key)) for key in keys), default=0)

    def _prediction_states(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        use_text_for_last_user_input: bool = False,
        rule_only_data: dict[str, Any] | None = None,
    ) -> list[State]:
        states: list[State] = super()._prediction_states(
            self._recent(tracker, domain), domain, use_text_for_last_user_input, rule_only_data
        )
        return states

    def _recent(self, tracker: DialogueStateTracker, domain: Domain) -> DialogueStateTracker:
        """The tracker cut to the turns a rule can reach, or itself where a cut is not exact."""
        if isinstance(tracker, TrackerWithCachedStates):  # training: short, and states are cached
            return tracker
        if domain.form_names or any(slot.influence_conversation for slot in domain.slots):
            return tracker
        kept = recent_events(tracker.events, self._rule_length())
        if kept is None:
            return tracker
        return DialogueStateTracker.from_events(tracker.sender_id, kept, domain.slots)
