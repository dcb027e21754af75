"""The two engines of the series agree: helpers.Value (one number per node) and helpers.Tensor
(one array per node) give the same loss and the same gradient for every weight of one network.

The scalar network is written here with Value's public contract only (``Value(x)``, arithmetic
operators, ``.tanh()``, ``.backward()``, ``.grad``), from the same weights as a helpers.nn.MLP.
"""

from __future__ import annotations

import numpy as np
import pytest

from helpers import Value, nn
from helpers.functional import mse


def scalar_mlp_loss(weights, X, T, residual, scale):
    """mean((net(x) − t)²) over every example and output, built from Values one number at a time.

    Pre-activations u₁ = x W₁ + b₁, u_k = act(u_{k−1}) W_k + b_k, plus u_{k−1} times ``scale``
    where a hidden layer has a skip connection; the last u is the output.
    """
    total = Value(0.0)
    last = len(weights) - 1
    for x_row, t_row in zip(X, T, strict=True):
        u = [float(v) for v in x_row]
        for k, (W, b) in enumerate(weights):
            nin, nout = len(W), len(W[0])
            h = u if k == 0 else [ui.tanh() for ui in u]
            z = [sum((h[i] * W[i][j] for i in range(nin)), b[j]) for j in range(nout)]
            skip = residual and 0 < k < last and nin == nout
            u = [ui + scale * zi for ui, zi in zip(u, z, strict=True)] if skip else z
        for out_j, t_j in zip(u, t_row, strict=True):
            total = total + (out_j - float(t_j)) ** 2
    return total / float(T.size)


@pytest.mark.parametrize("residual", [False, True])
def test_value_and_tensor_give_the_same_loss_and_gradients(residual):
    rng = np.random.default_rng(21)
    X, T = rng.normal(size=(5, 3)), rng.normal(size=(5, 2))
    model = nn.MLP([3, 4, 4, 4, 2], activation="tanh", residual=residual, seed=4)
    for layer in model.layers:  # unusual, non-zero biases: a dropped bias gradient cannot hide
        layer.b.data[:] = rng.normal(size=layer.b.shape)

    loss = mse(model(X), T)
    loss.backward()

    weights = [
        (
            [[Value(float(w)) for w in row] for row in layer.W.data],
            [Value(float(v)) for v in layer.b.data],
        )
        for layer in model.layers
    ]
    scalar_loss = scalar_mlp_loss(weights, X, T, residual, model.residual_scale)
    scalar_loss.backward()

    assert scalar_loss.data == pytest.approx(loss.item(), rel=1e-12)
    for layer, (W, b) in zip(model.layers, weights, strict=True):
        W_grad = np.array([[w.grad for w in row] for row in W])
        b_grad = np.array([v.grad for v in b])
        np.testing.assert_allclose(layer.W.grad, W_grad, rtol=1e-10, atol=1e-14)
        np.testing.assert_allclose(layer.b.grad, b_grad, rtol=1e-10, atol=1e-14)
        assert np.any(W_grad != 0) and np.any(b_grad != 0)


def test_one_neuron_by_both_engines_and_by_hand():
    # y = tanh(w·x + b) at w = (0.5, −1), x = (2, 1), b = 0.25: z = 0.25, dy/dw = (1 − y²) x
    w_t = nn.Linear(2, 1)
    w_t.W.data[:] = [[0.5], [-1.0]]
    w_t.b.data[:] = [0.25]
    y_t = w_t(np.array([[2.0, 1.0]])).tanh()
    y_t.backward(np.ones((1, 1)))
    w = [Value(0.5), Value(-1.0)]
    b = Value(0.25)
    y_v = (w[0] * 2.0 + w[1] * 1.0 + b).tanh()
    y_v.backward()
    slope = 1.0 - np.tanh(0.25) ** 2
    np.testing.assert_allclose(w_t.W.grad[:, 0], [2.0 * slope, slope], rtol=1e-15)
    np.testing.assert_allclose(
        [w[0].grad, w[1].grad, b.grad], [2.0 * slope, slope, slope], rtol=1e-15
    )
    assert y_v.data == pytest.approx(y_t.item(), rel=1e-15)
