"""helpers.boundary: the grid layout, the shading, the boundary line where it belongs."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgb

from helpers import boundary
from helpers.boundary import CLASS_COLORS, BoundaryPlot, plot_decision_boundary
from helpers.widgets.render import offscreen_figure


def vertical_split(points: np.ndarray, at: float = 0.3, sharpness: float = 20.0) -> np.ndarray:
    """A known classifier: class 1 right of x₁ = ``at``, class 0 left of it."""
    p1 = 1.0 / (1.0 + np.exp(-sharpness * (points[:, 0] - at)))
    return np.column_stack([1.0 - p1, p1])


X = np.array([[-1.0, -0.5], [1.0, 0.5], [0.0, 2.0]])
Y = np.array([0, 1, 0])


def test_view_limits_pad_the_points():
    xlim, ylim = boundary.view_limits(X, margin=0.1)
    assert xlim == pytest.approx((-1.2, 1.2)) and ylim == pytest.approx((-0.75, 2.25))
    with pytest.raises(
        ValueError,
        match=r"X must be an array of shape \(any, 2\), got array\(\[1\.0, 1\.0, 1\.0\]\)",
    ):
        boundary.view_limits(np.ones(3))


def test_grid_is_laid_out_for_imshow_origin_lower():
    points = boundary.grid_points((0.0, 1.0), (10.0, 12.0), 3)
    grid = points.reshape(3, 3, 2)
    assert tuple(grid[0, 0]) == (0.0, 10.0)  # bottom-left
    assert tuple(grid[0, 2]) == (1.0, 10.0)  # along a row, x₁ grows
    assert tuple(grid[2, 0]) == (0.0, 12.0)  # up the rows, x₂ grows


def test_shade_colours_confident_points_and_whitens_ties():
    probs = np.array([[[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]]])
    image = boundary.shade(probs, strength=0.6)
    blue, orange = np.array(to_rgb(CLASS_COLORS[0])), np.array(to_rgb(CLASS_COLORS[1]))
    np.testing.assert_allclose(image[0, 0], 1 - 0.6 * (1 - blue))
    np.testing.assert_allclose(image[0, 1], 1 - 0.6 * (1 - orange))
    np.testing.assert_allclose(image[0, 2], [1.0, 1.0, 1.0])


def test_margins_are_positive_exactly_where_a_class_wins():
    probs = np.random.default_rng(1).dirichlet(np.ones(3), size=200)
    m = boundary.margins(probs)
    np.testing.assert_array_equal(m.argmax(axis=1), probs.argmax(axis=1))
    assert np.all((m > 0).sum(axis=1) == 1)


def test_the_boundary_line_is_where_the_classifier_switches():
    fig, ax = plt.subplots()
    plot = BoundaryPlot(ax, X, Y, resolution=60)
    probs = plot.update(vertical_split)
    assert probs.shape == (60, 60, 2)
    (lines,) = plot.lines
    vertices = np.concatenate([p.vertices for p in lines.get_paths()])
    np.testing.assert_allclose(vertices[:, 0], 0.3, atol=0.01)  # the line x₁ = 0.3
    assert vertices[:, 1].min() < -0.5 and vertices[:, 1].max() > 2.0  # across the whole view
    # the shading: blue (class 0) on the left edge, orange (class 1) on the right
    image = plot.image.get_array()
    assert image[30, 0, 2] > image[30, 0, 0] and image[30, -1, 0] > image[30, -1, 2]
    # a new classifier replaces the old line instead of adding one
    plot.update(lambda p: vertical_split(p, at=-0.5))
    (lines,) = plot.lines
    np.testing.assert_allclose(lines.get_paths()[0].vertices[:, 0], -0.5, atol=0.01)
    assert len(ax.collections) == 2  # the points and one boundary
    plt.close(fig)


def test_a_classifier_that_never_switches_draws_no_line():
    fig, ax = plt.subplots()
    plot = BoundaryPlot(ax, X, Y, resolution=20)
    plot.update(lambda p: np.tile([0.9, 0.1], (len(p), 1)))
    assert plot.lines == []
    plt.close(fig)


def test_three_classes_get_a_border_each():
    fig, ax = plt.subplots()
    plot = BoundaryPlot(ax, X, np.array([0, 1, 2]), resolution=40)

    def sectors(p):  # three classes by the angle around the origin
        angles = np.arctan2(p[:, 1], p[:, 0])
        centers = np.array([0.0, 2.1, -2.1])
        scores = np.cos(angles[:, None] - centers) * 5
        e = np.exp(scores - scores.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    plot.update(sectors)
    assert len(plot.lines) == 3
    plt.close(fig)


def test_bad_predictions_are_explained():
    fig, ax = plt.subplots()
    plot = BoundaryPlot(ax, X, Y, resolution=10)
    with pytest.raises(ValueError, match=r"shape \(n, classes\) for the n = 100 points.*softmax"):
        plot.update(lambda p: p[:, 0])
    with pytest.raises(
        ValueError,
        match=r"y must be 3 class labels 0, 1, 2, … \(one per point\), got array\(\[0, 1\]\)",
    ):
        BoundaryPlot(ax, X, Y[:2])
    plt.close(fig)


def test_plot_decision_boundary_is_labelled():
    ax = plot_decision_boundary(vertical_split, X, Y, title="a split")
    assert (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()) == ("a split", "x₁", "x₂")
    plt.close(ax.figure)


def test_remove_takes_the_picture_off_and_leaves_the_axes_for_a_new_one():
    fig, ax = plt.subplots()
    X = np.array([[0.0, 0.0], [1.0, 1.0], [0.0, 1.0], [1.0, 0.0]])
    y = np.array([0, 1, 0, 1])
    old = BoundaryPlot(ax, X, y, resolution=10)
    old.update(lambda p: np.stack([p[:, 0] < 0.5, p[:, 0] >= 0.5], axis=1).astype(float))
    assert ax.images and ax.collections
    old.remove()
    assert not ax.images and not ax.collections and old.lines == []
    new = BoundaryPlot(ax, 3 * X, y, resolution=10)
    assert len(ax.collections) == 1 and ax.get_xlim() == new.xlim
    plt.close(fig)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: boundary.view_limits(None), TypeError, "X must be an array"),
        (lambda: boundary.view_limits(np.zeros((2, 2)), margin=np.nan), ValueError, "margin"),
        (lambda: boundary.grid_points((0, 1), (0, 1), 1.5), TypeError, "resolution"),
        (lambda: boundary.grid_points((1, 0), (0, 1), 5), ValueError, "xlim must be a range"),
        (lambda: boundary.grid_points((0, 1), "ab", 5), TypeError, "ylim"),
        (lambda: boundary.grid_points((0, 1), (0, 1), 10**6), ValueError, "resolution"),
        (lambda: boundary.shade("a"), TypeError, "probs must be an array"),
        (lambda: boundary.shade(np.ones((2, 2)) / 2, strength=2.0), ValueError, "strength"),
        (lambda: boundary.margins(np.ones((3, 1))), ValueError, "at least 2"),
        (lambda: boundary.plot_decision_boundary(5, np.zeros((2, 2)), [0, 1]), TypeError, "pred"),
        (lambda: boundary.BoundaryPlot("ax", np.zeros((2, 2)), [0, 1]), TypeError, "ax must be"),
        (lambda: boundary.BoundaryPlot(_ax(), np.zeros((2, 2)), [0, 0.5]), ValueError, "labels"),
        (lambda: boundary.BoundaryPlot(_ax(), np.zeros((2, 2)), [0, 1], X_test=np.zeros((1, 2))),
         ValueError, "both X_test and y_test"),
        (lambda: boundary.probabilities_on_grid(lambda P: "abc", np.zeros((4, 2)), 2),
         ValueError, "predict must return probabilities"),
    ],
)  # fmt: skip
def test_bad_arguments_are_named(call, error, message):
    with pytest.raises(error, match=message):
        call()


def _ax():
    return offscreen_figure((3, 3)).add_subplot()


def test_a_diverged_classifier_is_still_drawn():
    # The live trainer shows a network whose probabilities became nan instead of raising.
    probs = np.full((3, 3, 2), np.nan)
    assert boundary.shade(probs).shape == (3, 3, 3)
    assert boundary.margins(probs).shape == (3, 3, 2)
