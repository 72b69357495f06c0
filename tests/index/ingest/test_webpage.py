"""Reading a web page's article: main text as paragraphs, no banners, bylines or comments; title, site, date."""

from __future__ import annotations

import pytest

from index.ingest.corpus import parse_article
from index.ingest.webpage import BadDateError, NoArticleError, checked_date, find_date, read_html
from tests.index.ingest.site import HAMPSTEAD, ISLINGTON, ISLINGTON_TEXT, NO_ARTICLE

BOILERPLATE = ("cookies", "Home", "Related", "Comments", "Great news", "Copyright", "By Ada Quill", "disgrace")


def test_a_news_page_becomes_a_dated_titled_article_without_boilerplate() -> None:
    """Meta tags give the title, site, date and canonical link; only the three article paragraphs are kept."""
    article = read_html(ISLINGTON, "http://127.0.0.1:8000/news/islington")
    assert article.title == "Islington North branch backs Corbyn"
    assert article.source == "The Test Gazette"
    assert article.date == "2016-08-09"
    assert article.url == "https://gazette.example.com/news/islington-north-backs-corbyn"
    assert len(article.paragraphs) == 3 and article.paragraphs[0] == ISLINGTON_TEXT
    assert all(word not in article.text for word in BOILERPLATE)


def test_a_date_only_in_the_byline_text_is_found_and_comments_do_not_win() -> None:
    """No meta date: 'Published 12 August 2016' in the byline, not the comment's 2019."""
    article = read_html(HAMPSTEAD, "http://127.0.0.1:8000/politics/hampstead")
    assert article.date == "2016-08-12"
    assert article.title == "Hampstead members nominate Smith"
    assert article.source == "127.0.0.1"  # no site name given: the host, without its port
    assert article.url == "http://127.0.0.1:8000/politics/hampstead"
    assert len(article.paragraphs) == 3 and '"It was close, but the members have spoken," she said.' in article.text
    assert all(word not in article.text for word in BOILERPLATE)


def test_the_corpus_file_parses_back_to_the_same_article() -> None:
    """The written file has the header and one paragraph per page paragraph, as the corpus reader sees it."""
    article = read_html(ISLINGTON, "http://127.0.0.1:8000/x")
    parsed = parse_article("x", article.corpus_text())
    assert (parsed.title, parsed.source, parsed.date, parsed.url) == (
        article.title,
        article.source,
        article.date,
        article.url,
    )
    assert [p.text for p in parsed.paragraphs] == list(article.paragraphs)


def test_a_date_given_by_hand_overrides_the_page() -> None:
    assert read_html(ISLINGTON, "", date="2016-08-10").date == "2016-08-10"


def test_a_page_without_an_article_is_refused_in_one_sentence() -> None:
    with pytest.raises(NoArticleError) as refused:
        read_html(NO_ARTICLE, "http://127.0.0.1:8000/missing")
    assert str(refused.value).count(".") == 1 and "no article text" in str(refused.value)


def test_a_copyright_year_is_not_a_publication_date() -> None:
    page = "<html><body><article><p>{}</p></article><footer>&copy; 2019 Gazette</footer></body></html>"
    assert find_date(page.format("Some words about a branch meeting. " * 10)) == ""
    assert find_date(page.format("The meeting on 9 August 2016 was tense. " * 5)) == "2016-08-09"


@pytest.mark.parametrize("value", ["2016-08-09", "2016-08", "2016"])
def test_checked_date_accepts_days_months_and_years(value: str) -> None:
    assert checked_date(value) == value


@pytest.mark.parametrize("value", ["09/08/2016", "2016-02-30", "yesterday", "2016-8-9"])
def test_checked_date_refuses_anything_else_saying_the_format(value: str) -> None:
    with pytest.raises(BadDateError, match="YYYY-MM-DD"):
        checked_date(value)
