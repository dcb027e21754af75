"""helpers.functional: linear, softmax, log_softmax, cross_entropy and mse, checked three ways."""

from __future__ import annotations

import warnings

import autograd.numpy as anp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from test_tensor import three_way  # tests/ is on sys.path (conftest.py)

from helpers import functional as F
from helpers.tensor import Tensor


def _rng(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)


def ag_softmax(z, axis=-1):
    e = anp.exp(z - anp.max(z, axis=axis, keepdims=True))
    return e / anp.sum(e, axis=axis, keepdims=True)


def ag_log_softmax(z, axis=-1):
    return z - anp.log(anp.sum(anp.exp(z), axis=axis, keepdims=True))


# ---- linear ------------------------------------------------------------------------------------


@pytest.mark.parametrize("x_shape", [(5, 3), (2, 5, 3), (3,)])
def test_linear_three_ways(x_shape):
    rng = _rng(1)
    x, W, b = rng.normal(size=x_shape), rng.normal(size=(3, 4)), rng.normal(size=(4,))
    three_way(lambda x, W, b: F.linear(x, W, b), lambda x, W, b: anp.matmul(x, W) + b, x, W, b)
    three_way(lambda x, W: F.linear(x, W), lambda x, W: anp.matmul(x, W), x, W)


def test_linear_with_array_input_computes_no_input_gradient():
    rng = _rng(2)
    x = rng.normal(size=(6, 3))
    W, b = Tensor(rng.normal(size=(3, 2))), Tensor(np.zeros(2))
    out = F.linear(x, W, b)
    assert out._parents[0] is None
    out.sum().backward()
    np.testing.assert_allclose(W.grad, x.T @ np.ones((6, 2)))
    np.testing.assert_array_equal(b.grad, [6.0, 6.0])


def test_linear_shape_error_names_the_shapes():
    with pytest.raises(ValueError, match=r"input of shape \(5, 4\).*\(3, 2\).*3 features"):
        F.linear(np.ones((5, 4)), Tensor(np.ones((3, 2))), Tensor(np.ones(2)))


# ---- softmax and log_softmax -------------------------------------------------------------------


@pytest.mark.parametrize("axis", [-1, 0, 1])
def test_softmax_and_log_softmax_three_ways(axis):
    z = _rng(3).normal(size=(4, 5)) * 3.0
    three_way(lambda t: F.softmax(t, axis=axis), lambda a: ag_softmax(a, axis), z)
    three_way(lambda t: F.log_softmax(t, axis=axis), lambda a: ag_log_softmax(a, axis), z)


def test_softmax_gradient_by_hand():
    # For s = softmax(z): ds_i/dz_j = s_i (δ_ij − s_j), so the gradient of s_0 is s_0 (e_0 − s).
    z = Tensor([1.0, 2.0, 0.5])
    s = F.softmax(z)
    s.backward(np.array([1.0, 0.0, 0.0]))
    expected = s.data[0] * (np.array([1.0, 0.0, 0.0]) - s.data)
    np.testing.assert_allclose(z.grad, expected, rtol=1e-14)


@given(
    z=arrays(
        np.float64,
        st.tuples(st.integers(1, 4), st.integers(1, 5)),
        elements=st.floats(-1e300, 1e300),
    )
)
@settings(max_examples=60, deadline=None)
def test_softmax_of_any_finite_logits_is_a_distribution(z):
    with np.errstate(over="raise", invalid="raise", divide="ignore"):
        s = F.softmax(z).data
    assert np.all(s >= 0) and np.allclose(s.sum(axis=-1), 1.0)
    assert np.all(F.log_softmax(z).data <= 0.0)


# ---- cross_entropy -----------------------------------------------------------------------------


def ag_cross_entropy(z, t):
    return -anp.mean(ag_log_softmax(z, axis=1)[np.arange(len(t)), t])


def test_cross_entropy_three_ways():
    z = _rng(4).normal(size=(6, 4)) * 2.0
    t = np.array([0, 3, 1, 1, 2, 3])
    three_way(lambda x: F.cross_entropy(x, t), lambda x: ag_cross_entropy(x, t), z)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_cross_entropy_reductions_three_ways(reduction):
    z = _rng(5).normal(size=(5, 3)) * 2.0
    t = np.array([0, 2, 1, 1, 0])
    reduce = {"mean": anp.mean, "sum": anp.sum, "none": lambda v: v}[reduction]

    def reference(x):
        return reduce(-ag_log_softmax(x, axis=1)[np.arange(len(t)), t])

    three_way(lambda x: F.cross_entropy(x, t, reduction=reduction), reference, z)


def test_cross_entropy_reductions_by_hand():
    z = Tensor([[0.0, 0.0], [np.log(3.0), 0.0]])  # losses log 2 and log 4 (see below)
    t = np.array([0, 1])
    each = F.cross_entropy(z, t, reduction="none")
    np.testing.assert_allclose(each.data, [np.log(2.0), np.log(4.0)], rtol=1e-15)
    each.backward(np.array([1.0, 0.0]))  # only the first example's loss
    np.testing.assert_allclose(z.grad, [[-0.5, 0.5], [0.0, 0.0]], rtol=1e-15)
    total = F.cross_entropy(z, t, reduction="sum")
    np.testing.assert_allclose(total.item(), 3 * np.log(2.0), rtol=1e-15)
    total.backward()
    np.testing.assert_allclose(z.grad, [[-0.5, 0.5], [0.75, -0.75]], rtol=1e-14)
    with pytest.raises(ValueError, match="reduction must be one of 'mean', 'sum', 'none'"):
        F.cross_entropy(z, t, reduction="average")
    with pytest.raises(ValueError, match="at least one example"):
        F.cross_entropy(np.zeros((0, 3)), np.zeros(0, dtype=int))


def test_functional_inputs_are_checked_like_tensors():
    with pytest.raises(TypeError, match="logits must be an array of numbers, got None"):
        F.cross_entropy(None, [0])
    with pytest.raises(TypeError, match="the input of softmax must be an array of numbers"):
        F.softmax(None)
    with pytest.raises(ValueError, match=r"entry \(1, 0\) is nan"):
        F.linear([[1.0], [np.nan]], Tensor([[1.0]]))
    with np.errstate(invalid="ignore"):  # a diverged run's logits: the loss says nan, no raise
        assert np.isnan(F.cross_entropy(np.array([[np.inf, 0.0]]), [0]).item())


def test_cross_entropy_by_hand():
    # Two examples, two classes. Loss = mean(−log p_target); gradient = (p − onehot) / n.
    z = Tensor([[0.0, 0.0], [np.log(3.0), 0.0]])
    loss = F.cross_entropy(z, np.array([0, 1]))
    # p = [1/2, 1/2] and [3/4, 1/4]: loss = (log 2 + log 4) / 2 = 1.5 log 2
    np.testing.assert_allclose(loss.item(), 1.5 * np.log(2.0), rtol=1e-15)
    loss.backward()
    np.testing.assert_allclose(z.grad, [[-0.25, 0.25], [0.375, -0.375]], rtol=1e-14)


def test_cross_entropy_is_stable_for_huge_logits():
    z = Tensor([[1e4, 0.0, -1e4], [0.0, 1e4, 1e4]])
    with warnings.catch_warnings(), np.errstate(over="raise", divide="raise", invalid="raise"):
        warnings.simplefilter("error")
        loss = F.cross_entropy(z, np.array([1, 2]))
        loss.backward()
    # example 0: −log p_1 = 1e4 (up to e^−1e4); example 1: two equal top logits, −log(1/2)
    np.testing.assert_allclose(loss.item(), (1e4 + np.log(2.0)) / 2.0, rtol=1e-15)
    np.testing.assert_allclose(z.grad, [[0.5, -0.5, 0.0], [0.0, 0.25, -0.25]], atol=1e-15)


def test_cross_entropy_agrees_with_softmax_composed_by_hand():
    z = _rng(5).normal(size=(5, 3))
    t = np.array([2, 0, 1, 1, 0])
    fused = Tensor(z)
    F.cross_entropy(fused, t).backward()
    composed = Tensor(z)
    (-(F.log_softmax(composed, axis=1)[np.arange(5), t]).mean()).backward()
    np.testing.assert_allclose(fused.grad, composed.grad, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize(
    ("targets", "message"),
    [
        (np.array([0, 3]), r"0\.\.2 for 3 classes, got values from 0 to 3"),
        (np.array([-1, 0]), "from -1 to 0"),
        (np.array([0, 1, 2]), r"2 class indices of shape \(2,\), got shape \(3,\)"),
        (np.array([[1, 0, 0], [0, 1, 0]]), "not one-hot"),
        (np.array([0.5, 1.0]), "integer class indices"),
    ],
)
def test_cross_entropy_rejects_bad_targets(targets, message):
    with pytest.raises(ValueError, match=message):
        F.cross_entropy(Tensor(np.zeros((2, 3))), targets)


def test_cross_entropy_accepts_whole_float_targets_and_rejects_1d_logits():
    loss = F.cross_entropy(np.zeros((2, 3)), np.array([0.0, 2.0]))
    np.testing.assert_allclose(loss.item(), np.log(3.0))
    with pytest.raises(ValueError, match=r"reshape\(1, -1\)"):
        F.cross_entropy(np.zeros(3), np.array([0]))


# ---- mse ---------------------------------------------------------------------------------------


def test_mse_three_ways_and_by_hand():
    rng = _rng(6)
    p, t = rng.normal(size=(4, 2)), rng.normal(size=(4, 2))
    three_way(F.mse, lambda a, b: anp.mean((a - b) ** 2), p, t)
    pred = Tensor([1.0, 3.0])
    loss = F.mse(pred, np.array([0.0, 1.0]))  # ((1)² + (2)²) / 2
    assert loss.item() == 2.5
    loss.backward()
    np.testing.assert_array_equal(pred.grad, [1.0, 2.0])  # 2 (p − t) / n


def test_mse_refuses_silent_broadcasting():
    with pytest.raises(ValueError, match=r"one shape, got \(4, 1\) and \(4,\)"):
        F.mse(Tensor(np.ones((4, 1))), np.ones(4))


# ---- residual ----------------------------------------------------------------------------------


@pytest.mark.parametrize("batch", [(5,), (2, 5), ()])
def test_residual_block_three_ways(batch):
    rng = _rng(7)
    u, x = rng.normal(size=(*batch, 3)), rng.normal(size=(*batch, 4))
    W, b = rng.normal(size=(4, 3)), rng.normal(size=(3,))
    three_way(
        lambda u, x, W, b: F.residual(u, x, W, b, 0.3),
        lambda u, x, W, b: u + 0.3 * (anp.matmul(x, W) + b),
        u, x, W, b,
    )  # fmt: skip


def test_residual_block_equals_the_same_block_composed_of_small_nodes():
    """The fused node and the chain u + α·(tanh(u) @ W + b) give the same gradients, including
    the gradient of u that arrives along both paths (the skip and the branch)."""
    rng = _rng(8)
    fused = [Tensor(rng.normal(size=s)) for s in ((6, 4), (4, 4), (4,))]
    composed = [Tensor(t.data) for t in fused]
    u, W, b = fused
    F.residual(u, u.tanh(), W, b, 0.5).sum().backward()
    u2, W2, b2 = composed
    (u2 + 0.5 * (u2.tanh() @ W2 + b2)).sum().backward()
    for mine, reference in zip(fused, composed, strict=True):
        np.testing.assert_allclose(mine.grad, reference.grad, rtol=1e-12)


def test_residual_block_shape_error_names_the_shapes():
    with pytest.raises(
        ValueError, match=r"u of shape \(5, 2\), branch input \(5, 4\) and W \(4, 3\)"
    ):
        F.residual(Tensor(np.ones((5, 2))), np.ones((5, 4)), Tensor(np.ones((4, 3))),
                   Tensor(np.ones(3)), 1.0)  # fmt: skip
