"""The rule policy that reads only recent turns predicts what stock RulePolicy predicts."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from rasa.core.policies.rule_policy import RulePolicy
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    Event,
    Restarted,
    SessionStarted,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.generator import TrainingDataGenerator
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.importers.importer import TrainingDataImporter

from extensions.recent_turns_rule_policy import RecentTurnsRulePolicy, recent_events

ROOT = Path(__file__).resolve().parents[2]


def test_a_short_conversation_is_kept_whole() -> None:
    events: list[Event] = [
        ActionExecuted(ACTION_LISTEN_NAME),
        UserUttered("hi"),
        ActionExecuted("utter_greet"),
    ]
    assert recent_events(events, 3) is None


def test_the_cut_starts_at_an_action_led_by_the_user_message_before_it() -> None:
    events: list[Event] = [ActionExecuted(ACTION_LISTEN_NAME)]
    for n in range(5):
        events += [
            UserUttered(f"m{n}"),
            ActionExecuted(f"answer{n}"),
            ActionExecuted(ACTION_LISTEN_NAME),
        ]
    kept = recent_events(events, 3)
    assert kept is not None
    # two actions after the cut plus the end give the 3 states; the cut's
    # action is the one before them, led by the message it answered
    names = [getattr(e, "text", None) or getattr(e, "action_name", None) for e in kept]
    assert names == ["m3", ACTION_LISTEN_NAME, "m4", "answer4", ACTION_LISTEN_NAME]


@pytest.fixture(scope="module")
def trained(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[RulePolicy, RecentTurnsRulePolicy, Domain]:
    importer = TrainingDataImporter.load_from_dict(
        domain_path=str(ROOT / "domain.yml"), training_data_paths=[str(ROOT / "data" / "rules.yml")]
    )
    domain = importer.get_domain()
    trackers = TrainingDataGenerator(
        importer.get_stories(), domain, augmentation_factor=0
    ).generate()
    storage = LocalModelStorage(tmp_path_factory.mktemp("rules"))
    context = ExecutionContext(GraphSchema({}), "test")
    config = {
        **RulePolicy.get_default_config(),
        "core_fallback_action_name": "action_handle_fallback",
    }
    stock = RulePolicy(config, storage, Resource("stock"), context)
    stock.train(trackers, domain)
    recent = RecentTurnsRulePolicy(
        config, storage, Resource("recent"), context, lookup=stock.lookup
    )
    return stock, recent, domain


def test_a_long_conversation_gets_the_same_prediction_at_every_step(
    trained: tuple[RulePolicy, RecentTurnsRulePolicy, Domain],
) -> None:
    stock, recent, domain = trained
    rng = random.Random(7)
    intents = sorted(domain.intents)
    entities = sorted(domain.entities)
    tracker = DialogueStateTracker.from_events(
        "long",
        [
            ActionExecuted("action_session_start"),
            SessionStarted(),
            ActionExecuted(ACTION_LISTEN_NAME),
        ],
        domain.slots,
    )
    cut_used = 0
    for _ in range(120):
        if rng.random() < 0.05:  # the patient's last message taken back, or a new session
            tracker.update(rng.choice([UserUtteranceReverted(), SessionStarted()]))
        entity = [{"entity": rng.choice(entities), "value": "x"}] if rng.random() < 0.3 else []
        tracker.update(
            UserUttered("text", {"name": rng.choice(intents), "confidence": 0.9}, entity)
        )
        for _ in range(4):  # actions until the rules say listen
            expected = stock.predict_action_probabilities(tracker, domain)
            got = recent.predict_action_probabilities(tracker, domain)
            assert np.allclose(got.probabilities, expected.probabilities)
            assert got.events == expected.events and got.hide_rule_turn == expected.hide_rule_turn
            full, cut = (
                stock._prediction_states(tracker, domain),
                recent._prediction_states(tracker, domain),
            )
            if len(cut) < len(full):  # all but the cut's first state, the turns the rules reach
                cut_used += 1
                assert len(cut) - 1 >= recent._rule_length()
                assert cut[1:] == full[len(full) - len(cut) + 1 :]
            best = int(np.argmax(expected.probabilities))
            action = (
                domain.action_names_or_texts[best]
                if max(expected.probabilities) > 0
                else ACTION_LISTEN_NAME
            )
            tracker.update(ActionExecuted(action))
            if action == ACTION_LISTEN_NAME:
                break
    assert cut_used > 200  # the cut was really exercised, not skipped


def test_a_rewind_or_a_restart_in_the_window_reads_the_whole_conversation() -> None:
    turn: list[Event] = [
        UserUttered("m"),
        ActionExecuted("answer"),
        ActionExecuted(ACTION_LISTEN_NAME),
    ]
    long = [ActionExecuted(ACTION_LISTEN_NAME), *turn * 6]
    assert recent_events(long, 3) is not None
    assert recent_events([*long, UserUtteranceReverted(), *turn], 3) is None
    assert recent_events([*long, Restarted(), UserUttered("m")], 3) is None
    # a new session before the cut: nothing from the old one leads the kept events
    kept = recent_events([*long, SessionStarted(), ActionExecuted(ACTION_LISTEN_NAME), *turn], 3)
    assert kept is not None and not isinstance(kept[0], UserUttered)
