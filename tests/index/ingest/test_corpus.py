"""Corpus files: headers, paragraphs, captions and sentences."""

from pathlib import Path

import pytest

from index.ingest.corpus import CorpusError, load_corpus, parse_article, split_sentences
from tests.conftest import CORPUS


def texts(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


def test_header_fields_are_read_and_body_kept_unchanged() -> None:
    """A header gives title, source, date and url; the article text after it is kept byte for byte."""
    raw = "title: A Title\nsource: Ham & High\ndate: 2016-08\nurl:\n---\nFirst para.\n\nSecond para."
    article = parse_article("a", raw)
    assert (article.title, article.source, article.date, article.url) == ("A Title", "Ham & High", "2016-08", "")
    assert article.text == "First para.\n\nSecond para."
    assert [p.text for p in article.paragraphs] == ["First para.", "Second para."]


def test_file_without_header_is_all_body_with_a_title_from_its_name() -> None:
    """An article with no header keeps every line as text and gets a title from its file name."""
    article = parse_article("hampstead-vote", "Members voted: 96 to 54.\n\nMore text.")
    assert article.title == "Hampstead vote"
    assert article.paragraphs[0].text == "Members voted: 96 to 54."


def test_titles_do_not_end_sentences() -> None:
    """Mr, Dr, Cllr and St are titles, not sentence ends."""
    text = "Mr Starmer spoke. Dr French replied to Cllr Hayward at St Pancras Church. It was late."
    assert texts(text) == [
        "Mr Starmer spoke.",
        "Dr French replied to Cllr Hayward at St Pancras Church.",
        "It was late.",
    ]


def test_us_titles_and_initialisms_do_not_end_sentences() -> None:
    """A quote never stops at "former U.S." or "Sen." before the name it is about."""
    text = "Trump endorsed former U.S. Sen. David Perdue. She is backed by D.C. Working Families. It was late."
    assert texts(text) == [
        "Trump endorsed former U.S. Sen. David Perdue.",
        "She is backed by D.C. Working Families.",
        "It was late.",
    ]


def test_curly_quotes_stay_with_their_sentence() -> None:
    """A sentence ending inside curly quotes keeps its closing quote."""
    text = "He said: “I congratulate Jeremy on the nomination.” Then he left."
    assert texts(text) == ["He said: “I congratulate Jeremy on the nomination.”", "Then he left."]


def test_photo_captions_are_marked_and_quoted_once() -> None:
    """A "Ham & High: ... (Image: ...)" paragraph is a caption; its sentence is one copy of the doubled text."""
    caption = "Keir Starmer is backing Owen Smith"
    article = parse_article("a", f"Body text here.\n\nHam & High: {caption}{caption} (Image: PA Wire)")
    body, photo = article.paragraphs
    assert not body.is_caption
    assert photo.is_caption
    assert photo.sentence_texts == [caption]


def test_seed_captions_are_recognised() -> None:
    """Every caption of the seed articles is marked, and no body paragraph is."""
    articles = load_corpus(CORPUS)
    captions = [p for a in articles for p in a.paragraphs if p.is_caption]
    assert len(captions) == 4
    assert all(p.text.startswith("Ham & High:") for p in captions)
    assert not any(p.text.startswith("Ham & High:") for a in articles for p in a.paragraphs if not p.is_caption)


def test_every_sentence_is_a_verbatim_slice_of_the_corpus_file() -> None:
    """Sentences are slices of their paragraph, and paragraphs stand in the file."""
    for article in load_corpus(CORPUS):
        raw = (CORPUS / f"{article.id}.md").read_text(encoding="utf-8")
        for paragraph in article.paragraphs:
            assert paragraph.text in raw
            for sentence in paragraph.sentence_texts:
                assert sentence and sentence in paragraph.text


def test_missing_and_empty_corpus_folders_say_what_to_do(tmp_path: Path) -> None:
    """A missing or empty corpus folder is one clear error naming WHOBACKED_CORPUS_DIR."""
    with pytest.raises(CorpusError, match="does not exist.*WHOBACKED_CORPUS_DIR"):
        load_corpus(tmp_path / "nowhere")
    with pytest.raises(CorpusError, match="has no articles"):
        load_corpus(tmp_path)


def test_non_utf8_file_is_skipped_with_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A non-UTF-8 file is skipped, named in a warning, and the rest is loaded."""
    (tmp_path / "good.md").write_text("Fine text.", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes("Caf\xe9 society".encode("latin-1"))
    articles = load_corpus(tmp_path)
    assert [a.id for a in articles] == ["good"]
    assert "bad.txt" in caplog.text and "UTF-8" in caplog.text


def test_a_sentence_goes_on_after_a_short_month_or_a_plural_title() -> None:
    text = "Members vote on Feb. 26 by telephone. It was endorsed by Sens. Tom Okafor and Ann Lee. Alds. Bo Lin agreed."
    assert texts(text) == [
        "Members vote on Feb. 26 by telephone.",
        "It was endorsed by Sens. Tom Okafor and Ann Lee.",
        "Alds. Bo Lin agreed.",
    ]
