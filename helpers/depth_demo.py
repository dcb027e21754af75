"""What "deep" means, made visible: notebook 00's small network of tanh layers, layer by layer.

Book §1.1: a deep network is many layers, each a nonlinear transformation of its inputs, and the
features grow more useful (more abstract) with depth. Notebook 00 shows this on the two
interleaved half-moons of :func:`helpers.data.moons`. Every layer here maps the plane to the plane,
with points as rows, as everywhere in the series (``tools/notation.md``),

    h_k = tanh(h_{k-1} W_k + b_k),     W_k a 2×2 matrix, shape (inputs, outputs); b_k a row of 2,

so each layer's output can be drawn as points in a plane, and a final *score* s = h_L·w + c says
which class a point belongs to (s > 0: class 1). A straight line in the last layer's plane separates
the classes when the network has done its work, and once training has gone far enough each class
sits in one tight clump there: the last layer says *which class*, no longer *where* the point was.

The weights come from a short, seeded training by gradient descent with momentum, with gradients
written out by hand (backpropagation); notebooks 01-05 explain how that works. It is deterministic
and takes about a tenth of a second.

How well "a straight line" separates two classes is measured two ways: :func:`best_line_accuracy`
searches every line of the plane for the one that gets most points right (the honest "best line"),
and :func:`linear_accuracy` fits logistic regression, the line a linear classifier trained on the
points would draw, which may get a few points fewer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from . import validate
from .plot import COLORS, set_labels


@dataclass(frozen=True)
class TanhNetwork:
    """A stack of layers h_k = tanh(h_{k-1} W_k + b_k) (points as rows, so the code is
    ``np.tanh(h @ W + b)``) and a linear score s = h_L·w + c."""

    weights: tuple[np.ndarray, ...]  # W_k of shape (inputs, outputs)
    biases: tuple[np.ndarray, ...]  # b_k of shape (outputs,)
    readout: np.ndarray  # w: the score's weights on the last layer
    readout_bias: float  # c

    def __post_init__(self) -> None:
        if not isinstance(self.weights, tuple | list) or not isinstance(self.biases, tuple | list):
            raise TypeError("weights and biases must be sequences of arrays, one per layer")
        if not self.weights or len(self.weights) != len(self.biases):
            raise ValueError(
                f"a TanhNetwork needs at least one layer and one bias per weight matrix, got "
                f"{len(self.weights)} weight matrices and {len(self.biases)} biases"
            )
        weights = [validate.array(f"weights[{k}]", w, ndim=2) for k, w in enumerate(self.weights)]
        biases = [validate.array(f"biases[{k}]", b, ndim=1) for k, b in enumerate(self.biases)]
        for k, (w, b) in enumerate(zip(weights, biases, strict=True)):
            if b.shape != (w.shape[1],) or (k and w.shape[0] != weights[k - 1].shape[1]):
                raise ValueError(
                    f"layer {k + 1}: W has shape {w.shape} and b shape {b.shape}; W_k must be "
                    "(inputs, outputs), its inputs the previous layer's outputs, and b_k (outputs,)"
                )
        readout = validate.array("readout", self.readout, shape=(weights[-1].shape[1],))
        object.__setattr__(self, "weights", tuple(weights))
        object.__setattr__(self, "biases", tuple(biases))
        object.__setattr__(self, "readout", readout)
        object.__setattr__(self, "readout_bias", validate.real("readout_bias", self.readout_bias))

    def layer_outputs(self, points: np.ndarray) -> list[np.ndarray]:
        """[x, h_1, ..., h_L]: the points as the input and as every layer's output, each (n, 2)."""
        points = _as_points(points)
        if points.shape[1] != self.weights[0].shape[0]:
            raise ValueError(
                f"points must have {self.weights[0].shape[0]} coordinates each (the network's "
                f"inputs), got shape {points.shape}"
            )
        outputs = [points]
        for w, b in zip(self.weights, self.biases, strict=True):
            outputs.append(np.tanh(outputs[-1] @ w + b))
        return outputs

    def scores(self, points: np.ndarray) -> np.ndarray:
        """s = h_L·w + c for every point: positive means class 1."""
        return self.layer_outputs(points)[-1] @ self.readout + self.readout_bias

    def predict(self, points: np.ndarray) -> np.ndarray:
        """The predicted class (0 or 1) of every point."""
        return (self.scores(points) > 0).astype(int)

    @property
    def depth(self) -> int:
        """The number of tanh layers."""
        return len(self.weights)

    def __repr__(self) -> str:
        sizes = [str(self.weights[0].shape[0])] + [str(w.shape[1]) for w in self.weights]
        return f"TanhNetwork({' → '.join(sizes)} → score)"


def _as_points(points: np.ndarray, name: str = "points") -> np.ndarray:
    return validate.array(name, points, ndim=2)


def _as_labels(labels: np.ndarray, n: int) -> np.ndarray:
    """``labels`` as an int array of n zeros and ones, one per point (else a clear error)."""
    array = validate.array("labels", labels, ndim=1, hint=f"give {n} zeros and ones, one per point")
    if array.shape != (n,) or not np.isin(array, (0.0, 1.0)).all():
        raise ValueError(
            f"labels must be {n} zeros and ones, one per point; got {validate.shown(labels)}"
        )
    return array.astype(np.int64)


def _sigmoid(s: np.ndarray) -> np.ndarray:
    """1 / (1 + exp(−s)), written with tanh so that it never overflows (sigmoid(−1000) = 0)."""
    return 0.5 * (1.0 + np.tanh(0.5 * s))


def logistic_loss(scores: np.ndarray, labels: np.ndarray) -> float:
    """Mean of log(1 + exp(−y s)) with y = ±1: small when every score has its class's sign."""
    scores = validate.array("scores", scores, ndim=1)
    labels = _as_labels(labels, len(scores))
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
    if not isinstance(net, TanhNetwork):
        raise TypeError(f"net must be a TanhNetwork, got {validate.shown(net)}")
    outputs = net.layer_outputs(points)
    labels = _as_labels(labels, len(outputs[0]))
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
        d_weights[k] = outputs[k].T @ d_pre  # dL/dW_k = h_{k-1}ᵀ · dpre: (inputs, outputs)
        d_biases[k] = d_pre.sum(axis=0)
        d_h = d_pre @ net.weights[k].T
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
    seed: int | None = 16,
    learning_rate: float = 0.1,
    momentum: float = 0.9,
    target_loss: float = 0.001,
    max_steps: int = 3000,
) -> TanhNetwork:
    """Fit a :class:`TanhNetwork` to labelled points by full-batch gradient descent with momentum.

    Starts from seeded random weights (``seed=None`` means the default, 16) and stops as soon as
    the loss is below ``target_loss`` or after ``max_steps`` steps. Training to a small loss
    (0.001, not just until the classes are separated) is what makes the last layers collapse each
    class into one clump: a point's score keeps being pushed away from the line until its layer-4
    coordinates sit in its class's corner, wherever it was in the input. Deterministic for a given
    seed. A run whose loss rises a hundredfold above where it started (a learning rate far too
    large) stops with a ValueError saying so. Narrow networks like this one sometimes get stuck,
    or split a class into two corners, for a given seed; the default seed is one that trains well
    on ``helpers.data.moons(200, noise=0.08, seed=0)`` (``tests/test_depth_demo.py`` checks the
    clumps).
    """
    points = _as_points(points)
    labels = _as_labels(labels, len(points))
    if isinstance(widths, str) or not isinstance(widths, Sequence) or not widths:
        raise TypeError(f"widths must be a list of layer widths such as (2, 2), got {widths!r:.60}")
    widths = [
        validate.integer(f"widths[{k}]", w, minimum=1, maximum=1000) for k, w in enumerate(widths)
    ]
    rng = np.random.default_rng(validate.seed("seed", seed, 16))
    learning_rate = validate.real("learning_rate", learning_rate, minimum=0, strict=True)
    momentum = validate.real("momentum", momentum, minimum=0, maximum=1)
    if momentum == 1:
        raise ValueError("momentum must be below 1 (at 1 the velocity never decays), got 1.0")
    target_loss = validate.real("target_loss", target_loss, minimum=0)
    max_steps = validate.integer("max_steps", max_steps, minimum=0, maximum=1_000_000)
    weights, biases, fan_in = [], [], points.shape[1]
    for width in widths:
        # Drawn (outputs, inputs) as always, so the seeded numbers stay; .T: (inputs, outputs).
        weights.append((rng.normal(size=(width, fan_in)) / np.sqrt(fan_in)).T)
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

    first_loss = None
    for step in range(max_steps):
        finite = all(np.isfinite(p).all() for p in params)
        loss, grads = loss_and_gradients(network(), points, labels) if finite else (np.inf, {})
        first_loss = loss if first_loss is None else first_loss
        if not loss <= 100 * max(first_loss, 1.0):  # a hundredfold rise (or nan): diverged
            raise ValueError(
                f"training diverged: at step {step} the loss is {loss:.3g} (it started at "
                f"{first_loss:.3g}); try a smaller learning_rate than {learning_rate:g}"
            )
        if loss < target_loss:
            break
        flat = [*grads["weights"], *grads["biases"], *grads["readout"]]
        for p, v, g in zip(params, velocity, flat, strict=True):
            v *= momentum
            v -= learning_rate * g
            p += v
    return network()


def linear_accuracy(points: np.ndarray, labels: np.ndarray) -> float:
    """The accuracy of logistic regression: the line a trained linear classifier draws.

    Fits logistic regression (a line, with a tiny ridge penalty so that separable data still has an
    answer) by Newton's method and returns the fraction of points on their class's side of it:
    1.0 means the classes are linearly separable. The points are whitened first (centred and
    rescaled along their principal directions), which changes no line's split but keeps the fit
    well conditioned. Logistic regression minimises the logistic loss,
    not the number of mistakes, so it may get a few points fewer right than the best line
    (:func:`best_line_accuracy`); on separable data both are 1.0.
    """
    points = _as_points(points)
    labels = _as_labels(labels, len(points)).astype(float)
    # Whiten first: a linear map of the plane changes neither which lines exist nor which points
    # they split, so the answer must not depend on it; without this a nearly flat cloud of points
    # (a product of trained matrices, say) leaves Newton's method badly conditioned.
    centred = points - points.mean(axis=0)
    u, sigma, _ = np.linalg.svd(centred, full_matrices=False)
    keep = sigma > 1e-12 * max(float(sigma.max(initial=0.0)), 1e-300)
    design = np.column_stack([u[:, keep] * np.sqrt(len(points)), np.ones(len(points))])
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


def best_line_accuracy(points: np.ndarray, labels: np.ndarray) -> float:
    """The largest fraction of points that one straight line puts on their class's side.

    An exact search, for points in the plane (n, 2). A line is a direction u = (cos θ, sin θ) and
    a threshold t: class 1 where u·x > t (or, the other way round, where u·x < t). For a fixed θ
    the best t is found by sorting the projections u·x and counting, at every gap between them,
    the class-0 points below and the class-1 points above. As θ turns, the order of the
    projections changes only where u is perpendicular to the difference of two points, so the
    count is the same between two such critical angles: trying one θ between each pair of
    neighbouring critical angles tries every way a line can split the points. About n²/2
    directions: a tenth of a second for 200 points.
    """
    points = _as_points(points)
    if points.shape[1] != 2:
        raise ValueError(f"points must be points in the plane, shape (n, 2), got {points.shape}")
    labels = _as_labels(labels, len(points))
    if linear_accuracy(points, labels) == 1.0:  # a line already separates them: nothing beats it
        return 1.0
    n = len(points)
    i, j = np.triu_indices(n, k=1)
    diff = points[j] - points[i]
    diff = diff[np.any(diff != 0.0, axis=1)]  # equal points never change their order
    # u·d = 0 for u = (cos θ, sin θ) at θ = atan2(d₁, d₀) + π/2, taken modulo π.
    critical = np.sort(np.mod(np.arctan2(diff[:, 1], diff[:, 0]) + np.pi / 2, np.pi))
    critical = np.unique(critical)
    gaps = np.append(critical[1:], critical[0] + np.pi) if len(critical) else np.array([np.pi])
    start = critical if len(critical) else np.array([0.0])
    angles = (start + gaps) / 2
    best = max(np.mean(labels == 0), np.mean(labels == 1))  # a line with every point on one side
    for chunk in np.array_split(angles, max(1, len(angles) * n // 2_000_000 + 1)):
        u = np.column_stack([np.cos(chunk), np.sin(chunk)])
        ones = labels[np.argsort(u @ points.T, axis=1)]  # labels in the order of u·x, per row
        ones_below = np.cumsum(ones, axis=1)  # class-1 points among the k + 1 lowest
        zeros_below = np.arange(1, n + 1) - ones_below
        # Threshold after the k + 1 lowest: class 0 below it and class 1 above it are right.
        right = zeros_below + (ones_below[:, -1:] - ones_below)
        best = max(best, right.max() / n, (n - right).max() / n)  # either way round
    return float(best)


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
    (:func:`best_line_accuracy`); the last layer's panel draws the score's line h·w + c = 0, and
    the last panel shows the network's decision back in the input plane: a curved boundary.
    """
    if not isinstance(net, TanhNetwork):
        raise TypeError(f"net must be a TanhNetwork, got {validate.shown(net)}")
    outputs = net.layer_outputs(points)
    points = outputs[0]
    if points.shape[1] != 2 or any(w.shape[1] != 2 for w in net.weights):
        raise ValueError("plot_layers draws networks of the plane: 2 inputs, every layer 2 wide")
    labels = _as_labels(labels, len(points))
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
        right = best_line_accuracy(h, labels)
        set_labels(ax, f"{name} ({right:.0%} by the best line)", "coordinate 1", "")
        ax.set_ylabel("coordinate 2")
        _square(ax, limits if k == 0 else (-1.1, 1.1))
    _draw_line(axes.flat[len(outputs) - 1], net.readout, net.readout_bias)
    _draw_decision(axes.flat[len(outputs)], net, points, labels, colors, limits)
    for ax in list(axes.flat)[panels:]:
        ax.remove()
    fig.suptitle(
        "Two moons, layer by layer (each layer: an affine map, then tanh); dashed: score = 0"
    )
    if fig.get_layout_engine() is None:  # the presenter style lays out by constraints
        fig.tight_layout()
    return fig


def _square(ax: plt.Axes, limits: tuple[float, float]) -> None:
    ax.set_xlim(*limits)
    ax.set_ylim(*limits)
    ax.set_aspect("equal")


def _draw_line(ax: plt.Axes, w: np.ndarray, c: float) -> None:
    """The line h·w + c = 0 across the panel (the score's decision line)."""
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
    set_labels(ax, f"decision ({accuracy:.0%} right)", "coordinate 1", "coordinate 2")
    _square(ax, limits)
