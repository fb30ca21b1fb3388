from clinic.text import normalise, normalise_with_offsets


def test_normalise_drops_apostrophes_and_case() -> None:
    assert normalise("I  Can’t   BREATHE") == "i cant breathe"


def test_offsets_point_back_at_the_text_as_typed() -> None:
    text = "  Can’t\tBreathe "
    norm, offsets = normalise_with_offsets(text)
    assert norm == "cant breathe"
    start = norm.index("breathe")
    assert text[offsets[start] : offsets[start + len("breathe") - 1] + 1] == "Breathe"
