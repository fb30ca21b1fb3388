import pytest
from rasa.shared.nlu.training_data.message import Message

from extensions.mentioned_topic import MentionedTopic


def parse(
    intent: str,
    *entities: tuple[str, str],
    guesses: tuple[str, ...] = (),
    confidence: float = 0.9,
) -> str:
    message = Message(
        data={
            "text": "x",
            "intent": {"name": intent, "confidence": confidence},
            "intent_ranking": [{"name": g, "confidence": 0.3} for g in guesses],
            "entities": [{"entity": e, "value": v} for e, v in entities],
        }
    )
    (out,) = MentionedTopic.from_config({}).process([message])
    return str(out.get("intent")["name"])


@pytest.mark.parametrize(
    ("entity", "intent"),
    [
        (("claim", "car_accident"), "ask_car_accident"),
        (("setting", "rehabilitation"), "ask_rehab"),
        (("condition", "low_back_pain"), "ask_my_condition"),
    ],
)
def test_off_topic_that_names_what_the_clinic_knows_is_about_it(
    entity: tuple[str, str], intent: str
) -> None:
    assert parse("out_of_scope", entity) == intent


def test_how_someone_was_hurt_comes_before_where_it_hurts() -> None:
    named = (("condition", "muscle_tension"), ("claim", "car_accident"))
    assert parse("out_of_scope", *named) == "ask_car_accident"


def test_a_weak_reading_of_a_clinic_question_gives_way_to_a_claim_named() -> None:
    accident = ("claim", "car_accident")
    assert parse("ask_soreness_aftercare", accident, confidence=0.32) == "ask_car_accident"
    assert parse("ask_soreness_aftercare", accident, confidence=0.8) == "ask_soreness_aftercare"
    assert parse("nlu_fallback", accident, confidence=0.3) == "ask_car_accident"
    # never over a booking request, small talk or a question with no claim in it
    assert parse("book", accident, confidence=0.3) == "book"
    assert parse("thanks", accident, confidence=0.3) == "thanks"
    assert parse("ask_cost", ("condition", "low_back_pain"), confidence=0.3) == "ask_cost"


def test_other_readings_and_unknown_values_are_left_alone() -> None:
    assert parse("ask_cost", ("claim", "car_accident")) == "ask_cost"
    assert parse("nlu_fallback", ("condition", "low_back_pain")) == "nlu_fallback"
    unsure = parse("nlu_fallback", ("setting", "rehabilitation"), guesses=("ask_cost", "ask_rehab"))
    assert unsure == "ask_rehab"
    assert parse("out_of_scope", ("condition", "gout")) == "out_of_scope"
    assert parse("out_of_scope") == "out_of_scope"
