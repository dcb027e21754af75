"""Decision boundaries: which class a classifier picks at every point of the plane.

A classifier of 2-D points maps each point to class probabilities. Colouring the plane by the
most probable class (paler where the classifier is unsure) and drawing the lines where that
choice changes shows what a network has learned better than any number: a straight line for a
linear model, bends and islands for a network with a hidden layer.

A classifier is passed as ``predict``: a function from an array of points, shape (n, 2), to
probabilities, shape (n, classes), rows summing to 1. For a ``helpers.nn`` model that is
``lambda P: helpers.functional.softmax(model(P)).data``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import to_rgb

from helpers import validate
from helpers.plot import COLORS, MUTED

Predict = Callable[[np.ndarray], np.ndarray]

# Class colours (colour-blind safe, as in helpers.plot): blue, orange, green, pink.
CLASS_COLORS = COLORS[:4]
LOST_GREY = to_rgb(MUTED)  # pixels where a diverged network gives nan

_PREDICT = "a function of the points, e.g. lambda P: softmax(model(P)).data"


def view_limits(X: np.ndarray, margin: float = 0.15) -> tuple[tuple[float, float], ...]:
    """(xlim, ylim) around the points of ``X`` with ``margin`` of their extent on each side."""
    X = _plane_points("X", X)
    margin = validate.real("margin", margin, minimum=0)
    low, high = X.min(axis=0), X.max(axis=0)
    pad = margin * np.maximum(high - low, 1e-9)
    return (low[0] - pad[0], high[0] + pad[0]), (low[1] - pad[1], high[1] + pad[1])


def _plane_points(name: str, X: np.ndarray) -> np.ndarray:
    return validate.array(
        name, X, shape=(None, 2), hint="decision boundaries are drawn for 2-D points (n, 2)"
    )


def _limits(name: str, value: tuple[float, float]) -> tuple[float, float]:
    low, high = validate.array(name, value, shape=(2,), hint="a range (low, high)")
    if not low < high:
        raise ValueError(f"{name} must be a range (low, high) with low < high, got {value!r}")
    return float(low), float(high)


def _probabilities(probs: np.ndarray) -> np.ndarray:
    probs = validate.array(  # a diverged network's nan probabilities are drawn, not refused
        "probs", probs, finite=False, hint="class probabilities, one per class on the last axis"
    )
    if probs.ndim == 0 or probs.shape[-1] < 1:
        raise ValueError(f"probs must have the classes on its last axis, got shape {probs.shape}")
    return probs


def grid_points(
    xlim: tuple[float, float], ylim: tuple[float, float], resolution: int
) -> np.ndarray:
    """A resolution × resolution grid over the view, as points of shape (resolution², 2), row-major
    from the bottom-left corner (the layout ``imshow(origin="lower")`` expects)."""
    xlim, ylim = _limits("xlim", xlim), _limits("ylim", ylim)
    resolution = validate.integer("resolution", resolution, minimum=2, maximum=2000)
    xs = np.linspace(*xlim, resolution)
    ys = np.linspace(*ylim, resolution)
    gx, gy = np.meshgrid(xs, ys)
    return np.column_stack([gx.ravel(), gy.ravel()])


def probabilities_on_grid(predict: Predict, points: np.ndarray, resolution: int) -> np.ndarray:
    """``predict`` on the grid points, checked, as an array (resolution, resolution, classes)."""
    predict = validate.function("predict", predict, hint=_PREDICT)
    resolution = validate.integer("resolution", resolution, minimum=2, maximum=2000)
    points = _plane_points("points", points)
    if len(points) != resolution**2:
        raise ValueError(
            f"points must be the resolution² = {resolution**2} grid points, got {len(points)}"
        )
    answer = predict(points)
    try:
        probs = np.asarray(answer, dtype=np.float64)
    except (TypeError, ValueError):  # not numbers: said below, with what was expected
        probs = np.empty(0)
    if probs.ndim != 2 or len(probs) != len(points):
        raise ValueError(
            f"predict must return probabilities of shape (n, classes) for the n = {len(points)} "
            f"points, got shape {probs.shape}; for a network use softmax(model(points)).data"
        )
    return probs.reshape(resolution, resolution, probs.shape[1])


def shade(probs: np.ndarray, strength: float = 0.6) -> np.ndarray:
    """An RGB image: each pixel the colour of its most probable class, fading to white as the
    classifier becomes unsure (white where all classes are equally likely), and grey where the
    probabilities are not numbers at all (nan: the network diverged)."""
    probs = _probabilities(probs)
    strength = validate.real("strength", strength, minimum=0, maximum=1)
    classes = probs.shape[-1]
    colors = np.array([to_rgb(CLASS_COLORS[k % len(CLASS_COLORS)]) for k in range(classes)])
    lost = ~np.isfinite(probs).all(axis=-1)  # a diverged network: no probabilities at all
    probs = np.where(lost[..., None], 1.0 / classes, probs)
    best = probs.argmax(axis=-1)
    spread = 1.0 - 1.0 / classes if classes > 1 else 1.0  # one class: always sure
    confidence = (probs.max(axis=-1) - 1.0 / classes) / spread
    mix = strength * np.clip(confidence, 0.0, 1.0)[..., None]
    image = 1.0 - mix * (1.0 - colors[best])
    image[lost] = LOST_GREY
    return image


def margins(probs: np.ndarray) -> np.ndarray:
    """For each class k, p_k − max_{j≠k} p_j: positive exactly where k wins, zero on its border.

    Its zero contour is the decision boundary around class k, smooth even on a coarse grid.
    """
    probs = _probabilities(probs)
    if probs.shape[-1] < 2:
        raise ValueError(f"margins compare classes: probs needs at least 2, got {probs.shape}")
    out = np.empty_like(probs)
    for k in range(probs.shape[-1]):
        others = np.delete(probs, k, axis=-1)
        out[..., k] = probs[..., k] - others.max(axis=-1)
    return out


def _labels(name: str, y: np.ndarray, n: int) -> np.ndarray:
    """Class labels 0, 1, 2, … one per point."""
    labels = validate.array(
        name, y, ndim=1, hint=f"one class label (0, 1, …) per point, {n} in all"
    )
    if len(labels) != n or not np.all((labels >= 0) & (labels == np.round(labels))):
        raise ValueError(
            f"{name} must be {n} class labels 0, 1, 2, … (one per point), got {validate.shown(y)}"
        )
    return labels.astype(np.int64)


class BoundaryPlot:
    """A decision-boundary picture on ``ax`` that can be redrawn quickly for a new classifier.

    The data points are drawn once; :meth:`update` recomputes the class probabilities on the grid
    and replaces the shaded image and the boundary lines. ``artists()`` lists what changes.
    """

    def __init__(
        self,
        ax: Axes,
        X: np.ndarray,
        y: np.ndarray,
        resolution: int = 80,
        title: str = "decision boundary",
        X_test: np.ndarray | None = None,
        y_test: np.ndarray | None = None,
    ) -> None:
        if not isinstance(ax, Axes):
            raise TypeError(f"ax must be a matplotlib Axes, got {validate.shown(ax)}")
        X, y = _plane_points("X", X), _labels("y", y, len(X))
        if (X_test is None) != (y_test is None):
            raise ValueError("give both X_test and y_test, or neither")
        if X_test is not None:
            X_test = _plane_points("X_test", X_test)
            y_test = _labels("y_test", y_test, len(X_test))
        if not isinstance(title, str):
            raise TypeError(f"title must be a string, got {validate.shown(title)}")
        self.ax = ax
        self.resolution = validate.integer("resolution", resolution, minimum=2, maximum=2000)
        both = X if X_test is None else np.concatenate([X, X_test])
        self.xlim, self.ylim = view_limits(both)
        self.points = grid_points(self.xlim, self.ylim, self.resolution)
        blank = np.ones((self.resolution, self.resolution, 3))
        self.image = ax.imshow(
            blank,
            origin="lower",
            extent=(*self.xlim, *self.ylim),
            aspect="auto",
            interpolation="bilinear",
        )
        self.lines: list = []
        self.scatters = [self._scatter(X, y, filled=True)]
        if X_test is not None and y_test is not None:
            self.scatters.append(self._scatter(X_test, y_test, False))
        ax.set_xlim(*self.xlim)
        ax.set_ylim(*self.ylim)
        ax.grid(False)
        ax.set_title(title)
        ax.set_xlabel("x₁")
        ax.set_ylabel("x₂")

    def _scatter(self, X: np.ndarray, y: np.ndarray, filled: bool):
        colors = [CLASS_COLORS[int(k) % len(CLASS_COLORS)] for k in y]
        if filled:
            return self.ax.scatter(
                X[:, 0], X[:, 1], c=colors, s=22, edgecolors="white", linewidths=0.6, zorder=3
            )
        return self.ax.scatter(
            X[:, 0], X[:, 1], facecolors="none", edgecolors=colors, s=26, linewidths=1.3, zorder=3
        )

    def update(self, predict: Predict) -> np.ndarray:
        """Shade the plane and draw the boundary for classifier ``predict``; returns the probs."""
        predict = validate.function("predict", predict, hint=_PREDICT)
        probs = probabilities_on_grid(predict, self.points, self.resolution)
        self.image.set_data(shade(probs))
        for line in self.lines:
            line.remove()
        self.lines = []
        xs = np.linspace(*self.xlim, self.resolution)
        ys = np.linspace(*self.ylim, self.resolution)
        m = margins(probs)
        classes = probs.shape[-1]
        # Two classes share one boundary; with more, each class's border is drawn.
        for k in range(1 if classes == 2 else classes):
            if m[..., k].min() < 0 < m[..., k].max():
                self.lines.append(
                    self.ax.contour(xs, ys, m[..., k], levels=[0.0], colors="black", linewidths=1.2)
                )
        return probs

    def artists(self) -> list:
        """Everything :meth:`update` changes, in drawing order (image, lines, then the points)."""
        return [self.image, *self.lines, *self.scatters]

    def remove(self) -> None:
        """Take the picture off its axes (to draw a new one there without clearing the axes)."""
        for artist in self.artists():
            artist.remove()
        self.lines = []


def plot_decision_boundary(
    predict: Predict,
    X: np.ndarray,
    y: np.ndarray,
    ax: Axes | None = None,
    title: str = "decision boundary",
    resolution: int = 150,
) -> Axes:
    """Colour the plane by the class ``predict`` picks, draw the boundary and the points (X, y).

    Paler colour means a less confident classifier; the black line is where the decision changes.
    """
    predict = validate.function("predict", predict, hint=_PREDICT)
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(5.5, 4.5))
    BoundaryPlot(ax, X, y, resolution=resolution, title=title).update(predict)
    return ax
