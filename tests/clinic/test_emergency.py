import pytest

from clinic.emergency import EmergencyKind, detect, load_rules, normalise, parse_rules
from clinic.profile import ProfileError

RULES = load_rules()


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("I have crushing chest pain", "chest_pain"),
        ("there's pressure on my chest and it goes down my left arm", "chest_pain"),
        ("i think im having a stroke", "stroke"),
        ("my moms face is drooping on one side", "stroke"),
        ("worst headache of my life out of nowhere", "sudden_headache"),
        ("i cant breath", "breathing"),
        ("she just passed out", "fainting"),
        ("the cut wont stop bleeding", "bleeding"),
        ("i want to kill myself", "self_harm"),
    ],
)
def test_detects_each_category(text: str, category: str) -> None:
    found = detect(text, RULES)
    assert found is not None and found.category == category


@pytest.mark.parametrize(
    "text",
    [
        "no chest pain, just a stiff neck",  # negated in the same clause
        "i dont have trouble breathing, my shoulder is just tight",
        "my trigger points are killing me",  # idiom
        "the price gave me a heart attack lol",  # category exception
        "my dad had a stroke last year and is relearning to walk",  # past, not now
        "my chest muscles are tight after bench press",  # exercise, not cardiac
        "what is deep tissue massage",
        "",
    ],
)
def test_ignores_look_alikes(text: str) -> None:
    assert detect(text, RULES) is None


def test_negation_does_not_reach_across_a_clause() -> None:
    assert detect("no fever, but i have chest pain", RULES) is not None


def test_doubt_is_not_denial() -> None:
    assert detect("not sure but i think im having a heart attack", RULES) is not None


def test_emergency_mixed_into_a_question_is_found() -> None:
    found = detect("how much is a session? also my face went numb suddenly", RULES)
    assert found is not None and found.kind is EmergencyKind.MEDICAL


def test_crisis_outranks_medical() -> None:
    found = detect("i cant breathe and i want to end my life", RULES)
    assert found is not None and found.kind is EmergencyKind.CRISIS


def test_normalise_drops_apostrophes_and_case() -> None:
    assert normalise("I  Can’t   BREATHE") == "i cant breathe"


def test_unquoted_no_in_cues_is_rejected() -> None:
    raw = {
        "negation": {"cues": [False], "window": 5, "pseudo": [], "clause_breaks": ","},
        "past": "x",
        "categories": {},
    }
    with pytest.raises(ProfileError, match="quoted"):
        parse_rules(raw)


def test_invalid_regex_names_the_category() -> None:
    raw = {
        "negation": {"cues": ["no"], "window": 5, "pseudo": [], "clause_breaks": ","},
        "past": "x",
        "categories": {"chest": {"kind": "medical", "patterns": ["(unclosed"]}},
    }
    with pytest.raises(ProfileError, match="chest"):
        parse_rules(raw)
