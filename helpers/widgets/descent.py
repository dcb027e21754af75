"""The learning-rate explorer: gradient descent's path on a loss surface, redrawn as η changes.

Book §1.3: "the weights are updated using a gradient descent step", w ← w − η ∇L(w). How far each
step goes is the learning rate η, and on a 2-D surface (``helpers.landscape``) its effect is plain
to see: too small creeps, about right glides in, too large zig-zags across the valley, and beyond
2 / curvature every step overshoots further than the last and the run diverges.

Drive it from code as from the sliders::

    explorer = LearningRateExplorer()
    explorer.lr.value = 0.19
    print(explorer.summary())
"""

from __future__ import annotations

import contextlib
import html
import time
from typing import Any

import ipywidgets as widgets
import numpy as np

from helpers import landscape, validate
from helpers.landscape import METHODS, PATH_COLORS, REGIMES, Run, Surface
from helpers.plot import ACCENT
from helpers.widgets.presenter_sizes import fixed_fonts, in_picture_style, sizes
from helpers.widgets.render import LiveFigure, image_view, offscreen_figure

# The loss axis is fixed, so that moving a slider never has to redraw its ticks.
LOSS_RANGE = (1e-8, 1e11)
# The start sliders move in steps of this size; the surfaces' ranges and start points lie on it,
# so the browser never has to round a start point (and send the rounded value back).
START_STEP = 0.05
# The step axis ends at the first of these at or beyond the number of steps (few full redraws);
# beyond the last (a steps slider widened from code), at the next 1, 2 or 5 times a power of ten.
STEP_AXIS = (10, 20, 50, 100, 200, 300)
# The range of the η slider (powers of ten) and of the steps slider, which the constructor checks.
LR_EXPONENTS = (-4, 0)
MAX_STEPS = STEP_AXIS[-1]
OFF_CHART = ACCENT  # the marker and note of a loss above the loss axis
# matplotlib's default margins, where each layout of the picture starts from
SUBPLOTS = dict(left=0.125, right=0.9, bottom=0.11, top=0.88, wspace=0.2)


def step_axis(steps: int) -> int:
    """Where the step axis ends for ``steps`` steps: the first of :data:`STEP_AXIS` that is at
    least ``steps``, or beyond them the next of 500, 1000, 2000, 5000, …"""
    for end in STEP_AXIS:
        if end >= steps:
            return end
    end = 500
    while end < steps:
        end = end * 2 if str(end)[0] in "15" else end * 5 // 2
    return end


class LearningRateExplorer(widgets.VBox):
    """Sliders for η (log scale), the number of steps and the start point; the path and its loss.

    Controls (set their ``.value`` from code to drive it): ``surface`` ("bowl" or "valley"),
    ``method`` (one of :data:`helpers.landscape.METHODS`), ``lr``, ``steps``, ``start_x``,
    ``start_y``; the **Reset** button (``reset()``) puts every control back where the
    constructor set it. After each change, ``run`` holds the new :class:`~helpers.landscape.Run`,
    ``regime`` the learning-rate regime and ``summary()`` a rounded one-line report.
    ``last_update_seconds`` is how long the last redraw took (compute + draw + PNG).

    ``lr`` must lie on the η slider (1e-4 to 1) and ``steps`` on the steps slider (0 to 300): a
    value outside is refused with a ValueError, never moved silently to the nearest end. A value
    that no run can use, set from code (``explorer.lr.value = float("nan")``), is refused in the
    status line and the control goes back to the last value that worked; a run that overflows
    stops and says so there too. No change of a control raises.

    The η slider updates the picture when it is released (or moved with the arrow keys), not
    while it is dragged: a log slider that updates continuously sends every value set from code
    back to the kernel rounded to its steps, and those late echoes would undo a cell that sets
    several values in a row.
    """

    def __init__(
        self,
        surface: str = "bowl",
        method: str = "gradient descent",
        lr: float = 0.1,
        steps: int = 50,
    ) -> None:
        self.surfaces: dict[str, Surface] = {
            name: cls() for name, cls in landscape.SURFACES.items()
        }
        validate.choice("surface", surface, self.surfaces)
        validate.choice("method", method, METHODS)
        low, high = 10.0 ** LR_EXPONENTS[0], 10.0 ** LR_EXPONENTS[1]
        lr = validate.real("lr", lr, minimum=low, maximum=high, hint="the range of the η slider")
        steps = validate.integer(
            "steps", steps, minimum=0, maximum=MAX_STEPS, hint="the range of the steps slider"
        )
        self.initial = {"surface": surface, "method": method, "lr": lr, "steps": steps}
        self.sizes = size = sizes()
        style = {"description_width": size.px(70)}
        wide = widgets.Layout(width=size.px(330))
        self.surface = widgets.Dropdown(
            options=list(self.surfaces), value=surface, description="surface", style=style,
            layout=widgets.Layout(width=size.px(300)),
        )  # fmt: skip
        self.method = widgets.Dropdown(
            options=list(METHODS), value=method, description="method", style=style,
            layout=widgets.Layout(width=size.px(300)),
        )  # fmt: skip
        self.lr = widgets.FloatLogSlider(
            value=lr,
            base=10,
            min=LR_EXPONENTS[0],
            max=LR_EXPONENTS[1],
            step=0.01,
            description="η (lr)",
            readout_format=".3g",
            continuous_update=False,  # see the class docstring
            style=style,
            layout=wide,
        )
        self.steps = widgets.IntSlider(
            value=steps, min=0, max=MAX_STEPS, description="steps", style=style, layout=wide
        )
        self.start_x = widgets.FloatSlider(description="start w₁", style=style, layout=wide)
        self.start_y = widgets.FloatSlider(description="start w₂", style=style, layout=wide)
        self.reset_button = widgets.Button(
            description="Reset", icon="refresh", tooltip="every control as the cell set it",
            layout=widgets.Layout(width=size.px(110)),
        )  # fmt: skip
        self.status = widgets.HTML()
        self.run: Run | None = None
        self.regime = ""
        self.last_update_seconds = 0.0
        self._quiet = False
        self._good: dict[str, Any] = {}  # the controls of the last run that worked
        self._draw_figure()
        self._set_surface(surface)
        controls = widgets.HBox(
            [
                widgets.VBox([self.surface, self.method, self.start_x]),
                widgets.VBox([self.lr, self.steps, self.start_y]),
                self.reset_button,
            ],
            layout=widgets.Layout(flex_flow="row wrap"),
        )
        super().__init__([controls, self.image, self.status])
        size.present(self)
        self.surface.observe(self._on_surface, names="value")
        for control in (self.method, self.lr, self.steps, self.start_x, self.start_y):
            control.observe(self.update, names="value")
        self.reset_button.on_click(lambda _: self.reset())
        self.update()

    @in_picture_style
    def _draw_figure(self) -> None:
        """The figure (in the picture style: the same layout in every notebook style, drawn at
        the style's dots per inch) and its fixed loss axis."""
        self.fig = offscreen_figure((9.0, 3.8), dpi=self.sizes.dpi, layout="none")
        self.ax_path, self.ax_loss = self.fig.subplots(
            1, 2, gridspec_kw={"width_ratios": [1.35, 1.0]}
        )
        fixed_fonts(self.ax_path, self.ax_loss)
        self.live = LiveFigure(self.fig, self._dynamic_artists)
        self.image = image_view(self.fig)
        self._loss_line, self._off_chart, self._note = self._draw_loss_axes()

    def reset(self) -> None:
        """Every control back where the constructor set it (the surface's start point too),
        then one redraw."""
        self._quiet = True
        try:
            self.surface.value = self.initial["surface"]
            self.method.value = self.initial["method"]
            self.lr.value = self.initial["lr"]
            self.steps.value = self.initial["steps"]
        finally:
            self._quiet = False
        self._on_surface()  # the surface's view and start point, then update()

    # ---- what the widget shows ---------------------------------------------------------------

    @property
    def current_surface(self) -> Surface:
        return self.surfaces[self.surface.value]

    def _draw_loss_axes(self) -> tuple[Any, Any, Any]:
        """The loss panel: fixed log axis (a slider change never redraws its ticks); its loss
        line, the markers of losses above the axis and the note that says what they are."""
        ax = self.ax_loss
        ax.set_yscale("log")
        ax.set_ylim(*LOSS_RANGE)
        ax.set_yticks([1e-8, 1e-4, 1e0, 1e4, 1e8])
        ax.minorticks_off()
        (line,) = ax.plot([], [], color=PATH_COLORS["gradient descent"])
        (marks,) = ax.plot([], [], "^", color=OFF_CHART, ms=7, clip_on=False, zorder=4)
        ax.axhline(landscape.DIVERGED, color="black", linestyle=":", linewidth=1)
        ax.text(0.98, 0.87, "diverged: stop", transform=ax.transAxes, ha="right", fontsize=9)
        note = ax.text(
            0.98, 0.78, "", transform=ax.transAxes, ha="right", va="top", fontsize=9,
            color=OFF_CHART, fontweight="bold",
        )  # fmt: skip
        for artist in (marks, note):  # off the axes at times: never part of the layout
            artist.set_in_layout(False)
        ax.set_title("loss after each step")
        ax.set_xlabel("step")
        ax.set_ylabel("loss L(w) (log scale)")
        return line, marks, note

    @in_picture_style
    def _set_surface(self, name: str) -> None:
        """Draw the contour map of surface ``name`` once and put the start sliders on its view."""
        surface = self.surfaces[name]
        self._quiet = True
        try:
            for slider, lim, value in (
                (self.start_x, surface.xlim, surface.start[0]),
                (self.start_y, surface.ylim, surface.start[1]),
            ):
                # one message with all four, validated together: no clamped intermediate state
                with slider.hold_sync(), slider.hold_trait_notifications():
                    slider.min, slider.max, slider.step, slider.value = *lim, START_STEP, value
        finally:
            self._quiet = False
        ax = self.ax_path
        ax.clear()
        landscape.draw_surface(ax, surface, title=surface.formula)
        self._line = landscape.path_line(ax)
        (self._start_marker,) = ax.plot([], [], "s", markersize=8, color="black")
        self._title = ax.set_title("\n")  # two lines, filled in by update()
        # the layout depends on the loss axis' tick labels: those of the steps now, so that it
        # does not depend on what was shown before
        self._xmax = step_axis(self.steps.value)
        self.ax_loss.set_xlim(0, self._xmax)
        self.fig.subplots_adjust(**SUBPLOTS)  # a fixed start: the layout is found iteratively
        self.fig.tight_layout()
        self.live.invalidate()

    def _dynamic_artists(self) -> list[Any]:
        return [
            self._line, self._start_marker, self._title, self._loss_line, self._off_chart,
            self._note,
        ]  # fmt: skip

    def _on_surface(self, change: Any = None) -> None:
        if self._quiet:
            return
        try:
            self._set_surface(self.surface.value)
        except Exception as error:  # never raised from a handler: said in the status line
            self._refuse(error)
            return
        self.update()

    def update(self, change: Any = None) -> None:
        """Recompute the run for the current controls and redraw (called on every change).

        Never raises: a value no run can use is refused in the status line and the controls go
        back to those of the last run that worked."""
        if self._quiet:
            return
        try:
            self._update()
        except Exception as error:
            self._refuse(error)

    def _controls(self) -> dict[str, Any]:
        names = ("method", "lr", "steps", "start_x", "start_y")
        return {name: getattr(self, name).value for name in names}

    def _refuse(self, error: Exception) -> None:
        said = str(error) if isinstance(error, ValueError | TypeError) else repr(error)
        if self._good and self._good != self._controls():
            self._quiet = True
            try:
                for name, value in self._good.items():
                    getattr(self, name).value = value
            finally:
                self._quiet = False
            with contextlib.suppress(Exception):  # these controls worked a moment ago
                self._update()
            said += f"; back to η = {self.lr.value:.3g}, {self.steps.value} steps"
        warning = f'<span style="color:#c00">⚠ {html.escape(said, quote=False)}</span><br>'
        self.status.value = self.sizes.text(warning + f"<b>{self._status_text()}</b>")

    @in_picture_style
    def _update(self) -> None:
        began = time.perf_counter()
        surface = self.current_surface
        method = self.method.value
        start = (self.start_x.value, self.start_y.value)
        with np.errstate(all="ignore"):  # an overflow stops the run: said, not warned
            run = landscape.descend(
                surface, start, lr=self.lr.value, steps=self.steps.value, method=method
            )
            regime = self._regime(run)
        self.run, self.regime = run, regime
        color = PATH_COLORS[method]
        landscape.show_path(self._line, run)
        self._line.set_color(color)
        self._start_marker.set_data([start[0]], [start[1]])
        self._show_losses(run.losses)
        self._loss_line.set_color(color)
        self._title.set_text(f"{method}, η = {self.lr.value:.3g}\n{surface.formula}")
        xmax = step_axis(self.steps.value)
        if xmax != self._xmax:  # the step axis changed: redraw the static parts once
            self.ax_loss.set_xlim(0, xmax)
            self._xmax = xmax
            self.live.invalidate()
        self.image.value = self.live.png()
        self.status.value = self.sizes.text(f"<b>{self._status_text()}</b>")
        self._good = self._controls()
        self.last_update_seconds = time.perf_counter() - began

    def _show_losses(self, losses: np.ndarray) -> None:
        """The loss line, kept inside the fixed axis: a loss above it (a start far out, where
        the loss is huge or overflows) is drawn on the top edge with a ▲ and a note; below it,
        along the bottom edge, with a note."""
        low, high = LOSS_RANGE
        steps = np.arange(len(losses))
        self._loss_line.set_data(steps, np.clip(np.nan_to_num(losses, posinf=high), low, high))
        above = ~(losses <= high)
        self._off_chart.set_data(steps[above], np.full(int(above.sum()), high))
        notes = []
        if above.any():
            notes.append(f"▲ {int(above.sum())} above {high:.0e}: up to {np.max(losses):.2g}")
        below = losses < low
        if below.any():
            notes.append(f"▼ below {low:.0e} from step {int(np.argmax(below))}")
        self._note.set_text("\n".join(notes))

    def _regime(self, run: Run) -> str:
        """The regime of plain gradient descent by the curvature rule; for momentum and Adam,
        only whether the run diverged (their stability rules are different)."""
        grew = run.diverged or run.final_loss > run.losses[0]
        if self.method.value != "gradient descent":
            return REGIMES[3] if grew else ""
        rule = landscape.gd_regime(
            self.lr.value, self.current_surface.curvatures(), self.steps.value
        )
        return REGIMES[3] if run.diverged else rule

    def _status_text(self) -> str:
        run = self.run
        text = f"loss {run.losses[0]:.4g} → {run.final_loss:.4g} after {run.steps} steps"
        if run.diverged:
            text += (
                f" (stopped at step {run.steps + 1}: the loss passed {landscape.DIVERGED:.0e}"
                " or overflowed)"
            )
        if self.method.value == "gradient descent":
            lam = float(self.current_surface.curvatures().max())
            where = "" if self.surface.value == "bowl" else " at the minimum"
            text += (
                f" · η·λ_max{where} = {self.lr.value * lam:.3g}"
                " (oscillates above 1, diverges above 2)"
            )
        if self.regime:
            text += f" · regime: {self.regime}"
        return text

    def summary(self) -> str:
        """A rounded one-line report of the current run (what a notebook cell prints)."""
        run = self.run
        line = (
            f"{self.method.value}, η = {self.lr.value:.4g}: loss {run.losses[0]:.4g} → "
            f"{run.final_loss:.4g} in {run.steps} steps"
        )
        if run.diverged:
            line += " (stopped: diverged)"
        return line + (f", {self.regime}" if self.regime else "")

    def __repr__(self) -> str:
        return (
            f"LearningRateExplorer({self.surface.value}, {self.method.value}, "
            f"lr={self.lr.value:.3g}, steps={self.steps.value})"
        )
