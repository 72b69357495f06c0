"""The bench: figures at every size, labelled measured or extrapolated, incremental builds, table, plot, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli.main import main
from index.search.embedder import Embedder
from index.settings import Settings
from index.tools.bench import DEV_QUESTIONS, EXTRAPOLATED, MEASURED, BenchError, Plan, Report, check_request, run_bench
from index.tools.bench_report import format_report, plot_latency
from tests.conftest import CORPUS

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
QUESTIONS = (DEV_QUESTIONS[0], DEV_QUESTIONS[8], DEV_QUESTIONS[10])  # a record answer, a list, a why


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Report:
    """One small run: the real corpus, 1,000 paragraphs through the real build, 2,000 written from generated data."""
    settings = Settings(corpus_dir=CORPUS, model="")
    plan = Plan(
        sizes=(40, 1_000, 2_000),
        encode_sample=16,
        repeats=1,
        measure_ready=False,
        built_up_to=1_000,
        questions=QUESTIONS,
    )
    return run_bench(settings, plan, embedder)


def figures(value: object) -> list[dict]:
    """Every {"value", "how"} figure nested in value."""
    if isinstance(value, dict):
        if set(value) == {"value", "how"}:
            return [value]
        return [f for item in value.values() for f in figures(item)]
    if isinstance(value, list):
        return [f for item in value for f in figures(item)]
    return []


def test_report_covers_every_size_with_both_systems(report: Report) -> None:
    """Each size has whobacked and plain-retriever latencies, a ratio, recall and memory."""
    assert [row["paragraphs"] for row in report.sizes][1:] == [1_010, 2_000]
    assert report.sizes[0]["corpus"] == "real corpus" and report.sizes[0]["vectors"] == "real"
    for row in report.sizes:
        assert row["whobacked_p50_ms"]["value"] > 0 and row["plain_p50_ms"]["value"] > 0
        assert row["recall_at_10"] == 1.0 and row["serve_peak_mb"]["value"] > 100


def test_sizes_below_the_real_corpus_are_skipped_with_a_note(report: Report) -> None:
    """Asking for fewer paragraphs than the real corpus has measures nothing for that size and says why."""
    assert report.notes == ["Skipped 40 paragraphs: the real corpus alone has 41."]
    assert "Skipped 40 paragraphs" in format_report(report)


def test_every_figure_says_whether_it_was_measured_or_extrapolated(report: Report) -> None:
    """Latencies are measured; full-build throughput of synthetic corpora comes from the measured encoding rate."""
    data = json.loads(json.dumps(report.to_json()))
    assert {f["how"] for f in figures(data)} == {MEASURED, EXTRAPOLATED}
    assert report.sizes[1]["whobacked_p50_ms"]["how"] == MEASURED
    assert report.sizes[1]["full_build_paragraphs_per_s"]["how"] == EXTRAPOLATED
    assert report.sizes[2]["build_stage_seconds"]["extraction"]["how"] == EXTRAPOLATED


def test_incremental_build_embeds_only_the_new_article(report: Report) -> None:
    """Adding one article of 10 paragraphs to the built corpus re-embeds those 10 paragraphs and nothing else."""
    assert report.build["incremental_new_paragraphs"] == 10
    assert report.build["incremental_embedded"] == 10
    assert report.build["incremental_seconds"]["value"] > 0


def test_targets_are_judged_only_where_they_apply(report: Report) -> None:
    """The real-corpus ratio is judged; the incremental target (set on 10^4 paragraphs) is not judged on 1,000."""
    names = " ".join(t["target"] for t in report.targets)
    assert "ratio" in names and "incremental" not in names
    assert all(isinstance(t["met"], bool) for t in report.targets)


def test_table_and_plot(report: Report, tmp_path: Path) -> None:
    """The Markdown table has a row per size with extrapolated figures starred, and the plot is a PNG."""
    table = format_report(report)
    assert "| real corpus | 41 |" in table and "| synthetic | 2,000 |" in table
    assert "*" in table and "extrapolated" in table
    path = tmp_path / "latency.png"
    plot_latency(report, path)
    assert path.read_bytes().startswith(PNG_SIGNATURE)


@pytest.mark.parametrize(
    ("sizes", "plot", "message"),
    [
        ((10,), None, "between 1,000 and 2,000,000 paragraphs, not 10"),
        ((), Path("latency.svg"), "ending in .png"),
        ((), Path("/no/such/folder/latency.png"), "does not exist"),
    ],
)
def test_bad_requests_are_refused(sizes: tuple[int, ...], plot: Path | None, message: str) -> None:
    """Impossible sizes and plot paths are refused with one sentence before anything runs."""
    with pytest.raises(BenchError, match=message):
        check_request(sizes, plot)


def test_cli_refuses_bad_plot_path_without_running(capsys: pytest.CaptureFixture[str]) -> None:
    """`whobacked bench --plot x.svg` exits 1 with one sentence on stderr and prints no table."""
    assert main(["bench", "--quick", "--plot", "latency.svg"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1 and "--plot" in captured.err
