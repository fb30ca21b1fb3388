from pathlib import Path

import numpy as np
import pytest

from clinic.safety import (
    Emergency,
    EmergencyKind,
    SafetyRulesError,
    combined,
    judged,
    load_rules,
    told_as_crisis_history,
    told_as_over,
    told_from_afar,
)
from clinic.safety_semantic import (
    Closeness,
    SafetyExemplars,
    SemanticSettings,
    exemplar_texts,
    may_have_several_sentences,
    message_verdict,
    semantic_emergency,
    sentences_to_score,
    strongest,
)

SETTINGS = SemanticSettings(medical_threshold=0.55, crisis_threshold=0.45, margin=0.05, k=2)


@pytest.mark.parametrize(
    ("near", "expected"),
    [
        (Closeness(medical=0.7, crisis=0.2, harmless=0.4), EmergencyKind.MEDICAL),
        (Closeness(medical=0.7, crisis=0.5, harmless=0.4), EmergencyKind.CRISIS),  # crisis first
        (Closeness(medical=0.7, crisis=0.2, harmless=0.68), None),  # as close to a look-alike
        (Closeness(medical=0.5, crisis=0.2, harmless=0.1), None),  # not close enough
    ],
)
def test_semantic_verdict(near: Closeness, expected: EmergencyKind | None) -> None:
    assert semantic_emergency(near, SETTINGS) is expected


def test_closeness_is_the_mean_of_the_k_best() -> None:
    unit = np.eye(3, dtype=np.float32)
    exemplars = SafetyExemplars(
        medical=np.stack([unit[0], unit[0], unit[1]]), crisis=unit[:0], harmless=unit[2:]
    )
    near = exemplars.closeness(unit[0], k=2)
    assert (near.medical, near.crisis, near.harmless) == (1.0, -1.0, 0.0)


RULE = Emergency(EmergencyKind.MEDICAL, "chest_pain")


@pytest.mark.parametrize(
    ("rule", "semantic", "expected"),
    [
        (RULE, None, RULE),
        (None, EmergencyKind.MEDICAL, Emergency(EmergencyKind.MEDICAL, "semantic")),
        (RULE, EmergencyKind.CRISIS, Emergency(EmergencyKind.CRISIS, "semantic")),  # 988 too
        (Emergency(EmergencyKind.CRISIS, "self_harm"), EmergencyKind.MEDICAL, None),
        (None, None, None),
    ],
)
def test_recall_wins_when_the_layers_disagree(
    rule: Emergency | None, semantic: EmergencyKind | None, expected: Emergency | None
) -> None:
    if expected is None and rule is not None:
        expected = rule
    assert combined(rule, semantic) == expected


def test_a_scare_told_as_over_does_not_count_as_a_semantic_medical_emergency() -> None:
    assert combined(None, EmergencyKind.MEDICAL, over=True) is None
    # the rules' own signs, and a crisis, still count
    assert combined(RULE, EmergencyKind.MEDICAL, over=True) == RULE
    crisis = Emergency(EmergencyKind.CRISIS, "semantic")
    assert combined(None, EmergencyKind.CRISIS, over=True) == crisis


@pytest.mark.parametrize(
    ("text", "over"),
    [
        ("my friend fainted at a concert last month, turned out just dehydration", True),
        ("my friend fainted at a concert, turned out just dehydration", False),  # no time
        ("my dad had a stroke last year and now his face is drooping", False),  # not over
        ("had chest pain last year, tests came back normal", True),
        ("she fainted once as a teenager and never since", True),
    ],
)
def test_told_as_over_needs_a_past_time_and_an_all_clear(text: str, over: bool) -> None:
    assert told_as_over(text, load_rules()) is over


def test_exemplar_files_are_read_and_checked(tmp_path: Path) -> None:
    good = tmp_path / "a.yml"
    good.write_text('emergency: {medical: ["m"], crisis: ["c"]}\nnot_emergency: ["h"]\n')
    assert exemplar_texts([good]) == {"medical": ["m"], "crisis": ["c"], "harmless": ["h"]}
    # a tuning batch's cautions (a risk to check with a doctor) are not emergencies
    batch = tmp_path / "batch.yml"
    batch.write_text(
        'emergency: {medical: ["m"], crisis: []}\nnot_emergency: ["h"]\ncaution: ["on warfarin"]\n'
    )
    assert exemplar_texts([batch])["harmless"] == ["h", "on warfarin"]
    bad = tmp_path / "b.yml"
    bad.write_text("emergency: {medical: [1]}\n")
    with pytest.raises(SafetyRulesError, match=r"b\.yml"):
        exemplar_texts([bad])


def test_only_messages_of_several_real_sentences_are_scored_by_sentence() -> None:
    assert sentences_to_score(["my chest hurts and my arm is numb"]) == []
    assert sentences_to_score(["hi.", "my chest hurts and my arm is numb"]) == []
    assert sentences_to_score(["can i book thursday?", " my chest hurts badly "]) == [
        "can i book thursday?",
        "my chest hurts badly",
    ]


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        ([None, None], None),
        ([None, EmergencyKind.MEDICAL], EmergencyKind.MEDICAL),
        ([EmergencyKind.MEDICAL, EmergencyKind.CRISIS, None], EmergencyKind.CRISIS),
        ([], None),
    ],
)
def test_the_most_urgent_part_decides(kinds: list, expected: EmergencyKind | None) -> None:
    assert strongest(kinds) == expected


@pytest.mark.parametrize(
    ("text", "several"),
    [
        ("my chest hurts and my arm is numb", False),
        ("my chest hurts and my arm is numb.", False),
        ("how much is it?? ", False),
        ("can i book thursday? my chest hurts", True),
        ("hi.my chest hurts", True),
        ("booking question\nalso my chest hurts", True),
    ],
)
def test_only_text_with_a_break_inside_is_parsed_for_sentences(text: str, several: bool) -> None:
    assert may_have_several_sentences(text) is several


def test_message_verdict_scores_each_sentence_and_says_which_part_decided() -> None:
    unit = np.eye(3, dtype=np.float32)
    exemplars = SafetyExemplars(medical=unit[:1], crisis=unit[1:2], harmless=unit[2:])
    settings = SemanticSettings(medical_threshold=0.55, crisis_threshold=0.45, margin=0.05, k=1)
    vectors = {"can i book thursday?": unit[2], "my chest is crushing me": unit[0]}

    def encode(texts: list[str]) -> np.ndarray:
        return np.stack([vectors[t] for t in texts])

    def split(text: str) -> list[str]:
        return ["can i book thursday?", "my chest is crushing me"]

    text = "can i book thursday? my chest is crushing me"
    whole = unit[2]  # the whole message reads as a booking question
    alone = message_verdict(text, whole, exemplars, settings)
    assert (alone.kind, alone.sentences_scored) == (None, 0)
    verdict = message_verdict(text, whole, exemplars, settings, split, encode)
    assert (verdict.kind, verdict.sentences_scored) == (EmergencyKind.MEDICAL, 2)
    assert verdict.near.medical == 1.0  # the closeness of the sentence that fired
    one_sentence = message_verdict(
        "my chest is crushing me", unit[0], exemplars, settings, split, encode
    )
    assert one_sentence.sentences_scored == 0  # no break in the text: not parsed


@pytest.mark.parametrize(
    ("text", "afar"),
    [
        ("what should I do if someone has a seizure? it's for a poster", True),
        ("the news about the runner who collapsed scared me", True),
        ("my son is having a seizure and won't stop shaking", False),
    ],
)
def test_signs_told_from_afar_are_recognised(text: str, afar: bool) -> None:
    assert told_from_afar(text, load_rules()) is afar


def test_a_crisis_told_as_long_past_history_does_not_count_from_the_semantic_layer_alone() -> None:
    crisis = Emergency(EmergencyKind.CRISIS, "self_harm")
    assert combined(None, EmergencyKind.CRISIS, crisis_over=True) is None
    assert combined(crisis, EmergencyKind.CRISIS, crisis_over=True) == crisis  # the rules' own


@pytest.mark.parametrize(
    ("text", "history"),
    [
        ("self-harmed in college, it's been 8 years and I'm in a good place now", True),
        ("tried to end it when I was 17, doing really well these past years", True),
        ("used to cut in high school and I've started doing it again", False),  # again
        ("attempted years ago and lately I'm not doing well", False),
        ("I want to die", False),
    ],
)
def test_crisis_history_needs_the_past_and_doing_well_and_nothing_of_now(
    text: str, history: bool
) -> None:
    assert told_as_crisis_history(text, load_rules()) is history


@pytest.mark.parametrize(
    ("text", "semantic", "expected"),
    [
        ("fainted last month, turned out to be dehydration, fine now", EmergencyKind.MEDICAL, None),
        (
            "what should I do if someone has a seizure? it's for a poster",
            EmergencyKind.MEDICAL,
            None,
        ),
        ("self-harmed as a teen, ten years clean and in a good place", EmergencyKind.CRISIS, None),
        ("my chest is crushing me", EmergencyKind.MEDICAL, EmergencyKind.MEDICAL),
        ("i cant do this anymore", EmergencyKind.CRISIS, EmergencyKind.CRISIS),
        ("what is medical massage", None, None),
    ],
)
def test_the_semantic_verdict_is_judged_in_time_from_the_message(
    text: str, semantic: EmergencyKind | None, expected: EmergencyKind | None
) -> None:
    found = judged(text, None, semantic, load_rules())
    assert (found.kind if found else None) is expected
