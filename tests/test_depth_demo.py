"""helpers.depth_demo: notebook 00's tanh network, its gradients, its clumps, its best lines."""

from __future__ import annotations

import time

import autograd.numpy as anp
import matplotlib.pyplot as plt
import numpy as np
import pytest
from autograd import grad
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.data import moons
from helpers.depth_demo import (
    TanhNetwork,
    best_line_accuracy,
    linear_accuracy,
    logistic_loss,
    loss_and_gradients,
    plot_layers,
    train_tanh_network,
)
from helpers.gradcheck import numerical_gradient


def two_moons(n: int = 200, seed: int = 0):
    """Notebook 00's data."""
    return moons(n, noise=0.08, seed=seed)


def random_network(seed: int, widths=(2, 2, 2)) -> TanhNetwork:
    rng = np.random.default_rng(seed)
    weights, biases, fan_in = [], [], 2
    for width in widths:
        weights.append(rng.normal(size=(fan_in, width)))  # W: (inputs, outputs)
        biases.append(rng.normal(size=width))
        fan_in = width
    return TanhNetwork(tuple(weights), tuple(biases), rng.normal(size=fan_in), float(rng.normal()))


def test_layer_outputs_are_the_input_then_tanh_of_each_affine_map() -> None:
    net = random_network(0)
    x = np.array([[0.3, -1.2], [2.0, 0.5]])
    outputs = net.layer_outputs(x)
    assert len(outputs) == net.depth + 1 and np.array_equal(outputs[0], x)
    h = x
    for w, b, out in zip(net.weights, net.biases, outputs[1:], strict=True):
        h = np.tanh(h @ w + b)
        np.testing.assert_allclose(out, h)
    np.testing.assert_allclose(net.scores(x), h @ net.readout + net.readout_bias)
    assert repr(net) == "TanhNetwork(2 → 2 → 2 → 2 → score)"


def test_layer_outputs_reject_a_flat_array() -> None:
    with pytest.raises(ValueError, match=r"points must be an array with 2 axes.*shape is \(4,\)"):
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
    # dL/db_1 = Σ_points dL/ds · w · tanh'(0), and dL/dW_1 = xᵀ · that: W_1[i, j] joins input i
    # to unit j, so with every input 1 each row of dL/dW_1 is dL/db_1.
    upstream = np.mean(sig - labels) * np.array([1.0, -1.0])
    np.testing.assert_allclose(grads["biases"][0], upstream)
    np.testing.assert_allclose(grads["weights"][0], np.outer([1.0, 1.0], upstream))


def autograd_loss(params, points, labels, depth):
    h = points
    for k in range(depth):
        h = anp.tanh(anp.dot(h, params[k]) + params[depth + k])
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
    again = train_tanh_network(points, labels, seed=None)  # None: the documented default
    assert np.array_equal(points, before)
    assert all(np.array_equal(a, b) for a, b in zip(net.weights, again.weights, strict=True))
    assert np.mean(net.predict(points) == labels) == 1.0
    assert loss_and_gradients(net, points, labels)[0] < 0.001
    accuracies = [best_line_accuracy(h, labels) for h in net.layer_outputs(points)]
    assert accuracies[0] < 0.91 and accuracies[-1] == 1.0  # a line fails on x, works on h_L


def test_the_last_layer_collapses_each_class_into_one_clump() -> None:
    # Notebook 00 §1.1: at the last layer the coordinates say which class, not where the point was.
    points, labels = two_moons()
    h = train_tanh_network(points, labels).layer_outputs(points)[-1]
    means = [h[labels == k].mean(axis=0) for k in (0, 1)]
    radii = [np.linalg.norm(h[labels == k] - means[k], axis=1) for k in (0, 1)]
    assert np.linalg.norm(means[0] - means[1]) > 2.5  # opposite corners of the square
    for r in radii:
        assert np.percentile(r, 95) < 0.15 and r.max() < 0.5  # one clump, not two corners

    # Within-class spread: the part of the last layer's variance the class does not explain,
    # which is all that is left to encode the position in the input. At the input it is most.
    def within_share(x: np.ndarray) -> float:
        inside = sum(((x[labels == k] - x[labels == k].mean(0)) ** 2).sum() for k in (0, 1))
        return inside / ((x - x.mean(0)) ** 2).sum()

    assert within_share(points) > 0.5 and within_share(h) < 0.01
    # A clump is one clump: splitting a class at its median input x₁ (the student's check, which
    # found the old figure's two orange clumps) gives two halves whose layer-4 means nearly agree.
    for k in (0, 1):
        x1 = points[labels == k, 0]
        left, right = h[labels == k][x1 < np.median(x1)], h[labels == k][x1 >= np.median(x1)]
        assert np.linalg.norm(left.mean(0) - right.mean(0)) < 0.1


def test_training_is_fast() -> None:
    points, labels = two_moons()
    start = time.perf_counter()
    train_tanh_network(points, labels)
    assert time.perf_counter() - start < 2.0


def test_training_rejects_labels_that_are_not_zeros_and_ones() -> None:
    points, labels = two_moons(10)
    with pytest.raises(ValueError, match="zeros and ones"):
        train_tanh_network(points, labels * 2)
    with pytest.raises(ValueError, match="zeros and ones"):
        train_tanh_network(points, labels[:5])


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"widths": ()}, TypeError, "widths"),
        ({"widths": (0,)}, ValueError, r"widths\[0\]"),
        ({"seed": 1.5}, TypeError, "seed"),
        ({"seed": -1}, ValueError, "seed"),
        ({"learning_rate": float("nan")}, ValueError, "learning_rate"),
        ({"learning_rate": 0}, ValueError, "learning_rate"),
        ({"momentum": 1.0}, ValueError, "momentum"),
        ({"max_steps": 10**400}, ValueError, "max_steps"),
        ({"max_steps": None}, TypeError, "max_steps"),
    ],
)
def test_training_checks_its_settings(options, error, message) -> None:
    points, labels = two_moons(10)
    with pytest.raises(error, match=message):
        train_tanh_network(points, labels, **options)


def test_training_refuses_nan_points_and_says_when_it_diverges() -> None:
    points, labels = two_moons(10)
    bad = points.copy()
    bad[3, 1] = np.nan
    with pytest.raises(
        ValueError, match=r"points must be finite numbers only.*entry \(3, 1\) is nan"
    ):
        train_tanh_network(bad, labels)
    with pytest.raises(ValueError, match="training diverged: at step"):
        train_tanh_network(points, labels, learning_rate=1e6)


def test_a_network_checks_its_own_shapes() -> None:
    with pytest.raises(ValueError, match="at least one layer"):
        TanhNetwork((), (), np.zeros(2), 0.0)
    with pytest.raises(ValueError, match="layer 1"):
        TanhNetwork((np.zeros((2, 2)),), (np.zeros(3),), np.zeros(2), 0.0)
    with pytest.raises(ValueError, match="readout"):
        TanhNetwork((np.zeros((2, 2)),), (np.zeros(2),), np.zeros(3), 0.0)
    with pytest.raises(ValueError, match="2 coordinates"):
        random_network(0).layer_outputs(np.zeros((4, 3)))
    with pytest.raises(ValueError, match=r"layer 1: W has shape \(3, 2\).*\(inputs, outputs\)"):
        TanhNetwork((np.zeros((3, 2)),), (np.zeros(3),), np.zeros(3), 0.0)  # (outputs, inputs)


def test_weights_are_inputs_by_outputs_and_a_layer_is_h_at_w_plus_b() -> None:
    # The series' notation (tools/notation.md): points are rows, W has shape (inputs, outputs).
    # A planted 2 → 3 → 1 network, not square, so the other way round could not even run.
    w1 = np.array([[1.0, 0.0, -1.0], [0.5, 2.0, 0.0]])  # W_1[i, j]: input i to unit j
    w2 = np.array([[1.0], [-1.0], [0.5]])
    net = TanhNetwork((w1, w2), (np.array([0.0, 0.1, 0.2]), np.array([-0.3])), np.array([2.0]), 0.5)
    assert repr(net) == "TanhNetwork(2 → 3 → 1 → score)"
    x = np.array([[0.3, -1.2], [2.0, 0.5]])
    h1 = np.tanh(x @ w1 + net.biases[0])
    h2 = np.tanh(h1 @ w2 + net.biases[1])
    outputs = net.layer_outputs(x)
    assert [o.shape for o in outputs] == [(2, 2), (2, 3), (2, 1)]
    np.testing.assert_allclose(outputs[1], h1)
    np.testing.assert_allclose(outputs[2], h2)
    _, grads = loss_and_gradients(net, x, np.array([1, 0]))
    assert [g.shape for g in grads["weights"]] == [(2, 3), (3, 1)]  # shaped like W: (in, out)


def test_linear_accuracy_knows_separable_from_xor() -> None:
    separable = np.array([[0.0, 0.0], [0.2, 0.1], [3.0, 3.0], [3.1, 2.9]])
    assert linear_accuracy(separable, np.array([0, 0, 1, 1])) == 1.0
    xor = np.array([[0.0, 0.0], [1.0, 1.0], [0.0, 1.0], [1.0, 0.0]])
    assert linear_accuracy(xor, np.array([0, 0, 1, 1])) <= 0.75


def brute_force_best_line(points: np.ndarray, labels: np.ndarray) -> float:
    """Every split of points in general position by a line is made by a line through two of
    them, nudged so that each of the two falls on either side: try them all."""
    n, best = len(points), max(labels.mean(), 1 - labels.mean())
    for i in range(n):
        for j in range(i + 1, n):
            d = points[j] - points[i]
            side = (points - points[i]) @ np.array([-d[1], d[0]]) > 0
            for si in (False, True):
                for sj in (False, True):
                    s = side.copy()
                    s[i], s[j] = si, sj
                    best = max(best, np.mean(s == labels), np.mean(s != labels))
    return float(best)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(3, 9))
def test_best_line_accuracy_agrees_with_a_brute_force_on_tiny_sets(seed: int, n: int) -> None:
    rng = np.random.default_rng(seed)
    points, labels = rng.normal(size=(n, 2)), rng.integers(0, 2, size=n)
    assert best_line_accuracy(points, labels) == pytest.approx(
        brute_force_best_line(points, labels)
    )


def test_best_line_accuracy_on_known_sets() -> None:
    xor = np.array([[0.0, 0.0], [1.0, 1.0], [0.0, 1.0], [1.0, 0.0]])
    assert best_line_accuracy(xor, np.array([0, 0, 1, 1])) == 0.75
    separable = np.array([[0.0, 0.0], [0.2, 0.1], [3.0, 3.0], [3.1, 2.9]])
    assert best_line_accuracy(separable, np.array([0, 0, 1, 1])) == 1.0
    twice = np.array([[0.0, 0.0], [0.0, 0.0], [1.0, 0.0]])  # equal points: one cannot be split
    assert best_line_accuracy(twice, np.array([0, 1, 1])) == pytest.approx(2 / 3)


def test_the_best_line_beats_logistic_regression_on_notebook_00s_moons() -> None:
    # Hand-checked numbers for the notebook: logistic regression 89.0%, the best line 89.5%.
    points, labels = two_moons()
    assert linear_accuracy(points, labels) == 0.89
    assert best_line_accuracy(points, labels) == 0.895
    assert brute_force_best_line(points[:40], labels[:40]) == best_line_accuracy(
        points[:40], labels[:40]
    )


@pytest.mark.parametrize("bad", [None, "abc", np.zeros((3, 3))])
def test_accuracies_refuse_bad_points(bad) -> None:
    with pytest.raises((TypeError, ValueError), match="points"):
        best_line_accuracy(bad, np.array([0, 1, 0]))


@pytest.mark.parametrize("bad", [None, [0.5, 1, 0], [0, 1], [np.nan, 1, 0]])
def test_accuracies_refuse_bad_labels(bad) -> None:
    points = np.zeros((3, 2))
    for accuracy in (linear_accuracy, best_line_accuracy):
        with pytest.raises((TypeError, ValueError), match="labels"):
            accuracy(points, bad)


def test_plot_layers_titles_and_labels_every_panel() -> None:
    points, labels = two_moons()
    net = train_tanh_network(points, labels)
    fig = plot_layers(net, points, labels)
    try:
        assert len(fig.axes) == net.depth + 2
        for ax in fig.axes:
            assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
        assert fig.axes[0].get_title() == "input (90% by the best line)"
        assert fig.axes[-1].get_title() == "decision (100% right)"
    finally:
        plt.close(fig)


def test_linear_accuracy_does_not_change_under_a_linear_map_of_the_plane() -> None:
    # Four linear layers are one map x -> x A + c; a nearly singular A (as the trained layers'
    # product is) splits the points by lines exactly as the input is split, so the logistic line
    # must score the same: 89% on notebook 00's moons (the trained linear stack of notebook 00
    # scored 59% before linear_accuracy whitened the points).
    points, labels = two_moons()
    A = np.array([[1.0, 1.0], [1.0, 1.0 + 1e-6]]) * 20.0
    mapped = points @ A + np.array([3.0, -7.0])
    assert linear_accuracy(mapped, labels) == linear_accuracy(points, labels) == 0.89
    assert best_line_accuracy(mapped, labels) == best_line_accuracy(points, labels)
