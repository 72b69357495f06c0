"""Who backed whom as a PNG, drawn off-screen with matplotlib: one name's neighbourhood or the whole network.

Nodes are label boxes (shape and colour by kind, candidates large and dark), edges are coloured by stance and dashed
when past, vote counts are tags on their backer; `graph_layout` decides where everything goes.
"""

from __future__ import annotations

import io
import itertools
import math
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import networkx as nx
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

from index import lexicon
from index.errors import WhobackedError
from index.models import Stance, When
from index.search.store import Endorsement
from index.tools.graph_layout import (
    NOBODY_YET_LABEL,
    WIDTH,
    Box,
    NodeKind,
    backers_of,
    edge_ends,
    place,
    spread,
)


class RecordSource(Protocol):
    """Where render_graph_for reads records: the Engine, or a front end's wrapper of it."""

    def endorsements(self, name: str = "") -> list[Endorsement]: ...


MAX_BACKERS = 24  # by default; a front end that shows pictures small passes its own (render_graph's max_backers)
DPI = 160  # by default: with WIDTH (7 inches) 1120 px wide; a front end passes its own (render_graph's dpi)
MAX_HEIGHT = 7.5
TOP = 0.75  # inches for the title
BOTTOM = 0.55  # inches for the legend

STANCE_COLOURS = {Stance.SUPPORTS: "#009E73", Stance.OPPOSES: "#D55E00", Stance.UNDECLARED: "#8C8C8C"}
NODE_STYLES = {
    NodeKind.PERSON: dict(boxstyle="round,pad=0.35", facecolor="#E3EEF9", edgecolor="#5B7FA6"),
    NodeKind.BRANCH: dict(boxstyle="square,pad=0.35", facecolor="#FCE9D2", edgecolor="#B07B3E"),
    NodeKind.GROUP: dict(boxstyle="round4,pad=0.35", facecolor="#ECE4F5", edgecolor="#7D62A0"),
    NodeKind.CANDIDATE: dict(boxstyle="round,pad=0.45", facecolor="#2F3B4C", edgecolor="#2F3B4C"),
    NodeKind.NOBODY_YET: dict(boxstyle="round,pad=0.45", facecolor="white", edgecolor="#8C8C8C", linestyle="--"),
}
HONORIFICS = lexicon.HONORIFICS | {"the"}


class GraphError(WhobackedError):
    """The graph cannot be drawn: no records, or no record names what was asked for."""


@dataclass
class Picture:
    """A finished figure and where each node's label box sits on it."""

    figure: Figure
    boxes: dict[str, Box]

    def png(self) -> bytes:
        buffer = io.BytesIO()
        FigureCanvasAgg(self.figure).print_png(buffer)
        return buffer.getvalue()


RENDERING = threading.Lock()  # matplotlib's shared font objects are not safe to use from two threads at once


def render_graph(
    endorsements: Sequence[Endorsement], name: str | None = None, dpi: int = DPI, max_backers: int = MAX_BACKERS
) -> bytes:
    """A PNG of who backed whom: all records, or the neighbourhood of the people and branches matching NAME.

    The picture is WIDTH inches wide at DPI dots per inch and shows at most MAX_BACKERS backers (the busiest).
    Safe to call from several threads (e.g. via asyncio.to_thread); pictures are drawn one at a time.
    """
    with RENDERING:
        return compose(endorsements, name, dpi, max_backers).png()


def compose(
    endorsements: Sequence[Endorsement], name: str | None = None, dpi: int = DPI, max_backers: int = MAX_BACKERS
) -> Picture:
    """The laid-out picture of the records, narrowed to NAME's neighbourhood when a name is given."""
    if not endorsements:
        raise GraphError(
            "There are no endorsement records to draw yet: add articles to the corpus and run `whobacked build`."
        )
    network = build_network(endorsements)
    focus: set[str] = set()
    if name and name.strip():
        focus = matching_nodes(network, name)
        if not focus:
            known = ", ".join(sorted(n for n in network if n != NOBODY_YET_LABEL)[:12])
            raise GraphError(f"No endorsement record names {name.strip()!r}; known names include {known}.")
        network = neighbourhood(network, focus)
    for limit in range(max_backers, 0, -4):
        shown, hidden = keep_busiest_backers(network, limit, focus)
        picture = draw(shown, focus, title(focus, name), subtitle(shown, hidden), dpi)
        if picture is not None:
            return picture
    raise GraphError("The candidates are too many to draw side by side: name one to narrow the picture.")


def render_graph_for(engine: RecordSource, name: str = "", dpi: int = DPI, max_backers: int = MAX_BACKERS) -> bytes:
    """The picture `whobacked graph` and /graph show: NAME may be any alias the engine knows ("the Welshman")."""
    name = name.strip()
    if not name:
        return render_graph(engine.endorsements(), None, dpi, max_backers)
    records = engine.endorsements(name)
    if records:
        return render_graph(records, focus_name(records, name), dpi, max_backers)
    # says which names are known, or that there are no records
    return render_graph(engine.endorsements(), name, dpi, max_backers)


def focus_name(endorsements: Sequence[Endorsement], name: str) -> str:
    """The one person, branch or candidate every record names (what an alias such as "the Welshman" found), or NAME."""
    if not endorsements:
        return name
    shared = set.intersection(*({r.backer, r.backed} for r in endorsements)) - {""}
    return shared.pop() if len(shared) == 1 else name


def build_network(endorsements: Sequence[Endorsement]) -> nx.MultiDiGraph:
    """One node per backer and candidate, one edge per distinct (backer, backed, stance, when); no one backs themself."""
    network = nx.MultiDiGraph()
    for record in endorsements:
        backed = record.backed.strip() or NOBODY_YET_LABEL
        if backed == record.backer:
            continue
        network.add_node(record.backer, kind=NodeKind(record.backer_kind or NodeKind.PERSON))
        if backed not in network:
            network.add_node(backed, kind=NodeKind.NOBODY_YET if backed == NOBODY_YET_LABEL else NodeKind.CANDIDATE)
        key = (record.stance, record.when)
        if not network.has_edge(record.backer, backed, key):
            network.add_edge(
                record.backer, backed, key, stance=record.stance, when=record.when, votes="", articles=set()
            )
        edge = network.edges[record.backer, backed, key]
        edge["votes"] = edge["votes"] or record.votes
        edge["articles"].add(record.article)
    for node in network:
        if network.out_degree(node) == 0 and network.nodes[node]["kind"] != NodeKind.NOBODY_YET:
            network.nodes[node]["kind"] = NodeKind.CANDIDATE
    return network


def name_words(text: str) -> set[str]:
    """The words of a name without titles such as Mr, Cllr or MP."""
    return set(re.findall(r"[a-z0-9]+", text.lower())) - HONORIFICS


def matching_nodes(network: nx.MultiDiGraph, name: str) -> set[str]:
    """Nodes whose name contains NAME, or all of its words ("Mr Starmer" finds "Keir Starmer")."""
    needle = name.strip().lower()
    words = name_words(needle)
    return {
        node
        for node in network
        if node != NOBODY_YET_LABEL and (needle in node.lower() or (words and words <= name_words(node)))
    }


def neighbourhood(network: nx.MultiDiGraph, focus: set[str]) -> nx.MultiDiGraph:
    """The focus nodes, everyone they backed and everyone who backed them."""
    edges = [(u, v, k) for u, v, k in network.edges(keys=True) if u in focus or v in focus]
    return network.edge_subgraph(edges).copy()


def keep_busiest_backers(network: nx.MultiDiGraph, limit: int, focus: set[str]) -> tuple[nx.MultiDiGraph, int]:
    """At most LIMIT backers (the focus first, then those with the most edges), and how many were left out."""
    backers = sorted(backers_of(network), key=lambda n: (n not in focus, -network.out_degree(n), n))
    if len(backers) <= limit:
        return network, 0
    dropped = set(backers[limit:])
    kept = network.subgraph(n for n in network if n not in dropped).copy()
    kept.remove_nodes_from([n for n in list(kept) if kept.degree(n) == 0])
    return kept, len(dropped)


def title(focus: set[str], name: str | None) -> str:
    """ "Who backed whom", with the one name drawn around, or what was asked when it matched several."""
    if len(focus) == 1:
        return f"Who backed whom: {next(iter(focus))}"
    return f"Who backed whom: “{name.strip()}”" if focus and name else "Who backed whom"


def subtitle(network: nx.MultiDiGraph, hidden: int) -> str:
    """How much the picture shows, and how many backers it leaves out."""
    shown = network.number_of_edges()
    articles = len(set().union(*(d["articles"] for _, _, d in network.edges(data=True))))
    text = f"{shown} endorsement{'s' if shown != 1 else ''} from {articles} article{'s' if articles != 1 else ''}"
    if hidden:
        text += f"; {hidden} more backers not shown, name one to narrow the picture"
    return text


def balanced_wrap(text: str, width: int) -> str:
    """TEXT on the fewest lines of at most WIDTH characters (when words allow), with lines of similar length."""
    words = text.split()
    best = text
    for lines in range(1, min(len(words), 4) + 1):
        candidates = []
        for cuts in itertools.combinations(range(1, len(words)), lines - 1):
            bounds = (0, *cuts, len(words))
            parts = [" ".join(words[a:b]) for a, b in itertools.pairwise(bounds)]
            candidates.append((max(len(p) for p in parts), "\n".join(parts)))
        longest, wrapped = min(candidates)
        best = wrapped
        if longest <= width:
            break
    return best


def draw(network: nx.MultiDiGraph, focus: set[str], heading: str, caption: str, dpi: int = DPI) -> Picture | None:
    """Lay out and draw the network, growing the figure taller until every label has room (None if none is enough)."""
    backers = len(backers_of(network))
    height = 2.9 if backers <= 1 else 3.6 if backers <= 6 else 4.4 if backers <= 10 else 4.8
    figure, boxes = prepare(network, focus, dpi)
    while height <= MAX_HEIGHT:
        if place(network, boxes, height - TOP - BOTTOM):
            size_figure(figure, height)
            finish(figure, network, boxes, heading, caption, height)
            return Picture(figure, boxes)
        height += 0.5
    return None


def prepare(network: nx.MultiDiGraph, focus: set[str], dpi: int = DPI) -> tuple[Figure, dict[str, Box]]:
    """A figure with one measured label box per node (positions and the figure's height come later)."""
    figure = Figure(figsize=(WIDTH, MAX_HEIGHT), dpi=dpi, facecolor="white")
    FigureCanvasAgg(figure)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_axis_off()
    boxes: dict[str, Box] = {}
    for node in network:
        kind = network.nodes[node]["kind"]
        style: dict[str, object] = dict(NODE_STYLES[kind])
        if node in focus:
            style.update(edgecolor="#E3A400", linewidth=2.5)
        if kind == NodeKind.CANDIDATE:
            text = axes.text(0, 0, balanced_wrap(node, 14), color="white", fontsize=12, fontweight="bold")
        elif kind == NodeKind.NOBODY_YET:
            text = axes.text(0, 0, NOBODY_YET_LABEL, color="#6E6E6E", fontsize=12, fontweight="bold")
        else:
            text = axes.text(0, 0, balanced_wrap(node, 16), color="#1E1E1E", fontsize=9.5)
        text.set(ha="center", va="center", multialignment="center", zorder=3, bbox=style)
        boxes[node] = measured(text)
        add_tag(axes, network, node, boxes[node])
    return figure, boxes


def add_tag(axes: Axes, network: nx.MultiDiGraph, node: str, box: Box) -> None:
    """A tag with the vote counts of NODE's backing (branch votes), in the colour of that edge's stance."""
    counted = [edge for _, _, edge in sorted(network.out_edges(node, data=True), key=lambda e: e[1]) if edge["votes"]]
    if not counted:
        return
    colour = stance_colour(counted[0]["stance"])
    votes = "; ".join(dict.fromkeys(edge["votes"] for edge in counted))
    tag = axes.text(0, 0, votes, fontsize=8, color=colour, fontweight="bold", ha="center", va="center", zorder=3)
    tag.set_bbox(dict(boxstyle="round,pad=0.2", facecolor="white", edgecolor=colour, linewidth=0.6))
    size = measured(tag)
    box.tag, box.tag_width, box.tag_height = tag, size.width, size.height


def size_figure(figure: Figure, height: float) -> None:
    """Give the figure its final height, with the drawing area in inches between the title and the legend."""
    figure.set_size_inches(WIDTH, height)
    axes = figure.axes[0]
    axes.set_position((0, BOTTOM / height, 1, 1 - (TOP + BOTTOM) / height))
    axes.set_xlim(0, WIDTH)
    axes.set_ylim(0, height - TOP - BOTTOM)


def finish(
    figure: Figure, network: nx.MultiDiGraph, boxes: dict[str, Box], heading: str, caption: str, height: float
) -> None:
    """Move labels and vote count tags into place, draw the edges, title and legend."""
    axes = figure.axes[0]
    for box in boxes.values():
        box.text.set_position((box.x, box.y))
        if box.tag is not None:
            box.tag.set_position(box.tag_centre())
    for (backer, backed), keys in group_edges(network).items():
        for index, key in enumerate(keys):
            bend = spread(index, len(keys), boxes[backer], boxes[backed])
            draw_edge(axes, boxes[backer], boxes[backed], network.edges[backer, backed, key], bend)
    figure.text(0.25 / WIDTH, 1 - 0.12 / height, heading, fontsize=13, fontweight="bold", va="top", color="#1E1E1E")
    figure.text(0.25 / WIDTH, 1 - 0.45 / height, caption, fontsize=8.5, va="top", color="#555555")
    handles = legend_handles(network)
    figure.legend(
        handles=handles,
        loc="lower center",
        ncol=math.ceil(len(handles) / 2) if len(handles) > 5 else len(handles),
        fontsize=8,
        frameon=False,
        handlelength=1.8,
        columnspacing=1.2,
        bbox_to_anchor=(0.5, 0.0),
    )


def group_edges(network: nx.MultiDiGraph) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """Edge keys per (backer, backed) pair, in a fixed order, so parallel edges can bend apart."""
    pairs: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for backer, backed, key in sorted(network.edges(keys=True)):
        pairs.setdefault((backer, backed), []).append(key)
    return pairs


def draw_edge(axes: Axes, source: Box, target: Box, edge: dict, bend: float) -> None:
    """An arrow from backer to backed: colour by stance, dashed when past, a flat bar (⊣) instead of a head when opposing."""
    past = edge["when"] == When.PAST
    start, end = edge_ends(source, target, bend)
    axes.annotate(
        "",
        xy=end,
        xytext=start,
        zorder=1,
        arrowprops=dict(
            arrowstyle="-[, widthB=0.5, lengthB=0" if edge["stance"] == Stance.OPPOSES else "-|>",
            color=stance_colour(edge["stance"]),
            linewidth=1.3 if past else 1.8,
            linestyle=(0, (4, 3)) if past else "-",
            alpha=0.85,
            mutation_scale=11,
            connectionstyle=f"arc3,rad={bend}",
            shrinkA=0,
            shrinkB=0,
        ),
    )


def measured(text: Text) -> Box:
    """A box the size of TEXT with its padding, in inches."""
    canvas, bbox = text.figure.canvas, text.get_bbox_patch()
    assert isinstance(canvas, FigureCanvasAgg) and bbox is not None, "labels are drawn on an Agg canvas, in a box"
    extent = text.get_window_extent(canvas.get_renderer())
    pad = 2 * getattr(bbox.get_boxstyle(), "pad", 0.0) * float(text.get_fontsize()) / 72
    dpi = text.figure.dpi
    return Box(text, extent.width / dpi + pad, extent.height / dpi + pad)


def stance_colour(stance: str) -> str:
    return STANCE_COLOURS[Stance(stance)] if stance in STANCE_COLOURS else STANCE_COLOURS[Stance.UNDECLARED]


def legend_handles(network: nx.MultiDiGraph) -> list:
    """Legend entries for the stances, times and node kinds present in this picture."""
    edges = list(network.edges(data=True))
    stances = {d["stance"] for _, v, d in edges if v != NOBODY_YET_LABEL}
    kinds = {d["kind"] for _, d in network.nodes(data=True)}
    handles: list = [Line2D([], [], color=STANCE_COLOURS[s], linewidth=2, label=s) for s in Stance if s in stances]
    if any(d["when"] == When.PAST for _, _, d in edges):
        handles.append(Line2D([], [], color="#555555", linewidth=1.3, linestyle=(0, (4, 3)), label="in the past"))
    for kind in (NodeKind.CANDIDATE, NodeKind.PERSON, NodeKind.BRANCH, NodeKind.GROUP):
        if kind in kinds:
            style = NODE_STYLES[kind]
            handles.append(Patch(facecolor=style["facecolor"], edgecolor=style["edgecolor"], label=kind))
    if NodeKind.NOBODY_YET in kinds:
        handles.append(
            Line2D([], [], color="#8C8C8C", marker="$?$", markersize=8, linestyle="none", label="not declared yet")
        )
    return handles
