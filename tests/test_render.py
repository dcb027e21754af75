"""LiveFigure: a blitted update looks exactly like a full redraw, and keyed backgrounds are kept."""

from __future__ import annotations

import io

import matplotlib.image
import numpy as np
import pytest

from helpers.widgets.render import LiveFigure, PatchedFigure, offscreen_figure


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


# -- PatchedFigure: repaint only the regions that change ---------------------------------------


def patched(label: str = "start"):
    fig = offscreen_figure((3, 2), dpi=50)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.plot([0, 1], [0, 1], color="gray")  # static: in the background
    text = ax.text(0.25, 0.75, label, fontsize=14)
    return fig, text, PatchedFigure(fig, pad=2)


def test_a_patched_update_equals_a_full_redraw() -> None:
    _, text, picture = patched()
    picture.draw_background(left_out=[text])
    first = picture.patch([], [text])
    old_extent = text.get_window_extent(picture.canvas.get_renderer())
    text.set_text("changed!")
    patched_png = picture.patch([old_extent], [text])
    _, _, fresh = patched("changed!")
    fresh.draw_background(left_out=[])
    assert np.array_equal(pixels(patched_png), pixels(fresh.patch([], [])))
    assert not np.array_equal(pixels(patched_png), pixels(first))


def test_a_region_not_repainted_keeps_the_old_picture() -> None:
    # The caller names what changed: an old text not inside a region stays, under the new one.
    _, text, picture = patched()
    picture.draw_background(left_out=[text])
    picture.patch([], [text])
    text.set_text("changed!")
    stale = pixels(picture.patch([], [text]))
    _, _, fresh = patched("changed!")
    fresh.draw_background(left_out=[])
    assert not np.array_equal(stale, pixels(fresh.patch([], [])))


def test_the_left_out_artists_are_not_in_the_background_and_stay_visible() -> None:
    _, text, picture = patched()
    picture.draw_background(left_out=[text])
    assert text.get_visible()
    without = pixels(picture.patch([], []))
    _, hidden_text, empty = patched()
    hidden_text.set_visible(False)
    empty.draw_background(left_out=[])
    assert np.array_equal(without, pixels(empty.patch([], [])))


def test_patch_before_a_background_is_a_clear_error() -> None:
    _, _, picture = patched()
    with pytest.raises(RuntimeError, match="draw_background"):
        picture.patch([], [])
