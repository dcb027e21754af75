"""The learning-rate explorer: driven from code, its numbers are the closed form of the bowl."""

from __future__ import annotations

import io

import matplotlib.image
import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import landscape
from helpers.widgets import LearningRateExplorer


def pixels(png: bytes) -> np.ndarray:
    return matplotlib.image.imread(io.BytesIO(png), format="png")


@pytest.fixture(scope="module")
def explorer():
    return LearningRateExplorer()


def closed_form_loss(lr: float, steps: int) -> float:
    """The bowl ½(w₁² + 10 w₂²) from (−4.5, 2): each axis shrinks by (1 − ηλ) per step."""
    lam, start = np.array([1.0, 10.0]), np.array([-4.5, 2.0])
    w = (1 - lr * lam) ** steps * start
    return float(0.5 * np.sum(lam * w * w))


@pytest.mark.parametrize(
    ("lr", "regime"),
    [(0.002, "too small"), (0.05, "about right"), (0.19, "too large (oscillating)"),
     (0.21, "divergent")],
)  # fmt: skip
def test_the_four_regimes_driven_from_code(explorer, lr, regime):
    explorer.method.value = "gradient descent"
    explorer.steps.value = 50
    explorer.lr.value = lr
    assert explorer.regime == regime
    assert explorer.run.final_loss == pytest.approx(closed_form_loss(lr, 50), rel=1e-9)
    assert explorer.summary().endswith(regime)
    assert f"η = {lr:.4g}" in explorer.summary()
    assert f"regime: {regime}" in explorer.status.value


def test_a_run_that_explodes_is_stopped_and_reported(explorer):
    explorer.method.value = "gradient descent"
    explorer.lr.value = 0.8
    assert explorer.run.diverged and explorer.regime == "divergent"
    assert "(stopped: diverged)" in explorer.summary()
    assert np.isfinite(explorer.run.path).all()


def test_repr_is_short_and_deterministic():
    e = LearningRateExplorer(lr=0.1, steps=40)
    assert repr(e) == "LearningRateExplorer(bowl, gradient descent, lr=0.1, steps=40)"
    assert e._repr_mimebundle_()["text/plain"] == repr(e)


def test_switching_surface_moves_the_start_sliders_and_redraws():
    e = LearningRateExplorer()
    e.surface.value = "valley"
    valley = e.current_surface
    assert (e.start_x.value, e.start_y.value) == pytest.approx(valley.start)
    assert (e.start_x.min, e.start_x.max) == valley.xlim
    assert (e.start_y.min, e.start_y.max) == valley.ylim
    np.testing.assert_allclose(e.run.path[0], valley.start)
    # near the valley's minimum its largest curvature is 51 + √2561, so η = 0.05 diverges there
    e.lr.value = 0.05
    assert e.regime == "divergent"
    assert e.run.final_loss == pytest.approx(
        landscape.descend(valley, valley.start, 0.05, 50).final_loss
    )


def test_momentum_and_adam_runs_are_the_helpers_optim_runs():
    e = LearningRateExplorer()
    for method in ("momentum", "Adam"):
        e.method.value = method
        e.lr.value = 0.03
        e.start_x.value, e.start_y.value = -3.0, 1.0
        expected = landscape.descend(e.current_surface, (-3.0, 1.0), 0.03, 50, method=method)
        np.testing.assert_array_equal(e.run.path, expected.path)
        assert e.regime == ""  # the curvature rule is for plain gradient descent only
        assert e.summary().startswith(f"{method}, η = 0.03: loss")


def test_fast_redraw_gives_the_same_picture_as_a_full_redraw():
    e = LearningRateExplorer()
    first = e.image.value
    e.lr.value = 0.19
    oscillating = e.image.value
    assert not np.array_equal(pixels(first), pixels(oscillating)), "the picture follows η"
    e.lr.value = 0.1  # the default again
    np.testing.assert_array_equal(pixels(e.image.value), pixels(first))
    e.live.invalidate()  # force a full draw of everything
    e.update()
    np.testing.assert_array_equal(pixels(e.image.value), pixels(first))


def test_no_pyplot_figures_are_created_or_leaked():
    before = plt.get_fignums()
    e = LearningRateExplorer()
    for lr in (0.01, 0.1, 0.3):
        e.lr.value = lr
    e.surface.value = "valley"
    assert plt.get_fignums() == before


def test_unknown_surface_is_explained():
    with pytest.raises(ValueError, match="unknown surface 'saddle'; choose one of bowl, valley"):
        LearningRateExplorer(surface="saddle")
