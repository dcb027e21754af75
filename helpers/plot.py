"""One figure style for the whole series, a presenter mode, and the pictures of the chain rule.

Every notebook starts with ``helpers.plot.use_style()``; an instructor in front of a room calls
``helpers.plot.use_style(presenter=True)`` instead and every later figure gets larger fonts, thicker
lines and a larger canvas. The plotting functions return their Figure or Axes and always set a title
and labelled axes, so a figure is readable on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .gradcheck import numerical_derivative

# A palette that stays distinguishable for colour-blind viewers and on washed-out projectors.
COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
ACCENT = "#D55E00"

_BASE = {
    "figure.figsize": (7.0, 4.0),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "axes.prop_cycle": mpl.cycler(color=COLORS),
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titleweight": "bold",
    "legend.frameon": False,
    "image.cmap": "RdBu_r",
}
_SIZES = {
    False: {  # a student's screen
        "font.size": 11,
        "axes.titlesize": 13,
        "axes.labelsize": 12,
        "legend.fontsize": 10,
        "lines.linewidth": 2.0,
        "lines.markersize": 6,
    },
    True: {  # a projector at the back of a room
        "figure.figsize": (10.0, 5.6),
        "font.size": 16,
        "axes.titlesize": 20,
        "axes.labelsize": 18,
        "xtick.labelsize": 15,
        "ytick.labelsize": 15,
        "legend.fontsize": 15,
        "lines.linewidth": 3.5,
        "lines.markersize": 10,
    },
}


def use_style(presenter: bool = False) -> None:
    """Apply the series' figure style; ``presenter=True`` for large fonts and lines (projectors)."""
    mpl.rcParams.update(mpl.rcParamsDefault)
    mpl.rcParams.update(_BASE)
    mpl.rcParams.update(_SIZES[bool(presenter)])


def presenter_mode(on: bool = True) -> None:
    """Switch the presenter style on (or back off) for every figure drawn from now on."""
    use_style(presenter=on)


def label(ax: Axes, title: str, xlabel: str, ylabel: str) -> Axes:
    """Give an Axes its title and axis labels (every figure of the series has all three)."""
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return ax


def slope_of(f: Callable[[float], float], x0: float, df: Callable[[float], float] | None) -> float:
    """f'(x0): from ``df`` when given, otherwise by a central difference."""
    return float(df(x0)) if df is not None else numerical_derivative(f, x0)


def plot_tangent(
    f: Callable[[float], float],
    x0: float,
    df: Callable[[float], float] | None = None,
    *,
    xlim: tuple[float, float] = (-3.0, 3.0),
    ax: Axes | None = None,
    name: str = "f",
    var: str = "x",
    title: str | None = None,
    tangent_halfwidth: float | None = None,
) -> Axes:
    """Draw f over ``xlim`` and its tangent line at x0, whose slope is the derivative f'(x0).

    The tangent is the straight line f(x0) + f'(x0)(x − x0): the best linear approximation of f near
    x0. The slope comes from ``df`` when given, otherwise from a numerical derivative.
    """
    if not xlim[0] < xlim[1]:
        raise ValueError(f"xlim must be (low, high) with low < high, got {xlim}")
    if ax is None:
        _, ax = plt.subplots()
    xs = np.linspace(*xlim, 400)
    ys = np.array([float(f(x)) for x in xs])
    y0 = float(f(x0))
    slope = slope_of(f, x0, df)
    half = tangent_halfwidth if tangent_halfwidth is not None else (xlim[1] - xlim[0]) / 4
    xt = np.linspace(x0 - half, x0 + half, 2)
    ax.plot(xs, ys, color=COLORS[0], label=f"{name}({var})")
    ax.plot(
        xt,
        y0 + slope * (xt - x0),
        color=ACCENT,
        linestyle="--",
        label=f"tangent, slope {slope:.3g}",
    )
    ax.plot([x0], [y0], "o", color=ACCENT)
    ax.legend(loc="best")
    return label(
        ax, title or f"{name}({var}) and its tangent at {var} = {x0:.3g}", var, f"{name}({var})"
    )


def plot_composition(
    f: Callable[[float], float],
    g: Callable[[float], float],
    x0: float,
    *,
    df: Callable[[float], float] | None = None,
    dg: Callable[[float], float] | None = None,
    xlim: tuple[float, float] = (-3.0, 3.0),
    f_name: str = "f",
    g_name: str = "g",
    fig: Figure | None = None,
) -> Figure:
    """Three panels: g near x0, f near u0 = g(x0), and y = f(g(x)) near x0, each with its tangent.

    The slopes multiply (equation (1.1)): the tangent of f∘g at x0 has slope f'(g(x0)) · g'(x0),
    which the third panel's title shows next to the product of the first two slopes.
    """
    if fig is None:
        fig = plt.figure(
            figsize=(3 * mpl.rcParams["figure.figsize"][0] / 1.6, mpl.rcParams["figure.figsize"][1])
        )
    fig.clear()
    axes = fig.subplots(1, 3)
    u0 = float(g(x0))
    g_slope = slope_of(g, x0, dg)
    f_slope = slope_of(f, u0, df)
    width = (xlim[1] - xlim[0]) / 2
    plot_tangent(
        g,
        x0,
        dg,
        xlim=xlim,
        ax=axes[0],
        name=g_name,
        var="x",
        title=f"inner: u = {g_name}(x), slope {g_slope:.3g}",
    )
    plot_tangent(
        f,
        u0,
        df,
        xlim=(u0 - width, u0 + width),
        ax=axes[1],
        name=f_name,
        var="u",
        title=f"outer: y = {f_name}(u), slope {f_slope:.3g}",
    )

    def composed(x: float) -> float:
        return f(g(x))

    plot_tangent(
        composed,
        x0,
        lambda _: f_slope * g_slope,
        xlim=xlim,
        ax=axes[2],
        name=f"{f_name}({g_name}",
        var="x",
        title=f"y = {f_name}({g_name}(x)), slope {f_slope:.3g} × {g_slope:.3g}",
    )
    axes[2].set_ylabel("y")
    axes[2].legend(["y", f"tangent, slope {f_slope * g_slope:.3g}"], loc="best")
    fig.suptitle(
        f"Chain rule at x = {x0:.3g}: dy/dx = f'(g(x)) · g'(x) = "
        f"{f_slope:.3g} × {g_slope:.3g} = {f_slope * g_slope:.3g}"
    )
    fig.tight_layout()
    return fig


def plot_curves(
    curves: dict[str, Sequence[float]],
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    logy: bool = False,
    ax: Axes | None = None,
) -> Axes:
    """Several named curves over their index (loss per step, error per step size, ...)."""
    if ax is None:
        _, ax = plt.subplots()
    for name, ys in curves.items():
        ax.plot(np.arange(len(ys)), ys, label=name)
    if logy:
        ax.set_yscale("log")
    if len(curves) > 1:
        ax.legend(loc="best")
    return label(ax, title, xlabel, ylabel)
