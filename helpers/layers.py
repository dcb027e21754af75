"""What "deep" means, made visible: a small network of tanh layers, watched layer by layer.

Book §1.1: a deep network is many layers, each a nonlinear transformation of its inputs, and the
features grow more useful (more abstract) with depth. Notebook 00 shows this on two interleaved
half-moons in the plane. Every layer here maps the plane to the plane,

    h_k = tanh(W_k h_{k-1} + b_k),      W_k a 2×2 matrix, b_k a vector of 2,

so each layer's output can be drawn as points in a plane, and a final *score* s = w·h_L + c says
which class a point belongs to (s > 0: class 1). A straight line in the last layer's plane separates
the classes when the network has done its work.

The weights come from a short, seeded training by gradient descent with momentum, with gradients
written out by hand (backpropagation); notebooks 01-05 explain how that works. It is deterministic
and takes a few hundredths of a second.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from .plot import COLORS, label


def two_moons(n: int = 200, noise: float = 0.08, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved half-circles in the plane: ``points`` (n, 2) and ``labels`` (n,) of 0/1.

    Class 0 is the upper moon, class 1 the lower one, shifted so that each reaches into the other's
    hollow: no straight line separates them. Seeded, so the same call gives the same points.
    """
    if n < 2 or n % 2:
        raise ValueError(f"n is the number of points, an even number of at least 2; got {n}")
    if noise < 0:
        raise ValueError(f"noise is a standard deviation and must be >= 0, got {noise}")
    rng = np.random.default_rng(seed)
    angle = rng.uniform(0.0, np.pi, n)
    labels = np.arange(n) % 2
    x = np.where(labels == 0, np.cos(angle), 1.0 - np.cos(angle))
    y = np.where(labels == 0, np.sin(angle), 0.5 - np.sin(angle))
    points = np.stack([x, y], axis=1) + noise * rng.normal(size=(n, 2))
    return points - np.array([0.5, 0.25]), labels


@dataclass(frozen=True)
class TanhNetwork:
    """A stack of layers h_k = tanh(W_k h_{k-1} + b_k) and a linear score s = w·h_L + c."""

    weights: tuple[np.ndarray, ...]  # W_k of shape (outputs, inputs)
    biases: tuple[np.ndarray, ...]  # b_k of shape (outputs,)
    readout: np.ndarray  # w: the score's weights on the last layer
    readout_bias: float  # c

    def layer_outputs(self, points: np.ndarray) -> list[np.ndarray]:
        """[x, h_1, ..., h_L]: the points as the input and as every layer's output, each (n, 2)."""
        points = _as_points(points)
        outputs = [points]
        for w, b in zip(self.weights, self.biases, strict=True):
            outputs.append(np.tanh(outputs[-1] @ w.T + b))
        return outputs

    def scores(self, points: np.ndarray) -> np.ndarray:
        """s = w·h_L + c for every point: positive means class 1."""
        return self.layer_outputs(points)[-1] @ self.readout + self.readout_bias

    def predict(self, points: np.ndarray) -> np.ndarray:
        """The predicted class (0 or 1) of every point."""
        return (self.scores(points) > 0).astype(int)

    @property
    def depth(self) -> int:
        """The number of tanh layers."""
        return len(self.weights)

    def __repr__(self) -> str:
        sizes = [str(self.weights[0].shape[1])] + [str(w.shape[0]) for w in self.weights]
        return f"TanhNetwork({' → '.join(sizes)} → score)"


def _as_points(points: np.ndarray) -> np.ndarray:
    array = np.asarray(points, dtype=float)
    if array.ndim != 2:
        raise ValueError(f"points must be an array of shape (n, features), got shape {array.shape}")
    return array


def _sigmoid(s: np.ndarray) -> np.ndarray:
    """1 / (1 + exp(−s)), written with tanh so that it never overflows (sigmoid(−1000) = 0)."""
    return 0.5 * (1.0 + np.tanh(0.5 * s))


def logistic_loss(scores: np.ndarray, labels: np.ndarray) -> float:
    """Mean of log(1 + exp(−y s)) with y = ±1: small when every score has its class's sign."""
    signs = np.where(labels == 1, 1.0, -1.0)
    return float(np.mean(np.logaddexp(0.0, -signs * scores)))


def loss_and_gradients(
    net: TanhNetwork, points: np.ndarray, labels: np.ndarray
) -> tuple[float, dict[str, list[np.ndarray]]]:
    """The logistic loss and its gradient with respect to every parameter, by backpropagation.

    Returns ``(loss, grads)`` with ``grads["weights"][k]``, ``grads["biases"][k]`` shaped like the
    parameters, and ``grads["readout"] = [dL/dw, dL/dc]``. This is the chain rule, equation (1.1),
    applied layer by layer from the score back to the first layer (Book §1.3).
    """
    outputs = net.layer_outputs(points)
    scores = outputs[-1] @ net.readout + net.readout_bias
    n = len(labels)
    # d loss / d score: sigmoid(s) − label, averaged over the points.
    d_score = (_sigmoid(scores) - labels) / n
    d_readout = outputs[-1].T @ d_score
    d_h = np.outer(d_score, net.readout)
    d_weights: list[np.ndarray] = [np.empty(0)] * net.depth
    d_biases: list[np.ndarray] = [np.empty(0)] * net.depth
    for k in range(net.depth - 1, -1, -1):
        d_pre = d_h * (1.0 - outputs[k + 1] ** 2)  # tanh'(a) = 1 − tanh(a)²
        d_weights[k] = d_pre.T @ outputs[k]
        d_biases[k] = d_pre.sum(axis=0)
        d_h = d_pre @ net.weights[k]
    grads = {
        "weights": d_weights,
        "biases": d_biases,
        "readout": [d_readout, np.asarray(d_score.sum())],
    }
    return logistic_loss(scores, labels), grads


def train_tanh_network(
    points: np.ndarray,
    labels: np.ndarray,
    *,
    widths: Sequence[int] = (2, 2, 2, 2),
    seed: int = 5,
    learning_rate: float = 0.1,
    momentum: float = 0.9,
    target_loss: float = 0.03,
    max_steps: int = 3000,
) -> TanhNetwork:
    """Fit a :class:`TanhNetwork` to labelled points by full-batch gradient descent with momentum.

    Starts from seeded random weights and stops as soon as the loss is below ``target_loss``, so
    the layers are bent just enough to separate the classes (training longer squeezes every point
    into a corner of the square, which hides how the layers work). Deterministic for a given seed.
    Narrow networks like this one sometimes get stuck for a given seed; the default seed is one
    that trains well on :func:`two_moons`.
    """
    points = _as_points(points)
    labels = np.asarray(labels)
    if labels.shape != (len(points),) or not np.isin(labels, (0, 1)).all():
        raise ValueError(
            f"labels must be {len(points)} zeros and ones, one per point; got shape {labels.shape}"
        )
    rng = np.random.default_rng(seed)
    weights, biases, fan_in = [], [], points.shape[1]
    for width in widths:
        weights.append(rng.normal(size=(width, fan_in)) / np.sqrt(fan_in))
        biases.append(np.zeros(width))
        fan_in = width
    readout = rng.normal(size=fan_in) / np.sqrt(fan_in)
    params = [*weights, *biases, readout, np.zeros(())]
    velocity = [np.zeros_like(p) for p in params]
    depth = len(widths)

    def network() -> TanhNetwork:
        return TanhNetwork(
            tuple(p.copy() for p in params[:depth]),
            tuple(p.copy() for p in params[depth : 2 * depth]),
            params[-2].copy(),
            float(params[-1]),
        )

    for _ in range(max_steps):
        loss, grads = loss_and_gradients(network(), points, labels)
        if loss < target_loss:
            break
        flat = [*grads["weights"], *grads["biases"], *grads["readout"]]
        for p, v, g in zip(params, velocity, flat, strict=True):
            v *= momentum
            v -= learning_rate * g
            p += v
    return network()


def linear_accuracy(points: np.ndarray, labels: np.ndarray) -> float:
    """How well one straight line separates the classes: the accuracy of a fitted linear classifier.

    Fits logistic regression (a line, with a tiny ridge penalty so that separable data still has an
    answer) by Newton's method and returns the fraction of points on their class's side of it:
    1.0 means the classes are linearly separable.
    """
    points = _as_points(points)
    labels = np.asarray(labels, dtype=float)
    design = np.column_stack([points, np.ones(len(points))])
    coef = np.zeros(design.shape[1])
    ridge = 1e-3 * np.eye(design.shape[1])
    for _ in range(50):
        prob = _sigmoid(design @ coef)
        gradient = design.T @ (prob - labels) + ridge @ coef
        hessian = (design * (prob * (1 - prob))[:, None]).T @ design + ridge
        step = np.linalg.solve(hessian, gradient)
        coef -= step
        if np.max(np.abs(step)) < 1e-10:
            break
    return float(np.mean((design @ coef > 0) == (labels == 1)))


def _grid_lines(lo: float, hi: float, count: int = 9, samples: int = 80) -> list[np.ndarray]:
    """Horizontal and vertical lines of the input plane, each an array of points (samples, 2)."""
    ticks = np.linspace(lo, hi, count)
    s = np.linspace(lo, hi, samples)
    return [np.column_stack([np.full_like(s, t), s]) for t in ticks] + [
        np.column_stack([s, np.full_like(s, t)]) for t in ticks
    ]


def plot_layers(net: TanhNetwork, points: np.ndarray, labels: np.ndarray) -> Figure:
    """The points as the network's input and after every layer, one panel each, plus the result.

    Grey lines are a square grid of the input plane carried through the same layers: they show how
    each layer bends the plane. Each panel's title gives the accuracy of the best straight line
    (:func:`linear_accuracy`); the last layer's panel draws the score's line w·h + c = 0, and the
    last panel shows the network's decision back in the input plane: a curved boundary.
    """
    points = _as_points(points)
    outputs = net.layer_outputs(points)
    limits = (float(points.min()) - 0.3, float(points.max()) + 0.3)
    grid = [net.layer_outputs(line) for line in _grid_lines(*limits)]
    panels = len(outputs) + 1
    rows = -(-panels // 3)
    width = 1.5 * plt.rcParams["figure.figsize"][0]  # 10.5 in, or 15 in presenter style
    fig, axes = plt.subplots(rows, 3, figsize=(width, 0.343 * width * rows), squeeze=False)
    colors = np.array([COLORS[0], COLORS[1]])[np.asarray(labels)]
    dot = plt.rcParams["lines.markersize"] ** 2 / 3  # 12 pt², larger in presenter style
    for k, (ax, h) in enumerate(zip(axes.flat, outputs, strict=False)):
        for line in grid:
            ax.plot(line[k][:, 0], line[k][:, 1], color="0.75", linewidth=0.8, zorder=1)
        ax.scatter(h[:, 0], h[:, 1], c=colors, s=dot, zorder=2)
        ax.grid(False)
        name = "input" if k == 0 else f"layer {k}"
        label(ax, f"{name} ({linear_accuracy(h, labels):.0%} by a line)", "coordinate 1", "")
        ax.set_ylabel("coordinate 2")
        _square(ax, limits if k == 0 else (-1.1, 1.1))
    _draw_line(axes.flat[len(outputs) - 1], net.readout, net.readout_bias)
    _draw_decision(axes.flat[len(outputs)], net, points, labels, colors, limits)
    for ax in list(axes.flat)[panels:]:
        ax.remove()
    fig.suptitle(
        "Two moons, layer by layer (each layer: a linear map, then tanh); dashed: score = 0"
    )
    fig.tight_layout()
    return fig


def _square(ax: plt.Axes, limits: tuple[float, float]) -> None:
    ax.set_xlim(*limits)
    ax.set_ylim(*limits)
    ax.set_aspect("equal")


def _draw_line(ax: plt.Axes, w: np.ndarray, c: float) -> None:
    """The line w·h + c = 0 across the panel (the score's decision line)."""
    t = np.linspace(-1.1, 1.1, 2)
    if abs(w[1]) > abs(w[0]):
        ax.plot(t, -(c + w[0] * t) / w[1], color="black", linestyle="--", label="score = 0")
    else:
        ax.plot(-(c + w[1] * t) / w[0], t, color="black", linestyle="--", label="score = 0")
    _square(ax, (-1.1, 1.1))


def _draw_decision(
    ax: plt.Axes,
    net: TanhNetwork,
    points: np.ndarray,
    labels: np.ndarray,
    colors: np.ndarray,
    limits: tuple[float, float],
) -> None:
    """The network's decision in the input plane: shaded by predicted class, boundary dashed."""
    s = np.linspace(*limits, 150)
    gx, gy = np.meshgrid(s, s)
    score = net.scores(np.column_stack([gx.ravel(), gy.ravel()])).reshape(gx.shape)
    ax.contourf(
        gx, gy, score, levels=[-np.inf, 0, np.inf], colors=[COLORS[0], COLORS[1]], alpha=0.15
    )
    ax.contour(gx, gy, score, levels=[0.0], colors="black", linestyles="--")
    ax.scatter(points[:, 0], points[:, 1], c=colors, s=plt.rcParams["lines.markersize"] ** 2 / 3)
    accuracy = float(np.mean(net.predict(points) == labels))
    label(ax, f"decision ({accuracy:.0%} right)", "coordinate 1", "coordinate 2")
    _square(ax, limits)
