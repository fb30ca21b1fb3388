import pytest

from clinic.input_checks import InputProblem, input_problem, strip_markup


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", InputProblem.EMPTY),
        (None, InputProblem.EMPTY),
        ("   \n\t ", InputProblem.EMPTY),
        ("👍🙂", InputProblem.EMPTY),  # emoji only: nothing to answer
        ("?!...", InputProblem.EMPTY),
        ("x" * 2001, InputProblem.TOO_LONG),
        ("what is medical massage?", None),
        ("x" * 2000, None),  # the limit itself is allowed
        ("ok 👍", None),
        ("¿Qué es el masaje médico?", None),  # the model (and its fallback) decides
    ],
)
def test_input_problem(text: str | None, expected: InputProblem | None) -> None:
    assert input_problem(text, max_chars=2000) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<script>alert('x')</script> what is medical massage?", "what is medical massage?"),
        ("<b>how much</b> is a <i>session</i>", "how much is a session"),
        ("my pain is < 5 and > 2 today", "my pain is < 5 and > 2 today"),  # not a tag
        ("plain text", "plain text"),
    ],
)
def test_strip_markup(text: str, expected: str) -> None:
    assert strip_markup(text) == expected
