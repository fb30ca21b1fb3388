"""The knowledge base file: schema, cross-references, claims."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from clinic.knowledge import (
    KnowledgeError,
    claim_for_intent,
    load_knowledge,
    parse_knowledge,
    setting_for_intent,
)
from clinic.profile import load_profile

ROOT = Path(__file__).resolve().parents[2]
RAW = yaml.safe_load((ROOT / "content" / "conditions.yml").read_text())
KB = load_knowledge()
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
        (lambda r: r["claims"]["car_accident"].update(patterns=["(car"]), "broken pattern"),
        (lambda r: r.pop("claims"), "claims"),
    ],
)
def test_schema_check_rejects_broken_entries(change: Any, message: str) -> None:
    with pytest.raises(KnowledgeError, match=message):
        parse_knowledge(broken(change))


def test_booking_services_and_setting_intents_point_somewhere_real() -> None:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    for entry in [*KB.settings.values(), *KB.claims.values()]:
        assert entry.intent in domain["intents"], entry.key
    services = [e.service for e in KB.conditions.values()]
    assert all(s.replace("_", "").isalnum() for s in services)
    assert "{service}" in load_profile().fields["booking_service_url"]


def test_setting_intents() -> None:
    assert setting_for_intent(KB, "ask_rehab") == "rehabilitation"
    assert setting_for_intent(KB, "ask_cost") is None


def test_claim_intents() -> None:
    assert claim_for_intent(KB, "ask_workers_comp") == "work_injury"
    assert claim_for_intent(KB, "ask_car_accident") == "car_accident"
    assert claim_for_intent(KB, "ask_insurance") is None
