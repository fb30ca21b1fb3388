"""The knowledge base file: schema, cross-references, claims; matching and replies."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from clinic.knowledge import (
    KnowledgeError,
    condition_detail,
    condition_reply,
    find_mentions,
    load_knowledge,
    matcher,
    parse_knowledge,
    setting_for_intent,
)
from clinic.profile import load_profile

ROOT = Path(__file__).resolve().parents[2]
RAW = yaml.safe_load((ROOT / "content" / "conditions.yml").read_text())
KB = load_knowledge()
MATCHER = matcher(KB)
REQUIRED_CONDITIONS = {
    "arthritis",
    "fibromyalgia",
    "sports_injury",
    "muscle_tension",
    "low_back_pain",
    "post_surgical",
    "stroke_recovery",
    "tension_headache",
}


def broken(change: Any) -> dict[str, Any]:
    raw = copy.deepcopy(RAW)
    change(raw)
    return raw


def test_covers_the_conditions_settings_and_techniques_of_the_issue() -> None:
    assert set(KB.conditions) >= REQUIRED_CONDITIONS
    assert set(KB.settings) == {"rehabilitation", "sports_medicine", "hospital_wellness"}
    assert set(KB.techniques) == {
        "deep_tissue",
        "myofascial_release",
        "trigger_point",
        "stretching",
    }


def test_every_entry_names_its_sources_and_review_date() -> None:
    for entry in [*KB.conditions.values(), *KB.settings.values()]:
        assert entry.sources and entry.last_reviewed is not None, entry.key


def test_frequency_leaves_the_schedule_to_the_therapist_or_provider() -> None:
    for entry in KB.conditions.values():
        assert "recommend" in entry.frequency or "suggest" in entry.frequency, entry.key


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r["conditions"]["arthritis"].pop("answer"), "arthritis: missing answer"),
        (lambda r: r["conditions"]["fibromyalgia"]["techniques"].append("cupping"), "cupping"),
        (lambda r: r["conditions"]["fibromyalgia"]["sources"].append("blog"), "blog"),
        (
            lambda r: r["conditions"]["arthritis"].update(answer="Massage cures arthritis."),
            "banned claim 'cures'",
        ),
        (
            lambda r: r["settings"]["rehabilitation"].update(
                answer="Try it instead of your doctor"
            ),
            "banned claim",
        ),
        (lambda r: r["phrases"].pop("unknown_condition"), "unknown_condition"),
        (lambda r: r["conditions"]["arthritis"].update(last_reviewed="soon"), "last_reviewed"),
    ],
)
def test_schema_check_rejects_broken_entries(change: Any, message: str) -> None:
    with pytest.raises(KnowledgeError, match=message):
        parse_knowledge(broken(change))


def test_booking_services_and_setting_intents_point_somewhere_real() -> None:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    for entry in KB.settings.values():
        assert entry.intent in domain["intents"], entry.key
    services = [e.service for e in KB.conditions.values()]
    assert all(s.replace("_", "").isalnum() for s in services)
    assert "{service}" in load_profile().fields["booking_service_url"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my Fibro is bad", [("condition", "fibromyalgia")]),
        ("Golfer’s elbow", [("condition", "sports_injury")]),
        ("HEADACHES daily", [("condition", "tension_headache")]),
        ("post-op rehab", [("condition", "post_surgical"), ("setting", "rehabilitation")]),
        ("myofacial releese", [("technique", "myofascial_release")]),  # typo
        ("how long is a session", []),
    ],
)
def test_find_mentions(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(m.entity, m.value) for m in find_mentions(text, MATCHER)] == expected


def test_mention_span_is_in_the_text_as_typed() -> None:
    text = "I’ve got  Tennis Elbow"
    (mention,) = find_mentions(text, MATCHER)
    assert text[mention.start : mention.end] == "Tennis Elbow"


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


def test_details_and_setting_intents() -> None:
    assert condition_detail(KB, "tension_headache", "frequency") == (
        KB.conditions["tension_headache"].frequency
    )
    assert KB.conditions["post_surgical"].safety in (
        condition_detail(KB, "post_surgical", "expect") or ""
    )
    assert condition_detail(KB, None, "frequency") is None
    assert setting_for_intent(KB, "ask_rehab") == "rehabilitation"
    assert setting_for_intent(KB, "ask_cost") is None
