import pytest

from clinic.pseudonyms import pseudonym


def test_stable_for_the_same_user_and_key() -> None:
    assert pseudonym("whatsapp", "+15165550100", "k") == pseudonym("whatsapp", "+15165550100", "k")


def test_hides_the_identifier() -> None:
    alias = pseudonym("whatsapp", "+15165550100", "k")
    assert alias.startswith("whatsapp-") and "5550100" not in alias
    assert len(alias) == len("whatsapp-") + 32


@pytest.mark.parametrize(
    "other",
    [
        ("whatsapp", "+15165550101", "k"),
        ("whatsapp", "+15165550100", "k2"),
        ("sms", "+15165550100", "k"),
    ],
)
def test_differs_for_another_user_key_or_platform(other: tuple[str, str, str]) -> None:
    assert pseudonym(*other) != pseudonym("whatsapp", "+15165550100", "k")


def test_refuses_an_empty_key() -> None:
    with pytest.raises(ValueError):
        pseudonym("telegram", "42", "")
