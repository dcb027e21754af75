"""The series' figure style, presenter mode, and the chain-rule pictures of helpers.plot."""

from __future__ import annotations

import math

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import plot

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")
    matplotlib.rcParams.update(matplotlib.rcParamsDefault)


def test_presenter_mode_makes_text_and_lines_larger() -> None:
    plot.use_style()
    student = (matplotlib.rcParams["font.size"], matplotlib.rcParams["lines.linewidth"])
    plot.presenter_mode()
    presenter = (matplotlib.rcParams["font.size"], matplotlib.rcParams["lines.linewidth"])
    assert presenter[0] >= student[0] + 4 and presenter[1] > student[1]
    plot.presenter_mode(False)
    assert (matplotlib.rcParams["font.size"], matplotlib.rcParams["lines.linewidth"]) == student


def test_tangent_has_the_derivative_as_slope_and_touches_the_curve() -> None:
    plot.use_style()
    ax = plot.plot_tangent(np.sin, 0.7, xlim=(-2, 2))
    tangent = ax.get_lines()[1]
    (x1, x2), (y1, y2) = tangent.get_xdata(), tangent.get_ydata()
    assert (y2 - y1) / (x2 - x1) == pytest.approx(math.cos(0.7), rel=1e-6)
    assert y1 + (0.7 - x1) * (y2 - y1) / (x2 - x1) == pytest.approx(math.sin(0.7))
    assert ax.get_title() and ax.get_xlabel() == "x" and ax.get_ylabel() == "f(x)"


def test_composition_panels_show_the_slopes_of_equation_1_1() -> None:
    fig = plot.plot_composition(np.sin, lambda x: x**2, 1.0, f_name="sin", g_name="sq")
    inner, outer, composed = fig.axes
    slope = 2.0 * math.cos(1.0)  # f'(g(x)) · g'(x) for sin(x²) at x = 1, by hand
    assert f"{slope:.3g}" in composed.get_legend().get_texts()[1].get_text()
    assert "slope 2" in inner.get_title() and f"{math.cos(1.0):.3g}" in outer.get_title()
    assert all(ax.get_title() and ax.get_xlabel() and ax.get_ylabel() for ax in fig.axes)


def test_bad_limits_are_explained() -> None:
    with pytest.raises(ValueError, match="low < high"):
        plot.plot_tangent(np.sin, 0.0, xlim=(1, -1))


def test_curves_are_labelled_and_optionally_logarithmic() -> None:
    ax = plot.plot_curves(
        {"train": [1.0, 0.5, 0.25], "test": [1.0, 0.7, 0.6]},
        title="Loss",
        xlabel="step",
        ylabel="loss",
        logy=True,
    )
    assert ax.get_yscale() == "log" and len(ax.get_lines()) == 2
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["train", "test"]
