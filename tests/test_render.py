"""LiveFigure: a blitted update looks exactly like a full redraw, and keyed backgrounds are kept."""

from __future__ import annotations

import io

import matplotlib.image
import numpy as np

from helpers.widgets.render import LiveFigure, offscreen_figure


def pixels(png: bytes) -> np.ndarray:
    return matplotlib.image.imread(io.BytesIO(png), format="png")


def make(keep: int = 1):
    fig = offscreen_figure((3, 2), dpi=50)
    ax = fig.add_subplot()
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    (point,) = ax.plot([0.2], [0.2], "o")
    return fig, ax, point, LiveFigure(fig, lambda: [point], keep=keep)


def test_a_blitted_update_equals_a_full_redraw() -> None:
    _, _, point, live = make()
    live.png()
    point.set_data([0.7], [0.6])
    blitted = pixels(live.png())
    _, _, fresh_point, fresh = make()
    fresh_point.set_data([0.7], [0.6])
    assert np.array_equal(blitted, pixels(fresh.png()))


def test_the_background_is_cached_until_invalidated() -> None:
    _, ax, _, live = make()
    before = pixels(live.png())
    ax.set_facecolor("black")  # a static change: invisible until invalidate()
    assert np.array_equal(pixels(live.png()), before)
    live.invalidate()
    assert not np.array_equal(pixels(live.png()), before)


def test_only_the_most_recent_keys_keep_their_background() -> None:
    _, _, _, live = make(keep=2)
    for key in ("a", "b", "c", "b"):
        live.png(key=key)
    assert list(live._backgrounds) == ["c", "b"]
