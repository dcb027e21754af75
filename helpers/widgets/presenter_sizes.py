"""How big the learning-rate explorer and the live trainer are: a student's screen or a projector.

Their pictures are laid out in inches with fonts of fixed point sizes (:data:`PICTURE_STYLE`, the
student sizes of ``helpers.plot``), whatever style the notebook set: a layout that fits once fits
always, and no title runs into another. The presenter style only draws them at more pixels per
inch (:attr:`Sizes.dpi`), so every font, line and marker grows alike, and it widens the controls and
enlarges the text under the pictures (at least 20 px) with them.

The presenter style is on when :func:`presenting` says so: the one place these widgets ask.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import ipywidgets as widgets
import matplotlib as mpl
from matplotlib.axes import Axes

from helpers import plot

T = TypeVar("T")

# The sizes of every picture of the two widgets, in points, in both styles.
PICTURE_STYLE = {
    "font.size": 11.0,
    "axes.titlesize": 13.0,
    "axes.labelsize": 12.0,
    "xtick.labelsize": 11.0,
    "ytick.labelsize": 11.0,
    "legend.fontsize": 10.0,
    "lines.linewidth": 2.0,
    "lines.markersize": 6.0,
}
# A notebook column in JupyterLab at 1280×720 is about this wide (pixels): nothing is wider.
COLUMN = 1100
PRESENT_CLASS = "helpers-present"


def presenting() -> bool:
    """Whether the presenter style is on: :func:`helpers.plot.presenting` (``HELPERS_PRESENT=1``
    in the environment, or the last ``use_style(presenter=...)``)."""
    return plot.presenting()


@dataclass(frozen=True)
class Sizes:
    """``dpi``: pixels per inch of the pictures; ``scale``: how much wider the controls are than
    on a student's screen; ``text_px``: the size of the text under a widget, in CSS pixels;
    ``control_px``: the text of the controls (labels, readouts, buttons)."""

    dpi: int
    scale: float
    text_px: int
    control_px: int

    def px(self, pixels: float) -> str:
        """A width of the student layout, ``pixels`` wide, in this style (a CSS length)."""
        return f"{round(pixels * self.scale)}px"

    def text(self, html: str) -> str:
        """``html`` in the size of the text under a widget."""
        return f'<div style="font-size:{self.text_px}px;line-height:1.35">{html}</div>'

    def present(self, box: widgets.Box) -> None:
        """In the presenter style, grow the controls of ``box`` (font, height, slider handles)
        by the CSS variables of ipywidgets, for this box only."""
        if self.scale == 1:
            return
        box.add_class(PRESENT_CLASS)
        height = round(28 * self.scale)
        rules = (
            f"--jp-widgets-font-size:{self.control_px}px;"
            f"--jp-widgets-inline-height:{height}px;"
            f"--jp-widgets-slider-handle-size:{round(16 * self.scale)}px;"
            "--jp-widgets-slider-track-thickness:6px;"
        )
        style = widgets.HTML(f"<style>.{PRESENT_CLASS}{{{rules}}}</style>")
        style.layout.display = "contents"
        box.children = (*box.children, style)


STUDENT = Sizes(dpi=80, scale=1.0, text_px=14, control_px=13)
PRESENTER = Sizes(dpi=120, scale=1.5, text_px=22, control_px=20)


def sizes() -> Sizes:
    """The sizes of the style in use: :data:`PRESENTER` when :func:`presenting`, else
    :data:`STUDENT`."""
    return PRESENTER if presenting() else STUDENT


def fixed_fonts(*axes: Axes) -> None:
    """Tick labels of ``axes`` at the size of :data:`PICTURE_STYLE`, also for ticks that
    matplotlib makes later, when it draws (they would otherwise read the notebook's style)."""
    for ax in axes:
        ax.tick_params(labelsize=PICTURE_STYLE["xtick.labelsize"])


def in_picture_style(method: Callable[..., T]) -> Callable[..., T]:
    """``method`` run with :data:`PICTURE_STYLE` in force: whatever it draws has the same sizes
    in points in every style of the notebook."""

    @functools.wraps(method)
    def styled(*args: Any, **kwargs: Any) -> T:
        with mpl.rc_context(PICTURE_STYLE):
            return method(*args, **kwargs)

    return styled
