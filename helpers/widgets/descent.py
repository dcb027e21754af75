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

import time
from typing import Any

import ipywidgets as widgets
import numpy as np

from helpers import landscape
from helpers.landscape import METHODS, PATH_COLORS, REGIMES, Run, Surface
from helpers.widgets.render import LiveFigure, image_view, offscreen_figure

# The loss axis is fixed, so that moving a slider never has to redraw its ticks.
LOSS_RANGE = (1e-8, 1e11)
# The start sliders move in steps of this size; the surfaces' ranges and start points lie on it,
# so the browser never has to round a start point (and send the rounded value back).
START_STEP = 0.05
# The step axis ends at the first of these at or beyond the number of steps (few full redraws).
STEP_AXIS = (10, 20, 50, 100, 200, 300)


class LearningRateExplorer(widgets.VBox):
    """Sliders for η (log scale), the number of steps and the start point; the path and its loss.

    Controls (set their ``.value`` from code to drive it): ``surface`` ("bowl" or "valley"),
    ``method`` (one of :data:`helpers.landscape.METHODS`), ``lr``, ``steps``, ``start_x``,
    ``start_y``. After each change, ``run`` holds the new :class:`~helpers.landscape.Run`,
    ``regime`` the learning-rate regime and ``summary()`` a rounded one-line report.
    ``last_update_seconds`` is how long the last redraw took (compute + draw + PNG).

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
        if surface not in self.surfaces:
            raise ValueError(
                f"unknown surface {surface!r}; choose one of {', '.join(self.surfaces)}"
            )
        style = {"description_width": "70px"}
        wide = widgets.Layout(width="330px")
        self.surface = widgets.Dropdown(
            options=list(self.surfaces), value=surface, description="surface", style=style
        )
        self.method = widgets.Dropdown(
            options=list(METHODS), value=method, description="method", style=style
        )
        self.lr = widgets.FloatLogSlider(
            value=lr,
            base=10,
            min=-4,
            max=0,
            step=0.01,
            description="η (lr)",
            readout_format=".3g",
            continuous_update=False,  # see the class docstring
            style=style,
            layout=wide,
        )
        self.steps = widgets.IntSlider(
            value=steps, min=0, max=STEP_AXIS[-1], description="steps", style=style, layout=wide
        )
        self.start_x = widgets.FloatSlider(description="start w₁", style=style, layout=wide)
        self.start_y = widgets.FloatSlider(description="start w₂", style=style, layout=wide)
        self.status = widgets.HTML()
        self.fig = offscreen_figure((9.0, 3.8))
        self.ax_path, self.ax_loss = self.fig.subplots(
            1, 2, gridspec_kw={"width_ratios": [1.35, 1.0]}
        )
        self.live = LiveFigure(self.fig, self._dynamic_artists)
        self.image = image_view(self.fig)
        self.run: Run | None = None
        self.regime = ""
        self.last_update_seconds = 0.0
        self._quiet = False
        self._loss_line = self._draw_loss_axes()
        self._set_surface(surface)
        controls = widgets.HBox(
            [
                widgets.VBox([self.surface, self.method, self.start_x]),
                widgets.VBox([self.lr, self.steps, self.start_y]),
            ]
        )
        super().__init__([controls, self.image, self.status])
        self.surface.observe(self._on_surface, names="value")
        for control in (self.method, self.lr, self.steps, self.start_x, self.start_y):
            control.observe(self.update, names="value")
        self.update()

    # ---- what the widget shows ---------------------------------------------------------------

    @property
    def current_surface(self) -> Surface:
        return self.surfaces[self.surface.value]

    def _draw_loss_axes(self) -> Any:
        """The loss panel: fixed log axis (a slider change never redraws its ticks)."""
        ax = self.ax_loss
        ax.set_yscale("log")
        ax.set_ylim(*LOSS_RANGE)
        ax.set_yticks([1e-8, 1e-4, 1e0, 1e4, 1e8])
        ax.minorticks_off()
        (line,) = ax.plot([], [], color=PATH_COLORS["gradient descent"])
        ax.axhline(landscape.DIVERGED, color="black", linestyle=":", linewidth=1)
        ax.text(0.98, 0.87, "diverged: stop", transform=ax.transAxes, ha="right", fontsize=9)
        ax.set_title("loss after each step")
        ax.set_xlabel("step")
        ax.set_ylabel("loss L(w) (log scale)")
        return line

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
        self.fig.tight_layout()
        self.live.invalidate()
        self._xmax = None

    def _dynamic_artists(self) -> list[Any]:
        return [self._line, self._start_marker, self._title, self._loss_line]

    def _on_surface(self, change: Any = None) -> None:
        self._set_surface(self.surface.value)
        self.update()

    def update(self, change: Any = None) -> None:
        """Recompute the run for the current controls and redraw (called on every change)."""
        if self._quiet:
            return
        began = time.perf_counter()
        surface = self.current_surface
        method = self.method.value
        start = (self.start_x.value, self.start_y.value)
        self.run = run = landscape.descend(
            surface, start, lr=self.lr.value, steps=self.steps.value, method=method
        )
        self.regime = self._regime(run)
        color = PATH_COLORS[method]
        landscape.show_path(self._line, run)
        self._line.set_color(color)
        self._start_marker.set_data([start[0]], [start[1]])
        self._loss_line.set_data(
            np.arange(len(run.losses)), np.maximum(run.losses, LOSS_RANGE[0] / 10)
        )
        self._loss_line.set_color(color)
        self._title.set_text(f"{method}, η = {self.lr.value:.3g}\n{surface.formula}")
        xmax = next(n for n in STEP_AXIS if n >= self.steps.value)
        if xmax != self._xmax:  # the step axis changed: redraw the static parts once
            self.ax_loss.set_xlim(0, xmax)
            self._xmax = xmax
            self.live.invalidate()
        self.image.value = self.live.png()
        self.status.value = f"<b>{self._status_text()}</b>"
        self.last_update_seconds = time.perf_counter() - began

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
            text += f" (stopped: the loss passed {landscape.DIVERGED:.0e})"
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
