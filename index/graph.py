"""The endorsement network as a PNG: candidates in a row, backers on arcs around them, edges coloured by stance."""

from __future__ import annotations

import io
import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import networkx as nx
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

from index.errors import WhobackedError
from index.store import Endorsement

UNDECLARED = "?"
MAX_BACKERS = 24  # more would not be readable at Discord's preview size
WIDTH = 7.0  # inches; with DPI this is 1120 px, which Discord previews at about half size
DPI = 160
MAX_HEIGHT = 7.5
GAP = 0.07  # inches of white space kept between two node boxes
TAG_GAP = 0.04  # inches between a node and its vote count tag

STANCE_COLOURS = {"supports": "#009E73", "opposes": "#D55E00", "undeclared": "#8C8C8C"}
NODE_STYLES = {
    "person": dict(boxstyle="round,pad=0.35", facecolor="#E3EEF9", edgecolor="#5B7FA6"),
    "branch": dict(boxstyle="square,pad=0.35", facecolor="#FCE9D2", edgecolor="#B07B3E"),
    "group": dict(boxstyle="round4,pad=0.35", facecolor="#ECE4F5", edgecolor="#7D62A0"),
    "candidate": dict(boxstyle="round,pad=0.45", facecolor="#2F3B4C", edgecolor="#2F3B4C"),
    "undeclared": dict(boxstyle="circle,pad=0.3", facecolor="white", edgecolor="#8C8C8C", linestyle="--"),
}
HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "cllr", "councillor", "sir", "dame", "lord", "lady", "mp", "the"}


class GraphError(WhobackedError):
    """The graph cannot be drawn: no records, or no record names what was asked for."""


@dataclass(eq=False)
class Box:
    """A node's label box in figure inches, centred on (x, y), the boxes its edges point to, and its vote count tag.

    The tag sits on the side facing the candidates' row (below the box when SIDE is 1, above it when -1), and the
    layout keeps its room free like the box's own.
    """

    text: Text
    width: float
    height: float
    x: float = 0.0
    y: float = 0.0
    targets: list[Box] = field(default_factory=list)
    tag: Text | None = None
    tag_width: float = 0.0
    tag_height: float = 0.0
    side: int = 1

    @property
    def half_width(self) -> float:
        return max(self.width, self.tag_width) / 2

    def bounds(self) -> tuple[float, float, float, float]:
        """Left, bottom, right and top, the tag included."""
        bottom, top = self.y - self.height / 2, self.y + self.height / 2
        if self.tag is not None:
            if self.side > 0:
                bottom -= self.tag_height + TAG_GAP
            else:
                top += self.tag_height + TAG_GAP
        return self.x - self.half_width, bottom, self.x + self.half_width, top

    def tag_centre(self) -> tuple[float, float]:
        return self.x, self.y - self.side * (self.height / 2 + TAG_GAP + self.tag_height / 2)

    def overlaps(self, other: Box) -> bool:
        left, bottom, right, top = self.bounds()
        other_left, other_bottom, other_right, other_top = other.bounds()
        return (
            left < other_right + GAP
            and other_left < right + GAP
            and bottom < other_top + GAP
            and other_bottom < top + GAP
        )

    def crosses(self, x0: float, y0: float, x1: float, y1: float) -> bool:
        """Whether the segment from (x0, y0) to (x1, y1) passes through this box and its margin (Liang-Barsky)."""
        left, bottom, right, top = self.bounds()
        dx, dy = x1 - x0, y1 - y0
        low, high = 0.0, 1.0
        for p, q in (
            (-dx, x0 - (left - GAP)),
            (dx, right + GAP - x0),
            (-dy, y0 - (bottom - GAP)),
            (dy, top + GAP - y0),
        ):
            if p == 0:
                if q < 0:
                    return False
                continue
            t = q / p
            if p < 0:
                low = max(low, t)
            else:
                high = min(high, t)
            if low > high:
                return False
        return True

    def hides_edges_of(self, other: Box) -> bool:
        """Whether this box would cover part of a (straight) edge from OTHER to one of its targets."""
        return any(self.crosses(other.x, other.y, target.x, target.y) for target in other.targets if target is not self)

    def clear_of(self, others: list[Box]) -> bool:
        """No overlap with the other boxes, and no box hiding an edge of another."""
        return not any(
            self.overlaps(other) or other.hides_edges_of(self) or self.hides_edges_of(other) for other in others
        )


@dataclass
class Picture:
    """A finished figure and where each node's label box sits on it."""

    figure: Figure
    boxes: dict[str, Box]

    def png(self) -> bytes:
        canvas = FigureCanvasAgg(self.figure)
        canvas.draw()  # a first pass puts the label boxes in place, so arrows clip at their edges on the second
        buffer = io.BytesIO()
        canvas.print_png(buffer)
        return buffer.getvalue()


def render_graph(endorsements: Sequence[Endorsement], name: str | None = None) -> bytes:
    """A PNG of who backed whom: all records, or the neighbourhood of the people and branches matching NAME."""
    return compose(endorsements, name).png()


def compose(endorsements: Sequence[Endorsement], name: str | None = None) -> Picture:
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
            known = ", ".join(sorted(n for n in network if n != UNDECLARED)[:12])
            raise GraphError(f"No endorsement record names {name.strip()!r}; known names include {known}.")
        network = neighbourhood(network, focus)
    for limit in range(MAX_BACKERS, 0, -4):
        shown, hidden = keep_busiest_backers(network, limit, focus)
        picture = draw(shown, focus, subtitle(shown, hidden))
        if picture is not None:
            return picture
    raise GraphError("The candidates are too many to draw side by side: name one to narrow the picture.")


def focus_name(endorsements: Sequence[Endorsement], name: str) -> str:
    """The one person, branch or candidate every record names (what an alias such as "the Welshman" found), or NAME."""
    if not endorsements:
        return name
    shared = set.intersection(*({r.backer, r.backed} for r in endorsements)) - {""}
    return shared.pop() if len(shared) == 1 else name


def build_network(endorsements: Sequence[Endorsement]) -> nx.MultiDiGraph:
    """One node per backer and candidate, one edge per distinct (backer, backed, stance, when)."""
    network = nx.MultiDiGraph()
    for record in endorsements:
        backed = record.backed.strip() or UNDECLARED
        network.add_node(record.backer, kind=record.backer_kind or "person")
        if backed not in network:
            network.add_node(backed, kind="undeclared" if backed == UNDECLARED else "candidate")
        key = (record.stance, record.when)
        if not network.has_edge(record.backer, backed, key):
            network.add_edge(
                record.backer, backed, key, stance=record.stance, when=record.when, votes="", articles=set()
            )
        edge = network.edges[record.backer, backed, key]
        edge["votes"] = edge["votes"] or record.votes
        edge["articles"].add(record.article)
    for node in network:
        if network.out_degree(node) == 0 and network.nodes[node]["kind"] != "undeclared":
            network.nodes[node]["kind"] = "candidate"
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
        if node != UNDECLARED and (needle in node.lower() or (words and words <= name_words(node)))
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


def backers_of(network: nx.MultiDiGraph) -> list[str]:
    return [n for n in network if network.nodes[n]["kind"] not in ("candidate", "undeclared")]


def targets_of(network: nx.MultiDiGraph) -> list[str]:
    return [n for n in network if network.nodes[n]["kind"] in ("candidate", "undeclared")]


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


def order_targets(network: nx.MultiDiGraph) -> list[str]:
    """Candidates left to right so that each backer's candidates sit close together (the undeclared node last)."""
    targets = sorted(targets_of(network), key=lambda n: (n == UNDECLARED, -network.in_degree(n), n))
    spans = [
        {t for t in network.successors(b) if t in targets} for b in backers_of(network) if network.out_degree(b) > 1
    ]
    if len(targets) > 7 or not spans:
        return targets

    def cost(order: tuple[str, ...]) -> int:
        place = {t: i for i, t in enumerate(order)}
        return sum(max(place[t] for t in s) - min(place[t] for t in s) for s in spans)

    return list(min(itertools.permutations(targets), key=cost))


def draw(network: nx.MultiDiGraph, focus: set[str], caption: str) -> Picture | None:
    """Lay out and draw the network, growing the figure taller until every label has room (None if none is enough)."""
    backers = len(backers_of(network))
    height = 2.9 if backers <= 1 else 3.6 if backers <= 6 else 4.4 if backers <= 10 else 4.8
    figure, boxes = prepare(network, focus)
    while height <= MAX_HEIGHT:
        if place(network, boxes, height):
            size_figure(figure, height)
            finish(figure, network, boxes, focus, caption, height)
            return Picture(figure, boxes)
        height += 0.5
    return None


TOP = 0.75  # inches for the title
BOTTOM = 0.55  # inches for the legend


def prepare(network: nx.MultiDiGraph, focus: set[str]) -> tuple[Figure, dict[str, Box]]:
    """A figure with one measured label box per node (positions and the figure's height come later)."""
    figure = Figure(figsize=(WIDTH, MAX_HEIGHT), dpi=DPI, facecolor="white")
    FigureCanvasAgg(figure)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_axis_off()
    boxes: dict[str, Box] = {}
    for node in network:
        kind = network.nodes[node]["kind"]
        style = dict(NODE_STYLES[kind])
        if node in focus:
            style.update(edgecolor="#E3A400", linewidth=2.5)
        if kind == "candidate":
            text = axes.text(0, 0, balanced_wrap(node, 14), color="white", fontsize=12, fontweight="bold")
        elif kind == "undeclared":
            text = axes.text(0, 0, "?", color="#6E6E6E", fontsize=12, fontweight="bold")
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


def place(network: nx.MultiDiGraph, boxes: dict[str, Box], height: float) -> bool:
    """Candidates in a row; people on an arc above it and branches and groups below, or alternating when unbalanced."""
    area = height - TOP - BOTTOM
    row = order_targets(network)
    backers = backers_of(network)
    above = [b for b in backers if network.nodes[b]["kind"] == "person"]
    below = [b for b in backers if network.nodes[b]["kind"] != "person"]
    row_y = area / 2 if len(backers) > 1 else max(boxes[t].height for t in row) / 2 + 0.1
    if not place_row([boxes[t] for t in row], row_y):
        return False
    desired = {
        b: sum(boxes[t].x for t in set(network.successors(b))) / len(set(network.successors(b))) for b in backers
    }
    if not above or not below or abs(len(above) - len(below)) > max(4, len(backers) // 3):
        backers.sort(key=lambda b: (desired[b], b))
        above, below = backers[0::2], backers[1::2]
    for backer in backers:
        boxes[backer].targets = [boxes[t] for t in set(network.successors(backer))]
    placed = [boxes[t] for t in row]
    fits = True
    for side, members in ((1, above), (-1, below)):
        members.sort(key=lambda b: (desired[b], b))
        tallest = max((boxes[b].height for b in members), default=0)
        reach_y = (area - row_y if side == 1 else row_y) - tallest / 2 - 0.05
        fits &= place_arc([boxes[b] for b in members], [desired[b] for b in members], side, placed, row_y, reach_y)
        placed += [boxes[b] for b in members]
    return fits


def place_row(row: list[Box], y: float) -> bool:
    """Candidates side by side, centred across the picture; False when they are too wide for it."""
    spacing = 0.45
    x = WIDTH / 2 - (sum(box.width for box in row) + spacing * (len(row) - 1)) / 2
    for box in row:
        box.x, box.y = x + box.width / 2, y
        x += box.width + spacing
    return x - spacing <= WIDTH - 0.1


ARC_START = 0.3  # radians kept clear at either end of an arc, next to the candidates' row
ARC_STEP = 0.008


def place_arc(
    members: list[Box], desired: list[float], side: int, placed: list[Box], centre_y: float, reach_y: float
) -> bool:
    """Put boxes on a half ellipse (side 1 above the row, -1 below) near their desired x, without overlaps."""
    if not members:
        return True
    for box in members:
        box.side = side
    centre_x = WIDTH / 2
    reach_x = WIDTH / 2 - 0.1

    def put(box: Box, angle: float) -> None:
        box.x = min(max(centre_x - reach_x * math.cos(angle), box.half_width + 0.05), WIDTH - box.half_width - 0.05)
        box.y = centre_y + side * reach_y * math.sin(angle)

    last = math.pi - ARC_START
    wanted = [math.acos(max(-1.0, min(1.0, (centre_x - x) / reach_x))) for x in desired]

    def forward(starts: list[float]) -> list[float]:
        angles: list[float] = []
        for box, start in zip(members, starts, strict=True):
            angle = max(start, ARC_START, angles[-1] if angles else ARC_START)
            put(box, angle)
            while not box.clear_of(placed + members[: len(angles)]) and angle < math.pi:
                angle += ARC_STEP
                put(box, angle)
            angles.append(angle)
        return angles

    angles = forward(wanted)
    drift = (sum(angles) - sum(wanted)) / len(wanted)
    if drift > ARC_STEP:  # a crowd slid one way: start it back by half its average slide, not into the wall
        angles = forward([angle - drift / 2 for angle in wanted])
    if angles[-1] <= last:
        return True
    angle = last
    done = []
    for box, ahead in zip(reversed(members), reversed(angles), strict=True):
        angle = min(angle, ahead)
        put(box, angle)
        while not box.clear_of(placed + done) and angle > 0:
            angle -= ARC_STEP
            put(box, angle)
        done.append(box)
    return angle >= ARC_START


def finish(
    figure: Figure, network: nx.MultiDiGraph, boxes: dict[str, Box], focus: set[str], caption: str, height: float
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
    title = "Who backed whom" + (f": {', '.join(sorted(focus))}" if focus else "")
    figure.text(0.25 / WIDTH, 1 - 0.12 / height, title, fontsize=13, fontweight="bold", va="top", color="#1E1E1E")
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


def spread(index: int, count: int, source: Box, target: Box) -> float:
    """How much parallel edge INDEX of COUNT bends: about a fifth of an inch apart, whatever the edge's length."""
    length = math.hypot(target.x - source.x, target.y - source.y)
    return (index - (count - 1) / 2) * min(0.6, 0.22 / max(length, 0.01))


def group_edges(network: nx.MultiDiGraph) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """Edge keys per (backer, backed) pair, in a fixed order, so parallel edges can bend apart."""
    pairs: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for backer, backed, key in sorted(network.edges(keys=True)):
        pairs.setdefault((backer, backed), []).append(key)
    return pairs


def draw_edge(axes: Axes, source: Box, target: Box, edge: dict, bend: float) -> None:
    """An arrow from backer to backed: colour by stance, dashed when past, a flat bar (⊣) instead of a head when opposing."""
    past = edge["when"] == "past"
    axes.annotate(
        "",
        xy=(target.x, target.y),
        xytext=(source.x, source.y),
        zorder=1,
        arrowprops=dict(
            arrowstyle="-[, widthB=0.5, lengthB=0" if edge["stance"] == "opposes" else "-|>",
            color=stance_colour(edge["stance"]),
            linewidth=1.3 if past else 1.8,
            linestyle=(0, (4, 3)) if past else "-",
            alpha=0.85,
            mutation_scale=11,
            connectionstyle=f"arc3,rad={bend}",
            patchA=source.text.get_bbox_patch(),
            patchB=target.text.get_bbox_patch(),
            shrinkA=1,
            shrinkB=2,
        ),
    )


def measured(text: Text) -> Box:
    """A box the size of TEXT with its padding, in inches."""
    extent = text.get_window_extent(text.figure.canvas.get_renderer())
    pad = 2 * text.get_bbox_patch().get_boxstyle().pad * text.get_fontsize() / 72
    return Box(text, extent.width / DPI + pad, extent.height / DPI + pad)


def stance_colour(stance: str) -> str:
    return STANCE_COLOURS.get(stance, STANCE_COLOURS["undeclared"])


def legend_handles(network: nx.MultiDiGraph) -> list:
    """Legend entries for the stances, times and node kinds present in this picture."""
    edges = list(network.edges(data=True))
    stances = {d["stance"] for _, v, d in edges if v != UNDECLARED}
    kinds = {d["kind"] for _, d in network.nodes(data=True)}
    handles: list = [
        Line2D([], [], color=STANCE_COLOURS[s], linewidth=2, label=s)
        for s in ("supports", "opposes", "undeclared")
        if s in stances
    ]
    if any(d["when"] == "past" for _, _, d in edges):
        handles.append(Line2D([], [], color="#555555", linewidth=1.3, linestyle=(0, (4, 3)), label="in the past"))
    for kind in ("candidate", "person", "branch", "group"):
        if kind in kinds:
            style = NODE_STYLES[kind]
            handles.append(Patch(facecolor=style["facecolor"], edgecolor=style["edgecolor"], label=kind))
    if "undeclared" in kinds:
        handles.append(
            Line2D([], [], color="#8C8C8C", marker="$?$", markersize=8, linestyle="none", label="not declared yet")
        )
    return handles
