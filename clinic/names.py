"""Names the code shares with domain.yml, data/rules.yml and config.yml, in one place.

Intents, actions, entities, slots and responses are strings that Rasa matches
exactly; a typo in one is a rule that silently never fires. Code refers to
these constants, and tests/clinic/test_names.py checks each against the domain.
"""

from __future__ import annotations

# Intents the code treats specially.
BOOK = "book"
ASK_MY_CONDITION = "ask_my_condition"
ASK_INSURANCE = "ask_insurance"
# a question about the clinic that no answer covers: the team's contacts
ASK_CLINIC_OTHER = "ask_clinic_other"
OUT_OF_SCOPE = "out_of_scope"
NLU_FALLBACK = "nlu_fallback"  # Rasa's FallbackClassifier sets it; not in domain.yml
GREET, GOODBYE, THANKS = "greet", "goodbye", "thanks"
AFFIRM, DENY, BOT_CHALLENGE = "affirm", "deny", "bot_challenge"
FORGET_ME, RESTART = "forget_me", "restart"  # act on the conversation
# Set by the rules in the pipeline, never by the classifier.
EMERGENCY_MEDICAL = "emergency_medical"
EMERGENCY_CRISIS = "emergency_crisis"
HEALTH_CAUTION = "health_caution"
MESSAGE_EMPTY = "message_empty"
MESSAGE_TOO_LONG = "message_too_long"
SEVERAL_QUESTIONS = "several_questions"  # extensions/question_splitter.py
OTHER_LANGUAGE = "other_language"  # extensions/language_detector.py

# Custom actions (actions/actions.py).
ACTION_ANSWER_CLINIC_QUESTION = "action_answer_clinic_question"
ACTION_OFFER_BOOKING = "action_offer_booking"
ACTION_HANDLE_FALLBACK = "action_handle_fallback"
ACTION_ANSWER_CAUTION = "action_answer_caution"
ACTION_DISCLAIMER = "action_disclaimer"
ACTION_ANSWER_CONDITION = "action_answer_condition"
ACTION_ANSWER_QUESTIONS = "action_answer_questions"
ACTION_ANSWER_IN_LANGUAGE = "action_answer_in_language"

# Entities; CONDITION, SETTING, CLAIM and CAUTION are also the slots that
# remember them for follow-up questions.
CAUTION = "caution"
CONDITION, SETTING, TECHNIQUE, CLAIM = "condition", "setting", "technique", "claim"
LANGUAGE = "language"  # the ISO 639-1 code of a message in another language

# Responses.
UTTER_FORGET_ME_DONE = "utter_forget_me_done"  # its sending deletes the conversation

INTENTS = frozenset(
    {BOOK, ASK_MY_CONDITION, ASK_INSURANCE, ASK_CLINIC_OTHER, OUT_OF_SCOPE, GREET, GOODBYE}
    | {THANKS, AFFIRM, DENY, BOT_CHALLENGE, FORGET_ME, RESTART}
    | {EMERGENCY_MEDICAL, EMERGENCY_CRISIS, HEALTH_CAUTION, MESSAGE_EMPTY, MESSAGE_TOO_LONG}
    | {SEVERAL_QUESTIONS, OTHER_LANGUAGE}
)
ACTIONS = frozenset(
    {ACTION_ANSWER_CLINIC_QUESTION, ACTION_OFFER_BOOKING, ACTION_HANDLE_FALLBACK}
    | {ACTION_ANSWER_CAUTION, ACTION_DISCLAIMER, ACTION_ANSWER_CONDITION, ACTION_ANSWER_QUESTIONS}
    | {ACTION_ANSWER_IN_LANGUAGE}
)
ENTITIES = frozenset({CAUTION, CONDITION, SETTING, TECHNIQUE, CLAIM, LANGUAGE})
SLOTS = frozenset({CONDITION, SETTING, CLAIM, CAUTION})
RESPONSES = frozenset({UTTER_FORGET_ME_DONE})
