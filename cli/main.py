"""The `whobacked` command: build, ask, chat and run the bot, all over the same engine."""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from cli.feeds import add_feed_commands
from cli.terminal import printable, render_answer, wants_colour
from index import BuildInProgressError, Progress, Settings, WhobackedError, build_index

if TYPE_CHECKING:
    from index import Engine
    from index.tools.evaluate import EvalResult

PRIVATE_UMASK = 0o077
"""Every file whobacked creates (index, caches, trash, state) is readable by its user only: 0600, folders 0700."""


@contextmanager
def progress_bar() -> Iterator[Progress | None]:
    """A tqdm progress bar for builds on a terminal; nothing when stderr is not one."""
    if not sys.stderr.isatty():
        yield None
        return
    from tqdm import tqdm

    bar = tqdm(total=0, unit="para", desc="building", leave=False)

    def update(stage: str, done: int, total: int) -> None:
        bar.total = total
        bar.set_description(stage)
        bar.n = done
        bar.refresh()

    try:
        yield update
    finally:
        bar.close()


def open_engine(settings: Settings) -> Engine:
    """The engine over the current index, building it first when there is none."""
    from index import Engine

    with progress_bar() as progress:
        return Engine.open(settings, progress=progress)


def command_build(settings: Settings, args: argparse.Namespace) -> int:
    try:
        with progress_bar() as progress:
            manifest = build_index(settings, progress=progress, wait=args.wait)
    except BuildInProgressError as error:
        raise BuildInProgressError(f"{error} Or run `whobacked build --wait` to wait for it.") from error
    print(
        f"Built the index: {len(manifest.articles)} articles, {manifest.paragraphs} paragraphs "
        f"({manifest.embedded} embedded, {manifest.paragraphs - manifest.embedded} from the cache) "
        f"in {manifest.seconds:.1f} s."
    )
    return 0


def command_add(settings: Settings, args: argparse.Namespace) -> int:
    """Add articles from links and .txt/.md/.html files, then build (unless --no-build)."""
    from index.ingest.adding import prepare_sources, store

    added = store(settings.corpus_dir, prepare_sources(args.sources, settings, args.date))
    for item in added:
        print(f"Stored {settings.corpus_dir / item.file.name}: {item.summary()}.")
    return _build_unless_asked_not_to(settings, args, "the new articles")


def _build_unless_asked_not_to(settings: Settings, args: argparse.Namespace, what: str) -> int:
    """Build after a change to the corpus, unless --no-build (then say how to index it later)."""
    if args.no_build:
        print(f"Not built (--no-build): run `whobacked build` to index {what}.")
        return 0
    return command_build(settings, argparse.Namespace(wait=True))


def command_remove(settings: Settings, args: argparse.Namespace) -> int:
    """Move an article into the trash, then build; when the build does not finish, put the article back."""
    from cli.trash import cli_note
    from index.ingest.manage import ArticleNotFoundError, remove_article, restore_article
    from index.search.snapshot import DataLayout

    trash = DataLayout(settings.data_dir).trash
    try:
        removed = remove_article(settings.corpus_dir, args.article, trash, cli_note("remove"))
    except ArticleNotFoundError as error:
        raise ArticleNotFoundError(
            f"No article is called `{args.article}` in {settings.corpus_dir}: give a file name from that folder "
            "without .md or .txt."
        ) from error
    print(f"Moved {removed.name} to the trash ({trash / removed.trashed}).")
    if args.no_build:
        print(f"Not built (--no-build): run `whobacked build` so answers stop quoting {removed.name}.")
        return 0
    try:
        return command_build(settings, argparse.Namespace(wait=True))
    except BaseException as error:
        restore_article(settings.corpus_dir, trash, removed.trashed)
        back = f"{removed.name} is back in the corpus, as the index still has it."
        if isinstance(error, WhobackedError):
            raise WhobackedError(f"{error} {back}") from error
        print(f"whobacked: {back}", file=sys.stderr)
        raise


def command_trash(settings: Settings, args: argparse.Namespace) -> int:
    """List the trash, newest first, with who removed each article, when and from where."""
    from cli.trash import describe_entry
    from index.ingest.manage import trashed_articles
    from index.search.snapshot import DataLayout

    entries = trashed_articles(DataLayout(settings.data_dir).trash)
    if not entries:
        print("The trash is empty: nothing to restore.")
        return 0
    print("In the trash, newest first (`whobacked restore FILE`, or an article's id for its newest copy):")
    for entry in entries:
        print(f"  {describe_entry(entry)}")
    return 0


def command_restore(settings: Settings, args: argparse.Namespace) -> int:
    """Bring an article back from the trash, then build (unless --no-build)."""
    from index.ingest.manage import ArticleExistsError, ArticleNotFoundError, find_in_trash, restore_article
    from index.search.snapshot import DataLayout

    trash = DataLayout(settings.data_dir).trash
    entry = find_in_trash(trash, args.name)
    if entry is None:
        raise ArticleNotFoundError(
            f"Nothing called `{args.name}` is in the trash: run `whobacked trash` to see what can be restored."
        )
    article = entry.get("article")
    try:
        restored = restore_article(settings.corpus_dir, trash, str(entry["file"]))
    except ArticleExistsError as error:
        raise ArticleExistsError(
            f"An article `{article}` is in the corpus again: run `whobacked remove {article}` first (it goes to "
            f"the trash too), then `whobacked restore {entry['file']}`."
        ) from error
    print(f"Restored {settings.corpus_dir / restored.name} from the trash.")
    return _build_unless_asked_not_to(settings, args, "it again")


def command_forget(settings: Settings, args: argparse.Namespace) -> int:
    """Delete every question and feedback vote the bot's state database keeps about one Discord member."""
    from index.search.snapshot import DataLayout

    if not re.fullmatch(r"[0-9]{1,19}", args.user_id) or int(args.user_id) >= 2**63:
        raise WhobackedError(
            f"{args.user_id!r} is not a Discord user id (a number like 123456789012345678): in Discord turn on "
            "Developer Mode, right-click the member and choose Copy User ID."
        )
    path = DataLayout(settings.data_dir).state_db
    if not path.is_file():
        print(f"Nothing is kept about {args.user_id}: there is no state database at {path}.")
        return 0
    from bot.state import State

    state = State(path)
    try:
        questions, votes = state.forget_user(int(args.user_id))
    finally:
        state.close()
    print(f"Deleted {questions} question(s) and {votes} feedback vote(s) of {args.user_id} from {path}.")
    return 0


def command_ask(settings: Settings, args: argparse.Namespace) -> int:
    engine = open_engine(settings)
    questions = sys.stdin if args.question == "-" else [args.question]
    for line in questions:
        question = line.strip()
        if not question:
            continue
        answer = engine.ask(question)
        if args.json:
            print(json.dumps(answer.to_json(), ensure_ascii=False), flush=True)
        else:
            print(render_answer(answer, colour=wants_colour()), flush=True)
    return 0


def command_chat(settings: Settings, args: argparse.Namespace) -> int:
    from index import Conversation

    engine = open_engine(settings)
    conversation = Conversation()
    colour = wants_colour()
    print("Ask who backed whom in the articles. Ctrl-D quits; an empty line starts a new conversation.")
    while True:
        try:
            question = input("\n? ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if not question:
            conversation = Conversation()
            continue
        print(render_answer(engine.ask(question, conversation), colour=colour))


def command_eval(settings: Settings, args: argparse.Namespace) -> int:
    from index.tools.evaluate import read_cases, run_eval

    if args.edges:
        return command_eval_edges(settings, args)
    if args.file is None:
        raise WhobackedError("Give a question file (`whobacked eval FILE.jsonl`) or gold edges (`--edges GOLD.jsonl`).")
    cases = read_cases(args.file)
    results = run_eval(open_engine(settings), cases)
    if args.json:
        passed = sum(r.passed for r in results)
        print(
            json.dumps(
                {"passed": passed, "total": len(results), "results": [r.to_json() for r in results]}, ensure_ascii=False
            )
        )
    else:
        print(format_eval_table(results))
    return 0 if all(r.passed for r in results) else 1


def command_eval_edges(settings: Settings, args: argparse.Namespace) -> int:
    """Score the corpus's endorsement records against gold edges (and negatives beside them, if any)."""
    from index.ingest.corpus import load_corpus
    from index.knowledge.extract import Reader, extract_corpus
    from index.tools.edges import format_score, read_jsonl, score_edges

    gold = read_jsonl(args.edges)
    negatives_path = args.negatives or args.edges.with_name("negatives.jsonl")
    negatives = read_jsonl(negatives_path) if negatives_path.exists() else []
    reader = Reader(settings.reader, settings.relation_model, settings.confidence_threshold)
    records, _ = extract_corpus(load_corpus(settings.corpus_dir), nlp_model=settings.nlp_model, reader=reader)
    stated = [r for r in records if r.confidence >= settings.confidence_threshold]  # what a lead may state
    score = score_edges(stated, gold, negatives)
    if args.json:
        print(json.dumps(score.to_json(), ensure_ascii=False))
    else:
        print(format_score(score, verbose=args.verbose))
    return 0


def format_eval_table(results: Sequence[EvalResult]) -> str:
    """One row per question (id, PASS/FAIL, question, the start of the lead), then the total."""
    rows = [f"{'id':<10} {'ok':<4} {'question':<60} answer"]
    for result in results:
        mark = "PASS" if result.passed else "FAIL"
        lead = result.answer.lead.replace("\n", " ")
        rows.append(f"{result.id:<10} {mark:<4} {result.question[:60]:<60} {lead[:100]}")
        if result.missing:
            rows.append(f"{'':<16}missing: {result.missing}")
    passed = sum(r.passed for r in results)
    rows.append(f"\n{passed}/{len(results)} passed")
    return "\n".join(rows)


def command_backers(settings: Settings, args: argparse.Namespace) -> int:
    engine = open_engine(settings)
    records = engine.endorsements(args.name or "", tentative=args.tentative)
    if args.json:
        print(json.dumps([r.to_json() for r in records], ensure_ascii=False, indent=2))
        return 0
    if not records:
        known = ", ".join(engine.known_names()[:12])
        print(f"No endorsement records name {args.name!r}. Known names include: {known}.")
        return 1
    for record in records:
        votes = f" by {record.votes}" if record.votes else ""
        backed = record.backed or "(undeclared)"
        sure = f", confidence {record.confidence:.2f}" if record.confidence < 1 else ""
        print(printable(f"{record.backer} —{record.stance}→ {backed} [{record.when}{votes}{sure}]"))
        print(printable(f"    “{record.quote}” ({record.article}, ¶{record.paragraph})"))
    return 0


def command_graph(settings: Settings, args: argparse.Namespace) -> int:
    from index.tools.graph import GraphError, render_graph_for

    out: Path = args.out
    if out.suffix.lower() != ".png":
        raise GraphError(f"The graph is a PNG picture: give --out a file name ending in .png, not {out.name!r}.")
    if not out.parent.is_dir():
        raise GraphError(f"The folder {out.parent} does not exist: create it or choose another --out.")
    picture = render_graph_for(open_engine(settings), args.name)
    try:
        out.write_bytes(picture)
    except OSError as error:
        raise GraphError(f"Cannot write {out} ({error.strerror}): choose another --out.") from error
    print(f"Wrote {out} ({len(picture) // 1024} KB).")
    return 0


def command_bench(settings: Settings, args: argparse.Namespace) -> int:
    """Measure latency, build throughput, recall and memory from the real corpus up to 10^6 paragraphs."""
    from index.tools.bench import DEFAULT_SIZES, Plan, check_request, run_bench
    from index.tools.bench_report import format_report, plot_latency

    check_request(args.sizes or (), args.plot)
    plan = Plan.quick(args.sizes or ()) if args.quick else Plan(sizes=tuple(args.sizes or DEFAULT_SIZES))
    report = run_bench(settings, plan)
    if args.plot:
        plot_latency(report, args.plot)
    print(json.dumps(report.to_json(), ensure_ascii=False) if args.json else format_report(report))
    return 0


def command_train(settings: Settings, args: argparse.Namespace) -> int:
    """Generate the labelled passages from the templates, train the relation model and print its figures."""
    from index.knowledge.relation_model import BUNDLED_WEIGHTS
    from index.tools.passages import write_passages
    from index.tools.train_relations import EPOCHS, format_figures, train

    passages = write_passages()
    print(f"{len(passages)} passages, {sum(len(p['pairs']) for p in passages)} labelled pairs")
    out = args.out or BUNDLED_WEIGHTS
    with progress_bar() as bar:
        step = (lambda done, total: bar("training", done, total)) if bar else None
        figures = train(out=out, epochs=args.epochs or EPOCHS, progress=step)
    print(format_figures(figures))
    print(f"Wrote {out}; put its sha256 in reader/MODEL_CARD.md and tests/index/knowledge/test_relation_model.py.")
    return 0


def command_run(settings: Settings, args: argparse.Namespace) -> int:
    """Start the Discord bot when DISCORD_TOKEN is set, otherwise the terminal chat."""
    from bot.settings import BotSettings

    if BotSettings().discord_token is None:
        print("DISCORD_TOKEN is not set: starting the terminal chat instead of the Discord bot.")
        return command_chat(settings, args)
    from bot.__main__ import main as run_bot

    return run_bot()


def command_sync(settings: Settings, args: argparse.Namespace) -> int:
    """Upload the slash commands to Discord now (the bot also does it by itself when they change)."""
    from bot.__main__ import main as run_bot

    return run_bot(force_sync=True, connect=False)


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="whobacked", description="Who backed whom, with verbatim quotes.")
    root.add_argument("-v", "--verbose", action="store_true", help="log more detail")
    commands = root.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, handler: Callable[[Settings, argparse.Namespace], int], help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        sub.set_defaults(handler=handler)
        return sub

    build = add("build", command_build, "Build the index from the corpus folder (re-embeds only what changed).")
    build.add_argument("--wait", action="store_true", help="wait for a running build instead of refusing")
    add_articles = add("add", command_add, "Add articles from http(s) links or .txt/.md/.html files, then build.")
    add_articles.add_argument("sources", nargs="+", metavar="PATH_OR_URL", help="article links or files")
    add_articles.add_argument("--no-build", action="store_true", help="store the articles without building")
    add_articles.add_argument("--date", metavar="YYYY-MM-DD", help="the articles' date, instead of the one found")
    remove = add("remove", command_remove, "Move an article to the trash (restorable), then build.")
    remove.add_argument("article", help="the article's file name without .md or .txt")
    remove.add_argument("--no-build", action="store_true", help="move the file without building")
    add("trash", command_trash, "List the removed articles, newest first, with who, when and from where.")
    restore = add("restore", command_restore, "Bring a removed article back from the trash, then build.")
    restore.add_argument("name", help="a file as `whobacked trash` lists it, or an article id (its newest copy)")
    restore.add_argument("--no-build", action="store_true", help="restore the file without building")
    forget = add("forget", command_forget, "Delete what the bot keeps about a Discord member (questions, votes).")
    forget.add_argument("user_id", metavar="USER_ID", help="the member's Discord user id")
    ask = add("ask", command_ask, "Answer a question with cited quotes.")
    ask.add_argument("question", help='the question, or "-" to read one question per line from stdin')
    ask.add_argument("--json", action="store_true", help="print one JSON object per question")
    add("chat", command_chat, "Chat in the terminal (follow-up questions keep their context).")
    evaluate = add("eval", command_eval, "Score the answers to a question file (dev.jsonl format).")
    evaluate.add_argument("file", type=Path, nargs="?", help="JSON lines: id, question or turns, all_of or abstain")
    evaluate.add_argument("--edges", type=Path, help="score the records against gold edges (endorsements.jsonl)")
    evaluate.add_argument(
        "--negatives", type=Path, help="sentences that state no endorsement (default: beside --edges)"
    )
    evaluate.add_argument(
        "-v", "--verbose", action="store_true", help="with --edges: list misses and unmatched records"
    )
    evaluate.add_argument("--json", action="store_true", help="print one JSON object with every result")
    backers = add("backers", command_backers, "List endorsement records, all or those for or by NAME.")
    backers.add_argument("name", nargs="?", default="", help="a person, branch or candidate")
    backers.add_argument("--json", action="store_true", help="print a JSON list of records (with their confidence)")
    backers.add_argument(
        "--tentative", action="store_true", help="also the records below the confidence threshold (never leads)"
    )
    graph = add("graph", command_graph, "Draw who backed whom as a PNG picture, all or around NAME.")
    graph.add_argument("name", nargs="?", default="", help="a person, branch or candidate to centre on")
    graph.add_argument("--out", type=Path, default=Path("graph.png"), help="the PNG file to write (graph.png)")
    training = add("train", command_train, "Train the relation model on the labelled passages (reader/).")
    training.add_argument("--epochs", type=int, help="passes over the training passages (the shipped model's number)")
    training.add_argument("--out", type=Path, help="the weights file to write (reader/weights.safetensors)")
    add("run", command_run, "Start the Discord bot, or the terminal chat when DISCORD_TOKEN is not set.")
    add("sync", command_sync, "Upload the Discord slash commands now (to DISCORD_TEST_GUILD_ID when set).")
    bench = add("bench", command_bench, "Measure answer latency, build speed, recall and memory at several sizes.")
    bench.add_argument("--quick", action="store_true", help="a run of under a minute (real corpus + 2,000 paragraphs)")
    bench.add_argument("--json", action="store_true", help="print one JSON object with every figure")
    bench.add_argument("--sizes", type=int, nargs="+", metavar="N", help="synthetic corpus sizes in paragraphs")
    bench.add_argument("--plot", type=Path, help="write a PNG of latency against corpus size to this file")
    add_feed_commands(add, command_build)
    return root


def main(argv: list[str] | None = None) -> int:
    previous_umask = os.umask(PRIVATE_UMASK)
    try:
        return run_command(argv)
    finally:
        os.umask(previous_umask)  # for callers in the same process (tests); a process of its own just ends


def run_command(argv: list[str] | None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    args = parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="whobacked: %(message)s", stream=sys.stderr
    )
    for noisy in ("sentence_transformers", "transformers", "bm25s", "httpx", "huggingface_hub"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    try:
        return args.handler(Settings(), args)
    except WhobackedError as error:
        print(f"whobacked: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
