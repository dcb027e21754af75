"""helpers.plot: the figure style and presenter mode, and the chain-rule pictures."""

from __future__ import annotations

import math

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Circle

from helpers import plot

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")
    matplotlib.rcParams.update(matplotlib.rcParamsDefault)


def slope_of_line(line) -> float:
    xs, ys = np.asarray(line.get_xdata()), np.asarray(line.get_ydata())
    return (ys[-1] - ys[0]) / (xs[-1] - xs[0])


def sin_of_square(numbers: bool) -> plot.CompositionPanels:
    panels = plot.CompositionPanels(Figure(figsize=(11, 4)), xlim=(-2, 2), numbers=numbers)
    panels.set_functions(
        np.sin, np.square, df=np.cos, dg=lambda x: 2 * x, inner="x²", outer="sin(u)", composed="s"
    )
    return panels


def test_composition_tangents_have_the_slopes_of_equation_1_1() -> None:
    panels = sin_of_square(numbers=True)
    u0, f_slope, g_slope = panels.set_x(1.5)
    # By hand: u = 2.25, g'(1.5) = 3, f'(2.25) = cos 2.25, slope of sin(x²) = 3 cos 2.25.
    assert (u0, g_slope) == (2.25, 3.0) and f_slope == pytest.approx(math.cos(2.25))
    inner, outer, composed = panels._tangents
    assert slope_of_line(inner) == pytest.approx(3.0)
    assert slope_of_line(outer) == pytest.approx(math.cos(2.25))
    assert slope_of_line(composed) == pytest.approx(3 * math.cos(2.25))
    # each tangent passes through its point on the curve
    for tangent, point in zip(panels._tangents, panels._points, strict=True):
        xs, ys = tangent.get_xdata(), tangent.get_ydata()
        px, py = point.get_xdata()[0], point.get_ydata()[0]
        assert np.interp(px, xs, ys) == pytest.approx(py)
    assert panels._points[1].get_xdata()[0] == 2.25 and panels._points[1].get_ydata()[0] == (
        pytest.approx(math.sin(2.25))
    )
    assert panels.suptitle.get_text().endswith("= -0.628 × 3 = -1.88")


def test_the_middle_panel_covers_every_u_the_inner_function_reaches() -> None:
    panels = sin_of_square(numbers=False)
    lo, hi = panels.axes[1].get_xlim()
    assert lo <= 0.0 and hi >= 4.0  # x² on [-2, 2] reaches [0, 4]
    assert panels.axes[0].get_xlim() == panels.axes[2].get_xlim() == (-2.0, 2.0)


def test_without_numbers_only_tangents_and_points_move() -> None:
    panels = sin_of_square(numbers=False)
    panels.set_x(0.5)
    titles = [ax.get_title() for ax in panels.axes]
    assert titles == ["inner: u = x²", "outer: y = sin(u)", "composed: y = s"]
    assert panels.dynamic == [*panels._tangents, *panels._points]
    panels.set_x(1.5)
    assert [ax.get_title() for ax in panels.axes] == titles
    assert all(ax.get_xlabel() and ax.get_ylabel() for ax in panels.axes)


def test_with_numbers_the_titles_are_redrawn_too() -> None:
    panels = sin_of_square(numbers=True)
    panels.set_x(1.0)
    assert panels.axes[0].get_title() == "inner: u = x², slope 2"
    assert set(panels.dynamic) >= {ax.title for ax in panels.axes} | {panels.suptitle}


def test_set_x_before_set_functions_is_explained() -> None:
    panels = plot.CompositionPanels(Figure())
    with pytest.raises(RuntimeError, match="set_functions"):
        panels.set_x(0.0)
    with pytest.raises(ValueError, match="low < high"):
        plot.CompositionPanels(Figure(), xlim=(2, 2))


def test_functions_that_take_only_scalars_are_drawn_point_by_point() -> None:
    panels = plot.CompositionPanels(Figure())
    panels.set_functions(math.sin, lambda x: float(x) ** 2)  # math.sin rejects arrays
    panels.set_x(1.0)
    xs, ys = panels._curves[2].get_data()
    np.testing.assert_allclose(ys, np.sin(xs**2))


def test_secants_have_rise_over_run_slopes_and_the_tangent_the_derivative() -> None:
    ax = plot.plot_secants(lambda x: x**2, 1.0, [1.0, 0.5], df=lambda x: 2 * x)
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    # By hand: ((1 + h)² − 1) / h = 2 + h.
    assert texts == [
        "f(x)",
        "secant h = 1: slope 3",
        "secant h = 0.5: slope 2.5",
        "tangent: slope 2",
    ]
    lines = [line for line in ax.get_lines() if line.get_label() in texts]
    assert [slope_of_line(line) for line in lines[1:]] == pytest.approx([3.0, 2.5, 2.0])
    assert ax.get_title() and ax.get_xlabel() == "x" and ax.get_ylabel() == "f(x)"


def test_secants_need_positive_steps() -> None:
    with pytest.raises(ValueError, match="positive"):
        plot.plot_secants(np.sin, 0.0, [0.1, -0.1])
    with pytest.raises(ValueError, match="positive"):
        plot.plot_secants(np.sin, 0.0, [])


def test_step_errors_are_log_log_with_guides_of_the_stated_power() -> None:
    steps = np.array([1e-1, 1e-2, 1e-3])
    ax = plot.plot_step_errors(
        steps,
        {"forward": [1e-2, 1e-3, 0.0], "central": [1e-3, 1e-5, 1e-7]},
        guides={"∝ h": 1, "∝ h²": 2},
        title="errors",
    )
    assert ax.get_xscale() == ax.get_yscale() == "log"
    forward, _, first, second = ax.get_lines()
    assert np.isnan(forward.get_ydata()[2])  # an error of 0 cannot be drawn on a log scale
    np.testing.assert_allclose(first.get_ydata(), [1e-2, 1e-3, 1e-4])  # ∝ h through 1e-2
    np.testing.assert_allclose(second.get_ydata(), [1e-3, 1e-5, 1e-7])  # ∝ h² through 1e-3
    assert ax.get_ylim()[0] == pytest.approx(1e-8)  # the data, not the guides, set the view
    assert ax.get_title() == "errors" and ax.get_xlabel() == "step h" and ax.get_ylabel()


def test_step_errors_must_match_the_steps() -> None:
    with pytest.raises(ValueError, match="2 errors for 3 steps"):
        plot.plot_step_errors([1.0, 0.1, 0.01], {"forward": [1.0, 0.1]}, title="t")


def test_dependency_diagram_draws_nodes_arrows_and_local_derivatives() -> None:
    nodes = {"t": (0, 0), "x": (2, 1), "y": (2, -1), "z": (4, 0)}
    edges = [("t", "x", "2t"), ("t", "y", "cos t"), ("x", "z", "y"), ("y", "z", "x")]
    ax = plot.draw_dependencies(nodes, edges, title="two paths")
    circles = [p for p in ax.patches if isinstance(p, Circle)]
    assert sorted(c.center for c in circles) == sorted(nodes.values())
    texts = {t.get_text() for t in ax.texts}
    assert texts >= {"t", "x", "y", "z", "2t", "cos t"}
    arrows = [a for a in ax.texts if a.get_text() == "" and a.arrow_patch is not None]
    assert len(arrows) == len(edges)
    for arrow, (source, target, _) in zip(arrows, edges, strict=True):
        # each arrow runs from the rim of its source circle to the rim of its target circle
        (x1, y1), (x2, y2) = arrow.xyann, arrow.xy
        assert math.dist((x1, y1), nodes[source]) == pytest.approx(circles[0].radius)
        assert math.dist((x2, y2), nodes[target]) == pytest.approx(circles[0].radius)
    assert ax.get_title() == "two paths"


def test_dependency_diagram_names_an_edge_to_a_missing_node() -> None:
    with pytest.raises(ValueError, match="names 'w', which has no position"):
        plot.draw_dependencies({"t": (0, 0)}, [("t", "w", "1")], title="t")


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
