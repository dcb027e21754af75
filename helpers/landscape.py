"""Loss surfaces over two weights, the paths optimizers take across them, and their pictures.

A network's loss is a function of all its weights; with only two weights it is a *surface* over
the plane that we can draw as a contour map. Gradient descent (Book §1.3: "the weights are updated
using a gradient descent step") walks downhill on it, w ← w − η ∇L(w), and the path it takes shows
what the learning rate η does. Two surfaces are enough to see everything notebook 04 teaches:

- :class:`Bowl`, an elongated quadratic ½ Σ λᵢ (wᵢ − cᵢ)², whose curvatures λᵢ say exactly which
  learning rates work (:func:`gd_regime`: stable only for η < 2 / λ_max);
- :class:`Valley`, a curved, narrow valley in the style of Rosenbrock's function, where the
  direction to the minimum keeps changing.

:func:`descend` runs gradient descent, momentum or Adam from ``helpers.optim`` on a surface.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from helpers import validate
from helpers.optim import SGD, Adam
from helpers.plot import BLUE, GREEN, VERMILLION
from helpers.tensor import Tensor

# A loss this large (or not finite) counts as diverged: the run stops there.
DIVERGED = 1e10

REGIMES = ("too small", "about right", "too large (oscillating)", "divergent")

METHODS = ("gradient descent", "momentum", "Adam")


class Surface:
    """A loss L(w) of two weights w = (w₁, w₂), with its gradient and a view for plotting.

    ``loss`` accepts points of shape (..., 2) and returns the losses of shape (...), so one call
    evaluates a whole grid for a contour plot. ``grad`` and ``hessian`` take one point (2,).
    ``minimizer`` is the point (w₁, w₂) where the loss is smallest.
    """

    name = "surface"
    formula = ""
    xlim: tuple[float, float] = (-1.0, 1.0)
    ylim: tuple[float, float] = (-1.0, 1.0)
    start: tuple[float, float] = (0.0, 0.0)
    minimizer: np.ndarray = np.zeros(2)

    def loss(self, w: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def grad(self, w: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def hessian(self, w: np.ndarray) -> np.ndarray:
        """The 2×2 matrix of second derivatives: the curvature of the surface at ``w``."""
        raise NotImplementedError

    def curvatures(self, w: np.ndarray | None = None) -> np.ndarray:
        """The eigenvalues of the Hessian at ``w`` (the minimizer by default), smallest first.

        Near a minimum every smooth loss looks like a bowl whose curvatures are these numbers,
        so they decide which learning rates are stable there.
        """
        point = self.minimizer if w is None else _point(w)
        return np.linalg.eigvalsh(self.hessian(point))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.formula})"


class Bowl(Surface):
    """The quadratic bowl L(w) = ½ Σᵢ λᵢ (wᵢ − cᵢ)², elongated when the curvatures λᵢ differ.

    Along axis i, gradient descent multiplies the distance to the minimum by (1 − η λᵢ) per step,
    so the curvatures say everything about the learning rate η (see :func:`gd_regime`).
    """

    name = "bowl"

    def __init__(
        self,
        curvatures: Sequence[float] = (1.0, 10.0),
        center: Sequence[float] = (0.0, 0.0),
        xlim: tuple[float, float] = (-5.0, 5.0),
        ylim: tuple[float, float] = (-2.5, 2.5),
        start: tuple[float, float] = (-4.5, 2.0),
    ) -> None:
        lam = validate.array("curvatures", curvatures, shape=(2,), hint="two numbers (λ₁, λ₂)")
        if not np.all(lam > 0):
            raise ValueError(
                f"a bowl needs two positive curvatures (λ₁, λ₂), got {curvatures!r}; a curvature "
                "<= 0 would make it a saddle or a trough without a minimum"
            )
        center = validate.array("center", center, shape=(2,), hint="a point (w₁, w₂)")
        xlim, ylim = _limits("xlim", xlim), _limits("ylim", ylim)
        start = tuple(validate.array("start", start, shape=(2,), hint="a point (w₁, w₂)"))
        self.lam = lam
        self.minimizer = _point(center)
        self.xlim, self.ylim, self.start = xlim, ylim, start
        a, b = ("" if v == 1 else f"{v:g}·" for v in lam)
        self.formula = (
            f"L = ½({a}w₁² + {b}w₂²)"
            if not self.minimizer.any()
            else (f"L = ½({a}(w₁−{self.minimizer[0]:g})² + {b}(w₂−{self.minimizer[1]:g})²)")
        )

    def loss(self, w: np.ndarray) -> np.ndarray:
        d = _points(w) - self.minimizer
        return 0.5 * (d * d) @ self.lam

    def grad(self, w: np.ndarray) -> np.ndarray:
        return self.lam * (_point(w) - self.minimizer)

    def hessian(self, w: np.ndarray) -> np.ndarray:
        return np.diag(self.lam)


class Valley(Surface):
    """A curved narrow valley, L(w) = (1 − w₁)² + b (w₂ − w₁²)² (Rosenbrock's function for b=100).

    Its floor is the parabola w₂ = w₁² and its minimum is at (1, 1). Steep walls across the valley
    and a gentle slope along its curved floor: gradient descent zig-zags between the walls.
    """

    name = "valley"

    def __init__(self, b: float = 10.0) -> None:
        self.b = validate.real("b", b, minimum=0, strict=True, hint="the valley's steepness")
        self.minimizer = np.array([1.0, 1.0])
        self.xlim, self.ylim, self.start = (-2.0, 2.0), (-1.0, 3.0), (-1.5, 2.0)
        self.formula = f"L = (1 − w₁)² + {self.b:g}·(w₂ − w₁²)²"

    def loss(self, w: np.ndarray) -> np.ndarray:
        w = _points(w)
        x, y = w[..., 0], w[..., 1]
        return (1.0 - x) ** 2 + self.b * (y - x * x) ** 2

    def grad(self, w: np.ndarray) -> np.ndarray:
        x, y = _point(w)
        r = y - x * x
        return np.array([-2.0 * (1.0 - x) - 4.0 * self.b * x * r, 2.0 * self.b * r])

    def hessian(self, w: np.ndarray) -> np.ndarray:
        x, y = _point(w)
        cross = -4.0 * self.b * x
        return np.array(
            [
                [2.0 - 4.0 * self.b * (y - x * x) + 8.0 * self.b * x * x, cross],
                [cross, 2.0 * self.b],
            ]
        )


SURFACES: dict[str, type[Surface]] = {"bowl": Bowl, "valley": Valley}


def _point(w: Sequence[float] | np.ndarray, name: str = "w") -> np.ndarray:
    return validate.array(
        name, w, shape=(2,), hint="a point of a 2-D loss surface is two numbers (w₁, w₂)"
    )


def _points(w: Sequence[float] | np.ndarray) -> np.ndarray:
    """Points of shape (..., 2), e.g. a grid of them, as a float array."""
    p = validate.array("w", w, hint="points of a 2-D loss surface, an array of shape (..., 2)")
    if p.ndim == 0 or p.shape[-1] != 2:
        raise ValueError(f"w must be points (w₁, w₂), an array of shape (..., 2); got {p.shape}")
    return p


def _limits(name: str, value: Sequence[float]) -> tuple[float, float]:
    """A view's range (low, high) of one axis, low < high."""
    low, high = validate.array(name, value, shape=(2,), hint="a range (low, high)")
    if not low < high:
        raise ValueError(f"{name} must be a range (low, high) with low < high, got {value!r}")
    return float(low), float(high)


def _surface(surface: Surface) -> Surface:
    if not isinstance(surface, Surface):
        raise TypeError(
            f"surface must be a landscape surface such as Bowl() or Valley(), got "
            f"{validate.shown(surface)}"
        )
    return surface


# ---- running an optimizer ------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """The path of one optimizer run: the weights after each step and the loss there.

    ``path`` has shape (k + 1, 2) and ``losses`` shape (k + 1,), starting at the start point;
    ``k`` is the number of steps asked for, or fewer if the run ``diverged`` (the loss passed
    :data:`DIVERGED` or stopped being a finite number, and the run was stopped there).
    """

    path: np.ndarray
    losses: np.ndarray
    diverged: bool

    @property
    def steps(self) -> int:
        return len(self.losses) - 1

    @property
    def final_loss(self) -> float:
        return float(self.losses[-1])


def make_optimizer(
    method: str,
    w: Tensor,
    lr: float,
    momentum: float = 0.9,
    betas: tuple[float, float] = (0.9, 0.999),
) -> SGD | Adam:
    """The ``helpers.optim`` optimizer named ``method`` (one of :data:`METHODS`) for ``w``."""
    method = validate.choice("method", method, METHODS)
    lr = validate.real("lr", lr, minimum=0, strict=True, hint="the learning rate")
    if method == "gradient descent":
        return SGD([w], lr=lr)
    if method == "momentum":
        return SGD([w], lr=lr, momentum=momentum)
    return Adam([w], lr=lr, betas=betas)


def descend(
    surface: Surface,
    start: Sequence[float] | None = None,
    lr: float = 0.05,
    steps: int = 50,
    method: str = "gradient descent",
    momentum: float = 0.9,
    betas: tuple[float, float] = (0.9, 0.999),
) -> Run:
    """Run ``method`` for ``steps`` steps on ``surface`` from ``start`` (the surface's default).

    The weights are a :class:`helpers.Tensor` updated by the optimizer from ``helpers.optim``, as
    in training a network; only the gradient comes from the surface's formula instead of from
    backpropagation. Stops early if the loss explodes (see :class:`Run`).
    """
    surface = _surface(surface)
    steps = validate.integer("steps", steps, minimum=0, maximum=1_000_000)
    w = Tensor(_point(surface.start if start is None else start, "start"), label="w")
    optimizer = make_optimizer(method, w, lr, momentum, betas)
    path = [w.data.copy()]
    losses = [float(surface.loss(w.data))]
    diverged = False
    for _ in range(int(steps)):
        w.grad = surface.grad(w.data)
        optimizer.step()
        loss = float(surface.loss(w.data))
        if not math.isfinite(loss) or loss > DIVERGED or not np.all(np.isfinite(w.data)):
            diverged = True
            break
        path.append(w.data.copy())
        losses.append(loss)
    return Run(np.array(path), np.array(losses), diverged)


def gd_regime(lr: float, curvatures: Sequence[float], steps: int) -> str:
    """Which of the four :data:`REGIMES` plain gradient descent with rate ``lr`` is in.

    On a bowl, each step multiplies the distance along the axis of curvature λ by r = 1 − ηλ:

    - ``"divergent"`` if η λ_max > 2: |r| > 1 along the steepest axis, every step overshoots more;
    - ``"too large (oscillating)"`` if 1 < η λ_max ≤ 2: r < 0, the steepest coordinate flips sign
      each step (it still shrinks while η λ_max < 2);
    - ``"too small"`` if after ``steps`` steps the flattest axis has not even halved its distance,
      (1 − η λ_min)^steps > ½;
    - ``"about right"`` otherwise: smooth, no overshoot, and real progress.
    """
    lam = validate.array("curvatures", curvatures, ndim=1)
    if not np.all(lam > 0):
        raise ValueError(f"curvatures must be positive numbers, got {validate.shown(curvatures)}")
    lr = validate.real("lr", lr, minimum=0, strict=True, hint="the learning rate")
    steps = validate.integer("steps", steps, minimum=0, maximum=1_000_000)
    q = lr * float(lam.max())
    if q > 2.0:
        return REGIMES[3]
    if q > 1.0:
        return REGIMES[2]
    if (1.0 - lr * float(lam.min())) ** steps > 0.5:
        return REGIMES[0]
    return REGIMES[1]


# ---- pictures ------------------------------------------------------------------------------------

# The first three colours of the series' palette (helpers.plot), in the order of METHODS, so that
# a path and its loss curve drawn by helpers.plot.plot_curves have the same colour.
PATH_COLORS = {"gradient descent": BLUE, "momentum": VERMILLION, "Adam": GREEN}


def contour_levels(surface: Surface, count: int = 14) -> np.ndarray:
    """Loss values for contour lines, spaced evenly on a log scale (dense near the minimum)."""
    surface = _surface(surface)
    count = validate.integer("count", count, minimum=1, maximum=1000)
    xs = np.linspace(*surface.xlim, 60)
    ys = np.linspace(*surface.ylim, 60)
    grid = np.stack(np.meshgrid(xs, ys), axis=-1)
    top = float(surface.loss(grid).max())
    bottom = float(surface.loss(surface.minimizer))
    return bottom + np.geomspace(top * 1e-3, top, count)


def draw_surface(
    ax: Axes, surface: Surface, title: str | None = None, resolution: int = 120
) -> Axes:
    """Contour lines of ``surface`` over its view, its minimizer as a star, labelled axes."""
    surface = _surface(surface)
    resolution = validate.integer("resolution", resolution, minimum=2, maximum=2000)
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes, got {validate.shown(ax)}")
    xs = np.linspace(*surface.xlim, resolution)
    ys = np.linspace(*surface.ylim, resolution)
    X, Y = np.meshgrid(xs, ys)
    Z = surface.loss(np.stack([X, Y], axis=-1))
    ax.contour(X, Y, Z, levels=contour_levels(surface), colors="0.6", linewidths=0.9)
    ax.plot(
        *surface.minimizer,
        marker="*",
        markersize=14,
        color="black",
        linestyle="none",
        label="minimum",
    )
    ax.set_xlim(*surface.xlim)
    ax.set_ylim(*surface.ylim)
    ax.set_aspect("equal")
    ax.grid(False)
    ax.set_title(title if title is not None else surface.formula)
    ax.set_xlabel("w₁")
    ax.set_ylabel("w₂")
    return ax


def path_line(ax: Axes, color: str = BLUE, label: str | None = None) -> Line2D:
    """An empty line with dots, to be filled with a path by :func:`show_path` (fast redraws)."""
    (line,) = ax.plot([], [], "o-", color=color, markersize=3, linewidth=1.5, label=label)
    return line


def show_path(line: Line2D, run: Run, max_points: int = 400) -> None:
    """Put ``run``'s path into ``line`` (at most ``max_points`` points, evenly thinned)."""
    if not isinstance(run, Run):
        raise TypeError(f"run must be a Run (what descend returns), got {validate.shown(run)}")
    max_points = validate.integer("max_points", max_points, minimum=2)
    path = run.path
    if len(path) > max_points:
        keep = np.unique(np.linspace(0, len(path) - 1, max_points).round().astype(int))
        path = path[keep]
    line.set_data(path[:, 0], path[:, 1])


def draw_path(ax: Axes, run: Run, color: str = BLUE, label: str | None = None) -> Line2D:
    """Draw ``run``'s path on ``ax`` (a dotted line from the start, marked by a square)."""
    line = path_line(ax, color, label)
    show_path(line, run)
    ax.plot(*run.path[0], marker="s", color=color, markersize=7, linestyle="none")
    return line


def plot_runs(
    surface: Surface,
    runs: Mapping[str, Run],
    title: str,
    fig: Figure | None = None,
    colors: Sequence[str] | None = None,
) -> Figure:
    """One panel per run, side by side on the same contour map: paths compared at a glance.

    Each panel's title names the run and its final loss.
    """
    surface = _surface(surface)
    if not isinstance(runs, Mapping) or not all(isinstance(r, Run) for r in runs.values()):
        raise TypeError(f"runs must map names to Runs, e.g. {{'Adam': run}}, got {runs!r:.60}")
    if not runs:
        raise ValueError("plot_runs needs at least one run, e.g. {'gradient descent': run}")
    if fig is None:
        import matplotlib.pyplot as plt

        fig = plt.figure(figsize=(4.0 * len(runs), 3.6))
    axes = fig.subplots(1, len(runs), squeeze=False)[0]
    colors = colors or [PATH_COLORS.get(name, BLUE) for name in runs]
    for ax, (name, run), color in zip(axes, runs.items(), colors, strict=True):
        draw_surface(ax, surface, title=f"{name}\nfinal loss {run.final_loss:.2g}")
        draw_path(ax, run, color)
    fig.suptitle(title)
    if fig.get_layout_engine() is None:  # the presenter style lays out by constraints
        fig.tight_layout()
    return fig
