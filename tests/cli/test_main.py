"""The `whobacked` command line: ask (text and JSON), build, and one-sentence errors."""

import io
import json
from pathlib import Path

import pytest

from cli.main import main
from index.settings import Settings
from tests.conftest import CORPUS


@pytest.fixture
def environment(settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Settings:
    """Point the command at the test's corpus and data folders, away from any .env."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("WHOBACKED_CORPUS_DIR", str(settings.corpus_dir))
    monkeypatch.setenv("WHOBACKED_DATA_DIR", str(settings.data_dir))
    return settings


def verbatim_in_corpus(text: str) -> bool:
    return any(text in path.read_text(encoding="utf-8") for path in CORPUS.iterdir())


def test_ask_json_builds_the_index_first_and_prints_the_documented_shape(
    environment: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ask --json` with no index builds it, then prints one object with verbatim quotes."""
    assert main(["ask", "--json", "Who is Keir Starmer backing?"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert set(answer) == {"question", "answer", "abstained", "quotes"}
    assert answer["question"] == "Who is Keir Starmer backing?" and not answer["abstained"]
    assert "Smith" in answer["answer"]
    for quote in answer["quotes"]:
        assert set(quote) == {"text", "article", "title", "paragraph", "score"}
        assert verbatim_in_corpus(quote["text"])


def test_ask_json_stdin_answers_one_line_per_question(
    environment: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`ask --json -` reads questions line by line and prints one JSON object per question."""
    questions = ["Who backed Owen Smith?", "", "Who did Nicola Sturgeon endorse?"]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(questions) + "\n"))
    assert main(["ask", "--json", "-"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["question"] for line in lines] == ["Who backed Owen Smith?", "Who did Nicola Sturgeon endorse?"]
    assert lines[1]["abstained"] and not lines[1]["quotes"]


def test_ask_prints_lead_quotes_and_sources(environment: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    """Plain `ask` prints the lead, block-quoted sentences with [n] and a numbered sources list."""
    assert main(["ask", "Who is the secretary of the Hampstead and Kilburn branch?"]) == 0
    out = capsys.readouterr().out
    assert "Peter Taheri" in out and "  > " in out and "Sources:" in out and "[1] " in out
    assert "\033[" not in out  # no colour when not on a terminal


def test_missing_corpus_is_one_sentence_and_changes_nothing(
    environment: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A missing corpus folder gives exit 1, one sentence on stderr, and no data folder."""
    monkeypatch.setenv("WHOBACKED_CORPUS_DIR", str(tmp_path / "missing"))
    assert main(["build"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("whobacked: The corpus folder") and "Traceback" not in err and err.count("\n") == 1
    assert not environment.data_dir.exists() or not any(environment.data_dir.glob("snapshots/*"))


def test_missing_model_is_one_sentence(
    environment: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """WHOBACKED_MODEL pointing nowhere gives exit 1 and a sentence naming the setting."""
    monkeypatch.setenv("WHOBACKED_MODEL", str(tmp_path / "nope"))
    assert main(["ask", "Who backed Owen Smith?"]) == 1
    assert "WHOBACKED_MODEL" in capsys.readouterr().err


def test_chat_answers_follow_ups_and_quits_on_end_of_input(
    environment: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The terminal chat answers, keeps context for a follow-up, and exits cleanly on Ctrl-D.

    The same follow-up gets each place's own count, which only the earlier question can tell it; an empty line
    starts the second conversation.
    """
    lines = [
        "Who won the vote in Holborn and St Pancras?",
        "by how many votes?",
        "",
        "Who won the vote in Hampstead and Kilburn?",
        "by how many votes?",
    ]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    assert main(["chat"]) == 0
    answers = capsys.readouterr().out.split("\n? ")[1:]  # input() prints the prompt before each line
    leads = [answer.strip().splitlines()[0] if answer.strip() else "" for answer in answers]
    assert "274 votes to 196" in leads[1] and "96 votes to 54" in leads[4]
    assert leads[5] == ""  # Ctrl-D: nothing more
