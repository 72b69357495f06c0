"""The endorsement graph picture: a readable PNG of the whole corpus or one name's neighbourhood, within limits."""

from __future__ import annotations

import itertools
import struct

import pytest
from matplotlib.text import Annotation

from index.engine import Engine
from index.search.store import Endorsement
from index.tools.graph import (
    BOTTOM,
    DPI,
    MAX_BACKERS,
    MAX_HEIGHT,
    TOP,
    WIDTH,
    GraphError,
    Picture,
    compose,
    render_graph,
    render_graph_for,
)
from index.tools.graph_layout import NOBODY_YET_LABEL

HAMPSTEAD = "2016-08-hampstead-kilburn-backs-corbyn"
HOLBORN = "2016-08-holborn-st-pancras-backs-corbyn"


def record(backer: str, kind: str, backed: str, stance: str = "supports", when: str = "current", votes: str = "",
           article: str = HOLBORN) -> Endorsement:  # fmt: skip
    return Endorsement(backer, kind, backed, stance, when, votes, article, 1, f"{backer} and {backed or 'no one'}.")


CORPUS_LIKE = [
    record("Keir Starmer", "person", "Owen Smith"),
    record("Keir Starmer", "person", "Andy Burnham", when="past"),
    record("Holborn and St Pancras CLP", "branch", "Jeremy Corbyn", votes="274 votes to 196"),
    record("Holborn and St Pancras CLP", "branch", "Jeremy Corbyn", when="past"),
    record("Holborn and St Pancras CLP", "branch", "Jeremy Corbyn", stance="opposes", when="past"),
    record("Hampstead and Kilburn CLP", "branch", "Jeremy Corbyn", votes="96 votes to 54", article=HAMPSTEAD),
    record("Tulip Siddiq", "person", "", stance="undeclared", article=HAMPSTEAD),
    record("Tulip Siddiq", "person", "Andy Burnham", when="past", article=HAMPSTEAD),
    record("Sarah Hayward", "person", "Owen Smith"),
    record("Sarah Hayward", "person", "Jeremy Corbyn", stance="opposes", article=HAMPSTEAD),
    record("Kate Green", "person", "Owen Smith"),
    record("Murad Qureshi", "person", "Jeremy Corbyn"),
    record("Frank Dobson", "person", "Owen Smith"),
    record("15 Camden Labour councillors", "group", "Jeremy Corbyn", stance="opposes", article=HAMPSTEAD),
]


def many_backers(count: int) -> list[Endorsement]:
    """COUNT backers with long names spread over four candidates, some backing two."""
    candidates = ["Jeremy Corbyn", "Owen Smith", "Andy Burnham", "Angela Eagle"]
    records = []
    for i in range(count):
        kind = ("person", "branch", "group")[i % 3]
        backer = f"Backer number {i}" if kind == "person" else f"Somewhere and Elsewhere {kind} {i}"
        records.append(record(backer, kind, candidates[i % 4], stance="opposes" if i % 5 == 0 else "supports"))
        if i % 4 == 0:
            records.append(record(backer, kind, candidates[(i + 1) % 4], when="past", votes="12 votes to 3"))
    return records


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


def arrows(picture: Picture) -> dict[tuple[str, str], list[Annotation]]:
    """The drawn edges by (backer, backed), found from the labels each arrow starts and ends at."""

    def label_at(x: float, y: float) -> str:
        return next(
            name
            for name, box in picture.boxes.items()
            if abs(x - box.x) <= box.width / 2 + 0.05 and abs(y - box.y) <= box.height / 2 + 0.05
        )

    found: dict[tuple[str, str], list[Annotation]] = {}
    for text in picture.figure.axes[0].texts:
        if isinstance(text, Annotation):
            found.setdefault((label_at(*text.xyann), label_at(*text.xy)), []).append(text)
    return found


def test_whole_corpus_is_a_png_sized_for_a_discord_preview() -> None:
    """All records give one landscape PNG about twice Discord's preview width, far below the upload limit."""
    data = render_graph(CORPUS_LIKE)
    width, height = png_size(data)
    assert width == round(WIDTH * DPI) and 300 <= height <= width
    assert len(data) < 1_000_000


def test_a_name_narrows_the_picture_to_its_neighbourhood() -> None:
    """ "Mr Starmer" shows Keir Starmer and the two candidates he backed, and nobody else."""
    assert png_size(render_graph(CORPUS_LIKE, "Mr Starmer"))[0] == round(WIDTH * DPI)
    picture = compose(CORPUS_LIKE, "Mr Starmer")
    assert set(picture.boxes) == {"Keir Starmer", "Owen Smith", "Andy Burnham"}
    assert "Who backed whom: Keir Starmer" in {text.get_text() for text in picture.figure.texts}


def test_a_candidate_name_shows_everyone_for_and_against_them() -> None:
    """Naming Corbyn shows his backing branches and his opponents, not the people who only backed Smith."""
    shown = set(compose(CORPUS_LIKE, "corbyn").boxes)
    assert {"Holborn and St Pancras CLP", "Hampstead and Kilburn CLP", "Sarah Hayward", "Murad Qureshi"} <= shown
    assert "Kate Green" not in shown and "Keir Starmer" not in shown


def test_unknown_name_is_one_sentence_naming_who_is_known() -> None:
    """A name in no record raises a one-line error that lists names the user can try."""
    with pytest.raises(GraphError) as raised:
        render_graph(CORPUS_LIKE, "Nicola Sturgeon")
    message = str(raised.value)
    assert "Nicola Sturgeon" in message and "Keir Starmer" in message and "Owen Smith" in message
    assert "\n" not in message and message.endswith(".")


def test_no_records_is_one_sentence_saying_what_to_do() -> None:
    """An empty index explains that there is nothing to draw and how to get records."""
    with pytest.raises(GraphError, match="no endorsement records.*whobacked build"):
        render_graph([])


def test_vote_counts_and_the_undeclared_are_drawn() -> None:
    """Branch votes appear as labels, and an undeclared MP points at a "?" node rather than vanishing."""
    picture = compose(CORPUS_LIKE)
    labels = {text.get_text() for text in picture.figure.axes[0].texts}
    assert {"274 votes to 196", "96 votes to 54"} <= labels
    assert NOBODY_YET_LABEL in picture.boxes and ("Tulip Siddiq", NOBODY_YET_LABEL) in arrows(picture)


def test_past_backing_is_dashed_and_opposition_has_its_own_colour() -> None:
    """Starmer's past support for Burnham is dashed, his current support for Smith solid; opposing differs in colour."""
    edges = arrows(compose(CORPUS_LIKE))
    past, current = edges["Keir Starmer", "Andy Burnham"][0], edges["Keir Starmer", "Owen Smith"][0]
    assert past.arrow_patch.get_linestyle() != current.arrow_patch.get_linestyle()
    opposing = edges["Sarah Hayward", "Jeremy Corbyn"][0]
    assert opposing.arrow_patch.get_edgecolor() != edges["Sarah Hayward", "Owen Smith"][0].arrow_patch.get_edgecolor()
    assert len(edges["Holborn and St Pancras CLP", "Jeremy Corbyn"]) == 3


@pytest.mark.parametrize("records", [CORPUS_LIKE, many_backers(20)], ids=["corpus", "twenty-backers"])
def test_labels_never_overlap_leave_the_picture_or_hide_an_edge(records: list[Endorsement]) -> None:
    """Every node label and vote count has its own room inside the picture, and none sits on another node's edge."""
    picture = compose(records)
    area = picture.figure.get_figheight() - TOP - BOTTOM  # between the title and the legend
    boxes = list(picture.boxes.values())
    for box in boxes:
        left, bottom, right, top = box.bounds()  # vote count tags included
        assert left >= 0 and bottom >= 0 and right <= WIDTH and top <= area
    for one, other in itertools.combinations(boxes, 2):
        assert one.clear_of([other]), (one.text.get_text(), other.text.get_text())


def test_too_many_backers_are_capped_and_the_picture_says_so() -> None:
    """Sixty backers keep the picture within its size limit, showing the busiest and saying how many are left out."""
    picture = compose(many_backers(60))
    backers = [name for name, box in picture.boxes.items() if box.targets]
    assert 0 < len(backers) <= MAX_BACKERS and picture.figure.get_figheight() <= MAX_HEIGHT
    assert any("more backers not shown" in text.get_text() for text in picture.figure.texts)


def test_the_caller_chooses_the_resolution_and_how_many_backers_fit() -> None:
    """A front end that shows pictures small passes its own dots per inch and backer limit."""
    assert png_size(render_graph(CORPUS_LIKE, dpi=80))[0] == round(WIDTH * 80)
    picture = compose(many_backers(60), max_backers=8)
    assert 0 < len([box for box in picture.boxes.values() if box.targets]) <= 8


def test_the_same_records_in_any_order_give_the_same_picture() -> None:
    """The layout is deterministic: no random spring layout, so the README picture does not churn."""
    assert render_graph(CORPUS_LIKE) == render_graph(list(reversed(CORPUS_LIKE)))


def test_an_alias_the_engine_knows_draws_that_persons_neighbourhood(engine: Engine) -> None:
    """ "the Welshman" (Owen Smith in the articles) gives the same picture as "Owen Smith" itself."""
    assert render_graph_for(engine, "the Welshman") == render_graph_for(engine, "Owen Smith")
    with pytest.raises(GraphError, match="Nicola Sturgeon"):
        render_graph_for(engine, "Nicola Sturgeon")
