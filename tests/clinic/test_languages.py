"""Messages in another language: told apart from English, erring towards English."""

from __future__ import annotations

from pathlib import Path

import pytest

from clinic.content import languages
from clinic.languages import LanguagesError, foreign_language, load_languages
from clinic.profile import load_profile


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Hola, ¿cuánto cuesta una sesión de masaje?", "es"),
        ("necesito una cita para mi espalda por favor", "es"),
        ("我想预约按摩，多少钱？", "zh"),
        ("마사지 예약하고 싶어요", "ko"),
        ("Bonjou, konbyen sa koute pou yon masaj?", "ht"),
        ("Buongiorno, quanto costa un massaggio?", "it"),
        ("Olá, vocês aceitam o meu seguro de saúde?", "pt"),
    ],
)
def test_another_language_is_named(text: str, code: str) -> None:
    assert foreign_language(text) == code


@pytest.mark.parametrize(
    "text",
    [
        "hola! do you take aetna?",
        "gracias, see you tuesday",
        "ciao, what are your hours",
        "wat r ur hrs",
        "r u a bot",
        "ok",
        "I am come from Italy, my back is pain",
        "does Dr. Nguyễn's referral work for the Ronkonkoma office?",
        "is 李医生 one of your therapists?",
    ],
)
def test_english_with_a_foreign_word_stays_english(text: str) -> None:
    assert foreign_language(text) is None


def test_every_reply_leads_with_911_and_gives_the_phone_number() -> None:
    """The safety rules know few languages: a missed emergency still reads 911 first."""
    profile = load_profile()
    for code, reply in languages().replies.items():
        rendered = profile.render(reply)
        first_sentence = rendered.split("。")[0].split(". ")[0]
        assert "911" in first_sentence and profile.fields["phone"] in rendered, code


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("replies: {}", "replies"),
        ("replies: {spanish: hola}", "spanish"),
        ("replies: {es: ''}", "es"),
    ],
)
def test_broken_file_is_rejected(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "languages.yml"
    path.write_text(body)
    with pytest.raises(LanguagesError, match=message):
        load_languages(path)
