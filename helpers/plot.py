"""One figure style and one palette for the series, a presenter style, the chain rule's pictures.

Every notebook starts with ``helpers.plot.use_style()``. The plotting functions return their Figure
or Axes and always set a title and labelled axes (:func:`set_labels`), so a figure is readable on
its own. Every colour of the series comes from the one palette below (:data:`COLORS` and the named
roles after it); other modules import it rather than writing hex codes of their own.

Presenting to a room
--------------------
Start JupyterLab with the environment variable ``HELPERS_PRESENT=1`` (``1``, ``true``, ``yes`` or
``on``; anything else, or unset, is the student style). No notebook is edited: the variable is read
when ``helpers.plot`` is imported (and again by each ``use_style()``), and then

* ``use_style()`` applies the presenter style: larger fonts, thicker lines and a larger canvas,
  sized for a 1280×720 projector, with constrained layout so that titles of neighbouring panels
  never overlap; ``use_style(presenter=True)`` or ``use_style(presenter=False)`` force one style
  whatever the variable says, and the choice holds for every later figure and widget;
* :func:`presenting` tells other modules (the widgets) which style is on;
* :func:`widget_scale`, :func:`widget_text_px`, :func:`text_css`, :func:`control_layout` and
  :func:`scaled_controls` give widgets their presenter sizes: text of at least 20 px and controls
  at least 44 px tall (in the student style they leave ipywidgets' own sizes alone)::

      button = widgets.Button(description="Reset", layout=plot.control_layout())
      readout.value = f'<pre style="{plot.text_css()}">{text}</pre>'
      box = plot.scaled_controls(widgets.VBox([...]))   # labels, sliders, toggle buttons too
"""

from __future__ import annotations

import math
import os
import textwrap
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator

from .gradcheck import numerical_derivative

if TYPE_CHECKING:
    import ipywidgets

# -- the palette -------------------------------------------------------------------------------
# Okabe and Ito's colours: distinguishable for colour-blind viewers and on washed-out projectors.
BLUE, VERMILLION, GREEN, PURPLE = "#0072B2", "#D55E00", "#009E73", "#CC79A7"
ORANGE, SKY, BLACK = "#E69F00", "#56B4E9", "#000000"
COLORS = (BLUE, VERMILLION, GREEN, PURPLE, ORANGE, SKY, BLACK)  # the order curves take them in
ACCENT = VERMILLION  # what the eye should go to: a tangent, the current step, a warning
INK, MUTED = "#333333", "#777777"  # text and lines that are not data
# Verdict text on white: darker than GREEN and VERMILLION so that it is readable (contrast ≥ 4.5).
RIGHT_INK, WRONG_INK = "#1B7A3A", "#B3261E"

# -- the two styles ----------------------------------------------------------------------------
_BASE = {
    "figure.figsize": (7.0, 4.0),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "axes.prop_cycle": mpl.cycler(color=COLORS),
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titleweight": "bold",
    "legend.frameon": False,
    "image.cmap": "RdBu_r",
}
_SIZES = {
    False: {  # a student's screen
        "font.size": 11,
        "axes.titlesize": 13,
        "axes.labelsize": 12,
        "legend.fontsize": 10,
        "lines.linewidth": 2.0,
        "lines.markersize": 6,
    },
    True: {  # a 1280×720 projector at the back of a room
        "figure.figsize": (10.0, 5.6),
        "figure.constrained_layout.use": True,  # panel titles and labels never overlap
        "font.size": 16,
        "axes.titlesize": 20,
        "axes.labelsize": 18,
        "xtick.labelsize": 15,
        "ytick.labelsize": 15,
        "legend.fontsize": 15,
        "lines.linewidth": 3.5,
        "lines.markersize": 10,
    },
}
PRESENT_VARIABLE = "HELPERS_PRESENT"
_ON = {"1", "true", "yes", "on"}
PRESENTER_WIDGET_SCALE = 1.6  # ipywidgets' 13 px text becomes 21 px, its 28 px controls 45 px
_CONTROL_PX = 28  # ipywidgets' height of a button, dropdown or slider line
_TEXT_PX = 13  # ipywidgets' text size


def presenting_from_environment() -> bool:
    """Whether the environment asks for the presenter style (``HELPERS_PRESENT=1``)."""
    return os.environ.get(PRESENT_VARIABLE, "").strip().lower() in _ON


# Read at import; use_style() reads the variable again, and use_style(presenter=...) overrides it.
_presenting = presenting_from_environment()


def presenting() -> bool:
    """Whether the presenter style is on: from ``HELPERS_PRESENT``, or the last ``use_style``."""
    return _presenting


def use_style(presenter: bool | None = None) -> None:
    """Apply the series' figure style to every figure drawn from now on.

    ``presenter=None`` (the default) takes the presenter style when ``HELPERS_PRESENT=1`` was set
    when helpers was imported, the student style otherwise; ``True`` or ``False`` forces one style,
    for the figures and for the widgets made afterwards.
    """
    global _presenting
    if presenter is not None and not isinstance(presenter, bool):
        raise TypeError(f"presenter must be True, False or None, got {presenter!r}")
    _presenting = presenting_from_environment() if presenter is None else presenter
    mpl.rcParams.update(mpl.rcParamsDefault)
    mpl.rcParams.update(_BASE)
    mpl.rcParams.update(_SIZES[_presenting])


# -- sizes for widgets -------------------------------------------------------------------------


def widget_scale() -> float:
    """How much larger widget text and controls are drawn: 1.6 when presenting, else 1."""
    return PRESENTER_WIDGET_SCALE if presenting() else 1.0


def widget_text_px() -> int:
    """The size of text under and beside widgets, in CSS pixels: 13, or 21 when presenting."""
    return round(_TEXT_PX * widget_scale())


def text_css() -> str:
    """Inline CSS for an HTML widget's text (a readout, a message) at :func:`widget_text_px`."""
    return f"font-size: {widget_text_px()}px; line-height: 1.35"


def control_layout(**layout: str) -> ipywidgets.Layout:
    """An ipywidgets Layout for a button or dropdown: at least 44 px tall when presenting.

    Keyword arguments are further Layout properties (``width="60%"``); in the student style the
    Layout holds only those.
    """
    import ipywidgets

    if presenting():
        height = f"{max(44, round(_CONTROL_PX * widget_scale()))}px"
        layout = {"height": height, "min_height": height, **layout}
    return ipywidgets.Layout(**layout)


PRESENTER_CLASS = "helpers-present"


def presenter_css() -> str:
    """A style sheet that enlarges every control inside an element of class ``helpers-present``.

    ipywidgets gives no style for the size of a slider's label, a toggle button or a dropdown's
    text, so :func:`scaled_controls` puts this sheet next to the controls it enlarges. (HTML text
    is sized by :func:`text_css` where it is written, so that several lines stay close together.)
    """
    text, height = widget_text_px(), max(44, round(_CONTROL_PX * widget_scale()))
    scope = f".{PRESENTER_CLASS}"
    return (
        f"{scope} .widget-label, {scope} .widget-readout, {scope} .widget-dropdown select, "
        f"{scope} .widget-button, {scope} .widget-toggle-button "
        f"{{font-size: {text}px; line-height: {height}px;}}\n"
        f"{scope} .widget-inline-hbox, {scope} .widget-button, {scope} .widget-toggle-button, "
        f"{scope} .widget-dropdown select {{height: {height}px; min-height: {height}px;}}"
    )


def scaled_controls(box: ipywidgets.Box) -> ipywidgets.Box:
    """``box`` with its controls enlarged when presenting (a no-op in the student style).

    Adds the class ``helpers-present`` to the box and the sheet of :func:`presenter_css` as its
    first child, so that labels, readouts, sliders, dropdowns and toggle buttons inside it get text
    of at least 20 px and a height of at least 44 px.
    """
    import ipywidgets

    if presenting():
        box.add_class(PRESENTER_CLASS)
        sheet = ipywidgets.HTML(f"<style>{presenter_css()}</style>")
        box.children = (sheet, *box.children)
    return box


def set_labels(ax: Axes, title: str, xlabel: str, ylabel: str) -> Axes:
    """Give an Axes its title and axis labels (every figure of the series has all three).

    In presenter style a title too long for its panel is wrapped onto more lines, so that the
    titles of panels side by side never run into each other (constrained layout then makes room
    for the extra lines).
    """
    ax.set_title(_fitted(title, ax) if presenting() else title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return ax


def _fitted(title: str, ax: Axes) -> str:
    """``title`` wrapped at spaces to the width of its panel (about 0.58 em per character)."""
    width_pt = ax.get_position().width * ax.get_figure().get_figwidth() * 72
    em = FontProperties(size=mpl.rcParams["axes.titlesize"]).get_size_in_points()
    chars = max(8, int(width_pt / (0.58 * em)))
    if len(title) <= chars:
        return title
    head, colon, tail = title.partition(": ")  # "too large: η = 0.15" breaks after its colon
    parts = [head + colon.rstrip(), tail] if colon and "(" not in head else [title]
    lines = []
    for part in parts:  # lines of about equal length, rather than one word left over at the end
        width = min(chars, math.ceil(len(part) / math.ceil(len(part) / chars)) + 3)
        lines += textwrap.wrap(part, width)
    return "\n".join(lines) or title


def slope_of(f: Callable[[float], float], x0: float, df: Callable[[float], float] | None) -> float:
    """f'(x0): from ``df`` when given, otherwise by a central difference."""
    return float(df(x0)) if df is not None else numerical_derivative(f, x0)


class CompositionPanels:
    """The chain rule, equation (1.1), in three panels that can be redrawn quickly.

    Left, the inner function u = g(x) with its tangent at x0 (slope g'(x0)); middle, the outer
    function y = f(u) with its tangent at u0 = g(x0) (slope f'(u0)); right, the composition
    y = f(g(x)) with its tangent at x0, whose slope is the product f'(g(x0)) · g'(x0).

    :meth:`set_functions` draws the curves and axes (the slow part, once per pair of functions);
    :meth:`set_x` only moves the tangents and points and rewrites the numbers, and
    :attr:`dynamic` lists exactly the artists it changes, so a widget can redraw just those.
    The middle panel shows f over every u that g reaches for x in ``xlim``, so the axes stay put
    while x moves.
    """

    def __init__(
        self, fig: Figure, *, xlim: tuple[float, float] = (-2.0, 2.0), numbers: bool = True
    ) -> None:
        if not xlim[0] < xlim[1]:
            raise ValueError(f"xlim must be (low, high) with low < high, got {xlim}")
        self.fig = fig
        self.xlim = (float(xlim[0]), float(xlim[1]))
        self.numbers = numbers  # slopes in the titles; False keeps all text fixed (faster updates)
        fig.clear()
        self.axes: list[Axes] = list(fig.subplots(1, 3))
        self._curves, self._tangents, self._points = [], [], []
        for ax in self.axes:
            self._curves.append(ax.plot([], [], color=COLORS[0])[0])
            self._tangents.append(ax.plot([], [], color=ACCENT, linestyle="--")[0])
            self._points.append(ax.plot([], [], "o", color=ACCENT)[0])
            ax.locator_params(nbins=5)
        self.legend = self.axes[2].legend(
            [self._curves[2], self._tangents[2]], ["y", "tangent"], loc="best"
        )
        self.suptitle = fig.suptitle(
            "Chain rule, equation (1.1): slope on the right = middle slope × left slope",
            fontsize=mpl.rcParams["axes.titlesize"],
        )
        if fig.get_layout_engine() is None:  # the presenter style lays out by constraints instead
            fig.subplots_adjust(left=0.07, right=0.98, bottom=0.16, top=0.78, wspace=0.32)
        self._functions: tuple | None = None
        self._texts = ("g(x)", "f(u)", "f(g(x))")

    def set_functions(
        self,
        f: Callable[[float], float],
        g: Callable[[float], float],
        *,
        df: Callable[[float], float] | None = None,
        dg: Callable[[float], float] | None = None,
        inner: str = "g(x)",
        outer: str = "f(u)",
        composed: str = "f(g(x))",
    ) -> None:
        """Draw u = g(x), y = f(u) and y = f(g(x)); ``inner``/``outer``/``composed`` name them.

        Raises ValueError, leaving the picture as it was, when a curve is not finite over its range
        (exp(exp(x)) overflows for x beyond about 6.5).
        """
        xs = np.linspace(*self.xlim, 400)
        us = _finite(_evaluate(g, xs), f"u = {inner}", self.xlim)
        u_lo, u_hi = _padded(float(np.min(us)), float(np.max(us)), minimum=1.0)
        u_grid = np.linspace(u_lo, u_hi, 400)
        curves = [
            (xs, us),
            (u_grid, _finite(_evaluate(f, u_grid), f"y = {outer}", (u_lo, u_hi), "u")),
            (xs, _finite(_evaluate(f, us), f"y = {composed}", self.xlim)),
        ]
        names = (("x", "u"), ("u", "y"), ("x", "y"))
        for ax, line, (cx, cy), (xname, yname) in zip(
            self.axes, self._curves, curves, names, strict=True
        ):
            line.set_data(cx, cy)
            ax.set_xlim(cx[0], cx[-1])
            ax.set_ylim(*_padded(float(np.min(cy)), float(np.max(cy)), minimum=0.5))
            ax.set_xlabel(xname)
            ax.set_ylabel(yname)
        self.legend.get_texts()[0].set_text(f"y = {composed}")
        self._functions = (f, g, df, dg)
        self._texts = (inner, outer, composed)
        if not self.numbers:
            self.axes[0].set_title(f"inner: u = {inner}")
            self.axes[1].set_title(f"outer: y = {outer}")
            self.axes[2].set_title(f"composed: y = {composed}")
            self.legend.set_visible(False)  # the suptitle says what the dashed lines are

    def set_x(self, x0: float) -> tuple[float, float, float]:
        """Move the tangents to x0; return (u0, f'(u0), g'(x0)) as used in the picture."""
        if self._functions is None:
            raise RuntimeError("call set_functions(f, g) before set_x(x0)")
        f, g, df, dg = self._functions
        x0 = float(x0)
        u0 = float(g(x0))
        g_slope = slope_of(g, x0, dg)
        f_slope = slope_of(f, u0, df)
        product = f_slope * g_slope
        centres = ((x0, u0, g_slope), (u0, float(f(u0)), f_slope), (x0, float(f(u0)), product))
        for ax, tangent, point, (cx, cy, slope) in zip(
            self.axes, self._tangents, self._points, centres, strict=True
        ):
            lo, hi = ax.get_xlim()
            half = 0.2 * (hi - lo)
            tangent.set_data([cx - half, cx + half], [cy - slope * half, cy + slope * half])
            point.set_data([cx], [cy])
        if not self.numbers:
            return u0, f_slope, g_slope
        inner, outer, composed = self._texts
        self.axes[0].set_title(f"inner: u = {inner}, slope {g_slope:.3g}")
        self.axes[1].set_title(f"outer: y = {outer}, slope {f_slope:.3g}")
        self.axes[2].set_title(f"y = {composed}, slope {f_slope:.3g} × {g_slope:.3g}")
        self.legend.get_texts()[1].set_text(f"tangent, slope {product:.3g}")
        self.suptitle.set_text(
            f"Chain rule at x = {x0:.3g}: dy/dx = f'(g(x)) · g'(x) = "
            f"{f_slope:.3g} × {g_slope:.3g} = {product:.3g}"
        )
        return u0, f_slope, g_slope

    @property
    def dynamic(self) -> list[Artist]:
        """The artists :meth:`set_x` changes; all others stay as :meth:`set_functions` drew them."""
        moving = [*self._tangents, *self._points]
        if not self.numbers:
            return moving
        return [*moving, *(ax.title for ax in self.axes), self.legend, self.suptitle]


def _evaluate(f: Callable[[float], float], xs: np.ndarray) -> np.ndarray:
    """f at every entry of xs: in one call when f works on arrays, else point by point.

    An overflow gives inf (for :func:`_finite` to report), not a warning.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        try:
            ys = np.asarray(f(xs), dtype=float)
        except (TypeError, ValueError):
            ys = np.array([])
        if ys.shape != xs.shape:
            ys = np.array([float(f(x)) for x in xs])
    return ys


def _finite(
    ys: np.ndarray, curve: str, interval: tuple[float, float], var: str = "x"
) -> np.ndarray:
    """``ys``, or a ValueError saying that ``curve`` is not finite (overflows) somewhere."""
    if not np.all(np.isfinite(ys)):
        lo, hi = interval
        raise ValueError(
            f"{curve} is not a finite number for every {var} in [{lo:.3g}, {hi:.3g}] (it overflows)"
            "; choose a narrower range"
        )
    return ys


def _padded(lo: float, hi: float, minimum: float) -> tuple[float, float]:
    """The interval [lo, hi] widened by 8% on each side, and to at least ``minimum`` in all."""
    centre, half = (lo + hi) / 2, max((hi - lo) / 2 * 1.08, minimum / 2)
    return centre - half, centre + half


def plot_secants(
    f: Callable[[float], float],
    x0: float,
    steps: Sequence[float],
    df: Callable[[float], float] | None = None,
    *,
    xlim: tuple[float, float] | None = None,
    ax: Axes | None = None,
    name: str = "f",
) -> Axes:
    """f, its secants through x0 and x0 + h for each step h, and its tangent at x0.

    A secant's slope (f(x0 + h) − f(x0)) / h is the average rate of change over [x0, x0 + h]; as h
    shrinks the secants turn towards the tangent, whose slope is the derivative f'(x0).
    """
    if not steps or any(not h > 0 for h in steps):
        raise ValueError(f"steps must be positive numbers h, got {list(steps)}")
    if xlim is None:
        reach = max(steps)
        xlim = (x0 - 0.6 * reach, x0 + 1.3 * reach)
    if not xlim[0] < xlim[1]:
        raise ValueError(f"xlim must be (low, high) with low < high, got {xlim}")
    if ax is None:
        _, ax = plt.subplots()
    xs = np.linspace(*xlim, 300)
    ys = _evaluate(f, xs)
    y0 = float(f(x0))
    ax.plot(xs, ys, color=COLORS[0], linewidth=3, label=f"{name}(x)", zorder=3)
    for h, color in zip(steps, COLORS[1:] * len(steps), strict=False):
        slope = (float(f(x0 + h)) - y0) / h
        ax.plot(
            xs, y0 + slope * (xs - x0), color=color, label=f"secant h = {h:g}: slope {slope:.3g}"
        )
        ax.plot([x0 + h], [float(f(x0 + h))], "o", color=color, zorder=4)
    slope = slope_of(f, x0, df)
    ax.plot(
        xs,
        y0 + slope * (xs - x0),
        color="black",
        linestyle="--",
        label=f"tangent: slope {slope:.3g}",
    )
    ax.plot([x0], [y0], "o", color="black", zorder=4)
    ax.set_xlim(*xlim)
    ax.set_ylim(*_padded(float(np.min(ys)), float(np.max(ys)), minimum=1.0))
    ax.legend(loc="best")
    return set_labels(ax, f"Secants through x = {x0:g} turn into the tangent", "x", f"{name}(x)")


def plot_step_errors(
    steps: Sequence[float],
    errors: Mapping[str, Sequence[float]],
    *,
    title: str,
    guides: Mapping[str, float] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """The error of numerical derivatives against the step h, both axes logarithmic.

    On log-log axes an error proportional to h^p is a straight line of slope p. ``guides`` maps a
    label such as "∝ h²" to its power p; guide k is a dotted line through the first point of
    curve k, to compare the curve's slope with. Errors of exactly 0 cannot be drawn on a log scale
    and are left out.
    """
    steps = np.asarray(steps, dtype=float)
    if ax is None:
        _, ax = plt.subplots()
    curves = [(name, np.asarray(values, dtype=float)) for name, values in errors.items()]
    for (name, values), color in zip(curves, COLORS, strict=False):
        if values.shape != steps.shape:
            raise ValueError(f"{name!r} has {values.size} errors for {steps.size} steps")
        ax.loglog(steps, np.where(values > 0, values, np.nan), "o-", color=color, label=name)
    for (guide, power), (_, values), color in zip(
        (guides or {}).items(), curves, COLORS, strict=False
    ):
        ax.loglog(
            steps,
            values[0] * (steps / steps[0]) ** power,
            ":",
            color=color,
            linewidth=1.5,
            label=guide,
        )
    drawn = np.concatenate([values[values > 0] for _, values in curves])
    if drawn.size:  # the guides may fall far below the data: keep the data in view
        ax.set_ylim(drawn.min() / 10, drawn.max() * 10)
    ax.legend(loc="best")
    return set_labels(ax, title, "step h", "error |estimate − true slope|")


def draw_dependencies(
    nodes: Mapping[str, tuple[float, float]],
    edges: Sequence[tuple[str, str, str]],
    *,
    title: str,
    ax: Axes | None = None,
) -> Axes:
    """A small dependency diagram: named nodes at given positions, labelled arrows between them.

    ``edges`` holds (from, to, label) triples, e.g. ("x", "z", "∂z/∂x = y"): the label is the local
    derivative of the arrow's head with respect to its tail. Following every path from one node
    to another and multiplying the labels along it, then adding over the paths, is the
    multivariable chain rule. A diagram, not a chart: it has a title and no axes.
    """
    if ax is None:
        width = mpl.rcParams["figure.figsize"][0]  # 7 in, or 10 in presenter style
        _, ax = plt.subplots(figsize=(width, 0.46 * width))
    for source, target, _ in edges:
        for end in (source, target):
            if end not in nodes:
                raise ValueError(
                    f"edge {source!r} → {target!r} names {end!r}, which has no position"
                )
    radius = 0.32
    for source, target, text in edges:
        (x1, y1), (x2, y2) = nodes[source], nodes[target]
        length = float(np.hypot(x2 - x1, y2 - y1))
        dx, dy = (x2 - x1) / length * radius, (y2 - y1) / length * radius
        ax.annotate(
            "",
            xy=(x2 - dx, y2 - dy),
            xytext=(x1 + dx, y1 + dy),
            arrowprops={"arrowstyle": "-|>", "color": "0.3", "linewidth": 2, "mutation_scale": 20},
        )
        ax.text(
            (x1 + x2) / 2,
            (y1 + y2) / 2,
            text,
            ha="center",
            va="center",
            color=ACCENT,
            fontsize=mpl.rcParams["axes.labelsize"],
            bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none"},
        )
    for name, (x, y) in nodes.items():
        ax.add_patch(
            mpl.patches.Circle((x, y), radius, facecolor="#DCEBF7", edgecolor=COLORS[0], lw=2)
        )
        ax.text(x, y, name, ha="center", va="center", fontsize=mpl.rcParams["axes.titlesize"])
    xs = [x for x, _ in nodes.values()]
    ys = [y for _, y in nodes.values()]
    ax.set_xlim(min(xs) - 0.6, max(xs) + 0.6)
    ax.set_ylim(min(ys) - 0.6, max(ys) + 0.6)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title)
    return ax


def log_y(ax: Axes) -> None:
    """A logarithmic y axis with a few decades labelled as plain numbers (0.01, 0.1, 1, 10 rather
    than 10⁻², 10⁻¹, ...): easier to read, and several times faster to draw."""
    ax.set_yscale("log")
    ax.yaxis.set_major_locator(LogLocator(numticks=6))
    ax.yaxis.set_minor_locator(NullLocator())
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))


def plot_curves(
    curves: dict[str, Sequence[float]],
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    logy: bool = False,
    ax: Axes | None = None,
) -> Axes:
    """Several named curves over their index (loss per step, error per step size, ...)."""
    if ax is None:
        _, ax = plt.subplots()
    for name, ys in curves.items():
        ax.plot(np.arange(len(ys)), ys, label=name)
    if logy:
        log_y(ax)
    if len(curves) > 1:
        ax.legend(loc="best")
    return set_labels(ax, title, xlabel, ylabel)
