"""Where a computational graph's boxes, circles and edges go: the geometry, no drawing.

:func:`graph_layout` places a graph left (inputs) to right (output) in five phases, one function
each: :func:`_measure` sizes the boxes and circles from the text they hold, :func:`_levels` gives
every value its column, :func:`_layered_graph` adds the operations and a waypoint wherever an edge
skips a column, :func:`_order_columns` and :func:`_place_columns` order and space each column, and
:func:`_coordinates` and :func:`_route_edges` turn that into inches.

All of it is deterministic (no randomness, nothing depends on ``id()`` or hashes): a value sits in
the column given by its longest path from the leaves; a leaf sits just before the first operation
that uses it; edges that skip columns bend through waypoints; barycenter sweeps order each column
to reduce crossings; vertical positions are least-squares fits to the neighbours' positions.
:mod:`helpers.graph` draws the result.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from typing import Any

from matplotlib import rcParams
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

from helpers import validate

MAX_NODES = 200  # beyond this a drawing is unreadable and laying it out gets slow

# Symbols drawn in the operation circles; an op missing here is drawn as its own name.
OP_SYMBOLS = {
    "+": "+",
    "-": "−",
    "*": "×",
    "/": "÷",
    "**": "xⁿ",
    "neg": "−",
    "exp": "exp",
    "log": "log",
    "tanh": "tanh",
    "sigmoid": "σ",
    "relu": "relu",
    "sin": "sin",
    "cos": "cos",
    "dot": "w·x",
    "sum": "Σ",
}

# Lengths in inches (the drawing's data units are inches, so text never overlaps at any size).
PAD = 0.09  # inside a value box
_V_GAP = 0.22  # between nodes stacked in one column
OUT_GAP = 0.35  # from an operation to its result
_WAYPOINT = 0.08  # height reserved for an edge passing through a column
_MARGIN = 0.15  # around the drawing
_SWEEPS = 8

_NODE_CONTRACT = ("data", "grad", "label", "parents", "op", "local_grads")


def format_number(x: float) -> str:
    """``x`` rounded to 4 significant digits, printed like a Python float (``-2.0``, ``0.7616``).

    Rounding keeps the printed numbers identical across machines (the notebooks' stored outputs
    are compared on every run); ``-0.0`` prints as ``0.0``.
    """
    return repr(float(f"{float(x):.4g}") + 0.0)


def check_root(caller: str, name: str, value: Any) -> None:
    """Refuse, naming ``caller``'s argument ``name``, a ``value`` that is not a graph node."""
    missing = [attribute for attribute in _NODE_CONTRACT if not hasattr(value, attribute)]
    if missing:
        raise TypeError(
            f"{caller} needs a Value: {name} must be a node with .data, .grad, .label, .parents, "
            f".op and .local_grads, got {type(value).__name__} {validate.shown(value)}, which has "
            f"no {', '.join('.' + m for m in missing)}. Build the expression from helpers.Value "
            "(e.g. a = Value(2.0, label='a'); L = a * a)."
        )
    _check_node(value)


def reachable_nodes(root: Any, max_nodes: int = MAX_NODES) -> list[Any]:
    """Every node ``root`` depends on, each after its parents, ``root`` last (topological order).

    Depth-first along ``parents`` in their stored order, with an explicit stack (no recursion, so
    deep graphs are fine). Raises ``ValueError`` past ``max_nodes`` nodes, without visiting the
    rest, and ``TypeError`` if something in the graph is not a node.
    """
    max_nodes = validate.integer("max_nodes", max_nodes, minimum=1)
    check_root("reachable_nodes", "root", root)
    order: list[Any] = []
    seen = {id(root)}
    stack = [(root, 0)]
    while stack:
        node, i = stack[-1]
        parents = node.parents
        if i < len(parents):
            stack[-1] = (node, i + 1)
            parent = parents[i]
            if id(parent) not in seen:
                _check_node(parent, child=node)
                seen.add(id(parent))
                if len(seen) > max_nodes:
                    raise ValueError(
                        f"this graph has more than {max_nodes} values; a drawing that large is "
                        "unreadable. Draw a smaller expression (one neuron, or a network with "
                        f"fewer inputs), or pass max_nodes=... above {max_nodes} if you must."
                    )
                stack.append((parent, 0))
        else:
            stack.pop()
            order.append(node)
    return order


def node_names(nodes: Sequence[Any]) -> list[str]:
    """The name shown for each node: its label, or ``#k`` (its place in ``nodes``, from 1)."""
    return [str(node.label) if node.label else f"#{k}" for k, node in enumerate(nodes, start=1)]


def op_symbol(op: str) -> str:
    """What the circle of operation ``op`` shows."""
    return OP_SYMBOLS.get(op, op or "?")


@lru_cache(maxsize=4096)
def text_width(text: str, fontsize: float, bold: bool = False) -> float:
    """Width of ``text`` in inches at ``fontsize`` points (measured from the font's glyphs)."""
    prop = FontProperties(size=fontsize, weight="bold" if bold else "normal")
    width, _, _ = _TEXT_TO_PATH.get_text_width_height_descent(text, prop, ismath=False)
    return width / 72


_TEXT_TO_PATH = TextToPath()


@dataclass(frozen=True)
class Edge:
    """An input used by an operation: ``nodes[parent]`` is ``nodes[child].parents[slot]``.

    ``points`` run from the right side of the input's box through any waypoints to the centre
    of the operation circle; ``bend`` curves the last segment (to separate repeated inputs
    such as ``a + a``).
    """

    parent: int
    child: int
    slot: int
    local_grad: float
    points: tuple[tuple[float, float], ...]
    bend: float


@dataclass(frozen=True)
class GraphLayout:
    """Where everything goes. Coordinates are in inches, origin at the bottom left.

    ``nodes`` are in topological order (root last); ``value_xy[i]`` is the centre of the box of
    ``nodes[i]``, ``op_xy[i]`` the centre of the circle of the operation that made it (only for
    nodes with parents).
    """

    nodes: list[Any]
    names: list[str]
    value_xy: list[tuple[float, float]]
    op_xy: dict[int, tuple[float, float]]
    edges: list[Edge]
    box_size: tuple[float, float]
    op_radius: float
    size: tuple[float, float]
    fontsize: float
    show_grad: bool


def graph_layout(
    value: Any,
    *,
    show_grad: bool = True,
    edge_labels: bool = True,
    fontsize: float | None = None,
    reserve_numbers: Iterable[float] = (),
    max_nodes: int = MAX_NODES,
) -> GraphLayout:
    """Lay out the graph of ``value`` left to right (see the module docstring for how).

    ``fontsize`` defaults to matplotlib's ``font.size`` (so a presenter style enlarges the whole
    drawing). Boxes are sized to fit the numbers they show plus ``reserve_numbers`` (the
    stepper passes every gradient it will show later).
    """
    nodes = reachable_nodes(value, max_nodes)
    default = rcParams["font.size"]
    fs = validate.real(
        "fontsize", default if fontsize is None else fontsize, minimum=0, strict=True
    )
    index = {id(node): i for i, node in enumerate(nodes)}
    parents = [[index[id(p)] for p in node.parents] for node in nodes]
    names = node_names(nodes)
    sizes = _measure(nodes, names, fs, show_grad, edge_labels, reserve_numbers)
    layers = _layered_graph(parents, _levels(parents), sizes)
    layers.columns = _order_columns(layers.columns, layers.preds, layers.succs)
    t = _place_columns(layers.columns, layers.preds, layers.succs, layers.height)
    xy, size = _coordinates(layers, t, sizes)
    value_xy = [xy[m] for m in layers.value_id]
    op_xy = {i: xy[m] for i, m in layers.op_id.items()}
    return GraphLayout(
        nodes=nodes,
        names=names,
        value_xy=value_xy,
        op_xy=op_xy,
        edges=_route_edges(nodes, parents, layers, xy, value_xy, op_xy, sizes.box_w),
        box_size=(sizes.box_w, sizes.box_h),
        op_radius=sizes.op_radius,
        size=size,
        fontsize=fs,
        show_grad=show_grad,
    )


# --- the phases ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Sizes:
    """The measured sizes (inches): value boxes, operation circles, the gap before a circle
    (room for the local derivatives) and the height an operation needs for its edges' labels."""

    box_w: float
    box_h: float
    op_radius: float
    in_gap: float
    label_room: float
    op_space: float


def _measure(
    nodes: list[Any],
    names: list[str],
    fs: float,
    show_grad: bool,
    edge_labels: bool,
    reserve_numbers: Iterable[float],
) -> _Sizes:
    """Sizes, measured from the text they must hold (one size for every box, so columns align)."""
    number_texts = [format_number(x) for x in reserve_numbers]
    widest_line = 0.0
    for node, name in zip(nodes, names, strict=True):
        lines = [f"data {format_number(node.data)}"]
        if show_grad:
            lines += [f"grad {format_number(node.grad)}", "grad -0.0000"]
            lines += [f"grad {t}" for t in number_texts]
        widths = [text_width(line, fs) for line in lines] + [text_width(name, fs, bold=True)]
        widest_line = max(widest_line, *widths)
    line_height = 1.3 * fs / 72
    symbols = [op_symbol(node.op) for node in nodes if node.parents]
    op_radius = max([0.55 * line_height] + [text_width(s, fs) / 2 + 0.06 for s in symbols])
    local_texts = [format_number(g) for node in nodes for g in node.local_grads]
    widest_local = max([text_width(t, 0.85 * fs) for t in local_texts], default=0.0)
    label_room = 1.25 * 0.85 * fs / 72 if edge_labels else 0.0  # a label's height plus a gap
    return _Sizes(
        box_w=widest_line + 2 * PAD,
        box_h=(3 if show_grad else 2) * line_height + 2 * PAD * 0.6,
        op_radius=op_radius,
        in_gap=max(0.75, widest_local + 0.45) if edge_labels else 0.5,
        label_room=label_room,
        op_space=2 * op_radius + 2 * label_room,
    )


def _levels(parents: list[list[int]]) -> list[int]:
    """Each value's level: 1 + its parents' highest, so the longest path from the leaves; a leaf
    is moved to just before the first operation that uses it."""
    level = [0] * len(parents)
    for i, ps in enumerate(parents):
        if ps:
            level[i] = 1 + max(level[p] for p in ps)
    consumers: list[list[int]] = [[] for _ in parents]
    for i, ps in enumerate(parents):
        for p in ps:
            consumers[p].append(i)
    for i, ps in enumerate(parents):
        if not ps and consumers[i]:
            level[i] = min(level[c] for c in consumers[i]) - 1
    return level


@dataclass
class _Layers:
    """The layered graph: its members are values, operations and waypoints, numbered ``m``;
    edges join only adjacent columns. A value of level L is in column 2L, the operation that
    made it in column 2L - 1, waypoints in the columns an edge passes through."""

    col: list[int] = field(default_factory=list)
    height: list[float] = field(default_factory=list)
    preds: list[list[int]] = field(default_factory=list)
    succs: list[list[int]] = field(default_factory=list)
    value_id: list[int] = field(default_factory=list)  # member of each value
    op_id: dict[int, int] = field(default_factory=dict)  # member of each value's operation
    routes: list[tuple[int, int, list[int]]] = field(default_factory=list)  # (child, slot, route)
    columns: list[list[int]] = field(default_factory=list)

    def add(self, column: int, height: float) -> int:
        self.col.append(column)
        self.height.append(height)
        self.preds.append([])
        self.succs.append([])
        return len(self.col) - 1

    def link(self, a: int, b: int) -> None:
        self.succs[a].append(b)
        self.preds[b].append(a)


def _layered_graph(parents: list[list[int]], level: list[int], sizes: _Sizes) -> _Layers:
    """Values, operations and waypoints in their columns, linked along the graph's edges."""
    layers = _Layers()
    layers.value_id = [layers.add(2 * lv, sizes.box_h) for lv in level]
    for i, ps in enumerate(parents):
        if not ps:
            continue
        # Room above and below the circle for the labels of the edges that meet there.
        op = layers.add(2 * level[i] - 1, max(sizes.op_space, len(ps) * sizes.label_room))
        layers.op_id[i] = op
        layers.link(op, layers.value_id[i])
        for slot, p in enumerate(ps):
            route = [layers.add(c, _WAYPOINT) for c in range(2 * level[p] + 1, 2 * level[i] - 1)]
            for a, b in pairwise([layers.value_id[p], *route, op]):
                layers.link(a, b)
            layers.routes.append((i, slot, route))
    layers.columns = [[] for _ in range(max(layers.col) + 1)]
    for m, c in enumerate(layers.col):
        layers.columns[c].append(m)
    return layers


def _coordinates(
    layers: _Layers, t: list[float], sizes: _Sizes
) -> tuple[list[tuple[float, float]], tuple[float, float]]:
    """Every member's centre in inches, and the drawing's size: x from the column, y = -t
    shifted so the drawing starts at a margin."""
    box_w, r = sizes.box_w, sizes.op_radius
    n_cols = len(layers.columns)
    col_x = [0.0] * n_cols
    x = _MARGIN + box_w / 2
    for c in range(0, n_cols, 2):
        col_x[c] = x
        x += box_w / 2 + sizes.in_gap + 2 * r + OUT_GAP + box_w / 2
    for c in range(1, n_cols, 2):
        col_x[c] = col_x[c + 1] - box_w / 2 - OUT_GAP - r
    members = range(len(layers.col))
    top = min(t[m] - layers.height[m] / 2 for m in members)
    bottom = max(t[m] + layers.height[m] / 2 for m in members)
    size = (col_x[n_cols - 1] + box_w / 2 + _MARGIN, bottom - top + 2 * _MARGIN)
    xy = [
        (round(col_x[layers.col[m]], 6), round(size[1] - _MARGIN - (t[m] - top), 6))
        for m in members
    ]
    return xy, size


def _route_edges(
    nodes: list[Any],
    parents: list[list[int]],
    layers: _Layers,
    xy: list[tuple[float, float]],
    value_xy: list[tuple[float, float]],
    op_xy: dict[int, tuple[float, float]],
    box_w: float,
) -> list[Edge]:
    """One :class:`Edge` per input of each operation; repeated direct inputs (``a + a``) get
    curved edges bending apart."""
    repeats: dict[tuple[int, int], list[int]] = {}
    for e, (i, slot, route) in enumerate(layers.routes):
        if not route:
            repeats.setdefault((parents[i][slot], i), []).append(e)
    bends = [0.0] * len(layers.routes)
    for group in repeats.values():
        for k, e in enumerate(group):
            bends[e] = 0.45 * (k - (len(group) - 1) / 2)
    edges = []
    for e, (i, slot, route) in enumerate(layers.routes):
        p = parents[i][slot]
        start = (round(value_xy[p][0] + box_w / 2, 6), value_xy[p][1])
        points = (start, *(xy[m] for m in route), op_xy[i])
        local = float(nodes[i].local_grads[slot])
        edges.append(Edge(p, i, slot, local, points, bends[e]))
    return edges


def _order_columns(
    columns: list[list[int]], preds: list[list[int]], succs: list[list[int]]
) -> list[list[int]]:
    """Reorder each column by barycenter sweeps, keeping the order with fewest crossings.

    A node moves towards the mean position of its neighbours in the previous column (sweeping
    right) or the next column (sweeping left); ties keep the current order, so the result is
    deterministic.
    """
    pos = {m: k for column in columns for k, m in enumerate(column)}
    best = [list(c) for c in columns]
    best_crossings = _crossings(columns, succs, pos)
    current = [list(c) for c in columns]
    for sweep in range(_SWEEPS):
        rightwards = sweep % 2 == 0
        indices = range(1, len(current)) if rightwards else range(len(current) - 2, -1, -1)
        for c in indices:
            neighbours = preds if rightwards else succs

            def key(m: int, neighbours: list[list[int]] = neighbours) -> float:
                ns = neighbours[m]
                return sum(pos[n] for n in ns) / len(ns) if ns else pos[m]

            current[c] = sorted(current[c], key=key)
            for k, m in enumerate(current[c]):
                pos[m] = k
        crossings = _crossings(current, succs, pos)
        if crossings < best_crossings:
            best, best_crossings = [list(c) for c in current], crossings
    return best


def _crossings(columns: list[list[int]], succs: list[list[int]], pos: dict[int, int]) -> int:
    """Number of pairs of edges that cross between adjacent columns."""
    total = 0
    for column in columns:
        ends = sorted((pos[a], pos[b]) for a in column for b in succs[a])
        for k, (a1, b1) in enumerate(ends):
            total += sum(1 for a2, b2 in ends[k + 1 :] if a2 > a1 and b2 < b1)
    return total


def _place_columns(
    columns: list[list[int]],
    preds: list[list[int]],
    succs: list[list[int]],
    height: list[float],
) -> list[float]:
    """Vertical centres (growing downwards) for every node, keeping each column's order.

    Each pass moves every node as close as it can (least squares) to the mean position of its
    neighbours on one side while keeping its column in order and without overlaps.
    """
    t = [0.0] * len(height)
    for column in columns:
        acc = 0.0
        for k, m in enumerate(column):
            if k:
                acc += (height[column[k - 1]] + height[m]) / 2 + _V_GAP
            t[m] = acc
        mid = acc / 2
        for m in column:
            t[m] -= mid
    for sweep in range(9):
        rightwards = sweep % 2 == 0
        order = range(1, len(columns)) if rightwards else range(len(columns) - 2, -1, -1)
        neighbours = preds if rightwards else succs
        for c in order:
            column = columns[c]
            desired = [
                sum(t[n] for n in neighbours[m]) / len(neighbours[m]) if neighbours[m] else t[m]
                for m in column
            ]
            gaps = [(height[a] + height[b]) / 2 + _V_GAP for a, b in pairwise(column)]
            for m, y in zip(column, _ordered_fit(desired, gaps), strict=True):
                t[m] = y
    return t


def _ordered_fit(desired: list[float], gaps: list[float]) -> list[float]:
    """The positions closest to ``desired`` (least squares) with ``y[k+1] - y[k] >= gaps[k]``.

    Subtracting the cumulative gaps turns this into isotonic regression, solved exactly by
    pooling adjacent violators.
    """
    offsets = [0.0]
    for g in gaps:
        offsets.append(offsets[-1] + g)
    blocks: list[list[float]] = []  # [mean, count]
    for d, o in zip(desired, offsets, strict=True):
        blocks.append([d - o, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            mean2, n2 = blocks.pop()
            mean1, n1 = blocks[-1]
            blocks[-1] = [(mean1 * n1 + mean2 * n2) / (n1 + n2), n1 + n2]
    fitted = [mean for mean, n in blocks for _ in range(int(n))]
    return [z + o for z, o in zip(fitted, offsets, strict=True)]


def _check_node(node: Any, child: Any = None) -> None:
    """A node of the graph keeps the contract: the attributes, and one local derivative per
    parent. ``child`` is the node that lists ``node`` as a parent (for the message)."""
    missing = [attribute for attribute in _NODE_CONTRACT if not hasattr(node, attribute)]
    if missing:
        raise TypeError(
            f"node {child.label or child.op!r} has a parent that is not a node: "
            f"{type(node).__name__} {validate.shown(node)}, which has no "
            f"{', '.join('.' + m for m in missing)}. Build the expression from helpers.Value."
        )
    if len(node.parents) != len(node.local_grads):
        raise ValueError(
            f"node {node.label or node.op!r} has {len(node.parents)} parents but "
            f"{len(node.local_grads)} local derivatives; they must match one to one"
        )
