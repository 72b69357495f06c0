"""The foundation answers the quick-start question with a quote about Owen Smith and its source."""

from index.engine import Engine


def test_starmer_question_is_answered_with_a_cited_smith_quote(engine: Engine) -> None:
    answer = engine.ask("Who is Keir Starmer backing?")
    assert not answer.abstained
    assert any("Smith" in quote.text and quote.title and quote.paragraph for quote in answer.quotes)
