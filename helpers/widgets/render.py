"""Figures for widgets: drawn off-screen and shown as a PNG in an ``ipywidgets.Image``.

A widget keeps ONE :class:`~matplotlib.figure.Figure` for its whole life, made without pyplot, so
no figure is ever registered with pyplot (nothing to close, nothing leaks, nothing appears twice
under the inline backend). :class:`LiveFigure` makes updates fast by *blitting*: the parts that
do not change (contour lines, axes, tick labels) are drawn once and kept as pixels; an update
pastes those pixels back, draws only the changing artists on top and encodes the PNG.
"""

from __future__ import annotations

import io
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable

import ipywidgets as widgets
import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image


def offscreen_figure(figsize: tuple[float, float], dpi: int = 80) -> Figure:
    """A Figure with its own Agg canvas, unknown to pyplot."""
    fig = Figure(figsize=figsize, dpi=dpi)
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


def png_bytes(canvas: FigureCanvasAgg) -> bytes:
    """What ``canvas`` shows, as PNG: RGB (the pictures are opaque) with fast, light compression,
    because for a live picture encoding time matters more than size. Pillow, which matplotlib
    itself uses for PNG, encodes it."""
    rgb = np.asarray(canvas.buffer_rgba())[..., :3]
    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, format="png", compress_level=1)
    return buffer.getvalue()
