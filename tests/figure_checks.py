"""Checks on drawn figures shared by the widget tests."""

from __future__ import annotations


def texts_inside_the_figure(fig) -> None:
    """Every piece of text drawn lies inside the picture, and no two titles overlap."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    drawn = fig.get_tightbbox(renderer)  # in inches: every title, label and tick drawn
    width, height = fig.get_size_inches()
    assert drawn.x0 >= -0.01 and drawn.x1 <= width + 0.01, (drawn, width)
    assert drawn.y0 >= -0.01 and drawn.y1 <= height + 0.01, (drawn, height)
    titles = [ax.title.get_window_extent(renderer) for ax in fig.axes if ax.title.get_text()]
    for i, a in enumerate(titles):
        for b in titles[i + 1 :]:
            assert not a.overlaps(b), "two titles overlap"
