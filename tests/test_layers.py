"""helpers.layers: two-moons data, the tanh network of notebook 00, its hand-written gradients."""

from __future__ import annotations

import autograd.numpy as anp
import matplotlib.pyplot as plt
import numpy as np
import pytest
from autograd import grad
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.gradcheck import numerical_gradient
from helpers.layers import (
    TanhNetwork,
    linear_accuracy,
    logistic_loss,
    loss_and_gradients,
    plot_layers,
    train_tanh_network,
    two_moons,
)


def random_network(seed: int, widths=(2, 2, 2)) -> TanhNetwork:
    rng = np.random.default_rng(seed)
    weights, biases, fan_in = [], [], 2
    for width in widths:
        weights.append(rng.normal(size=(width, fan_in)))
        biases.append(rng.normal(size=width))
        fan_in = width
    return TanhNetwork(tuple(weights), tuple(biases), rng.normal(size=fan_in), float(rng.normal()))


def test_two_moons_is_seeded_balanced_and_not_linearly_separable() -> None:
    points, labels = two_moons(200, seed=0)
    again, _ = two_moons(200, seed=0)
    other, _ = two_moons(200, seed=1)
    assert points.shape == (200, 2) and labels.shape == (200,)
    assert np.array_equal(points, again) and not np.allclose(points, other)
    assert labels.sum() == 100
    assert 0.8 < linear_accuracy(points, labels) < 0.95  # one straight line is not enough


@pytest.mark.parametrize("n", [0, 3, -2])
def test_two_moons_rejects_a_bad_count(n: int) -> None:
    with pytest.raises(ValueError, match="even number"):
        two_moons(n)


def test_layer_outputs_are_the_input_then_tanh_of_each_affine_map() -> None:
    net = random_network(0)
    x = np.array([[0.3, -1.2], [2.0, 0.5]])
    outputs = net.layer_outputs(x)
    assert len(outputs) == net.depth + 1 and np.array_equal(outputs[0], x)
    h = x
    for w, b, out in zip(net.weights, net.biases, outputs[1:], strict=True):
        h = np.tanh(h @ w.T + b)
        np.testing.assert_allclose(out, h)
    np.testing.assert_allclose(net.scores(x), h @ net.readout + net.readout_bias)
    assert repr(net) == "TanhNetwork(2 → 2 → 2 → 2 → score)"


def test_layer_outputs_reject_a_flat_array() -> None:
    with pytest.raises(ValueError, match=r"shape \(n, features\)"):
        random_network(0).layer_outputs(np.zeros(4))


def test_gradient_by_hand_for_a_network_with_zero_weights() -> None:
    # With W = 0 and b = 0 every h is 0, so the score is the readout bias c and
    # dL/dc = mean(sigmoid(c) − y) and dL/dw = 0, since h = 0.
    zero = (np.zeros((2, 2)),)
    net = TanhNetwork(zero, (np.zeros(2),), np.array([1.0, -1.0]), 0.5)
    labels = np.array([1, 0, 1])
    loss, grads = loss_and_gradients(net, np.ones((3, 2)), labels)
    sig = 1 / (1 + np.exp(-0.5))
    per_point = [np.log1p(np.exp(-0.5)), np.log1p(np.exp(0.5)), np.log1p(np.exp(-0.5))]
    assert loss == pytest.approx(np.mean(per_point))
    assert grads["readout"][1] == pytest.approx(np.mean(sig - labels))
    np.testing.assert_allclose(grads["readout"][0], 0.0)
    # dL/db_1 = Σ_points dL/ds · w · tanh'(0), and dL/dW_1 = that times the input (all ones)
    upstream = np.mean(sig - labels) * np.array([1.0, -1.0])
    np.testing.assert_allclose(grads["biases"][0], upstream)
    np.testing.assert_allclose(grads["weights"][0], np.outer(upstream, [1.0, 1.0]))  # inputs are 1


def autograd_loss(params, points, labels, depth):
    h = points
    for k in range(depth):
        h = anp.tanh(anp.dot(h, params[k].T) + params[depth + k])
    scores = anp.dot(h, params[-2]) + params[-1]
    signs = anp.where(labels == 1, 1.0, -1.0)
    return anp.mean(anp.logaddexp(0.0, -signs * scores))


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000))
def test_hand_written_gradients_match_autograd_and_finite_differences(seed: int) -> None:
    net = random_network(seed)
    points, labels = two_moons(20, seed=seed)
    loss, grads = loss_and_gradients(net, points, labels)
    params = [*net.weights, *net.biases, net.readout, np.asarray(net.readout_bias)]
    assert loss == pytest.approx(autograd_loss(params, points, labels, net.depth))
    reference = grad(autograd_loss)(params, points, labels, net.depth)
    ours = [*grads["weights"], *grads["biases"], *grads["readout"]]
    for mine, theirs in zip(ours, reference, strict=True):
        np.testing.assert_allclose(mine, theirs, rtol=1e-9, atol=1e-12)
    w0 = net.weights[0]
    numeric = numerical_gradient(lambda _: loss_and_gradients(net, points, labels)[0], w0)
    np.testing.assert_allclose(grads["weights"][0], numeric, rtol=1e-5, atol=1e-8)


def test_loss_and_gradients_stay_finite_at_extreme_scores() -> None:
    net = TanhNetwork((np.eye(2) * 1000.0,), (np.zeros(2),), np.array([1000.0, 0.0]), 0.0)
    points = np.array([[5.0, 0.0], [-5.0, 0.0]])
    loss, grads = loss_and_gradients(net, points, np.array([0, 1]))  # both wrong by 1000
    assert loss == pytest.approx(1000.0)
    assert all(np.isfinite(g).all() for gs in grads.values() for g in gs)
    assert logistic_loss(np.array([1e6]), np.array([1])) == 0.0


def test_training_separates_the_moons_deterministically_and_leaves_the_data_alone() -> None:
    points, labels = two_moons()
    before = points.copy()
    net = train_tanh_network(points, labels)
    again = train_tanh_network(points, labels)
    assert np.array_equal(points, before)
    assert all(np.array_equal(a, b) for a, b in zip(net.weights, again.weights, strict=True))
    assert np.mean(net.predict(points) == labels) == 1.0
    assert loss_and_gradients(net, points, labels)[0] < 0.03
    accuracies = [linear_accuracy(h, labels) for h in net.layer_outputs(points)]
    assert accuracies[0] < 0.9 and accuracies[-1] == 1.0  # a line fails on x, works on h_L


def test_training_rejects_labels_that_are_not_zeros_and_ones() -> None:
    points, labels = two_moons(10)
    with pytest.raises(ValueError, match="zeros and ones"):
        train_tanh_network(points, labels * 2)
    with pytest.raises(ValueError, match="zeros and ones"):
        train_tanh_network(points, labels[:5])


def test_linear_accuracy_knows_separable_from_xor() -> None:
    separable = np.array([[0.0, 0.0], [0.2, 0.1], [3.0, 3.0], [3.1, 2.9]])
    assert linear_accuracy(separable, np.array([0, 0, 1, 1])) == 1.0
    xor = np.array([[0.0, 0.0], [1.0, 1.0], [0.0, 1.0], [1.0, 0.0]])
    assert linear_accuracy(xor, np.array([0, 0, 1, 1])) <= 0.75


def test_plot_layers_titles_and_labels_every_panel() -> None:
    points, labels = two_moons()
    net = train_tanh_network(points, labels)
    fig = plot_layers(net, points, labels)
    try:
        assert len(fig.axes) == net.depth + 2
        for ax in fig.axes:
            assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
        assert fig.axes[0].get_title() == "input (87% by a line)"
        assert fig.axes[-1].get_title() == "decision (100% right)"
    finally:
        plt.close(fig)
