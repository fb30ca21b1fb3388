"""Dialogue policy: say "general information, not medical advice" once per conversation.

It follows the bot's first real answer in a session, on every channel, and
never precedes an emergency reply: after the actions listed in `not_after`
(emergencies, the fallback, input-guard replies) it waits for a later answer.
The rules stay one question -> one answer; this policy is the only place that
knows about the disclaimer. Its priority is above RulePolicy's (6) so that, at
equal confidence, it gets its one turn.
"""

from __future__ import annotations

from collections.abc import Collection, Reversible
from typing import Any

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_LISTEN_NAME, DEFAULT_ACTION_NAMES
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, Event, Restarted, SessionStarted
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker


def given_this_session(events: Reversible[Event], action: str) -> bool:
    """Whether `action` ran since the conversation (re)started."""
    for event in reversed(events):  # the tracker's deque, not a copy of it
        if isinstance(event, (SessionStarted, Restarted)):
            return False
        if isinstance(event, ActionExecuted) and event.action_name == action:
            return True
    return False


def next_action(
    latest_action: str | None, already_given: bool, action: str, not_after: Collection[str]
) -> str | None:
    """The action this policy insists on next, or None to leave the turn to the rules."""
    if latest_action == action:
        return str(ACTION_LISTEN_NAME)
    if already_given or latest_action is None:
        return None
    if latest_action in DEFAULT_ACTION_NAMES or latest_action in not_after:
        return None
    return action


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True
)
class DisclaimerPolicy(Policy):
    """Predicts the disclaimer after the first answer of a session, then listening."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"priority": 7, "action": "action_disclaimer", "not_after": []}

    def train(
        self, training_trackers: list[TrackerWithCachedStates], domain: Domain, **kwargs: Any
    ) -> Resource:
        # Nothing to learn: the behaviour is fixed by the configuration.
        return self._resource

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        action = str(self.config["action"])
        chosen = next_action(
            tracker.latest_action_name,
            given_this_session(tracker.events, action),
            action,
            frozenset(self.config["not_after"]),
        )
        probabilities = self._default_predictions(domain)
        if chosen is not None:
            probabilities[domain.index_for_action(chosen)] = 1.0
        return self._prediction(probabilities)
