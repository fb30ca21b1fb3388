"""How a blind conversation turn is graded: every expected answer, in order."""

from bench.conversations import answer_texts, turn_passes, unknown_keys

TEXTS = {"ask_cost": ["Price answer."], "ask_insurance": ["Insurance answer."], "book": ["Book."]}


def test_every_expected_answer_in_the_order_asked() -> None:
    reply = "Price answer.\n\nInsurance answer."
    assert turn_passes(reply, ["ask_cost", "ask_insurance"], TEXTS)
    assert not turn_passes(reply, ["ask_insurance", "ask_cost"], TEXTS)
    assert not turn_passes("Price answer.", ["ask_cost", "ask_insurance"], TEXTS)


def test_alternatives_accept_either_answer() -> None:
    assert turn_passes("Book.", [["ask_cost", "book"]], TEXTS)
    assert not turn_passes("Something else.", [["ask_cost", "book"]], TEXTS)


def test_the_bots_answers_cover_the_vocabulary_of_the_blind_file() -> None:
    texts = answer_texts()
    for key in (
        "ask_tipping",
        "ask_my_condition:arthritis",
        "caution:pregnancy",
        "other_language:es",
    ):
        assert texts[key], key
    cases = [{"turns": [{"expect": ["ask_cost", ["no_such_answer", "book"]]}]}]
    assert unknown_keys(cases, texts) == {"no_such_answer"}
