"""The bench report for people: a Markdown table of every figure, and a PNG of latency against corpus size."""

from __future__ import annotations

from pathlib import Path

from index.search.vectors import FLAT_LIMIT
from index.tools.bench import EXTRAPOLATED, Report


def _value(figure: object, digits: int = 1) -> str:
    """A figure as text; extrapolated ones carry an asterisk."""
    if not isinstance(figure, dict):
        return "–" if figure is None else str(figure)
    mark = "*" if figure["how"] == EXTRAPOLATED else ""
    value = figure["value"]
    return f"{value:,.{digits}f}{mark}" if digits else f"{value:,.0f}{mark}"


def format_report(report: Report) -> str:
    """Markdown: sizes table, build figures, targets; extrapolated figures marked with an asterisk."""
    lines = [
        "| corpus | paragraphs | vectors | index | whobacked p50 / p95 ms | plain p50 / p95 ms | ratio p50 "
        "| recall@10 | index load s | serving peak MB | build peak MB | full build paragraphs/s |",
        "|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in report.sizes:
        lines.append(
            f"| {row['corpus']} | {row['paragraphs']:,} | {row['vectors']} | {row['index_type']} "
            f"| {_value(row['whobacked_p50_ms'])} / {_value(row['whobacked_p95_ms'])} "
            f"| {_value(row['plain_p50_ms'])} / {_value(row['plain_p95_ms'])} | {row['ratio_p50']:.2f} "
            f"| {row['recall_at_10']:.3f} | {_value(row['index_load_seconds'], 2)} | {_value(row['serve_peak_mb'], 0)} "
            f"| {_value(row.get('build_peak_mb'), 0)} | {_value(row.get('full_build_paragraphs_per_s'))} |"
        )
    lines += ["", "\\* extrapolated from measured parts; every other figure is measured in this run.", ""]
    lines += _build_lines(report)
    if report.targets:
        lines += ["", "| target | limit | value | met |", "|---|---:|---:|---|"]
        for target in report.targets:
            met = "yes" if target["met"] else "**no**"
            lines.append(f"| {target['target']} | {target['limit']:,} | {target['value']:,} | {met} |")
    lines += [f"\n{note}" for note in report.notes]
    machine = report.machine
    lines += [
        "",
        f"Machine: {machine['cpus']} CPUs, {machine['memory_gb']} GB, FAISS {machine['faiss']}; load average "
        f"{machine['load_average_at_start']} at the start and {machine.get('load_average_at_end', '–')} at the end "
        f"(other work on the machine slows every figure); run at {machine['when']}.",
    ]
    return "\n".join(lines)


def _build_lines(report: Report) -> list[str]:
    build = report.build
    lines = [
        f"- Encoding: {_value(build['encode_paragraphs_per_s'])} paragraphs/s "
        f"(measured on {build['encode_sample_paragraphs']:,} synthetic paragraphs); spaCy parse "
        f"{_value(build['parse_paragraphs_per_s'])} paragraphs/s on the same paragraphs; model load "
        f"{_value(build['model_load_seconds'])} s; full build of the real corpus {_value(build['real_full_build_seconds'])} s.",
        f"- Reading records (parse included): rules alone {_value(build['read_rules_paragraphs_per_s'])} paragraphs/s, "
        f"rules and relation model {_value(build['read_model_rules_paragraphs_per_s'])} paragraphs/s.",
    ]
    if "incremental_seconds" in build:
        lines.append(
            f"- Incremental build: one article ({build['incremental_new_paragraphs']} paragraphs) added to "
            f"{build['incremental_corpus_paragraphs']:,} paragraphs: {_value(build['incremental_seconds'])} s "
            f"({_value(build['incremental_paragraphs_per_s'], 0)} paragraphs/s), "
            f"{build['incremental_embedded']} paragraphs embedded."
        )
    for row in report.sizes:
        stages = row.get("build_stage_seconds")
        if stages:
            parts = ", ".join(f"{name} {_value(seconds)} s" for name, seconds in stages.items())
            lines.append(f"- Build stages at {row['paragraphs']:,} paragraphs (without encoding): {parts}.")
    if report.ready:
        lines.append(
            f"- Engine ready in a fresh process: {_value(report.ready['engine_ready_seconds'])} s "
            f"({report.ready['includes']})."
        )
    return lines


def plot_latency(report: Report, path: Path) -> None:
    """Write a PNG of p50 (solid) and p95 (dashed) answer latency against corpus size, both systems, with targets."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = sorted(report.sizes, key=lambda row: row["paragraphs"])
    sizes = [row["paragraphs"] for row in rows]
    figure, axes = plt.subplots(figsize=(8, 5), dpi=120)
    for prefix, label, colour in (
        ("whobacked", "whobacked (Engine.ask)", "#1b6ca8"),
        ("plain", "plain retriever (encode + FAISS flat)", "#d9822b"),
    ):
        p50 = [row[f"{prefix}_p50_ms"]["value"] for row in rows]
        p95 = [row[f"{prefix}_p95_ms"]["value"] for row in rows]
        axes.plot(sizes, p50, marker="o", color=colour, linewidth=2, label=f"{label}, p50")
        axes.plot(sizes, p95, marker=".", color=colour, linewidth=1, linestyle="--", label=f"{label}, p95")
    targets = {100_000: 60.0, 1_000_000: 200.0}
    shown = [(size, limit) for size, limit in targets.items() if size in sizes]
    if shown:
        axes.scatter(
            [size for size, _ in shown],
            [limit for _, limit in shown],
            marker="_",
            s=600,
            linewidths=2.5,
            color="#c0392b",
            zorder=5,
            label="target (p50)",
        )
    if rows and rows[0]["corpus"] == "real corpus":
        axes.annotate(
            "real corpus",
            (sizes[0], rows[0]["whobacked_p50_ms"]["value"]),
            textcoords="offset points",
            xytext=(6, 10),
            fontsize=9,
        )
    if sizes and sizes[-1] > FLAT_LIMIT:
        axes.axvline(FLAT_LIMIT, color="#777777", linestyle=":", linewidth=1)
        axes.annotate(
            "flat | IVF",
            (FLAT_LIMIT, 0.03),
            xycoords=("data", "axes fraction"),
            ha="center",
            fontsize=8,
            color="#555555",
        )
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("corpus size (paragraphs)")
    axes.set_ylabel("answer latency (ms, warm)")
    axes.set_title(f"Answer latency against corpus size ({report.machine['cpus']} CPUs)")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend(fontsize=8, loc="upper left")
    figure.text(
        0.01,
        0.01,
        "Synthetic corpora use generated vectors; question encoding, FAISS, BM25 and SQLite run for real.",
        fontsize=7,
        color="#555555",
    )
    figure.tight_layout(rect=(0, 0.03, 1, 1))
    figure.savefig(path)
    plt.close(figure)
