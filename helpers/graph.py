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

Where everything goes is computed in :mod:`helpers.graph_layout`; this module only draws it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from io import BytesIO
from typing import Any

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch
from matplotlib.path import Path
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from helpers import validate
from helpers.graph_layout import (
    MAX_NODES,
    check_root,
    format_number,
    graph_layout,
    op_symbol,
    text_width,
)
from helpers.plot import ACCENT, INK, MUTED

# Colours: dark ink on light fills for a projector; the accent is the series' (helpers.plot).
LEAF_FILL = "#e3eefa"  # leaves: inputs and parameters
VALUE_FILL = "#ffffff"
OP_FILL = "#eeeeee"
GRAD_INK = "#b2182b"
LOCAL_INK = "#0a5a9c"
ACCENT_FILL = "#ffd9a8"


class GraphFigure(Figure):
    """The figure :func:`draw_graph` returns: a pyplot figure that IPython shows once.

    A pyplot figure ending a cell is shown twice: once as the cell's value, once more by the
    inline backend, which shows every open pyplot figure when the cell ends. This one closes
    itself in pyplot as it is shown, so it is shown exactly once however it is shown: as a
    cell's last expression, by ``display(fig)``, by ``plt.show()`` or at the end of the cell.
    Outside IPython it is an ordinary pyplot figure (``plt.show()``, ``fig.savefig(...)``).
    """

    def _ipython_display_(self) -> None:
        """Show the figure as IPython would show any figure, then close it in pyplot."""
        from IPython import get_ipython
        from IPython.display import display

        shell = get_ipython()
        if shell is None:
            return
        plt.close(self)  # shown here, so the inline backend does not show it again
        formats = shell.display_formatter.formatters.items()
        # Every format but this method (which would call itself): a PNG, the "<Figure ...>" text.
        data = {mime: formatter(self) for mime, formatter in formats if formatter.enabled}
        display({mime: value for mime, value in data.items() if value is not None}, raw=True)

    def __repr__(self) -> str:
        """As any figure's (``<Figure size 730x270 with 1 Axes>``): notebooks store this text."""
        width, height = self.bbox.size
        return f"<Figure size {width:g}x{height:g} with {len(self.axes)} Axes>"

    def _repr_png_(self) -> bytes:
        """The picture, for an IPython whose matplotlib backend registered no PNG printer."""
        buffer = BytesIO()
        self.savefig(buffer, format="png")
        return buffer.getvalue()


class GraphDrawing:
    """A drawn computational graph whose numbers and highlight can be refreshed in place.

    :func:`draw_graph` is the one-call version; :class:`helpers.widgets.BackpropStepper` keeps a
    ``GraphDrawing`` and calls :meth:`png` after every step, which redraws only what changed.
    Arguments as for :func:`draw_graph`, plus ``reserve_numbers`` (see
    :func:`helpers.graph_layout.graph_layout`) and ``pyplot``: without ``ax``, make the new
    figure a pyplot :class:`GraphFigure` (what :func:`draw_graph` returns) or a plain ``Figure``
    unknown to pyplot, shown only where it is passed to ``display()`` and never needing to be
    closed (the default, the stepper's way).
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
        check_root("draw_graph", "value", value)
        show_grad, edge_labels = _flag("show_grad", show_grad), _flag("edge_labels", edge_labels)
        if ax is not None and not isinstance(ax, Axes):
            raise TypeError(f"ax must be matplotlib Axes or None, got {validate.shown(ax)}")
        if title is not None and not isinstance(title, str):
            raise TypeError(f"title must be a string or None, got {validate.shown(title)}")
        self.layout = graph_layout(
            value,
            show_grad=show_grad,
            edge_labels=edge_labels,
            reserve_numbers=reserve_numbers,
            max_nodes=max_nodes,
        )
        highlight = _node_list(highlight)
        self._marked(highlight)  # refused before a figure is made, so none is left open
        self.ax = self._axes(ax, title, _flag("pyplot", pyplot))
        self.fig: Figure = self.ax.figure
        # The artists of each value i, of the operation that made it, and of its input edges.
        self._boxes: list[FancyBboxPatch] = []
        self._name_texts: list[Text] = []
        self._data_texts: list[Text] = []
        self._grad_texts: list[Text] = []
        self._circles: dict[int, Circle] = {}
        self._symbols: dict[int, Text] = {}
        self._edges: dict[int, list[FancyArrowPatch]] = {}  # result arrow first, then inputs
        self._labels: dict[int, list[Text]] = {}
        self._draw_values()
        self._draw_ops()
        self._draw_edges(edge_labels)
        # For png(): the fast-redraw picture and what it shows (highlight, gradient texts).
        self._picture: Any = None
        self._picture_key: tuple[Any, ...] = ()
        self._shown: tuple[list[int], list[str]] = ([], [])
        self.update(highlight)

    # -- drawing it once -------------------------------------------------------------------------

    def _axes(self, ax: Axes | None, title: str | None, pyplot: bool) -> Axes:
        """The axes to draw in (a new figure sized to the graph by default), in inches."""
        layout = self.layout
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
            size = (fig_w, fig_h)
            fig = plt.figure(figsize=size, FigureClass=GraphFigure) if pyplot else Figure(size)
            ax = fig.add_axes((0.0, 0.0, 1.0, (fig_h - title_band) / fig_h))
        ax.set_xlim(-x_pad, width + x_pad)
        ax.set_ylim(-y_pad, height)
        ax.set_aspect("equal")
        ax.axis("off")
        if title is None:
            root_label = layout.nodes[-1].label
            title = f"Computational graph of {root_label}" if root_label else "Computational graph"
        ax.set_title(title, fontsize=1.25 * fs, color=INK)
        return ax

    def _text(self, x: float, y: float, text: str, gid: str, **style: Any) -> Text:
        style = {"ha": "center", "va": "center", "fontsize": self.layout.fontsize, **style}
        return self.ax.add_artist(Text(x, y, text, gid=gid, zorder=style.pop("zorder", 3), **style))

    def _draw_values(self) -> None:
        """A box per value: its name, then ``data`` and (if shown) ``grad`` lines."""
        layout = self.layout
        box_w, box_h = layout.box_size
        line_h = 1.3 * layout.fontsize / 72
        for i, (node, (x, y)) in enumerate(zip(layout.nodes, layout.value_xy, strict=True)):
            box = FancyBboxPatch(
                (x - box_w / 2, y - box_h / 2),
                box_w,
                box_h,
                boxstyle=f"round,pad=0,rounding_size={0.3 * line_h}",
                zorder=2,
                gid=f"value:{i}",
            )
            self._boxes.append(self.ax.add_patch(box))
            top = y + (2 if layout.show_grad else 1) / 2 * line_h
            self._name_texts.append(
                self._text(
                    x,
                    top,
                    layout.names[i],
                    f"name:{i}",
                    fontweight="bold" if node.label else "normal",
                    color=INK if node.label else MUTED,
                )
            )
            self._data_texts.append(self._text(x, top - line_h, "", f"data:{i}", color=INK))
            if layout.show_grad:
                grad = self._text(x, top - 2 * line_h, "", f"grad:{i}", color=GRAD_INK)
                self._grad_texts.append(grad)

    def _arrow(self, path: Path, gid: str) -> FancyArrowPatch:
        style = {"arrowstyle": "-|>", "mutation_scale": 0.9 * self.layout.fontsize, "zorder": 1}
        return self.ax.add_patch(FancyArrowPatch(path=path, gid=gid, **style))

    def _draw_ops(self) -> None:
        """A circle per operation with its symbol, and the arrow to the value it made."""
        layout = self.layout
        r = layout.op_radius
        for i, (x, y) in layout.op_xy.items():
            self._circles[i] = self.ax.add_patch(Circle((x, y), r, zorder=2, gid=f"op:{i}"))
            symbol = op_symbol(layout.nodes[i].op)
            self._symbols[i] = self._text(x, y, symbol, f"symbol:{i}", color=INK)
            path = _result_path((x, y), r, layout.value_xy[i], layout.box_size)
            self._edges[i] = [self._arrow(path, f"result:{i}")]
            self._labels[i] = []

    def _draw_edges(self, edge_labels: bool) -> None:
        """An arrow per input of each operation, labelled with its local derivative."""
        layout = self.layout
        fs, r = layout.fontsize, layout.op_radius
        fan_out = [0] * len(layout.nodes)  # how many edges leave each value
        for edge in layout.edges:
            fan_out[edge.parent] += 1
        for edge in layout.edges:
            arrow = self._arrow(
                _edge_path(edge.points, edge.bend, r), f"edge:{edge.child}:{edge.slot}"
            )
            self._edges[edge.child].append(arrow)
            if not edge_labels:
                continue
            text = format_number(edge.local_grad)
            size = (text_width(text, 0.85 * fs) + 0.06, 1.2 * 0.85 * fs / 72 + 0.04)
            near_input = fan_out[edge.parent] < len(layout.nodes[edge.child].parents)
            lx, ly = _label_point(edge.points, edge.bend, r, size, near_input)
            gid = f"local:{edge.child}:{edge.slot}"
            label = self._text(lx, ly, text, gid, fontsize=0.85 * fs, color=LOCAL_INK, zorder=4)
            label.set_bbox({"boxstyle": "round,pad=0.12", "fc": "white", "ec": "none"})
            self._labels[edge.child].append(label)

    # -- refreshing it ---------------------------------------------------------------------------

    def update(self, highlight: Iterable[Any] = (), grads: Sequence[float] | None = None) -> None:
        """Show the nodes' current ``data`` and ``grad`` and accent the ``highlight`` nodes.

        ``grads`` (one per node of ``layout.nodes``) replaces the nodes' own ``.grad`` in the
        picture: the stepper shows its gradients without writing them into the graph. A
        highlighted value gets an accent box; if an operation made it, that operation and its
        input edges (the local derivatives the chain rule uses at that node) are accented too.
        """
        marked = self._marked(_node_list(highlight))
        nodes = self.layout.nodes
        shown_grads = [node.grad for node in nodes] if grads is None else list(grads)
        if len(shown_grads) != len(nodes):
            raise ValueError(f"grads must have one number per node ({len(nodes)})")
        for i, node in enumerate(nodes):
            self._data_texts[i].set_text(f"data {format_number(node.data)}")
            if self._grad_texts:
                self._grad_texts[i].set_text(f"grad {format_number(shown_grads[i])}")
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

    def png(self, highlight: Iterable[Any] = (), grads: Sequence[float] | None = None) -> bytes:
        """:meth:`update`, then the figure as PNG bytes, drawn fast for a stepper.

        What a backward sweep never changes (edges, labels, boxes, names, data) is rendered once
        and kept (:class:`helpers.widgets.render.PatchedFigure`). Each call repaints only where
        something changes (the boxes whose gradient changed, the previous and the current
        highlight) and draws just those gradients and the highlighted node, its operation and
        its input edges again: several times faster than drawing everything, and the same
        picture (tested pixel by pixel against a full draw).
        """
        # The widgets' renderer, imported only when a widget asks for a PNG: draw_graph needs
        # neither ipywidgets nor the other widgets.
        from helpers.widgets.render import PatchedFigure

        highlight = _node_list(highlight)
        self.update(highlight, grads)
        marked = sorted(self._marked(highlight))
        if self._picture is None:
            # A path's widest line (2.5 points) may reach this far beyond its extent.
            self._picture = PatchedFigure(self.fig, pad=math.ceil(2 * self.fig.dpi / 72) + 2)
        picture = self._picture
        canvas = picture.canvas
        shown_grads = [text.get_text() for text in self._grad_texts]
        key = (canvas.get_width_height(), tuple(text.get_text() for text in self._data_texts))
        if key != self._picture_key:
            self.update((), grads)
            picture.draw_background(left_out=self._grad_texts)
            self.update(highlight, grads)
            self._picture_key = key
            regions: list[Bbox] = []
            redraw = range(len(self._grad_texts))
            on_top = self._highlight_artists(marked, canvas.get_renderer())
        else:
            regions, redraw, on_top = self._changes(marked, shown_grads, canvas.get_renderer())
        self._shown = (marked, shown_grads)
        return picture.patch(regions, on_top + [self._grad_texts[i] for i in redraw])

    def _changes(
        self, marked: list[int], grads: list[str], renderer: Any
    ) -> tuple[list[Bbox], list[int], list[Any]]:
        """What to repaint since the last picture: the regions, the values whose gradient text
        is drawn again (on a clean box, never over its old self) and the highlight on top."""
        on_top = self._highlight_artists(marked, renderer)
        before = self._highlight_artists(self._shown[0], renderer)
        changed = [i for i, (a, b) in enumerate(zip(self._shown[1], grads, strict=True)) if a != b]
        regions = [artist.get_window_extent(renderer) for artist in before + on_top]
        regions += [self._boxes[i].get_window_extent(renderer) for i in changed]
        pad = self._picture.pad
        boxes = [box.get_window_extent(renderer).padded(pad) for box in self._boxes]
        redraw = [
            i
            for i, box in enumerate(boxes)
            if i in marked or any(box.overlaps(region) for region in regions)
        ]
        regions += [boxes[i] for i in redraw]
        return regions, redraw if self._grad_texts else [], on_top

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

    def _marked(self, highlight: Iterable[Any]) -> set[int]:
        """The indices of the ``highlight`` nodes (each must be a node of the graph)."""
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

    Returns the figure: a new pyplot :class:`GraphFigure`, which a notebook shows once whether
    the cell ends with the call, assigns it (``fig = draw_graph(L)``) or calls ``plt.show()``;
    with ``ax``, the figure of ``ax``.
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


def _node_list(highlight: Iterable[Any]) -> list[Any]:
    if not isinstance(highlight, Iterable):
        raise TypeError(
            "highlight must be a list of nodes of the graph (e.g. highlight=[a, b]), got "
            f"{validate.shown(highlight)}"
        )
    return list(highlight)


def _flag(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, got {validate.shown(value)}")
    return value


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
