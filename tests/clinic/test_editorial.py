from pathlib import Path

import pytest

from clinic.content_files import ContentError
from clinic.editorial import banned_claims, shingle_hashes


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Massage cures back pain.", "cures"),
        ("We GUARANTEE relief", "GUARANTEE"),
        ("results are 100% certain", "100%"),
        ("use it instead of a doctor", "instead of a doctor"),
        ("relief that lasts permanently", "permanently"),
        ("the secure door is on the left", None),  # "cure" inside another word
        ("many patients feel better", None),
    ],
)
def test_banned_claims_are_found_as_whole_words(text: str, found: str | None) -> None:
    match = banned_claims().search(text)
    assert (match.group(0) if match else None) == found


@pytest.mark.parametrize(
    "body",
    ["banned_claims: []\n", "banned_claims: 'cure'\n", "other: 1\n", "banned_claims: ['(']\n"],
)
def test_a_broken_policy_file_names_itself(tmp_path: Path, body: str) -> None:
    path = tmp_path / "editorial.yml"
    path.write_text(body)
    with pytest.raises(ContentError, match=r"editorial\.yml"):
        banned_claims(path)


def test_shingle_hashes_find_a_copied_run_of_seven_words_and_no_less() -> None:
    source = "Massage therapy can ease the tension that builds up in tired shoulders."
    copied = "Did you know massage therapy can ease the tension that builds up? Yes."
    six_words = "Massage therapy can ease the tension, they say."
    assert shingle_hashes(copied) & shingle_hashes(source)
    assert not shingle_hashes(six_words) & shingle_hashes(source)
    # a typographic apostrophe is the same word as a plain one
    assert shingle_hashes("it’s one two three four five six") == shingle_hashes(
        "it's one two three four five six"
    )
