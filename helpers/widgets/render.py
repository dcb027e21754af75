"""Figures for widgets: drawn off-screen and shown as a PNG in an ``ipywidgets.Image``.

A widget keeps ONE :class:`~matplotlib.figure.Figure` for its whole life, made without pyplot, so
no figure is ever registered with pyplot (nothing to close, nothing leaks, nothing appears twice
under the inline backend). :class:`LiveFigure` makes updates fast by *blitting*: the parts that
do not change (contour lines, axes, tick labels) are drawn once and kept as pixels; an update
pastes those pixels back, draws only the changing artists on top and encodes the PNG.

Two ways of blitting, for two kinds of picture, and one PNG encoder (:func:`png_bytes`):

* :class:`LiveFigure`: a few artists change at every update (a point, a curve, a contour line).
  The whole background is pasted back and every changing artist is drawn again.
* :class:`PatchedFigure`: many artists, a few of which change per update (the gradients of a
  computational graph, one node highlighted at a time; :class:`helpers.graph.GraphDrawing`).
  Drawing every gradient again would cost most of a full draw, so the previous picture is kept
  and only the regions that change are repainted: the clean background pasted inside them, the
  changed artists drawn again on top.
"""

from __future__ import annotations

import io
import math
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable

import ipywidgets as widgets
import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox
from PIL import Image


def offscreen_figure(
    figsize: tuple[float, float], dpi: int = 80, layout: str | None = None
) -> Figure:
    """A Figure with its own Agg canvas, unknown to pyplot.

    ``layout="none"`` for a widget that places its axes itself (``subplots_adjust``,
    ``tight_layout``), so that the presenter style's constrained layout does not fight it;
    ``None`` takes the style's layout."""
    fig = Figure(figsize=figsize, dpi=dpi, layout=layout)
    FigureCanvasAgg(fig)
    return fig


def image_view(fig: Figure) -> widgets.Image:
    """An Image widget sized to show ``fig`` at its natural width (shrinks on narrow screens)."""
    width = int(fig.get_figwidth() * fig.dpi)
    return widgets.Image(
        format="png", layout=widgets.Layout(width=f"{width}px", max_width="100%", height="auto")
    )


class LiveFigure:
    """An off-screen figure whose changing artists are redrawn over a cached background.

    ``dynamic()`` returns the artists that change between updates, in drawing order (asked anew
    at every update, so an artist may be replaced, as a new contour line replaces the old). Call
    :meth:`invalidate` after changing anything else (limits, tick labels, a static title); the
    next :meth:`png` then redraws everything once and caches the new background.

    A widget that switches between a few static pictures (one per pair of functions, say) passes
    a ``key`` to :meth:`png`: the backgrounds of the ``keep`` most recent keys stay cached, so
    going back to an earlier picture is as fast as moving a slider.
    """

    def __init__(self, fig: Figure, dynamic: Callable[[], Iterable[Artist]], keep: int = 1) -> None:
        self.fig = fig
        self.canvas: FigureCanvasAgg = fig.canvas
        self.dynamic = dynamic
        self.keep = keep
        self._backgrounds: OrderedDict[Hashable, object] = OrderedDict()

    def invalidate(self) -> None:
        self._backgrounds.clear()

    def png(self, key: Hashable = None) -> bytes:
        """The figure as PNG: the background of ``key`` (drawn if not cached), then the dynamic
        artists on top."""
        artists = list(self.dynamic())
        for artist in artists:
            artist.set_animated(True)  # a full draw skips them: they are not in the background
        if key in self._backgrounds:
            self._backgrounds.move_to_end(key)
            self.canvas.restore_region(self._backgrounds[key])
        else:
            self.canvas.draw()
            self._backgrounds[key] = self.canvas.copy_from_bbox(self.fig.bbox)
            if len(self._backgrounds) > self.keep:
                self._backgrounds.popitem(last=False)
        for artist in artists:
            if artist.get_visible():
                self.fig.draw_artist(artist)
        return png_bytes(self.canvas)


class PatchedFigure:
    """An off-screen picture kept between updates and repainted only where it changes.

    :meth:`draw_background` draws the whole figure once with some artists left out (those that
    change, such as numbers) and keeps it as the clean background. Each :meth:`patch` starts
    from the previous picture, pastes the clean background inside the given regions and draws
    the given artists on top: the caller names what changed, so the cost follows the change,
    not the size of the figure. ``pad`` (pixels) widens every region by what a line may cover
    beyond an artist's extent.
    """

    def __init__(self, fig: Figure, pad: float = 0.0) -> None:
        self.fig = fig
        self.pad = pad
        self._background: object = None
        self._frame: object = None

    @property
    def canvas(self) -> FigureCanvasAgg:
        """The figure's Agg canvas (attached on first use: a plain Figure has none)."""
        if not isinstance(self.fig.canvas, FigureCanvasAgg):
            FigureCanvasAgg(self.fig)
        return self.fig.canvas

    def draw_background(self, left_out: Iterable[Artist]) -> None:
        """Draw everything except ``left_out`` and keep that as the clean background (and as
        the previous picture, so the next :meth:`patch` draws the left-out artists onto it)."""
        left_out = [artist for artist in left_out if artist.get_visible()]
        for artist in left_out:
            artist.set_visible(False)
        try:
            self.canvas.draw()
        finally:
            for artist in left_out:
                artist.set_visible(True)
        self._background = self._frame = self.canvas.copy_from_bbox(self.fig.bbox)

    def patch(self, regions: Iterable[Bbox], artists: Iterable[Artist]) -> bytes:
        """The previous picture with the clean background pasted back inside ``regions``
        (display pixels, y up) and ``artists`` drawn on top, in order, as PNG."""
        if self._frame is None:
            raise RuntimeError("draw_background() must come before the first patch()")
        canvas = self.canvas
        canvas.restore_region(self._frame)
        width, height = canvas.get_width_height()
        for region in regions:
            region = region.padded(self.pad)
            x0, x1 = max(0, math.floor(region.x0)), min(width, math.ceil(region.x1))
            top = max(0, math.floor(height - region.y1))
            bottom = min(height, math.ceil(height - region.y0))
            if x0 < x1 and top < bottom:
                # Agg counts rows from the top of the picture; xy places the saved corner.
                canvas.restore_region(self._background, bbox=(x0, top, x1, bottom), xy=(0, 0))
        renderer = canvas.get_renderer()
        for artist in artists:
            if artist.get_visible():
                artist.draw(renderer)
        self._frame = canvas.copy_from_bbox(self.fig.bbox)
        return png_bytes(canvas)


def png_bytes(canvas: FigureCanvasAgg) -> bytes:
    """What ``canvas`` shows, as PNG: RGB (the pictures are opaque) with fast, light compression,
    because for a live picture encoding time matters more than size. Pillow, which matplotlib
    itself uses for PNG, encodes it."""
    rgb = np.asarray(canvas.buffer_rgba())[..., :3]
    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, format="png", compress_level=1)
    return buffer.getvalue()
