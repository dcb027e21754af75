"""helpers.health: per-layer gradient norms, activation statistics and update-to-data ratios."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import data, health, nn, optim
from helpers.functional import cross_entropy

X, Y = data.spirals(n=60, seed=0)


def test_gradient_norms_are_the_norms_of_each_layers_weight_gradient():
    model = nn.MLP([2, 5, 4, 3], activation="tanh", seed=1)
    cross_entropy(model(X), Y).backward()
    norms = health.gradient_norms(model)
    assert norms.shape == (3,)
    for norm, layer in zip(norms, model.layers, strict=True):
        assert norm == pytest.approx(np.sqrt(np.sum(layer.W.grad**2)), rel=1e-12)
    assert np.all(norms > 0)


def test_gradient_norms_vanish_through_sigmoids_and_stay_steady_through_he_relus():
    """The measurement notebook 07 relies on: 30 sigmoid layers lose the gradient, He ReLUs keep
    it within two orders of magnitude."""
    ratios = {}
    for activation, init in (("sigmoid", "xavier"), ("relu", "he")):
        model = nn.MLP([2] + [64] * 30 + [3], activation=activation, init=init, seed=0)
        cross_entropy(model(X), Y).backward()
        norms = health.gradient_norms(model)
        ratios[activation] = norms[0] / norms[-1]
    assert ratios["sigmoid"] < 1e-10
    assert 1e-2 < ratios["relu"] < 1e2


def test_weight_norms_and_update_ratios():
    model = nn.MLP([2, 4, 3], seed=2)
    before = [layer.W.data.copy() for layer in model.layers]
    np.testing.assert_allclose(health.weight_norms(model), [np.linalg.norm(w) for w in before])
    cross_entropy(model(X), Y).backward()
    optim.SGD(model.parameters(), lr=0.1).step()
    ratios = health.update_ratios(before, model)
    for ratio, old, layer in zip(ratios, before, model.layers, strict=True):
        # plain SGD moves W by lr·grad exactly
        expected = np.linalg.norm(0.1 * layer.W.grad) / np.linalg.norm(old)
        assert ratio == pytest.approx(expected, rel=1e-9)
    with pytest.raises(ValueError, match="1 weight matrices, the model has 2 layers"):
        health.update_ratios(before[:1], model)


def test_activation_stats_count_flat_units():
    relu = nn.MLP([2, 50, 50, 3], activation="relu", seed=3)
    stats = health.activation_stats(relu, X)
    hidden = [h.data for h in relu.outputs(X)[:-1]]
    np.testing.assert_allclose(stats["std"], [h.std() for h in hidden])
    np.testing.assert_allclose(stats["flat"], [np.mean(h == 0) for h in hidden])
    assert 0.3 < stats["flat"][0] < 0.7  # about half of the ReLU units are off
    saturated = nn.MLP([2, 50, 50, 3], activation="tanh", init="large", seed=3)
    assert health.activation_stats(saturated, X * 10)["flat"][-1] > 0.5
    calm = nn.MLP([2, 50, 50, 3], activation="sigmoid", init="naive", seed=3)
    assert np.all(health.activation_stats(calm, X)["flat"] == 0)


def test_the_model_must_be_an_mlp():
    with pytest.raises(TypeError, match=r"helpers\.nn\.MLP"):
        health.gradient_norms("not a model")


def test_plot_per_layer_draws_one_line_per_curve_and_skips_zeros():
    fig, ax = plt.subplots()
    health.plot_per_layer(
        {"a": [1.0, 0.1, 0.0, 0.01], "b": [2.0, 2.0, 2.0, 2.0]}, ylabel="norm", title="t", ax=ax
    )
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["a", "b"]
    np.testing.assert_array_equal(lines[0].get_xdata(), [1, 2, 4])  # the 0 is left out
    assert ax.get_yscale() == "log" and ax.get_title() == "t"
    plt.close(fig)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: health.activation_stats(nn.MLP([2, 3, 2]), np.zeros((4, 3))), ValueError, "X"),
        (lambda: health.activation_stats(nn.MLP([2, 3, 2]), None), TypeError, "X must"),
        (lambda: health.update_ratios("W", nn.MLP([2, 3, 2])), TypeError, "before must be a list"),
        (lambda: health.update_ratios([np.zeros((2, 3)), np.zeros(3)], nn.MLP([2, 3, 2])),
         ValueError, r"before\[1\] must be an array of shape \(3, 2\)"),
        (lambda: health.plot_per_layer({}, ylabel="y", title="t"), TypeError, "curves must map"),
        (lambda: health.plot_per_layer({"a": "bc"}, ylabel="y", title="t"), TypeError, "curves"),
        (lambda: health.plot_per_layer({"a": [1.0]}, ylabel="y", title="t", ax=1), TypeError, "ax"),
    ],
)  # fmt: skip
def test_bad_arguments_are_named(call, error, message):
    with pytest.raises(error, match=message):
        call()
