"""helpers.landscape: surfaces checked three ways, paths against closed forms, regimes, plots."""

from __future__ import annotations

import autograd
import autograd.numpy as anp
import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import landscape
from helpers.gradcheck import numerical_gradient
from helpers.landscape import REGIMES, Bowl, Valley, descend, gd_regime

POINTS = np.random.default_rng(0).uniform(-2, 2, size=(5, 2))


def numeric_grad(f, w):
    w = np.array(w, dtype=float)
    return numerical_gradient(lambda v: float(f(v)), w)


def numeric_hessian(grad, w):
    w = np.array(w, dtype=float)
    return np.array([numerical_gradient(lambda v, i=i: grad(v)[i], w.copy()) for i in range(2)])


# ---- surfaces: gradient by hand, by finite differences and by HIPS autograd ---------------------


@pytest.mark.parametrize("w", POINTS)
def test_bowl_gradient_and_hessian(w):
    bowl = Bowl(curvatures=(2.0, 7.0), center=(0.5, -1.0))
    hand = np.array([2.0 * (w[0] - 0.5), 7.0 * (w[1] + 1.0)])  # d/dw ½λ(w − c)² = λ(w − c)
    np.testing.assert_allclose(bowl.grad(w), hand)
    np.testing.assert_allclose(bowl.grad(w), numeric_grad(bowl.loss, w), atol=1e-6)
    np.testing.assert_allclose(bowl.hessian(w), numeric_hessian(bowl.grad, w), atol=1e-5)
    np.testing.assert_allclose(bowl.curvatures(), [2.0, 7.0])


def valley_autograd(b):
    return lambda w: (1.0 - w[0]) ** 2 + b * (w[1] - w[0] ** 2) ** 2


@pytest.mark.parametrize("w", POINTS)
def test_valley_gradient_and_hessian_three_ways(w):
    valley = Valley(b=10.0)
    reference = autograd.grad(valley_autograd(10.0))(anp.array(w))
    np.testing.assert_allclose(valley.grad(w), reference, rtol=1e-12)
    np.testing.assert_allclose(valley.grad(w), numeric_grad(valley.loss, w), rtol=1e-6, atol=1e-5)
    hessian = autograd.hessian(valley_autograd(10.0))(anp.array(w))
    np.testing.assert_allclose(valley.hessian(w), hessian, rtol=1e-12, atol=1e-12)


def test_valley_minimizer_and_its_curvatures():
    valley = Valley(b=10.0)
    assert valley.loss(valley.minimizer) == 0.0
    np.testing.assert_array_equal(valley.grad(valley.minimizer), [0.0, 0.0])
    # Hessian at (1, 1) is [[2 + 8b, −4b], [−4b, 2b]]: eigenvalues (51 ± √2561), worked by hand
    np.testing.assert_allclose(valley.curvatures(), [51 - np.sqrt(2561), 51 + np.sqrt(2561)])


def test_loss_evaluates_a_grid_at_once():
    for surface in (Bowl(), Valley()):
        grid = np.stack(np.meshgrid(np.linspace(-1, 1, 4), np.linspace(0, 2, 3)), axis=-1)
        values = surface.loss(grid)
        assert values.shape == (3, 4)
        assert values[1, 2] == pytest.approx(float(surface.loss(grid[1, 2])))


def test_bad_surfaces_and_points_are_explained():
    with pytest.raises(ValueError, match="two positive curvatures"):
        Bowl(curvatures=(1.0, -2.0))
    with pytest.raises(ValueError, match="b must be a number > 0, got 0; the valley's steepness"):
        Valley(b=0)
    with pytest.raises(
        ValueError, match=r"w must be an array of shape \(2\), got \[1.0, 2.0, 3.0\]"
    ):
        Bowl().grad([1.0, 2.0, 3.0])


# ---- optimizer paths ----------------------------------------------------------------------------


@pytest.mark.parametrize("lr", [0.01, 0.05, 0.15, 0.19])
def test_gradient_descent_on_a_bowl_is_the_closed_form(lr):
    # Along axis i each step multiplies the distance by (1 − ηλᵢ): w_k = (1 − ηλ)^k w_0.
    bowl = Bowl(curvatures=(1.0, 10.0))
    run = descend(bowl, (-4.5, 2.0), lr=lr, steps=30)
    k = np.arange(31)[:, None]
    expected = (1.0 - lr * bowl.lam) ** k * np.array([-4.5, 2.0])
    np.testing.assert_allclose(run.path, expected, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(run.losses, 0.5 * (expected**2) @ bowl.lam, rtol=1e-12)
    assert not run.diverged and run.steps == 30


def test_momentum_and_adam_follow_their_formulas():
    valley = Valley()
    start, steps = np.array([-1.5, 2.0]), 40
    # heavy ball: v ← βv + g, w ← w − ηv
    w, v = start.copy(), np.zeros(2)
    for _ in range(steps):
        v = 0.9 * v + valley.grad(w)
        w = w - 0.004 * v
    run = descend(valley, start, lr=0.004, steps=steps, method="momentum")
    np.testing.assert_allclose(run.path[-1], w, rtol=1e-12)
    # Adam (Kingma & Ba 2015, Algorithm 1)
    w, m, s = start.copy(), np.zeros(2), np.zeros(2)
    for t in range(1, steps + 1):
        g = valley.grad(w)
        m = 0.9 * m + 0.1 * g
        s = 0.999 * s + 0.001 * g * g
        w = w - 0.1 * (m / (1 - 0.9**t)) / (np.sqrt(s / (1 - 0.999**t)) + 1e-8)
    run = descend(valley, start, lr=0.1, steps=steps, method="Adam")
    np.testing.assert_allclose(run.path[-1], w, rtol=1e-10)


def test_a_diverging_run_stops_with_finite_numbers():
    run = descend(Bowl(curvatures=(1.0, 10.0)), (-4.5, 2.0), lr=0.5, steps=200)
    assert run.diverged
    assert run.steps < 200
    assert np.all(np.isfinite(run.path)) and run.final_loss <= landscape.DIVERGED
    assert np.all(np.diff(run.losses[1:]) > 0), "each step overshoots further than the last"


def test_descend_explains_bad_arguments():
    with pytest.raises(ValueError, match="method must be one of 'gradient descent', 'momentum'"):
        descend(Bowl(), method="rmsprop")
    with pytest.raises(ValueError, match="steps must be a whole number"):
        descend(Bowl(), steps=-1)
    with pytest.raises(ValueError, match=r"lr must be a number > 0, got 0\.0"):
        descend(Bowl(), lr=0.0)


# ---- regimes ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lr", "regime"),
    [(0.002, "too small"), (0.05, "about right"), (0.1, "about right"),
     (0.15, "too large (oscillating)"), (0.2, "too large (oscillating)"), (0.2001, "divergent")],
)  # fmt: skip
def test_gd_regime_on_the_bowl(lr, regime):
    assert gd_regime(lr, (1.0, 10.0), steps=50) == regime


def test_too_small_depends_on_the_number_of_steps():
    # (1 − 0.01)^50 ≈ 0.61 > ½ but (1 − 0.01)^100 ≈ 0.37
    assert gd_regime(0.01, (1.0, 10.0), steps=50) == "too small"
    assert gd_regime(0.01, (1.0, 10.0), steps=100) == "about right"


@settings(max_examples=60, deadline=None)
@given(lr=st.floats(1e-3, 0.3))
def test_gd_regime_predicts_what_the_run_does(lr):
    bowl = Bowl(curvatures=(1.0, 10.0))
    run = descend(bowl, (-4.5, 2.0), lr=lr, steps=20)
    regime = gd_regime(lr, bowl.lam, steps=20)
    steep = run.path[:, 1]
    flips = bool(np.all(steep[1:] * steep[:-1] < 0))
    assert flips == (regime in REGIMES[2:]), "the steep coordinate changes sign iff ηλ_max > 1"
    grows = abs(steep[-1]) > abs(steep[0])
    assert grows == (regime == "divergent"), "it grows iff ηλ_max > 2"


def test_gd_regime_rejects_nonsense():
    with pytest.raises(ValueError, match="positive"):
        gd_regime(0.1, (0.0, 1.0), 10)
    with pytest.raises(ValueError, match=r"lr must be a number > 0, got -0\.1"):
        gd_regime(-0.1, (1.0,), 10)


# ---- pictures -----------------------------------------------------------------------------------


def test_plot_runs_draws_one_titled_panel_per_run():
    bowl = Bowl()
    runs = {m: descend(bowl, lr=0.05, steps=20, method=m) for m in landscape.METHODS}
    before = plt.get_fignums()
    fig = landscape.plot_runs(bowl, runs, title="three optimizers")
    axes = fig.get_axes()
    assert len(axes) == 3
    for ax, (name, run) in zip(axes, runs.items(), strict=True):
        assert ax.get_title().startswith(name) and f"{run.final_loss:.2g}" in ax.get_title()
        assert ax.get_xlabel() == "w₁" and ax.get_ylabel() == "w₂"
        path = [line for line in ax.get_lines() if len(line.get_xdata()) == run.steps + 1]
        assert path, "the run's path is drawn point by point"
    assert fig._suptitle.get_text() == "three optimizers"
    plt.close(fig)
    assert plt.get_fignums() == before
    with pytest.raises(ValueError, match="at least one run"):
        landscape.plot_runs(bowl, {}, title="none")


def test_show_path_thins_long_paths_but_keeps_both_ends():
    fig, ax = plt.subplots()
    run = descend(Bowl(), lr=0.001, steps=1000)
    line = landscape.path_line(ax)
    landscape.show_path(line, run, max_points=100)
    xs, ys = line.get_data()
    assert len(xs) <= 100
    assert (xs[0], ys[0]) == tuple(run.path[0]) and (xs[-1], ys[-1]) == tuple(run.path[-1])
    plt.close(fig)


def test_the_minimizer_is_the_point_of_least_loss():
    for surface in (Bowl(center=(1.0, -0.5)), Valley(b=3.0)):
        grid = np.stack(np.meshgrid(np.linspace(-3, 3, 121), np.linspace(-3, 3, 121)), axis=-1)
        assert surface.loss(surface.minimizer) <= surface.loss(grid).min()
        np.testing.assert_allclose(surface.grad(surface.minimizer), [0.0, 0.0], atol=1e-12)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: Bowl(curvatures="ab"), TypeError, "curvatures must be an array of numbers"),
        (lambda: Bowl(curvatures=(1.0, np.nan)), ValueError, "curvatures must be finite"),
        (lambda: Bowl(center=(0.0,)), ValueError, r"center must be an array of shape \(2\)"),
        (lambda: Bowl(xlim=(1.0, -1.0)), ValueError, "xlim must be a range"),
        (lambda: Valley(b=None), TypeError, "b must be a real number, got None"),
        (lambda: Valley(b=float("inf")), ValueError, "b must be a finite number, got inf"),
        (lambda: Bowl().loss("a"), TypeError, "w must be an array of numbers"),
        (lambda: Bowl().loss(np.zeros((4, 3))), ValueError, r"shape \(\.\.\., 2\)"),
        (lambda: descend("bowl"), TypeError, "surface must be a landscape surface"),
        (lambda: descend(Bowl(), steps=10**400), ValueError, "steps must be a whole number"),
        (lambda: descend(Bowl(), steps=2.0), TypeError, "steps must be a whole number, got 2.0"),
        (lambda: descend(Bowl(), start=(np.inf, 0.0)), ValueError, "start must be finite"),
        (lambda: descend(Bowl(), lr=np.nan), ValueError, "lr must be a finite number, got nan"),
        (lambda: gd_regime(0.1, (1.0, 10.0), steps=np.nan), TypeError, "steps must be a whole"),
        (lambda: gd_regime(0.1, "ab", steps=5), TypeError, "curvatures"),
        (lambda: landscape.contour_levels(Bowl(), count=0), ValueError, "count"),
        (lambda: landscape.plot_runs(Bowl(), {"a": 1}, "t"), TypeError, "runs must map names"),
    ],
)
def test_every_bad_argument_is_named(call, error, message):
    with pytest.raises(error, match=message):
        call()
