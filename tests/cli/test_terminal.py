"""The terminal front end never passes an article's escape sequences, control or bidi characters to the terminal."""

from cli.terminal import printable, render_answer
from index import Answer, Quote

HOSTILE = "Corbyn\x1b]0;pwned\x07 won\x1b[2J\x1b[H by 96\u202e votes\x9b31m to 54\x00.\u2066"


def quote(text: str) -> Quote:
    return Quote(text, "article-id", "Title\x1b[31m", "Gazette", "2016-08", "", 2, 1.0)


def test_escape_sequences_and_bidi_overrides_are_removed() -> None:
    """Title-setting (OSC), screen-clearing (CSI), C1, NUL and right-to-left override characters are dropped."""
    assert printable(HOSTILE) == "Corbyn won by 96 votes to 54."
    assert printable("Line one\n\tindented – “quoted” café") == "Line one\n\tindented – “quoted” café"


def test_rendered_answer_has_no_escape_but_its_own_colours() -> None:
    """render_answer shows the hostile quote inert; the stored quote stays verbatim."""
    answer = Answer(question="Who won?", lead="Corbyn won\x1b[2J.", quotes=[quote(HOSTILE)])
    plain = render_answer(answer, colour=False)
    assert "\x1b" not in plain and "\u202e" not in plain and "\x9b" not in plain
    assert "Corbyn won by 96 votes to 54." in plain
    coloured = render_answer(answer, colour=True)
    assert "\x1b[2J" not in coloured and "\x1b]0;" not in coloured and "\x1b[31m" not in coloured
    assert answer.quotes[0].text == HOSTILE
