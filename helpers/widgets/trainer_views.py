"""The pictures of the live trainer, one panel each: what a :class:`~helpers.training.TrainingRun`
looks like while it learns.

Each panel owns one off-screen figure shown as a PNG in an ``ipywidgets.Image`` (``.image``) and
redrawn by blitting (:class:`~helpers.widgets.render.LiveFigure`): what stays (axes, ticks, data
points) is drawn once per network or dataset, what changes is drawn over it at every update.
``reset(run)`` redraws a panel for a new network or new data; ``update(run)`` for new weights.

- :class:`BoundaryPanel`: the decision boundary, training points filled, test points open;
- :class:`LossPanel`: training and test loss per step (and the L2 penalty), log scale;
- :class:`GradientPanel`: ‖∂L/∂W_k‖ for every layer k on a fixed log scale, now and at step 0,
  so vanishing and exploding gradients show as bars collapsing or growing;
- :class:`DiagramPanel`: the network (``helpers.diagram``), circles and lines or blocks;
- :class:`UnitMapsPanel`: what each unit of one hidden layer computes over the plane.
"""

from __future__ import annotations

import contourpy
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.ticker import FuncFormatter, LogLocator

from helpers.boundary import (
    CLASS_COLORS,
    grid_points,
    margins,
    probabilities_on_grid,
    shade,
    view_limits,
)
from helpers.diagram import NetworkDiagram
from helpers.features import draw_unit_maps, unit_maps
from helpers.plot import ACCENT, BLUE
from helpers.training import DATASETS, TrainingRun
from helpers.widgets.presenter_sizes import fixed_fonts, in_picture_style, sizes
from helpers.widgets.render import LiveFigure, image_view, offscreen_figure

LOSS_RANGE = (1e-3, 5.0)
GRADIENT_RANGE = (1e-8, 1e2)  # fixed, so a vanishing or exploding gradient moves its bar
LAYER_AXIS = (2, 4, 6, 11, 21, 51, 101)  # lengths of the layer axis of the gradient panel
# inches: at 80 dpi three panels side by side fit a 1280-pixel screen; at the presenter's 120 dpi,
# two do (the same picture, every size × 1.5)
PANEL = (4.3, 3.6)
OFF_CHART = ACCENT  # the markers and the note of losses above (or below) the loss axis
MAX_UNIT_MAPS = 12


def _plain(value: float, _: object) -> str:
    """Tick labels as plain decimals (0.01, 0.1, 1): read as well as powers of ten, draw faster."""
    return f"{value:g}"


def _power(value: float, _: object) -> str:
    """Tick labels as powers of ten, 1e-08 … 1e+02, in plain text (no mathtext: faster)."""
    return f"1e{round(np.log10(value)):d}"


class Panel:
    """A figure, its image widget and its blitting; subclasses draw into ``self.ax``.

    Every panel draws in ``presenter_sizes.PICTURE_STYLE`` (its ``__init__``, ``reset`` and
    ``update`` run in it) at the dots per inch of the style in use: the same picture in every
    notebook style, only larger in the presenter style."""

    @in_picture_style
    def __init__(self, figsize: tuple[float, float] = PANEL, keep: int = 1) -> None:
        self.fig = offscreen_figure(figsize, dpi=sizes().dpi, layout="none")
        self.ax = self.fig.subplots()
        fixed_fonts(self.ax)
        self.image = image_view(self.fig)
        self.live = LiveFigure(self.fig, self.dynamic, keep=keep)
        self.key: object = None  # names the background; a panel that keeps several sets it

    def dynamic(self) -> list:
        return []

    def show(self) -> None:
        self.image.value = self.live.png(self.key)


def boundary_resolution(run: TrainingRun) -> int:
    """Grid points per side for the boundary: fewer for big networks, so a redraw of a deep one
    costs about what a shallow one does (the forward pass grows with depth × width)."""
    work = run.settings.depth * run.settings.width
    return 60 if work <= 64 else 40 if work <= 320 else 28


class BoundaryPanel(Panel):
    """The plane shaded by the class the network picks, the boundary lines where that choice
    changes, training points filled and test points open: the picture of ``helpers.boundary``,
    drawn for speed.

    The boundary around each class is the zero line of its margin p_k − max_{j≠k} p_j
    (``helpers.boundary.margins``), traced with ``contourpy`` into one line collection reused at
    every update, and the points are markers of one line per class: the same picture as
    ``BoundaryPlot`` at a fraction of the cost of ``ax.contour`` and ``ax.scatter``.
    """

    @in_picture_style
    def __init__(self) -> None:
        super().__init__(keep=len(DATASETS))  # going back to a dataset redraws no axes
        self.fig.subplots_adjust(left=0.17, right=0.97, bottom=0.14, top=0.85)
        ax = self.ax
        self.shading = ax.imshow(
            np.ones((2, 2, 3)), origin="lower", aspect="auto", interpolation="bilinear"
        )
        self.lines = LineCollection([], colors="black", linewidths=1.2, zorder=2)
        ax.add_collection(self.lines, autolim=False)
        self.points: list = []
        ax.grid(False)
        ax.set_title("decision boundary\n● training points  ○ test points", y=1.0)
        ax.set_xlabel("x₁")
        ax.set_ylabel("x₂")
        self.resolution = 0
        self.xlim = self.ylim = (0.0, 0.0)

    def dynamic(self) -> list:
        return [self.shading, self.lines, *self.points]

    @in_picture_style
    def reset(self, run: TrainingRun) -> None:
        """New data: new points and limits (the axes are reused, not cleared)."""
        for line in self.points:
            line.remove()
        self.points = []
        for X, y, filled in ((run.X_train, run.y_train, True), (run.X_test, run.y_test, False)):
            for k in range(run.classes):
                colour = CLASS_COLORS[k % len(CLASS_COLORS)]
                style = (
                    dict(mfc=colour, mec="white", ms=5, mew=0.6)
                    if filled
                    else dict(mfc="none", mec=colour, ms=5.5, mew=1.3)
                )
                (line,) = self.ax.plot(*X[y == k].T, "o", zorder=3, **style)
                self.points.append(line)
        limits = view_limits(np.concatenate([run.X_train, run.X_test]))
        # out to the next quarter: new noise or a new seed seldom moves the axes and ticks,
        # and then only the points are redrawn, not the whole figure
        limits = tuple((np.floor(4 * low) / 4, np.ceil(4 * high) / 4) for low, high in limits)
        if limits != (self.xlim, self.ylim):
            self.xlim, self.ylim = limits
            self.ax.set_xlim(*self.xlim)
            self.ax.set_ylim(*self.ylim)
            self.shading.set_extent((*self.xlim, *self.ylim))
            self.key = limits  # only the limits change the background (axes and ticks)
        self.resolution = 0

    @in_picture_style
    def update(self, run: TrainingRun) -> None:
        resolution = boundary_resolution(run)
        if resolution != self.resolution:
            self.resolution = resolution
            self.grid = grid_points(self.xlim, self.ylim, resolution)
            xs, ys = np.linspace(*self.xlim, resolution), np.linspace(*self.ylim, resolution)
            self.mesh = np.meshgrid(xs, ys)
        probs = probabilities_on_grid(run.predict, self.grid, resolution)
        self.shading.set_data(shade(probs))
        m = margins(probs)
        segments: list = []
        # Two classes share one boundary; with more, each class's border is traced.
        for k in range(1 if probs.shape[-1] == 2 else probs.shape[-1]):
            if m[..., k].min() < 0 < m[..., k].max():
                tracer = contourpy.contour_generator(*self.mesh, m[..., k], line_type="Separate")
                segments += tracer.lines(0.0)
        self.lines.set_segments(segments)
        self.show()


class LossPanel(Panel):
    """Training and test loss per step on a log axis; the L2 penalty dotted when λ > 0.

    The axis is fixed (:data:`LOSS_RANGE`), so a loss outside it is never lost: the curve runs
    along the edge it passed, a marker on that edge (▲ above, ▼ below) stands for each such
    step, and a note says how many there are and the largest (or smallest) value.
    """

    @in_picture_style
    def __init__(self, figsize: tuple[float, float] = PANEL) -> None:
        super().__init__(figsize)
        self.fig.subplots_adjust(left=0.19, right=0.96, bottom=0.14, top=0.85)
        ax = self.ax
        ax.set_yscale("log")
        ax.set_ylim(*LOSS_RANGE)
        ax.minorticks_off()
        ax.yaxis.set_major_formatter(FuncFormatter(_plain))
        (self.train,) = ax.plot([], [], label="training loss")
        (self.test,) = ax.plot([], [], label="test loss", linestyle="--")
        (self.penalty,) = ax.plot([], [], label="L2 penalty", linestyle=":", color="0.35")
        self.marks = {
            edge: ax.plot([], [], marker, color=OFF_CHART, ms=7, clip_on=False, zorder=4)[0]
            for edge, marker in (("above", "^"), ("below", "v"))
        }
        self.notes = {
            "above": ax.text(0.97, 0.95, "", va="top", transform=ax.transAxes),
            "below": ax.text(0.97, 0.86, "", va="top", transform=ax.transAxes),
        }
        for note in self.notes.values():
            note.set(ha="right", color=OFF_CHART, fontsize=10, fontweight="bold")
        for artist in (*self.marks.values(), *self.notes.values()):
            artist.set_in_layout(False)  # off the axes at times: never part of the layout
        ax.set_title("cross-entropy loss", y=1.0)
        ax.set_xlabel("step")
        ax.set_ylabel("loss (log scale)")
        self.xmax, self.with_penalty = 0, None

    def dynamic(self) -> list:
        return [self.train, self.test, self.penalty, *self.marks.values(), *self.notes.values()]

    def off_chart(self, run: TrainingRun) -> dict[str, tuple[int, float]]:
        """The losses (training or test) outside :data:`LOSS_RANGE`, by edge: how many steps
        have one and the most extreme value (``{"above": (12, 2.9e16)}``)."""
        losses = np.array([run.history["train"], run.history["test"]]).reshape(2, -1)
        low, high = LOSS_RANGE
        found = {}
        for edge, outside, extreme in (
            ("above", ~(losses <= high), np.nanmax),  # NaN counts as above: not a loss at all
            ("below", losses < low, np.min),
        ):
            steps = outside.any(axis=0)
            if steps.any():
                found[edge] = (int(steps.sum()), float(extreme(losses[outside])))
        return found

    @in_picture_style
    def update(self, run: TrainingRun) -> None:
        steps = np.arange(len(run.history["train"]))
        low, high = LOSS_RANGE

        def on_chart(values: list[float]) -> np.ndarray:
            return np.clip(np.nan_to_num(values, nan=high, posinf=high), low, high)

        self.train.set_data(steps, on_chart(run.history["train"]))
        self.test.set_data(steps, on_chart(run.history["test"]))
        self.penalty.set_data(steps, on_chart(run.history["penalty"]))
        self._mark_off_chart(run, steps)
        with_penalty = bool(run.settings.l2)
        if with_penalty != self.with_penalty:  # the legend is part of the background
            self.penalty.set_visible(with_penalty)
            lines = [self.train, self.test, *([self.penalty] if with_penalty else [])]
            self.ax.legend(handles=lines, loc="lower left")
            self.with_penalty = with_penalty
            self.live.invalidate()
        xmax = 100
        while xmax < len(steps):
            xmax *= 2
        if xmax != self.xmax:  # the step axis grows by doubling: a full redraw now and then
            self.ax.set_xlim(0, xmax)
            self.xmax = xmax
            self.live.invalidate()
        self.show()

    def _mark_off_chart(self, run: TrainingRun, steps: np.ndarray) -> None:
        losses = np.array([run.history["train"], run.history["test"]]).reshape(2, -1)
        found = self.off_chart(run)
        for edge, y, outside in (
            ("above", LOSS_RANGE[1], ~(losses <= LOSS_RANGE[1])),
            ("below", LOSS_RANGE[0], losses < LOSS_RANGE[0]),
        ):
            where = steps[outside.any(axis=0)]
            where = where[:: max(1, len(where) // 50)]  # at most about 50 markers
            self.marks[edge].set_data(where, np.full(len(where), y))
            text = ""
            if edge in found:
                count, extreme = found[edge]
                arrow, word = ("▲", "up") if edge == "above" else ("▼", "down")
                text = f"{arrow} {count} {edge} {y:g}: {word} to {extreme:.2g}"
            self.notes[edge].set_text(text)


class GradientPanel(Panel):
    """‖∂L/∂W_k‖ over the layers k = 1..L as bars on a fixed log axis; the outline of the bars at
    step 0 stays as a thin line, so a change since the start is seen at once. A layer whose
    gradient is 0, infinite or NaN is drawn at the bottom or the top edge, and the bars turn red
    when any gradient is above the axis (exploding) or not a number."""

    @in_picture_style
    def __init__(self) -> None:
        super().__init__()
        self.fig.subplots_adjust(left=0.2, right=0.96, bottom=0.14, top=0.85)
        ax = self.ax
        ax.set_yscale("log")
        ax.set_ylim(*GRADIENT_RANGE)
        ax.yaxis.set_major_locator(LogLocator(base=10, numticks=12))
        ax.minorticks_off()
        ax.yaxis.set_major_formatter(FuncFormatter(_power))
        ax.set_title("gradient size per layer ‖∂L/∂Wₖ‖", y=1.0)
        ax.set_xlabel("layer k (1 = next to the input)")
        ax.set_ylabel("‖∂L/∂Wₖ‖ (log scale)")
        low = GRADIENT_RANGE[0] / 10  # below the axis: a bar of height 0 is not drawn at all
        self.bars = ax.stairs([low], [0.5, 1.5], baseline=low, fill=True, color=BLUE)
        self.start = ax.stairs([low], [0.5, 1.5], baseline=None, color="0.2", linewidth=1.0)
        self.layers = 0

    def dynamic(self) -> list:
        return [self.bars, self.start]

    @staticmethod
    def _clipped(norms: np.ndarray) -> np.ndarray:
        low, high = GRADIENT_RANGE[0] / 10, GRADIENT_RANGE[1] * 10
        return np.clip(np.nan_to_num(norms, nan=high, posinf=high), low, high)

    @in_picture_style
    def reset(self, run: TrainingRun) -> None:
        """A new network: its number of layers, and its gradient at step 0 as the outline."""
        norms = run.gradient_norms
        edges = np.arange(len(norms) + 1) + 0.5
        self.start.set_data(self._clipped(norms), edges)
        if len(norms) != self.layers:
            self.layers = len(norms)
            # the layer axis in a few fixed lengths: a new depth seldom redraws the ticks
            right = next(n for n in LAYER_AXIS if n >= len(norms))
            if self.ax.get_xlim()[1] != right + 0.5:
                self.ax.set_xlim(0.5, right + 0.5)
                self.live.invalidate()

    @in_picture_style
    def update(self, run: TrainingRun) -> None:
        norms = run.gradient_norms
        if len(norms) != self.layers:
            self.reset(run)
        self.bars.set_data(self._clipped(norms), np.arange(len(norms) + 1) + 0.5)
        bad = not np.all(np.isfinite(norms)) or norms.max() > GRADIENT_RANGE[1]
        self.bars.set_facecolor(OFF_CHART if bad else BLUE)
        self.show()


class DiagramPanel(Panel):
    """The network as circles and lines (small) or as blocks (deep or wide), restyled with the
    weights at every update; neurons are filled with their activations for the first training
    point."""

    @in_picture_style
    def __init__(self) -> None:
        super().__init__()
        self.diagram: NetworkDiagram | None = None

    def dynamic(self) -> list:
        return self.diagram.artists() if self.diagram else []

    @staticmethod
    def _key(run: TrainingRun) -> tuple:
        """What the drawing itself shows: the sizes, the activation, the skip connections."""
        model = run.model
        return tuple(model.sizes), type(model.activation).__name__, tuple(model.skips)

    def fits(self, run: TrainingRun) -> bool:
        """Whether the drawing is of this network's shape (then an update only restyles it)."""
        return self.diagram is not None and self._key(run) == self.key

    @in_picture_style
    def reset(self, run: TrainingRun) -> None:
        """A new drawing for a network of another shape: about 0.1 s, mostly text."""
        self.ax.remove()  # a new Axes: a diagram fits itself to the box it is given
        self.ax = self.fig.add_axes((0.0, 0.0, 1.0, 0.88))
        fixed_fonts(self.ax)
        self.diagram = NetworkDiagram(self.ax, run.model, run.X_train[0], max_layers=6)
        # the same title at a fixed height: matplotlib then skips placing it around the tick
        # labels, which would cost a third of the drawing
        title = self.ax.title
        self.ax.set_title(title.get_text(), color=title.get_color(), y=1.0)
        self.key = self._key(run)
        self.live.invalidate()

    @in_picture_style
    def update(self, run: TrainingRun) -> None:
        if not self.fits(run):
            self.reset(run)
        with np.errstate(all="ignore"):
            self.diagram.update(run.model, run.X_train[0])
        self.show()


class UnitMapsPanel(Panel):
    """Each unit of one hidden layer over the input plane (``helpers.features.unit_maps``), the
    first :data:`MAX_UNIT_MAPS` units in a row: blue where a unit is positive, orange where it is
    negative, each on its own scale, the training points faint on each.

    The row is drawn anew with ``draw_unit_maps`` each time, but its titles and frame are the
    same for every layer of a network, so they are kept as a background (keyed by the layout)
    and only the maps and points are drawn over it.
    """

    @in_picture_style
    def __init__(self) -> None:
        super().__init__((9.6, 1.2), keep=2)
        self.fig.clear()

    def dynamic(self) -> list:
        return [a for ax in self.fig.axes for a in (*ax.images, *ax.collections)]

    @in_picture_style
    def update(self, run: TrainingRun, layer: int) -> None:
        layer = min(layer, run.settings.depth)
        xlim, ylim = view_limits(run.X_train)
        resolution = 32 if run.settings.depth * run.settings.width <= 320 else 20
        with np.errstate(all="ignore"):
            maps = np.nan_to_num(unit_maps(run.model, layer, xlim, ylim, resolution))
        maps = maps[:MAX_UNIT_MAPS]
        self.fig.clear()
        extent = (*xlim, *ylim)
        axes = draw_unit_maps(self.fig, [("", maps)], extent, run.X_train, MAX_UNIT_MAPS)
        fixed_fonts(*axes)
        self.fig.subplots_adjust(left=0.01, right=0.99, bottom=0.02, top=0.82)
        for ax in axes:  # as a full draw would, so the maps land where the background has them
            ax.apply_aspect()
        self.key = (len(maps), extent, resolution)
        self.show()
