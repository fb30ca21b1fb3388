import pytest

from clinic.confirmation import confirmed_intent


@pytest.mark.parametrize(
    ("intent", "confidence", "expected"),
    [
        ("affirm", 0.95, "affirm"),  # a clear yes
        ("affirm", 0.49, "nlu_fallback"),  # "hmm" read as yes: not enough to delete on
        ("deny", 0.5, "nlu_fallback"),
        ("deny", 0.8, "deny"),  # at the threshold counts
        ("ask_cost", 0.4, "ask_cost"),  # other intents are the fallback classifier's business
    ],
)
def test_unclear_yes_or_no_is_not_acted_on(intent: str, confidence: float, expected: str) -> None:
    assert confirmed_intent(intent, confidence, threshold=0.8) == expected
