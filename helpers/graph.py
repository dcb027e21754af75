"""Drawing a computational graph: values, the operations that made them, and local derivatives.

Backpropagation (Book §1.3) runs the chain rule, equation (1.1), backwards through a graph of
operations. This module draws that graph from left (inputs) to right (output):

* every value is a rounded box with its label, its ``data`` and its ``grad``;
* every operation is a small circle with its symbol, between its inputs and its result;
* every edge from an input to an operation carries the *local derivative*
  d(result)/d(input), the factor the chain rule multiplies the upstream gradient by.

It needs nothing but matplotlib (no graphviz) and reads only the public contract of a node:
``data``, ``grad``, ``label``, ``parents``, ``op`` and ``local_grads`` (aligned with ``parents``),
so it draws :class:`helpers.Value` and any object that looks like one. ::

    L.backward()
    helpers.draw_graph(L)                    # data, grad and local derivatives
    helpers.draw_graph(L, show_grad=False)   # before backward(): the forward pass only

Layout, all deterministic (no randomness, nothing depends on ``id()`` or hashes): a value sits in
the column given by its longest path from the leaves; a leaf sits just before the first operation
that uses it; edges that skip columns bend through waypoints; barycenter sweeps order each column
to reduce crossings; vertical positions are least-squares fits to the neighbours' positions.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from itertools import pairwise
from typing import Any

import matplotlib.pyplot as plt
from matplotlib import rcParams
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch
from matplotlib.path import Path
from matplotlib.text import Text
from matplotlib.textpath import TextToPath
from matplotlib.transforms import Bbox
from PIL import Image

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

# Colours: dark ink on light fills for a projector; the accent is the series' (helpers.plot).
INK = "#333333"
LEAF_FILL = "#e3eefa"  # leaves: inputs and parameters
VALUE_FILL = "#ffffff"
OP_FILL = "#eeeeee"
GRAD_INK = "#b2182b"
LOCAL_INK = "#0a5a9c"
ACCENT = "#d55e00"
ACCENT_FILL = "#ffd9a8"

# Lengths in inches (the drawing's data units are inches, so text never overlaps at any size).
_PAD = 0.09  # inside a value box
_V_GAP = 0.22  # between nodes stacked in one column
_OUT_GAP = 0.35  # from an operation to its result
_WAYPOINT = 0.08  # height reserved for an edge passing through a column
_SWEEPS = 8


def format_number(x: float) -> str:
    """``x`` rounded to 4 significant digits, printed like a Python float (``-2.0``, ``0.7616``).

    Rounding keeps the printed numbers identical across machines (the notebooks' stored outputs
    are compared on every run); ``-0.0`` prints as ``0.0``.
    """
    return repr(float(f"{float(x):.4g}") + 0.0)


def reachable_nodes(root: Any, max_nodes: int = MAX_NODES) -> list[Any]:
    """Every node ``root`` depends on, each after its parents, ``root`` last (topological order).

    Depth-first along ``parents`` in their stored order, with an explicit stack (no recursion, so
    deep graphs are fine). Raises ``ValueError`` past ``max_nodes`` nodes, without visiting the
    rest, and ``TypeError`` if something in the graph is not a node.
    """
    _check_node(root)
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
                _check_node(parent)
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
    fs = float(rcParams["font.size"] if fontsize is None else fontsize)
    index = {id(node): i for i, node in enumerate(nodes)}
    parents = [[index[id(p)] for p in node.parents] for node in nodes]
    names = node_names(nodes)

    # Sizes, measured from the text they must hold.
    number_texts = [format_number(x) for x in reserve_numbers]
    widest_line = 0.0
    for node, name in zip(nodes, names, strict=True):
        lines = [f"data {format_number(node.data)}"]
        if show_grad:
            lines += [f"grad {format_number(node.grad)}", "grad -0.0000"]
            lines += [f"grad {t}" for t in number_texts]
        widths = [_text_width(line, fs) for line in lines] + [_text_width(name, fs, bold=True)]
        widest_line = max(widest_line, *widths)
    line_height = 1.3 * fs / 72
    box_w = widest_line + 2 * _PAD
    box_h = (3 if show_grad else 2) * line_height + 2 * _PAD * 0.6
    symbols = [_op_symbol(node.op) for node, ps in zip(nodes, parents, strict=True) if ps]
    op_radius = max([0.55 * line_height] + [_text_width(s, fs) / 2 + 0.06 for s in symbols])
    local_texts = [format_number(g) for node in nodes for g in node.local_grads]
    widest_local = max([_text_width(t, 0.85 * fs) for t in local_texts], default=0.0)
    in_gap = max(0.75, widest_local + 0.45) if edge_labels else 0.5
    label_room = 1.25 * 0.85 * fs / 72 if edge_labels else 0.0  # a label's height plus a gap
    op_space = 2 * op_radius + 2 * label_room

    # Columns: value of level L in column 2L, the operation that made it in column 2L - 1.
    level = [0] * len(nodes)
    for i, ps in enumerate(parents):
        if ps:
            level[i] = 1 + max(level[p] for p in ps)
    consumers: list[list[int]] = [[] for _ in nodes]
    for i, ps in enumerate(parents):
        for p in ps:
            consumers[p].append(i)
    for i, ps in enumerate(parents):
        if not ps and consumers[i]:
            level[i] = min(level[c] for c in consumers[i]) - 1

    # The layered graph: values, operations and waypoints, edges only between adjacent columns.
    col: list[int] = []
    height: list[float] = []
    preds: list[list[int]] = []
    succs: list[list[int]] = []

    def add(column: int, h: float) -> int:
        col.append(column)
        height.append(h)
        preds.append([])
        succs.append([])
        return len(col) - 1

    def link(a: int, b: int) -> None:
        succs[a].append(b)
        preds[b].append(a)

    value_id = [add(2 * level[i], box_h) for i in range(len(nodes))]
    op_id: dict[int, int] = {}
    edge_route: list[tuple[int, int, list[int]]] = []  # (child, slot, waypoint ids)
    for i, ps in enumerate(parents):
        if not ps:
            continue
        # Room above and below the circle for the labels of the edges that meet there.
        op_id[i] = add(2 * level[i] - 1, max(op_space, len(ps) * label_room))
        link(op_id[i], value_id[i])
        for slot, p in enumerate(ps):
            route = [add(c, _WAYPOINT) for c in range(2 * level[p] + 1, 2 * level[i] - 1)]
            chain = [value_id[p], *route, op_id[i]]
            for a, b in pairwise(chain):
                link(a, b)
            edge_route.append((i, slot, route))

    n_cols = max(col) + 1
    columns: list[list[int]] = [[] for _ in range(n_cols)]
    for m, c in enumerate(col):
        columns[c].append(m)
    columns = _order_columns(columns, preds, succs)
    t = _place_columns(columns, preds, succs, height)

    # Coordinates in inches: x from the column, y = -t shifted so the drawing starts at a margin.
    margin = 0.15
    value_col_x: dict[int, float] = {}
    x = margin + box_w / 2
    for c in range(0, n_cols, 2):
        value_col_x[c] = x
        x += box_w / 2 + in_gap + 2 * op_radius + _OUT_GAP + box_w / 2
    col_x = {}
    for c in range(n_cols):
        col_x[c] = (
            value_col_x[c] if c % 2 == 0 else value_col_x[c + 1] - box_w / 2 - _OUT_GAP - op_radius
        )
    top = min(t[m] - height[m] / 2 for m in range(len(col)))
    bottom = max(t[m] + height[m] / 2 for m in range(len(col)))
    size = (value_col_x[n_cols - 1] + box_w / 2 + margin, bottom - top + 2 * margin)

    def xy(m: int) -> tuple[float, float]:
        return (round(col_x[col[m]], 6), round(size[1] - margin - (t[m] - top), 6))

    value_xy = [xy(value_id[i]) for i in range(len(nodes))]
    op_xy = {i: xy(m) for i, m in op_id.items()}

    # Repeated direct inputs (a + a) get curved edges bending apart.
    repeats: dict[tuple[int, int], list[int]] = {}
    for e, (i, slot, route) in enumerate(edge_route):
        if not route:
            repeats.setdefault((parents[i][slot], i), []).append(e)
    bends = [0.0] * len(edge_route)
    for group in repeats.values():
        for k, e in enumerate(group):
            bends[e] = 0.45 * (k - (len(group) - 1) / 2)

    edges = []
    for e, (i, slot, route) in enumerate(edge_route):
        p = parents[i][slot]
        start = (round(value_xy[p][0] + box_w / 2, 6), value_xy[p][1])
        points = (start, *(xy(m) for m in route), op_xy[i])
        local = float(nodes[i].local_grads[slot])
        edges.append(Edge(p, i, slot, local, points, bends[e]))

    return GraphLayout(
        nodes=nodes,
        names=names,
        value_xy=value_xy,
        op_xy=op_xy,
        edges=edges,
        box_size=(box_w, box_h),
        op_radius=op_radius,
        size=size,
        fontsize=fs,
        show_grad=show_grad,
    )


class GraphDrawing:
    """A drawn computational graph whose numbers and highlight can be refreshed in place.

    :func:`draw_graph` is the one-call version; :class:`helpers.widgets.BackpropStepper` keeps a
    ``GraphDrawing`` and calls :meth:`png` after every step, which redraws only what changed.
    Arguments as for :func:`draw_graph`, plus ``reserve_numbers``
    (see :func:`graph_layout`) and ``pyplot``: make the new figure through pyplot (shown by the
    inline backend, closed with ``plt.close``) or as a plain ``Figure`` that only ``display()``
    shows and that never needs closing (the default).
    """

    def __init__(
        self,
        value: Any,
        *,
        highlight: Iterable[Any] = (),
        ax: Axes | None = None,
        show_grad: bool = True,
        edge_labels: bool = True,
        title: str | None = None,
        reserve_numbers: Iterable[float] = (),
        max_nodes: int = MAX_NODES,
        pyplot: bool = False,
    ) -> None:
        layout = graph_layout(
            value,
            show_grad=show_grad,
            edge_labels=edge_labels,
            reserve_numbers=reserve_numbers,
            max_nodes=max_nodes,
        )
        self.layout = layout
        fs = layout.fontsize
        width, height = layout.size
        title_band = 2.6 * fs / 72
        x_pad = y_pad = 0.0
        if ax is None:
            # Whole tenths of an inch, so the figure's text (<Figure size 900x320 ...>), which
            # a notebook stores, does not hang on the last digits of a text measurement.
            fig_w = math.ceil(width * 10) / 10
            fig_h = math.ceil((height + title_band) * 10) / 10
            x_pad, y_pad = (fig_w - width) / 2, fig_h - title_band - height
            # With pyplot=False the figure is not registered with pyplot: nothing to close, it
            # is shown only where it is passed to display() (the stepper's way).
            size = (fig_w, fig_h)
            fig = plt.figure(figsize=size) if pyplot else Figure(figsize=size)
            ax = fig.add_axes((0.0, 0.0, 1.0, (fig_h - title_band) / fig_h))
        self.fig: Figure = ax.figure
        self.ax: Axes = ax
        ax.set_xlim(-x_pad, width + x_pad)
        ax.set_ylim(-y_pad, height)
        ax.set_aspect("equal")
        ax.axis("off")
        if title is None:
            root_label = layout.nodes[-1].label
            title = f"Computational graph of {root_label}" if root_label else "Computational graph"
        ax.set_title(title, fontsize=1.25 * fs, color=INK)

        box_w, box_h = layout.box_size
        r = layout.op_radius
        line_h = 1.3 * fs / 72
        text_style = {"ha": "center", "va": "center", "fontsize": fs, "zorder": 3}
        # The artists of each value i, of the operation that made it, and of its input edges.
        self._boxes: list[FancyBboxPatch] = []
        self._name_texts: list[Text] = []
        self._data_texts: list[Text] = []
        self._grad_texts: list[Text] = []
        self._circles: dict[int, Circle] = {}
        self._symbols: dict[int, Text] = {}
        self._edges: dict[int, list[FancyArrowPatch]] = {}  # result arrow first, then inputs
        self._labels: dict[int, list[Text]] = {}
        for i, (node, (x, y)) in enumerate(zip(layout.nodes, layout.value_xy, strict=True)):
            box = FancyBboxPatch(
                (x - box_w / 2, y - box_h / 2),
                box_w,
                box_h,
                boxstyle=f"round,pad=0,rounding_size={0.3 * line_h}",
                zorder=2,
                gid=f"value:{i}",
            )
            self._boxes.append(ax.add_patch(box))
            top = y + (2 if layout.show_grad else 1) / 2 * line_h
            name = Text(x, top, layout.names[i], gid=f"name:{i}", **text_style)
            name.set(fontweight="bold" if node.label else "normal")
            name.set_color(INK if node.label else "#777777")
            self._name_texts.append(ax.add_artist(name))
            data = Text(x, top - line_h, "", color=INK, gid=f"data:{i}", **text_style)
            self._data_texts.append(ax.add_artist(data))
            if layout.show_grad:
                grad = Text(x, top - 2 * line_h, "", color=GRAD_INK, gid=f"grad:{i}", **text_style)
                self._grad_texts.append(ax.add_artist(grad))

        arrow_style = {"arrowstyle": "-|>", "mutation_scale": 0.9 * fs, "zorder": 1}
        for i, (x, y) in layout.op_xy.items():
            self._circles[i] = ax.add_patch(Circle((x, y), r, zorder=2, gid=f"op:{i}"))
            symbol = Text(x, y, _op_symbol(layout.nodes[i].op), color=INK, **text_style)
            self._symbols[i] = ax.add_artist(symbol)
            symbol.set_gid(f"symbol:{i}")
            result = FancyArrowPatch(
                path=_result_path((x, y), r, layout.value_xy[i], layout.box_size),
                gid=f"result:{i}",
                **arrow_style,
            )
            self._edges[i] = [ax.add_patch(result)]
            self._labels[i] = []

        fan_out = [0] * len(layout.nodes)  # how many edges leave each value
        for edge in layout.edges:
            fan_out[edge.parent] += 1
        for edge in layout.edges:
            arrow = FancyArrowPatch(
                path=_edge_path(edge.points, edge.bend, r),
                gid=f"edge:{edge.child}:{edge.slot}",
                **arrow_style,
            )
            self._edges[edge.child].append(ax.add_patch(arrow))
            if edge_labels:
                text = format_number(edge.local_grad)
                size = (_text_width(text, 0.85 * fs) + 0.06, 1.2 * 0.85 * fs / 72 + 0.04)
                near_input = fan_out[edge.parent] < len(layout.nodes[edge.child].parents)
                lx, ly = _label_point(edge.points, edge.bend, r, size, near_input)
                label = Text(lx, ly, text, gid=f"local:{edge.child}:{edge.slot}", **text_style)
                label.set(fontsize=0.85 * fs, color=LOCAL_INK, zorder=4)
                label.set_bbox({"boxstyle": "round,pad=0.12", "fc": "white", "ec": "none"})
                self._labels[edge.child].append(ax.add_artist(label))
        # For png(): the drawing without gradients or highlight, the last picture, and what
        # that picture shows (highlighted indices, gradient texts).
        self._background: Any = None
        self._frame: Any = None
        self._frame_key: tuple[Any, ...] = ()
        self._shown: tuple[list[int], list[str]] = ([], [])
        self.update(highlight)

    def update(self, highlight: Iterable[Any] = ()) -> None:
        """Show the nodes' current ``data`` and ``grad`` and accent the ``highlight`` nodes.

        A highlighted value gets an accent box; if an operation made it, that operation and its
        input edges (the local derivatives the chain rule uses at that node) are accented too.
        """
        marked = self._marked(highlight)
        for i, node in enumerate(self.layout.nodes):
            self._data_texts[i].set_text(f"data {format_number(node.data)}")
            if self._grad_texts:
                self._grad_texts[i].set_text(f"grad {format_number(node.grad)}")
            on = i in marked
            fill = ACCENT_FILL if on else (VALUE_FILL if node.parents else LEAF_FILL)
            self._boxes[i].set(fc=fill, ec=ACCENT if on else INK, lw=2.5 if on else 1.2)
            if i in self._circles:
                self._circles[i].set(
                    fc=ACCENT_FILL if on else OP_FILL,
                    ec=ACCENT if on else INK,
                    lw=2.5 if on else 1.2,
                )
                for arrow in self._edges[i]:
                    arrow.set(color=ACCENT if on else INK, lw=2.2 if on else 1.2)

    def png(self, highlight: Iterable[Any] = ()) -> bytes:
        """:meth:`update`, then the figure as PNG bytes, drawn fast for a stepper.

        What a backward sweep never changes (edges, labels, boxes, names, data) is rendered once
        and kept. Each call starts from the previous picture, puts that clean background back
        only where something changes (the boxes whose gradient changed, the previous and the
        current highlight) and draws just those gradients and the highlighted node, its
        operation and its input edges again: several times faster than drawing everything,
        and the same picture (tested pixel by pixel against a full draw).
        """
        self.update(highlight)
        marked = sorted(self._marked(highlight))
        canvas = self.fig.canvas
        if not isinstance(canvas, FigureCanvasAgg):
            canvas = FigureCanvasAgg(self.fig)
        grads = [text.get_text() for text in self._grad_texts]
        key = (canvas.get_width_height(), tuple(text.get_text() for text in self._data_texts))
        if self._frame is None or key != self._frame_key:
            self.update(())
            for text in self._grad_texts:
                text.set_visible(False)
            canvas.draw()
            self._background = canvas.copy_from_bbox(self.fig.bbox)
            for text in self._grad_texts:
                text.set_visible(True)
            self.update(highlight)
            renderer = canvas.get_renderer()
            on_top = self._highlight_artists(marked, renderer)
            grads_to_draw = list(self._grad_texts)
        else:
            canvas.restore_region(self._frame)  # the last picture, whatever was drawn since
            renderer = canvas.get_renderer()
            on_top = self._highlight_artists(marked, renderer)
            before = self._highlight_artists(self._shown[0], renderer)
            changed = [
                i for i, (a, b) in enumerate(zip(self._shown[1], grads, strict=True)) if a != b
            ]
            dirty = [artist.get_window_extent(renderer) for artist in before + on_top]
            dirty += [self._boxes[i].get_window_extent(renderer) for i in changed]
            # A gradient is drawn again on a clean box, never over its old self.
            pad = self._pad()
            boxes = [box.get_window_extent(renderer).padded(pad) for box in self._boxes]
            redraw = [
                i
                for i, box in enumerate(boxes)
                if i in marked or any(box.overlaps(region) for region in dirty)
            ]
            dirty += [boxes[i] for i in redraw]
            for region in dirty:
                self._restore_background(canvas, region)
            grads_to_draw = [self._grad_texts[i] for i in redraw] if self._grad_texts else []
        for artist in on_top + grads_to_draw:
            artist.draw(renderer)
        self._frame = canvas.copy_from_bbox(self.fig.bbox)
        self._frame_key = key
        self._shown = (marked, grads)
        # Pillow, which matplotlib itself uses for PNG; RGB and fast compression for speed.
        rgba = canvas.buffer_rgba()
        rgb = Image.frombuffer("RGBA", canvas.get_width_height(), rgba, "raw", "RGBA", 0, 1)
        buffer = BytesIO()
        rgb.convert("RGB").save(buffer, format="png", compress_level=1)
        return buffer.getvalue()

    def _highlight_artists(self, marked: Sequence[int], renderer: Any) -> list[Any]:
        """What a highlight draws, bottom to top: the accented edges, the labels lying under
        them (theirs or others'), the operation, the box with its name and data."""
        artists: list[Any] = []
        for i in marked:
            if i in self._circles:
                edges = self._edges[i]
                artists += edges
                reach = Bbox.union([edge.get_window_extent(renderer) for edge in edges])
                artists += [
                    label
                    for labels in self._labels.values()
                    for label in labels
                    if label.get_window_extent(renderer).overlaps(reach)
                ]
                artists += [self._circles[i], self._symbols[i]]
            artists += [self._boxes[i], self._name_texts[i], self._data_texts[i]]
        return artists

    def _pad(self) -> float:
        """Pixels around a path's extent that its widest line (2.5 points) may cover."""
        return math.ceil(2 * self.fig.dpi / 72) + 2

    def _restore_background(self, canvas: FigureCanvasAgg, region: Bbox) -> None:
        """Put the clean background back inside ``region`` (display pixels, y up)."""
        width, height = canvas.get_width_height()
        region = region.padded(self._pad())
        x0, x1 = max(0, math.floor(region.x0)), min(width, math.ceil(region.x1))
        top, bottom = (
            max(0, math.floor(height - region.y1)),
            min(height, math.ceil(height - region.y0)),
        )
        if x0 < x1 and top < bottom:
            # Agg counts rows from the top of the picture; xy places the saved picture's corner.
            canvas.restore_region(self._background, bbox=(x0, top, x1, bottom), xy=(0, 0))

    def _marked(self, highlight: Iterable[Any]) -> set[int]:
        index = {id(node): i for i, node in enumerate(self.layout.nodes)}
        marked = set()
        for node in highlight:
            if id(node) not in index:
                label = getattr(node, "label", "") or type(node).__name__
                raise ValueError(
                    f"cannot highlight {label!r}: it is not part of this graph (highlight takes "
                    "nodes the drawn value depends on, e.g. highlight=[a, b])"
                )
            marked.add(index[id(node)])
        return marked


def draw_graph(
    value: Any,
    highlight: Iterable[Any] = (),
    ax: Axes | None = None,
    *,
    show_grad: bool = True,
    edge_labels: bool = True,
    title: str | None = None,
    max_nodes: int = MAX_NODES,
) -> Figure:
    """Draw the computational graph of ``value``, inputs on the left, ``value`` on the right.

    Each value is a box with its label (unlabelled ones are shown as ``#k``, their place in
    topological order), ``data`` and ``grad``, rounded to 4 significant digits; leaves
    (inputs and parameters) are tinted blue. Each operation is a circle between its inputs and
    its result; each input edge is labelled with the local derivative d(result)/d(input) from
    ``local_grads``: backpropagation multiplies the gradient arriving at the result by exactly
    this number (equation (1.1), Book §1.3). An input used twice (``a + a``) has two edges.

    Parameters
    ----------
    highlight:
        Nodes to accent (with the operation that made them and its input edges).
    ax:
        Draw into these axes; by default a new figure sized to the graph.
    show_grad:
        ``False`` shows ``data`` only, for the forward pass before ``backward()``.
    edge_labels:
        ``False`` hides the local derivatives.
    title:
        Defaults to "Computational graph of <label>".
    max_nodes:
        Graphs with more values raise ``ValueError``: draw a smaller expression.

    Returns the figure. A new figure is a pyplot figure like every other of the series: the
    inline backend shows it when the cell ends, so assign it (``fig = draw_graph(L)``) rather
    than ending the cell with the call, which would show it twice.
    """
    drawing = GraphDrawing(
        value,
        highlight=highlight,
        ax=ax,
        show_grad=show_grad,
        edge_labels=edge_labels,
        title=title,
        max_nodes=max_nodes,
        pyplot=True,
    )
    return drawing.fig


# --- internals -----------------------------------------------------------------------------


def _check_node(node: Any) -> None:
    missing = [
        name
        for name in ("data", "grad", "label", "parents", "op", "local_grads")
        if not hasattr(node, name)
    ]
    if missing:
        raise TypeError(
            f"draw_graph needs a Value (a node with .data, .grad, .label, .parents, .op and "
            f".local_grads); got {type(node).__name__} {node!r}, which has no "
            f"{', '.join('.' + m for m in missing)}. Build the expression from helpers.Value."
        )
    if len(node.parents) != len(node.local_grads):
        raise ValueError(
            f"node {node.label or node.op!r} has {len(node.parents)} parents but "
            f"{len(node.local_grads)} local derivatives; they must match one to one"
        )


def _edge_path(points: Sequence[tuple[float, float]], bend: float, radius: float) -> Path:
    """The drawn edge: through ``points``, its last segment curved by ``bend`` (arc3-style, the
    control point at the midpoint plus ``bend`` × the normal), stopping at the circle of
    ``radius`` around the last point. Computed here rather than by matplotlib's patch clipping,
    which costs more than the rest of a redraw."""
    *route, (x0, y0), (x1, y1) = points
    dx, dy = x1 - x0, y1 - y0
    if not bend:
        length = (dx**2 + dy**2) ** 0.5 or 1.0
        end = (x1 - radius * dx / length, y1 - radius * dy / length)
        return Path([*route, (x0, y0), end])
    cx, cy = (x0 + x1) / 2 + bend * dy, (y0 + y1) / 2 - bend * dx

    def point(t: float) -> tuple[float, float]:
        a, b, c = (1 - t) ** 2, 2 * t * (1 - t), t**2
        return (a * x0 + b * cx + c * x1, a * y0 + b * cy + c * y1)

    lo, hi = 0.0, 1.0  # bisect for where the curve enters the circle
    for _ in range(40):
        mid = (lo + hi) / 2
        px, py = point(mid)
        if (px - x1) ** 2 + (py - y1) ** 2 > radius**2:
            lo = mid
        else:
            hi = mid
    control = (x0 + lo * (cx - x0), y0 + lo * (cy - y0))  # de Casteljau: the curve up to lo
    codes = [Path.MOVETO] + [Path.LINETO] * len(route) + [Path.CURVE3, Path.CURVE3]
    if route:
        codes[len(route)] = Path.LINETO
    return Path([*route, (x0, y0), control, point(lo)], codes)


def _result_path(
    op_xy: tuple[float, float],
    radius: float,
    box_xy: tuple[float, float],
    box_size: tuple[float, float],
) -> Path:
    """The arrow from an operation circle to the box of its result, boundary to boundary."""
    (x0, y0), (x1, y1) = op_xy, box_xy
    dx, dy = x1 - x0, y1 - y0
    length = (dx**2 + dy**2) ** 0.5 or 1.0
    w, h = box_size
    into_box = min(w / 2 / abs(dx) if dx else float("inf"), h / 2 / abs(dy) if dy else float("inf"))
    start = (x0 + radius * dx / length, y0 + radius * dy / length)
    return Path([start, (x1 - into_box * dx, y1 - into_box * dy)])


def _label_point(
    points: Sequence[tuple[float, float]],
    bend: float,
    radius: float,
    label_size: tuple[float, float],
    near_input: bool,
) -> tuple[float, float]:
    """Where a local derivative goes on an edge through ``points`` (input box to operation).

    At the less crowded end: just after the input's box (``near_input``, when the input feeds
    fewer operations than the operation has inputs, as for the weights of a neuron) or just
    before the operation circle of ``radius``; far enough that the label's box clears the box or
    circle. Follows the arc3 curve of the last segment (control point: midpoint + ``bend`` ×
    the normal).
    """
    (x0, y0), (x1, y1) = points[:2] if near_input else points[-2:]
    dx, dy = x1 - x0, y1 - y0
    length = (dx**2 + dy**2) ** 0.5
    if not length:
        return (x0, y0)
    w, h = label_size
    reach = 0.12 + (w * abs(dx) + h * abs(dy)) / (2 * length)
    # Clear of the input's box, which is on the left of the edge's start.
    if near_input:
        s = max(reach / length, (w / 2 + 0.1) / dx if dx > 0 else 0.0)
    else:
        s = 1 - (radius + reach) / length
    s = min(0.9, max(0.1, s))
    if len(points) > 2:
        bend = 0.0  # only direct edges (no waypoints) are curved
    cx, cy = (x0 + x1) / 2 + bend * dy, (y0 + y1) / 2 - bend * dx
    a, b, c = (1 - s) ** 2, 2 * s * (1 - s), s**2
    return (a * x0 + b * cx + c * x1, a * y0 + b * cy + c * y1)


def _op_symbol(op: str) -> str:
    return OP_SYMBOLS.get(op, op or "?")


@lru_cache(maxsize=4096)
def _text_width(text: str, fontsize: float, bold: bool = False) -> float:
    """Width of ``text`` in inches at ``fontsize`` points (measured from the font's glyphs)."""
    prop = FontProperties(size=fontsize, weight="bold" if bold else "normal")
    width, _, _ = _TEXT_TO_PATH.get_text_width_height_descent(text, prop, ismath=False)
    return width / 72


_TEXT_TO_PATH = TextToPath()


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
