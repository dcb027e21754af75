"""Drawing a neural network: neurons as circles in columns, weights as lines between them.

The classic picture of a network (Book §1.1): a column of neurons per layer, a line per weight
(as wide as |w|, blue if positive, orange if negative, as in TensorFlow Playground), and with an
input ``x`` every neuron filled with the colour of its value: ``helpers.draw_network(model, x)``.
:class:`NetworkDiagram` restyles its artists in place (:meth:`~NetworkDiagram.update`), fast
enough for a live trainer. Networks too wide or deep to draw neuron by neuron become a block
diagram: one rounded box per layer.
"""

from __future__ import annotations

import math
import textwrap
from collections import namedtuple
from functools import lru_cache
from itertools import groupby, pairwise
from typing import Any

import numpy as np
from matplotlib import rcParams
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgba
from matplotlib.font_manager import FontProperties
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
from matplotlib.text import Text
from matplotlib.textpath import TextToPath

from helpers import depth_demo, nn, scalar_nn, validate
from helpers.features import UNIT_CMAP
from helpers.plot import BLUE, INK, MUTED, VERMILLION

POSITIVE, NEGATIVE = BLUE, VERMILLION  # weight signs: the course's colour-blind-safe pair
MIN_WIDTH = 0.3  # points: the smallest weight is a hairline, never invisible
CMAP = UNIT_CMAP.resampled(255).with_extremes(bad="#BBBBBB")  # odd: 0 is pure white; nan grey
_LINE = np.array([to_rgba(NEGATIVE, 0.8), to_rgba(POSITIVE, 0.8)])  # indexed by w >= 0
_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_BOUNDED = ("tanh", "sigmoid")  # activations whose values never leave [−1, 1]
_TEXT = {"ha": "center", "va": "center", "color": INK, "zorder": 4}
_ARROW = {"arrowstyle": "-|>", "shrinkA": 0, "shrinkB": 0, "zorder": 1}
_BOX = {"boxstyle": "round,pad=0,rounding_size=0.1", "fc": "white", "ec": INK, "zorder": 2}
_PLUS = {"boxstyle": "circle,pad=0.1", "fc": "white", "ec": MUTED, "lw": 0.8}
_LEGEND = {  # the small print under a picture, by what it shows
    "weights": "line width: |w|, blue w\xa0>\xa00, orange w\xa0<\xa00 · biases not shown",
    "blocks": "arrows: all the weights between two layers",
    "skips": "+ arcs: skip connections (a layer adds its input back)",
    "fill": "fill: each neuron's value for this x (white 0, blue > 0, orange < 0)",
    "block fill": "fill: the layer's mean |activation| for this x (white 0, blue the largest)",
}


# What a picture needs to know of a model, whichever engine: the layer sizes (inputs, hidden,
# outputs), the hidden activation, what the outputs are ("logits" or the last activation), which
# weight layers add their input back (residual), and the output neurons' names.
_Net = namedtuple("_Net", "sizes hidden output skips outputs")


def _describe(model: Any) -> _Net:
    if isinstance(model, depth_demo.TanhNetwork):  # notebook 00's network: tanh layers, a score
        sizes = (model.weights[0].shape[0], *(w.shape[1] for w in model.weights), 1)
        return _Net(sizes, "tanh", "score", (False,) * len(sizes[1:]), ("s",))
    if isinstance(model, nn.MLP):
        name, n = type(model.activation).__name__.lower(), model.sizes[-1]
        outputs = tuple(f"class {j}" for j in range(n)) if n > 1 else ("z",)  # logits
        return _Net(tuple(model.sizes), name, "logits", tuple(map(bool, model.skips)), outputs)
    if isinstance(model, scalar_nn.MLP):
        layers = model.layers
        sizes = (len(layers[0].neurons[0].w), *(len(layer.neurons) for layer in layers))
        hidden = layers[0].neurons[0].activation if len(layers) > 1 else "linear"
        outputs = tuple(f"y{j + 1}".translate(_SUBSCRIPT) for j in range(sizes[-1]))
        output, skips = layers[-1].neurons[0].activation, (False,) * len(layers)
        return _Net(sizes, hidden, output, skips, outputs if len(outputs) > 1 else ("y",))
    got = f"{type(model).__name__} {model!r:.60}"
    raise TypeError(
        "model must be a helpers.nn.MLP, a helpers.scalar_nn.MLP or a "
        f"helpers.depth_demo.TanhNetwork, got {got}"
    )


def _weights(model: Any) -> list[np.ndarray]:
    """Each weight layer as an array (nin, nout): entry [i, j] connects unit i to unit j."""
    if isinstance(model, depth_demo.TanhNetwork):  # W_k is (inputs, outputs); the score reads h_L
        return [*model.weights, model.readout[:, None]]
    if isinstance(model, nn.MLP):
        return [np.asarray(layer.W.data, dtype=np.float64) for layer in model.layers]
    return [np.array([[w.data for w in n.w] for n in layer.neurons]).T for layer in model.layers]


def _values(model: Any, net: _Net, x: Any) -> list[np.ndarray] | None:
    """What every column shows for the input ``x``: x, each hidden layer's activations, then
    the outputs (the logits of a ``helpers.nn`` MLP). None without ``x``."""
    if x is None:
        return None
    n = net.sizes[0]
    try:
        v = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"x must be one input example, {n} numbers; got {x!r:.60}") from None
    if v.shape not in ((n,), (1, n)):
        want = f"shape ({n},) or (1, {n}) for this network of {n} inputs"
        raise ValueError(f"x must be one input example of {want}, got shape {v.shape}")
    v = v.reshape(-1)
    if isinstance(model, depth_demo.TanhNetwork):
        return [*(h[0] for h in model.layer_outputs(v[None])), model.scores(v[None])]
    if isinstance(model, nn.MLP):
        return [v, *(np.asarray(t.data, dtype=np.float64).reshape(-1) for t in model.outputs(v))]
    found = [v]
    for layer in model.layers:  # layer by layer, to keep the hidden activations
        found.append(np.array([neuron([*map(float, found[-1])]).data for neuron in layer.neurons]))
    return found


def size_text(sizes: Any) -> str:
    """The layer sizes as ``2-8-8-3``; three or more equal hidden layers in a row are written
    once with their count, as in ``2-16×10-3``."""
    parts = [str(sizes[0])]
    for width, run in groupby(sizes[1:-1]):
        count = len(list(run))
        parts += [f"{width}×{count}"] if count >= 3 else [str(width)] * count
    return "-".join([*parts, str(sizes[-1])])


def _title(net: _Net) -> str:
    depth = len(net.sizes) - 2
    hidden = f"{net.hidden} hidden layer{'s' if depth > 1 else ''}" if depth else ""
    kind = "residual network" if any(net.skips) else "network"
    return f"A {size_text(net.sizes)} {kind}: {hidden or 'no hidden layer'}"


_TEXT_TO_PATH = TextToPath()


@lru_cache(maxsize=2048)
def _width(text: str, points: float, bold: bool = False) -> float:
    """Width in inches of the widest line of ``text`` at ``points`` (from the font's glyphs)."""
    prop = FontProperties(size=points, weight="bold" if bold else "normal")
    measure = _TEXT_TO_PATH.get_text_width_height_descent
    return max(measure(line, prop, ismath=False)[0] for line in text.split("\n")) / 72


def _groups(net: _Net, max_units: Any, max_layers: Any) -> list[list[int]] | None:
    """The columns (0 = input, k = hidden layer k, last = output) each box of a block diagram
    stands for, a deep net's middle collapsed into one; None if small enough to draw in full."""
    for name, value in (("max_units", max_units), ("max_layers", max_layers)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be a positive int, got {value!r}")
    depth = len(net.sizes) - 2
    if max(net.sizes) <= max_units and depth <= max_layers:
        return None
    keep = max(1, min(3, (max_layers - 1) // 2))  # hidden layers shown at each end
    if depth <= max(max_layers, 2 * keep + 1):
        return [[c] for c in range(depth + 2)]
    ends = [[c] for c in range(keep + 1)], [[c] for c in range(depth - keep + 1, depth + 2)]
    return [*ends[0], list(range(keep + 1, depth - keep + 1)), *ends[1]]


class NetworkDiagram:
    """A network drawn on ``ax`` (arguments and picture as for :func:`draw_network`) whose
    artists :meth:`update` restyles in place, for a live trainer; :meth:`artists` lists them, for
    blitting. Room for the inputs' and outputs' values is kept only if ``x`` is given here."""

    def __init__(
        self,
        ax: Axes,
        model: Any,
        x: Any = None,
        *,
        max_units: int = 16,
        max_layers: int = 10,
        title: str | None = None,
        notation: bool = False,
    ) -> None:
        if not isinstance(ax, Axes):
            raise TypeError(f"ax must be a matplotlib Axes, got {type(ax).__name__} {ax!r:.60}")
        self.net = net = _describe(model)
        self.groups = _groups(net, max_units, max_layers)
        if not isinstance(notation, bool):
            raise TypeError(f"notation must be True or False, got {validate.shown(notation)}")
        self.notation = notation
        _values(model, net, x)  # a bad x fails before anything is drawn
        self.ax, self.fig = ax, ax.figure
        box, (fig_w, fig_h) = ax.get_position(), self.fig.get_size_inches()
        self._w, self._h = box.width * fig_w, box.height * fig_h  # data units are inches
        self._small = 0.85 * float(rcParams["font.size"])
        ax.set_axis_off()
        blocks = self.groups is not None
        keys = ["blocks" if blocks else "weights"] + ["skips"] * any(net.skips)
        keys += [f"{'block ' if blocks else ''}fill"] * (x is not None)
        bottom = self._caption([_LEGEND[k] for k in keys]) + 0.32 * any(net.skips)
        self._draw_blocks(bottom) if blocks else self._draw_units(bottom, x is not None)
        ax.set(xlim=(0, self._w), ylim=(0, self._h), aspect="equal")
        ax.set_title(_title(net) if title is None else title, color=INK)
        self.update(model, x)

    def _text(self, x: float, y: float, text: str, **style: Any) -> Text:
        return self.ax.text(x, y, text, **{**_TEXT, "fontsize": self._small, **style})

    def _caption(self, pieces: list[str]) -> float:
        """Draw the legend, the ``pieces`` packed into lines; returns its height (inches)."""
        fs, room, lines = 0.9 * self._small, self._w - 0.2, []
        for piece in pieces:
            if lines and _width(f"{lines[-1]} · {piece}", fs) <= room:
                lines[-1] = f"{lines[-1]} · {piece}"
            else:  # a new line, or several if the piece is too long for one
                lines += textwrap.wrap(piece, max(12, int(len(piece) * room / _width(piece, fs))))
        self._text(self._w / 2, 0.04, "\n".join(lines), va="bottom", fontsize=fs, color=MUTED)
        return len(lines) * 1.3 * fs / 72 + 0.1

    def _arc(self, x0: float, x1: float, y: float, depth: float = 0.14) -> None:
        """A skip connection: an arc from (x0, y) to (x1, y), bulging down, marked "+"."""
        bend = f"arc3,rad={2 * depth / (x1 - x0)}"
        arc = FancyArrowPatch((x0, y), (x1, y), connectionstyle=bend, **_ARROW)
        self.ax.add_patch(arc).set(mutation_scale=8, color=MUTED, lw=1.0)
        self._text((x0 + x1) / 2, y - depth, "+", fontweight="bold", bbox=_PLUS)

    def _draw_units(self, bottom: float, numbers: bool) -> None:
        net, ax, small = self.net, self.ax, self._small
        bottom += 1.6 * small / 72 if self.notation else 0.0  # room for the W_k, b_k labels
        sizes, n_max = net.sizes, max(net.sizes)
        inputs = [f"x{i + 1}".translate(_SUBSCRIPT) for i in range(sizes[0])]
        self._labels = [*inputs, *net.outputs]
        self._formats = [f"{s} = {{}}" for s in inputs] + [f"{s}: {{}}" for s in net.outputs]
        top = 2 * 1.3 * small / 72 + 0.1  # the column titles
        dy = min(0.55, max(0.02, (self._h - top - bottom) / n_max))  # tiny axes: still drawn
        fs = min(small, 0.8 * dy * 72)  # the inputs' and outputs' texts, one per neuron
        texts = [f.format("−10.00") for f in self._formats] if numbers else self._labels
        rooms = [_width("\n".join(t), fs) for t in (texts[: sizes[0]], texts[sizes[0] :])]
        shrink = min(1.0, 0.5 * self._w / sum(rooms))  # in narrow axes, smaller labels
        fs, in_room, out_room = fs * shrink, rooms[0] * shrink, rooms[1] * shrink
        r = min(0.36 * dy, 0.15)
        x0, x1 = in_room + 0.1 + r, self._w - out_room - 0.1 - r
        dx = (x1 - x0) / (len(sizes) - 1)
        r = min(r, 0.17 * dx)
        y_mid = bottom + (self._h - top - bottom) / 2
        xs = [x0 + c * dx for c in range(len(sizes))]
        ys = [y_mid + ((n - 1) / 2 - np.arange(n)) * dy for n in sizes]
        self._max_width = float(np.clip(0.22 * dy * 72, 1.5, 4.5))  # points
        self._lines = []
        for c, (nin, nout) in enumerate(pairwise(sizes)):  # segment i·nout + j: W[i, j]
            ends = np.zeros((nin, nout, 2, 2))
            ends[..., 0, 0], ends[..., 1, 0] = xs[c], xs[c + 1]
            ends[..., 0, 1], ends[..., 1, 1] = ys[c][:, None], ys[c + 1][None, :]
            lines = LineCollection(ends.reshape(-1, 2, 2), zorder=1, capstyle="round")
            self._lines.append(ax.add_collection(lines))
        self._circles = [  # scatter sizes are areas in points²
            ax.scatter(np.full(len(y), x), y, s=(144 * r) ** 2, c="white", ec=INK, lw=0.9, zorder=3)
            for x, y in zip(xs, ys, strict=True)
        ]
        self._texts = [self._text(x0 - r - 0.06, y, "", ha="right", fontsize=fs) for y in ys[0]]
        self._texts += [self._text(x1 + r + 0.06, y, "", ha="left", fontsize=fs) for y in ys[-1]]
        # Column titles: what the column is, then (muted) its activation.
        titles = ["input", *(f"hidden {k}" for k in range(1, len(sizes) - 1)), "output"]
        kinds = ["", *[net.hidden] * (len(sizes) - 2), net.output]
        if self.notation:  # the letters of the maths: x, h_k = act(h_{k−1} W_k + b_k), output
            last = "s" if net.output == "score" else "output"
            titles = ["x", *(f"h{k}".translate(_SUBSCRIPT) for k in range(1, len(sizes) - 1)), last]
            kinds = ["input", *kinds[1:]]
            self._weight_labels(xs, y_mid - (n_max - 1) / 2 * dy - r - 0.05, dx)
        fs = small * min(1.0, 0.9 * dx / _width("\n".join(titles + kinds), small, bold=True))
        y = y_mid + (n_max - 1) / 2 * dy + r + 0.06
        for x, name, kind in zip(xs, titles, kinds, strict=True):
            self._text(x, y + 1.25 * fs / 72, name, va="bottom", fontsize=fs, fontweight="bold")
            self._text(x, y, kind, va="bottom", fontsize=fs, color=MUTED)
        for k, skip in enumerate(net.skips):
            if skip:  # hidden layer k + 1 adds hidden layer k: columns k and k + 1
                self._arc(xs[k], xs[k + 1], y_mid - (n_max - 1) / 2 * dy - r - 0.04)

    def _weight_labels(self, xs: list[float], y: float, dx: float) -> None:
        """Under each layer of lines, the parameters it stands for: W₁, b₁, …; a score's w, c."""
        names = [f"W{k}, b{k}".translate(_SUBSCRIPT) for k in range(1, len(xs))]
        if self.net.output == "score":
            names[-1] = "w, c"
        fs = self._small * min(1.0, 0.9 * dx / max(_width(n, self._small) for n in names))
        for x0, x1, name in zip(xs, xs[1:], names, strict=False):
            self._text((x0 + x1) / 2, y, name, va="top", fontsize=fs, color=MUTED)

    def _draw_blocks(self, bottom: float) -> None:
        net, ax, groups = self.net, self.ax, self.groups or []
        sizes, last = net.sizes, len(net.sizes) - 1
        labels = []  # what each box says: its layer, size and activation
        for group in groups:
            c, widths = group[0], sorted({sizes[k] for k in group})
            if len(group) > 1:
                of = "–".join(map(str, dict.fromkeys([widths[0], widths[-1]])))
                labels.append(f"× {len(group)} more\nhidden layers\nof {of} units\n{net.hidden}")
            elif 0 < c < last:
                labels.append(f"hidden {c}\n{sizes[c]} units\n{net.hidden}")
            else:
                what = f"output\n{sizes[c]} " + ("logits" if net.output == "logits" else "units")
                labels.append(f"input\n{sizes[c]} values" if c == 0 else what)
        dx = (self._w - 0.2) / len(groups)
        bw = min(0.82 * dx, 1.4)
        fs = self._small * min(1.0, 0.85 * bw / _width("\n".join(labels), self._small))
        bh = 4 * 1.3 * fs / 72 + 0.3
        y_mid = bottom + (self._h - bottom) / 2
        xs = [0.1 + (g + 0.5) * dx for g in range(len(groups))]
        self._boxes = []
        for g, (x, label) in enumerate(zip(xs, labels, strict=True)):
            for shift in (0.08, 0.04, 0.0) if len(groups[g]) > 1 else (0.0,):  # a stack
                corner = (x - bw / 2 + shift, y_mid - bh / 2 + shift)
                box = ax.add_patch(FancyBboxPatch(corner, bw, bh, **_BOX))
            if 0 < groups[g][0] < last:
                self._boxes.append(box)
            self._text(x, y_mid, label, fontsize=fs, linespacing=1.3)
            if g:
                arrow = FancyArrowPatch((xs[g - 1] + bw / 2, y_mid), (x - bw / 2, y_mid), **_ARROW)
                ax.add_patch(arrow).set(mutation_scale=10, color=INK)
        where = {c: g for g, group in enumerate(groups) for c in group}
        arcs = {(where[k], where[k + 1]) for k, skip in enumerate(net.skips) if skip}
        for a, b in sorted(arcs - {(g, g) for g in range(len(groups))}):
            self._arc(xs[a], xs[b], y_mid - bh / 2 - 0.04)

    @np.errstate(all="ignore")  # a diverged network (inf, nan) is drawn, not warned about
    def update(self, model: Any, x: Any = None) -> None:
        """Restyle the picture for ``model``'s current weights and, with ``x``, activations: line
        widths and colours, fills and numbers change in place (``model`` must have the drawn
        sizes). In a block diagram a hidden box's fill shows its layer's mean |activation|."""
        net = _describe(model)
        if net.sizes != self.net.sizes:
            raise ValueError(
                f"this diagram shows a {size_text(self.net.sizes)} network, update got a "
                f"{size_text(net.sizes)} network; draw a new NetworkDiagram for it"
            )
        values = _values(model, net, x)
        if self.groups is not None:
            hidden = [g for g in self.groups if 0 < g[0] < len(net.sizes) - 1]
            shade = np.zeros(len(hidden))
            if values is not None:
                shade += [np.mean([np.abs(values[c]).mean() for c in g]) for g in hidden]
                shade /= shade.max(initial=1e-300)
            for box, colour in zip(self._boxes, CMAP(0.5 + 0.35 * shade), strict=True):
                box.set_facecolor(colour)  # at most a middle blue, so the label stays legible
            return
        weights = _weights(model)
        top = max(float(np.abs(W).max()) for W in weights)
        top, thick = top if 0 < top < np.inf else 1.0, self._max_width  # nan, inf: thickest
        for lines, W in zip(self._lines, weights, strict=True):
            w = W.reshape(-1)
            width = np.minimum(MIN_WIDTH + (thick - MIN_WIDTH) * np.abs(w) / top, thick)
            lines.set_linewidths(np.nan_to_num(width, nan=thick))
            lines.set_color(_LINE[(w >= 0).astype(int)])
        # Fills: white at 0, full colour at ±1 for tanh and sigmoid, else at the largest |value|.
        bounded = [False, *[net.hidden in _BOUNDED] * (len(net.sizes) - 2), net.output in _BOUNDED]
        for k, (circles, b) in enumerate(zip(self._circles, bounded, strict=True)):
            v = np.zeros(net.sizes[k]) if values is None else values[k]
            top = 1.0 if b else np.abs(v).max(initial=1e-300)
            circles.set_facecolor(CMAP(0.5 + 0.5 * v / top))
        texts = self._labels
        if values is not None:
            ends = np.concatenate([values[0], values[-1]])
            numbers = [f"{round(v, 2) + 0.0:.2f}".replace("-", "−") for v in ends]  # no −0.00
            texts = [f.format(n) for f, n in zip(self._formats, numbers, strict=True)]
        for text, shown in zip(self._texts, texts, strict=True):
            text.set_text(shown)

    def artists(self) -> list[Artist]:
        """What :meth:`update` changes, in drawing order (lines, neurons, numbers; or boxes)."""
        if self.groups is not None:
            return list(self._boxes)
        return [*self._lines, *self._circles, *self._texts]

    def __repr__(self) -> str:
        blocks = ", block diagram" if self.groups else ""
        layers = len(self.net.sizes) - 1
        return f"NetworkDiagram({size_text(self.net.sizes)}, {layers} weight layers{blocks})"


def draw_network(
    model: Any,
    x: Any = None,
    ax: Axes | None = None,
    *,
    max_units: int = 16,
    max_layers: int = 10,
    title: str | None = None,
    notation: bool = False,
) -> NetworkDiagram:
    """Draw ``model`` (a ``helpers.nn.MLP``, a ``helpers.scalar_nn.MLP`` or notebook 00's
    ``helpers.depth_demo.TanhNetwork``, whose output is its score "s") as circles and lines.

    Columns are layers: inputs x₁, x₂, … on the left, hidden layers ("hidden 1", … over their
    activation), outputs on the right (the logits "class 0", "class 1", … of a ``helpers.nn`` MLP,
    "z" if one; y₁, y₂, … of a scalar MLP, "y" if one). A line per weight runs from the neuron it
    reads to the neuron it feeds, as wide as |w| (the network's largest weight thickest, a weight
    near 0 a hairline), blue if w > 0 and orange if w < 0. Biases are not drawn. A residual
    layer, which adds its input back to what it computes, has an arc marked "+" under it.

    With ``x``, one input example of shape (nin,) or (1, nin), each neuron is filled with its value
    for that input: white at 0, bluer above, oranger below, full colour at ±1 (tanh, sigmoid) or at
    its column's largest |value| (inputs, ReLU, logits); inputs and outputs print it (2 decimals).

    A layer wider than ``max_units``, or more than ``max_layers`` hidden layers, makes a block
    diagram: a box per layer with its size and activation, the middle of a very deep network one
    box ("× 94 more hidden layers"); with ``x`` a box's fill is its layer's mean |activation|.

    ``notation=True`` names the columns with the letters of the maths instead: x, h₁, h₂, …
    (hidden layer k computes h_k = act(h_{k−1} W_k + b_k), rows as points) and the output, and
    writes under each layer of lines the parameters it stands for, "W₁, b₁", "W₂, b₂", … ("w, c"
    for the score s = h_L·w + c of a ``TanhNetwork``).

    ``ax``: draw there, without pyplot; by default a new pyplot figure sized to the network and the
    font (presenter mode), which the inline backend shows when the cell ends. Returns the
    :class:`NetworkDiagram` (``fig``, ``ax``, ``update``), which prints as one line: assign it
    (``d = draw_network(model)``) to keep that line out of a notebook.
    """
    options = {
        "max_units": max_units,
        "max_layers": max_layers,
        "title": title,
        "notation": notation,
    }
    if ax is not None:
        return NetworkDiagram(ax, model, x, **options)
    import matplotlib.pyplot as plt

    net = _describe(model)
    groups = _groups(net, max_units, max_layers)
    scale = max(1.0, float(rcParams["font.size"]) / 11)  # presenter mode: larger everything
    columns, rows = (len(net.sizes), max(net.sizes)) if groups is None else (len(groups), 4)
    width = min(14.0, scale * min(10.5, max(5.0, 2.2 + 0.75 * columns)))
    height = scale * min(5.0, max(2.4, 1.0 + 0.24 * rows + 0.3 * any(net.skips)))
    head = FontProperties(size=rcParams["axes.titlesize"]).get_size_in_points()
    bold = rcParams["axes.titleweight"] == "bold"
    width, band = max(width, _width(title or _title(net), head, bold) + 0.4), 2.4 * head / 72
    # Whole tenths of an inch, so the figure's text in a notebook does not hang on rounding.
    width, height = math.ceil(width * 10) / 10, math.ceil((height + band) * 10) / 10  # band: title
    fig = plt.figure(figsize=(width, height))
    try:
        ax = fig.add_axes((0.0, 0.0, 1.0, 1 - band / height))
        return NetworkDiagram(ax, model, x, **options)
    except Exception:
        plt.close(fig)
        raise
