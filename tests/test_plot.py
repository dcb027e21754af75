"""helpers.plot: the figure style, the palette, the presenter style and the chain-rule pictures."""

from __future__ import annotations

import itertools
import math
import os
import re
import subprocess
import sys

import ipywidgets as widgets
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


# -- the presenter style -------------------------------------------------------------------------


@pytest.fixture
def student(monkeypatch):
    """No HELPERS_PRESENT in the environment, and the student style restored afterwards."""
    monkeypatch.delenv("HELPERS_PRESENT", raising=False)
    yield
    monkeypatch.delenv("HELPERS_PRESENT", raising=False)
    plot.use_style()


def sizes() -> tuple[float, float, float]:
    rc = matplotlib.rcParams
    return rc["font.size"], rc["lines.linewidth"], rc["figure.figsize"][0]


@pytest.mark.parametrize("word", ["1", "true", "YES", " on "])
def test_the_environment_variable_switches_the_presenter_style_on(student, monkeypatch, word):
    plot.use_style()
    student_sizes = sizes()
    assert not plot.presenting()
    monkeypatch.setenv("HELPERS_PRESENT", word)
    assert plot.presenting_from_environment()
    plot.use_style()  # the same call every notebook makes: no notebook is edited
    assert plot.presenting()
    font, line, width = sizes()
    assert font >= student_sizes[0] + 4 and line > student_sizes[1] and width > student_sizes[2]
    assert matplotlib.rcParams["figure.constrained_layout.use"]


@pytest.mark.parametrize("word", ["", "0", "false", "no", "present"])
def test_other_values_leave_the_student_style(student, monkeypatch, word):
    monkeypatch.setenv("HELPERS_PRESENT", word)
    plot.use_style()
    assert not plot.presenting() and sizes()[0] == 11
    assert not matplotlib.rcParams["figure.constrained_layout.use"]


def test_use_style_can_force_either_style(student, monkeypatch):
    plot.use_style(presenter=True)
    assert plot.presenting() and sizes()[0] == 16
    monkeypatch.setenv("HELPERS_PRESENT", "1")
    plot.use_style(presenter=False)
    assert not plot.presenting() and sizes()[0] == 11
    with pytest.raises(TypeError, match="presenter must be True, False or None, got 'yes'"):
        plot.use_style(presenter="yes")


@pytest.mark.parametrize(("value", "expected"), [("1", "True 16.0"), ("0", "False 11.0")])
def test_the_variable_is_read_when_helpers_plot_is_imported(value: str, expected: str) -> None:
    code = (
        "import matplotlib; matplotlib.use('Agg')\n"
        "from helpers import plot\n"
        "before = plot.presenting()\n"
        "plot.use_style()\n"
        "print(before, matplotlib.rcParams['font.size'])\n"
    )
    env = {**os.environ, "HELPERS_PRESENT": value}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == expected.split()


def test_widget_sizes_follow_the_style(student):
    plot.use_style()
    assert plot.widget_scale() == 1.0 and plot.widget_text_px() == 13
    assert plot.control_layout(width="60%").height is None  # ipywidgets' own size
    box = plot.scaled_controls(widgets.VBox([widgets.Button()]))
    assert len(box.children) == 1 and plot.PRESENTER_CLASS not in box._dom_classes
    plot.use_style(presenter=True)
    assert plot.widget_scale() > 1 and plot.widget_text_px() >= 20
    assert "font-size: 21px" in plot.text_css()
    layout = plot.control_layout(width="60%")
    assert int(layout.height.removesuffix("px")) >= 44 and layout.width == "60%"
    box = plot.scaled_controls(widgets.VBox([widgets.Button()]))
    sheet = box.children[0]
    assert plot.PRESENTER_CLASS in box._dom_classes and isinstance(sheet, widgets.HTML)
    assert "height: 45px" in sheet.value and "font-size: 21px" in sheet.value
    assert ".helpers-present .widget-toggle-button" in sheet.value


def test_presenter_titles_of_panels_side_by_side_do_not_overlap(student):
    titles = ["too small: η = 0.005", "about right: η = 0.05", "too large: η = 0.15", "η = 0.21"]
    for presenter in (True, False):
        plot.use_style(presenter=presenter)
        fig, axes = plt.subplots(1, 4, sharey=True)
        for ax, title in zip(axes, titles, strict=True):
            plot.set_labels(ax, title, "w", "L(w)")
        fig.canvas.draw()
        boxes = [ax.title.get_window_extent() for ax in axes]
        overlaps = [left.x1 > right.x0 for left, right in itertools.pairwise(boxes)]
        if presenter:
            assert not any(overlaps)
            assert axes[0].get_title() == "too small:\nη = 0.005"  # broken after the colon
        else:
            assert any(overlaps)  # the student style at this size does collide: the test can fail
            assert axes[0].get_title() == titles[0]


def test_short_titles_are_never_wrapped(student):
    plot.use_style(presenter=True)
    _, ax = plt.subplots()
    plot.set_labels(ax, "Loss", "step", "loss")
    assert ax.get_title() == "Loss" and ax.get_xlabel() == "step" and ax.get_ylabel() == "loss"


def test_composition_panels_use_the_presenter_layout(student):
    plot.use_style(presenter=True)
    fig = plt.figure()
    plot.CompositionPanels(fig)
    assert fig.get_layout_engine() is not None  # subplots_adjust would have turned it off
    plot.use_style()
    fig = plt.figure()
    plot.CompositionPanels(fig)
    assert fig.subplotpars.top == pytest.approx(0.78)


def test_an_overflowing_curve_is_refused_and_the_picture_kept() -> None:
    panels = sin_of_square(numbers=False)
    before = [line.get_ydata().copy() for line in panels._curves]
    with pytest.raises(ValueError, match=r"y = exp\(u\) is not a finite number for every u in"):
        panels.set_functions(np.exp, lambda x: 1e3 * x, outer="exp(u)")
    with pytest.raises(ValueError, match=r"u = e is not a finite number for every x in \[-2, 2\]"):
        panels.set_functions(np.sin, lambda x: np.exp(1e3 * x), inner="e")
    for line, ys in zip(panels._curves, before, strict=True):
        np.testing.assert_array_equal(line.get_ydata(), ys)
    assert panels._texts[2] == "s"


def test_one_palette() -> None:
    assert plot.COLORS[:2] == (plot.BLUE, plot.VERMILLION) and plot.ACCENT == plot.VERMILLION
    assert len(set(plot.COLORS)) == len(plot.COLORS)
    assert all(re.fullmatch(r"#[0-9A-F]{6}", c) for c in (*plot.COLORS, plot.INK, plot.MUTED))


def test_long_titles_wrap_into_lines_of_about_equal_length(student):
    plot.use_style(presenter=True)
    _, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    plot.set_labels(left, "Training loss, step by step", "step", "loss")
    plot.set_labels(right, "Learned boundary (blue: class 0, orange: class 1)", "x", "y")
    assert left.get_title() == "Training loss,\nstep by step"  # not "... step by" / "step"
    assert right.get_title() == "Learned boundary\n(blue: class 0,\norange: class 1)"
