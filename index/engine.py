"""The answer engine: one loaded snapshot plus the model, answering questions; reloadable without a restart."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from index.answer.answering import Knowledge, answer_question
from index.answer.conversation import Conversation
from index.answer.quote_reading import QuoteReader
from index.models import Answer, Backing
from index.search.build import Progress, build_index
from index.search.embedder import Embedder
from index.search.lexical import LexicalIndex
from index.search.retrieve import Retriever
from index.search.snapshot import (
    FORMAT_VERSION,
    LEXICAL,
    STORE,
    VECTORS,
    DataLayout,
    Manifest,
    SnapshotError,
    read_manifest,
)
from index.search.store import ArticleInfo, Endorsement, Store, StoreError
from index.search.vectors import VectorIndexError, load_vector_index
from index.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class Snapshot:
    """Everything loaded from one snapshot folder."""

    folder: Path
    manifest: Manifest
    store: Store
    retriever: Retriever
    knowledge: Knowledge
    tentative: list[Endorsement]  # records below the confidence threshold: quotes, never leads


def open_snapshot(
    folder: Path, embedder: Embedder, threshold: float = 0.6, quote_reader: QuoteReader | None = None
) -> Snapshot:
    """Load a snapshot built with this embedder's model; SnapshotError says what to do when it cannot be used.
    Records below the confidence threshold are kept aside as tentative: no lead states them. With a quote reader,
    answers also state what the best sentences prove when no record answers."""
    manifest = read_manifest(folder)
    if manifest.format != FORMAT_VERSION:
        raise SnapshotError(f"The index in {folder.name} was built by an older whobacked: run `whobacked build`.")
    if manifest.dimension != embedder.dimension or manifest.model != embedder.name:
        raise SnapshotError(
            f"The index was built with the model {manifest.model!r} ({manifest.dimension} dimensions), "
            f"not {embedder.name!r} ({embedder.dimension}): run `whobacked build` to rebuild it with this model."
        )
    store = Store(folder / STORE)
    vectors = load_vector_index(folder / VECTORS, manifest.dimension)
    if vectors.ntotal != manifest.paragraphs:
        raise SnapshotError(f"The index in {folder.name} is incomplete: run `whobacked build` to rebuild it.")
    try:
        lexical = LexicalIndex(folder / LEXICAL)
    except (OSError, ValueError, TypeError, KeyError, AttributeError) as error:  # bm25s reads whatever JSON it finds
        raise SnapshotError(f"The lexical index in {folder.name} is damaged: run `whobacked build`.") from error
    retriever = Retriever(embedder, vectors, lexical, store)
    articles = store.articles()
    records = store.endorsements()
    stated = [r for r in records if r.confidence >= threshold]
    tentative = [r for r in records if r.confidence < threshold]
    knowledge = Knowledge.build(stated, store.entities(), articles, lexical.knows)
    knowledge.quote_reader = quote_reader
    knowledge.learn(p.text for a in articles for p in store.article_paragraphs(a.id))
    return Snapshot(folder, manifest, store, retriever, knowledge, tentative)


class Engine:
    """Answers questions over the current snapshot; `rebuild` swaps in a new one while serving the old."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self.layout = DataLayout(settings.data_dir)
        self.embedder = embedder or Embedder(settings.model_name_or_path)
        self._snapshot: Snapshot | None = None
        self._swap = threading.Lock()

    @classmethod
    def open(cls, settings: Settings, embedder: Embedder | None = None, progress: Progress | None = None) -> Engine:
        """An engine over the current snapshot, building one first when there is none or it cannot be opened."""
        engine = cls(settings, embedder)
        if engine.layout.current() is None:
            engine.rebuild(progress)
            return engine
        try:
            engine.reload()
        except (SnapshotError, StoreError, VectorIndexError) as error:
            log.warning("Could not open the index (%s); rebuilding it from the corpus now.", str(error).rstrip("."))
            engine.rebuild(progress)
        return engine

    @property
    def snapshot(self) -> Snapshot:
        if self._snapshot is None:
            raise SnapshotError("No index is loaded: run `whobacked build` first.")
        return self._snapshot

    def reload(self) -> Manifest:
        """Load the current snapshot and swap it in; the old one keeps answering until then."""
        folder = self.layout.current()
        if folder is None:
            raise SnapshotError("No index has been built yet: run `whobacked build`.")
        fresh = open_snapshot(folder, self.embedder, self.settings.confidence_threshold, self._quote_reader())
        with self._swap:
            old, self._snapshot = self._snapshot, fresh
        if old is not None and old.folder != fresh.folder:
            log.info("Switched to index %s", fresh.folder.name)
        return fresh.manifest

    def _quote_reader(self) -> QuoteReader | None:
        """The relation model for reading quotes at question time, unless the settings read by rules alone."""
        if self.settings.reader == "rules":
            return None
        from index.knowledge.learned import load_relation_model

        return QuoteReader(load_relation_model(self.settings.relation_model), self.settings.confidence_threshold)

    def rebuild(self, progress: Progress | None = None, wait: bool = False) -> Manifest:
        """Build a new snapshot from the corpus, then swap it in without a restart."""
        build_index(self.settings, self.embedder, progress, wait=wait)
        return self.reload()

    def ask(self, question: str, conversation: Conversation | None = None) -> Answer:
        """Answer one question, resolving follow-ups against the conversation when one is given."""
        snapshot = self.snapshot
        return answer_question(snapshot.knowledge, snapshot.retriever, question, conversation)

    def articles(self) -> list[ArticleInfo]:
        return self.snapshot.store.articles()

    def endorsements(self, name: str = "", tentative: bool = False) -> list[Endorsement]:
        """Endorsement records, all or those naming NAME as backer or backed; with ``tentative``, also those below
        the confidence threshold."""
        knowledge = self.snapshot.knowledge
        records = list(knowledge.records) + (self.snapshot.tentative if tentative else [])
        if not name.strip():
            return list(records)
        needle = name.strip().lower()
        names = {e.name for e in knowledge.entities if needle in e.alias.lower() or needle in e.name.lower()}
        return [
            r
            for r in records
            if r.backer in names or r.backed in names or needle in r.backer.lower() or needle in r.backed.lower()
        ]

    def resolve(self, name: str) -> list[str]:
        """The known people, branches or candidates NAME stands for, best evidence first.

        An exact name or alias ("Keir Starmer", "the Welshman") wins; then the names an alias inside it stands
        for ("Mr Starmer" names Keir Starmer); then, for a name typed in part ("starm"), every name or alias
        containing it.
        """
        knowledge = self.snapshot.knowledge
        needle = " ".join(name.split()).lower()
        if not needle:
            return []
        exact = [n for n, aliases in knowledge.aliases.items() if needle in {n.lower(), *(a.lower() for a in aliases)}]
        if exact:
            return sorted(exact)
        mentioned = list(dict.fromkeys(m.name for m in knowledge.matcher.mentions(name)))
        if mentioned:
            return mentioned
        return sorted(n for n, aliases in knowledge.aliases.items() if any(needle in a.lower() for a in (n, *aliases)))

    def backers(self, name: str) -> Backing:
        """Who backed NAME and whom NAME backed, decided by the entity NAME resolves to (not by its spelling)."""
        names = self.resolve(name)
        chosen = set(names)
        records = self.snapshot.knowledge.records
        return Backing(
            names,
            backed_by=[r for r in records if r.backed in chosen],
            backs=[r for r in records if r.backer in chosen],
        )

    def known_names(self) -> list[str]:
        """People, branches and groups known from the corpus, for autocomplete."""
        return sorted(self.snapshot.knowledge.aliases)
