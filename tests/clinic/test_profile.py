from pathlib import Path

import pytest
import yaml

from clinic.profile import DEFAULT_PROFILE_PATH, ProfileError, load_profile, parse_profile


@pytest.fixture()
def raw() -> dict:
    return yaml.safe_load(DEFAULT_PROFILE_PATH.read_text())


def test_shipped_profile_loads_and_every_answer_renders() -> None:
    profile = load_profile()
    for key in profile.answers:
        answer = profile.answer(key)
        assert answer and "{" not in answer and "}" not in answer, key


def test_answer_fills_fields_and_collapses_whitespace() -> None:
    profile = load_profile()
    text = profile.answer("contact_human")
    assert profile.fields["phone"] in text and profile.fields["email"] in text
    assert "  " not in text and "\n" not in text


def test_unknown_answer_key_gives_none() -> None:
    assert load_profile().answer("no_such_intent") is None


@pytest.mark.parametrize(
    ("rates", "expected"),
    [
        ("", "call us"),  # honest default: no price is invented
        ("$95 for 60 minutes", "$95 for 60 minutes"),
    ],
)
def test_cost_answer_uses_rates_only_when_set(raw: dict, rates: str, expected: str) -> None:
    raw["clinic"]["self_pay_rates"] = rates
    assert expected in parse_profile(raw).answer("ask_cost")


@pytest.mark.parametrize(
    ("policy", "answer"),
    [("tipping_policy", "ask_tipping"), ("gift_cards", "ask_gift_cards")],
)
def test_empty_or_missing_policy_says_to_call(raw: dict, policy: str, answer: str) -> None:
    raw["clinic"][policy] = ""
    empty = parse_profile(raw).answer(answer)
    del raw["clinic"][policy]
    missing = parse_profile(raw).answer(answer)
    assert empty == missing
    assert empty and raw["clinic"]["phone"] in empty and "{" not in empty


def test_policy_set_by_the_clinic_is_said(raw: dict) -> None:
    raw["clinic"]["gift_cards"] = "Gift cards are sold at the front desk."
    answer = parse_profile(raw).answer("ask_gift_cards")
    assert answer and "sold at the front desk" in answer
    assert raw["clinic"]["phone"] not in answer


@pytest.mark.parametrize("field", ["name", "phone", "email", "booking_url"])
def test_missing_required_field_is_rejected(raw: dict, field: str) -> None:
    raw["clinic"][field] = "  "
    with pytest.raises(ProfileError, match=field):
        parse_profile(raw)


def test_unknown_placeholder_is_rejected(raw: dict) -> None:
    raw["answers"]["ask_cost"] = "Call {fax}."
    with pytest.raises(ProfileError, match="fax"):
        parse_profile(raw)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("booking_url", "http://book.example/x", "https"),  # never send patients over plain http
        ("booking_url", "book.example/x", "https"),
    ],
)
def test_bad_booking_settings_are_rejected(raw: dict, field: str, value: str, message: str) -> None:
    raw["clinic"][field] = value
    with pytest.raises(ProfileError, match=message):
        parse_profile(raw)


def test_unreadable_file_names_the_path(tmp_path: Path) -> None:
    broken = tmp_path / "clinic.yml"
    broken.write_text("clinic: [unclosed")
    with pytest.raises(ProfileError, match=r"clinic\.yml"):
        load_profile(broken)


def test_not_a_mapping_is_rejected() -> None:
    with pytest.raises(ProfileError):
        parse_profile(["a", "list"])
