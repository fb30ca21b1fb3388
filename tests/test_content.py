"""Checks on the written answers: coverage, the booking offer, and no copied sentences."""

import re
from pathlib import Path

import pytest
import yaml
from rasa.shared.core.constants import DEFAULT_ACTION_NAMES

from clinic.editorial import banned_claims, shingle_hashes
from clinic.knowledge import load_knowledge
from clinic.profile import load_profile

ROOT = Path(__file__).resolve().parents[1]
FAQ_PAGE = ROOT.parent / "shared" / "seed" / "000_2a97dfa609f3801b.txt"
FAQ_FINGERPRINT = ROOT / "tests" / "data" / "faq_fingerprint.txt"
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text())
RULES = yaml.safe_load((ROOT / "data" / "rules.yml").read_text())["rules"]
PROFILE = load_profile()
KNOWLEDGE = load_knowledge()
# Replies that are conversation, not answers, and so carry no booking offer.
NO_BOOKING_OFFER = {
    "utter_goodbye",
    "utter_thanks",
    "utter_bot_challenge",
    "utter_message_too_long",
    "utter_message_empty",
    "utter_emergency_medical",  # nothing may distract from calling 911 / 988
    "utter_emergency_crisis",
    "utter_forget_me_done",
    "utter_ask_privacy",
    # "delete this conversation?" and what follows it: no sales pitch there
    "utter_confirm_forget_me",
    "utter_forget_me_kept",
    "utter_anything_else",
    "utter_restart",  # "let's start over"
}


def all_answer_texts() -> dict[str, str]:
    texts = {
        name: " ".join(v["text"] for v in variants)
        for name, variants in DOMAIN["responses"].items()
    }
    texts.update({f"clinic.yml:{k}": PROFILE.answer(k) or "" for k in PROFILE.answers})
    for entry in KNOWLEDGE.entries():
        texts[f"conditions.yml:{entry.key}"] = " ".join(
            (entry.answer, entry.frequency, entry.expect, entry.safety)
        )
    texts.update({f"conditions.yml:phrases.{k}": v for k, v in KNOWLEDGE.phrases.items()})
    return texts


# Rules that start with the bot's question and answer the patient's reply to it.
FOLLOW_UPS = [rule for rule in RULES if "action" in rule["steps"][0]]


def test_every_intent_has_exactly_one_rule_of_its_own() -> None:
    ruled = [rule["steps"][0]["intent"] for rule in RULES if rule not in FOLLOW_UPS]
    assert sorted(ruled) == sorted([*DOMAIN["intents"], "nlu_fallback"])


@pytest.mark.parametrize("rule", FOLLOW_UPS, ids=lambda r: r["rule"])
def test_follow_up_rules_answer_a_reply_to_a_question_the_bot_asks(rule: dict) -> None:
    question, reply, answer = rule["steps"]
    assert question["action"] in DOMAIN["responses"]
    assert reply["intent"] in [*DOMAIN["intents"], "nlu_fallback"]
    assert answer["action"] in DOMAIN["responses"]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r["rule"])
def test_every_rule_answers_with_a_known_response_or_action(rule: dict) -> None:
    action = rule["steps"][-1]["action"]
    if action.startswith("utter_"):
        assert action in DOMAIN["responses"]
    elif action in DEFAULT_ACTION_NAMES:
        pass  # Rasa's own (action_restart for "start over")
    else:
        assert action in DOMAIN["actions"]
        intent = rule["steps"][0]["intent"]
        if action == "action_answer_clinic_question":
            assert intent in PROFILE.answers, f"no answer for {intent} in content/clinic.yml"


@pytest.mark.parametrize(
    "name", sorted(set(DOMAIN["responses"]) - NO_BOOKING_OFFER), ids=lambda n: n
)
def test_every_answer_offers_booking(name: str) -> None:
    for variant in DOMAIN["responses"][name]:
        assert {"title": "Book online", "payload": "/book"} in variant.get("buttons", []), name


def fingerprint() -> set[str]:
    lines = FAQ_FINGERPRINT.read_text().splitlines()
    return {line for line in lines if line and not line.startswith("#")}


def test_no_answer_copies_the_faq_page() -> None:
    """Facts carry over, sentences do not: no run of 7 words may match the source page.

    Checked against the page's committed fingerprint, so it runs on every clone.
    """
    page = fingerprint()
    copied = {name: len(shingle_hashes(text) & page) for name, text in all_answer_texts().items()}
    assert {k: n for k, n in copied.items() if n} == {}


def test_the_fingerprint_covers_the_whole_page() -> None:
    assert len(fingerprint()) >= 500


@pytest.mark.skipif(not FAQ_PAGE.exists(), reason="the FAQ page lives in ../shared")
def test_the_fingerprint_is_the_page_s() -> None:
    assert fingerprint() == shingle_hashes(FAQ_PAGE.read_text()), (
        "the FAQ page changed: run scripts/fingerprint_faq.py on it"
    )


def test_no_answer_overclaims() -> None:
    banned = banned_claims()
    assert {k: t for k, t in all_answer_texts().items() if banned.search(t)} == {}


# The widget renders replies as Markdown (HTML escaped, but links live), and
# the messaging apps show them as plain text: answers are plain sentences.
MARKUP = re.compile(r"<[A-Za-z/!]|\]\(|javascript:|data:text", re.I)


def test_answers_are_plain_text_without_markup_or_script_links() -> None:
    texts = {
        **all_answer_texts(),
        **{f"clinic.yml:phrases.{k}": v for k, v in PROFILE.phrases.items()},
    }
    assert {k: t for k, t in texts.items() if MARKUP.search(t)} == {}
