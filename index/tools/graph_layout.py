"""Where the graph's labels go: candidates in a row, backers on half ellipses around them, nothing overlapping.

Positions are in inches across the drawing area; a box never covers another, its vote count tag, or an edge.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

import networkx as nx
from matplotlib.text import Text

from index.models import EntityKind


class NodeKind(StrEnum):
    """What a node of the picture stands for: a backer of one entity kind, a candidate, or nobody declared yet."""

    PERSON = EntityKind.PERSON.value
    BRANCH = EntityKind.BRANCH.value
    GROUP = EntityKind.GROUP.value
    CANDIDATE = "candidate"
    NOBODY_YET = "nobody yet"  # the target of records whose backer has not declared (Stance.UNDECLARED)


TARGET_KINDS = frozenset({NodeKind.CANDIDATE, NodeKind.NOBODY_YET})
NOBODY_YET_LABEL = "?"  # the name (and label) of the NOBODY_YET node
WIDTH = 7.0  # inches
BOX_GAP = 0.07  # inches of white space kept between two node boxes
TAG_GAP = 0.04  # inches between a node and its vote count tag
ARC_START = 0.3  # radians kept clear at either end of an arc, next to the candidates' row
ARC_STEP = 0.008


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
            left < other_right + BOX_GAP
            and other_left < right + BOX_GAP
            and bottom < other_top + BOX_GAP
            and other_bottom < top + BOX_GAP
        )

    def crosses(self, x0: float, y0: float, x1: float, y1: float) -> bool:
        """Whether the segment from (x0, y0) to (x1, y1) passes through this box and its margin (Liang-Barsky)."""
        left, bottom, right, top = self.bounds()
        dx, dy = x1 - x0, y1 - y0
        low, high = 0.0, 1.0
        for p, q in (
            (-dx, x0 - (left - BOX_GAP)),
            (dx, right + BOX_GAP - x0),
            (-dy, y0 - (bottom - BOX_GAP)),
            (dy, top + BOX_GAP - y0),
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


def backers_of(network: nx.MultiDiGraph) -> list[str]:
    return [n for n in network if network.nodes[n]["kind"] not in TARGET_KINDS]


def targets_of(network: nx.MultiDiGraph) -> list[str]:
    return [n for n in network if network.nodes[n]["kind"] in TARGET_KINDS]


def order_targets(network: nx.MultiDiGraph) -> list[str]:
    """Candidates left to right so that each backer's candidates sit close together (the undeclared node last)."""
    targets = sorted(targets_of(network), key=lambda n: (n == NOBODY_YET_LABEL, -network.in_degree(n), n))
    spans = [
        {t for t in network.successors(b) if t in targets} for b in backers_of(network) if network.out_degree(b) > 1
    ]
    if len(targets) > 7 or not spans:
        return targets

    def cost(order: Iterable[str]) -> int:
        place = {t: i for i, t in enumerate(order)}
        return sum(max(place[t] for t in s) - min(place[t] for t in s) for s in spans)

    return list(min(itertools.permutations(targets), key=cost))


def place(network: nx.MultiDiGraph, boxes: dict[str, Box], area: float) -> bool:
    """Candidates in a row; people on an arc above it and branches and groups below, or alternating when unbalanced.

    AREA is the drawing area's height in inches; False when the boxes do not all fit in it.
    """
    row = order_targets(network)
    backers = backers_of(network)
    above = [b for b in backers if network.nodes[b]["kind"] == NodeKind.PERSON]
    below = [b for b in backers if network.nodes[b]["kind"] != NodeKind.PERSON]
    row_y = area / 2 if len(backers) > 1 else max(boxes[t].height for t in row) / 2 + 0.1
    if not place_row([boxes[t] for t in row], row_y):
        return False
    desired = {b: mean_x([boxes[t] for t in set(network.successors(b)) if t in row]) for b in backers}
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


def mean_x(row_boxes: list[Box]) -> float:
    """Where a backer would like to be: above or below the middle of its candidates (mid-picture when it has none)."""
    return sum(box.x for box in row_boxes) / len(row_boxes) if row_boxes else WIDTH / 2


def place_row(row: list[Box], y: float) -> bool:
    """Candidates side by side, centred across the picture; False when they are too wide for it."""
    spacing = 0.45
    x = WIDTH / 2 - (sum(box.width for box in row) + spacing * (len(row) - 1)) / 2
    for box in row:
        box.x, box.y = x + box.width / 2, y
        x += box.width + spacing
    return x - spacing <= WIDTH - 0.1


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
    done: list[Box] = []
    for box, ahead in zip(reversed(members), reversed(angles), strict=True):
        angle = min(angle, ahead)
        put(box, angle)
        while not box.clear_of(placed + done) and angle > 0:
            angle -= ARC_STEP
            put(box, angle)
        done.append(box)
    return angle >= ARC_START


def spread(index: int, count: int, source: Box, target: Box) -> float:
    """How much parallel edge INDEX of COUNT bends: about a fifth of an inch apart, whatever the edge's length."""
    length = math.hypot(target.x - source.x, target.y - source.y)
    return (index - (count - 1) / 2) * min(0.6, 0.22 / max(length, 0.01))


def edge_ends(source: Box, target: Box, bend: float) -> tuple[tuple[float, float], tuple[float, float]]:
    """Where an edge bending by BEND (matplotlib's arc3) leaves the backer's box and where it meets the target's."""
    dx, dy = target.x - source.x, target.y - source.y
    control = (source.x + dx / 2 + bend * dy, source.y + dy / 2 - bend * dx)
    return border_point(source, control, 0.02), border_point(target, control, 0.03)


def border_point(box: Box, toward: tuple[float, float], margin: float) -> tuple[float, float]:
    """The point just outside BOX's label (not its tag) on the way from its centre towards TOWARD."""
    dx, dy = toward[0] - box.x, toward[1] - box.y
    length = math.hypot(dx, dy) or 1.0
    unit_x, unit_y = dx / length, dy / length
    distance = min(
        box.width / 2 / abs(unit_x) if unit_x else math.inf, box.height / 2 / abs(unit_y) if unit_y else math.inf
    )
    return box.x + unit_x * (distance + margin), box.y + unit_y * (distance + margin)
