"""Names the code shares with domain.yml, data/rules.yml and config.yml, in one place.

Intents, actions, entities, slots and responses are strings that Rasa matches
exactly; a typo in one is a rule that silently never fires. Code refers to
these constants, and tests/clinic/test_names.py checks each against the domain.
"""

from __future__ import annotations

# Intents the code treats specially.
BOOK = "book"
ASK_MY_CONDITION = "ask_my_condition"
OUT_OF_SCOPE = "out_of_scope"
NLU_FALLBACK = "nlu_fallback"  # Rasa's FallbackClassifier sets it; not in domain.yml
GREET, GOODBYE, THANKS = "greet", "goodbye", "thanks"
# Set by the rules in the pipeline, never by the classifier.
EMERGENCY_MEDICAL = "emergency_medical"
EMERGENCY_CRISIS = "emergency_crisis"
HEALTH_CAUTION = "health_caution"
MESSAGE_EMPTY = "message_empty"
MESSAGE_TOO_LONG = "message_too_long"

# Custom actions (actions/actions.py).
ACTION_ANSWER_CLINIC_QUESTION = "action_answer_clinic_question"
ACTION_OFFER_BOOKING = "action_offer_booking"
ACTION_HANDLE_FALLBACK = "action_handle_fallback"
ACTION_ANSWER_CAUTION = "action_answer_caution"
ACTION_DISCLAIMER = "action_disclaimer"
ACTION_ANSWER_CONDITION = "action_answer_condition"

# Entities; CONDITION and SETTING are also the slots that remember them.
CAUTION = "caution"
CONDITION, SETTING, TECHNIQUE = "condition", "setting", "technique"

# Responses.
UTTER_FORGET_ME_DONE = "utter_forget_me_done"  # its sending deletes the conversation

INTENTS = frozenset(
    {BOOK, ASK_MY_CONDITION, OUT_OF_SCOPE, GREET, GOODBYE, THANKS}
    | {EMERGENCY_MEDICAL, EMERGENCY_CRISIS, HEALTH_CAUTION, MESSAGE_EMPTY, MESSAGE_TOO_LONG}
)
ACTIONS = frozenset(
    {ACTION_ANSWER_CLINIC_QUESTION, ACTION_OFFER_BOOKING, ACTION_HANDLE_FALLBACK}
    | {ACTION_ANSWER_CAUTION, ACTION_DISCLAIMER, ACTION_ANSWER_CONDITION}
)
ENTITIES = frozenset({CAUTION, CONDITION, SETTING, TECHNIQUE})
SLOTS = frozenset({CONDITION, SETTING})
RESPONSES = frozenset({UTTER_FORGET_ME_DONE})
