"""The operations added to helpers.Tensor for issue 12, and its two bugs, checked three ways.

Each gradient is compared with HIPS autograd and with central finite differences (``three_way``
of test_tensor.py), with broadcasting and float32 cases; where a value is chosen by hand (a tie,
a point where the derivative is 0 or infinite), the expected number is written out.
"""

from __future__ import annotations

import autograd
import autograd.numpy as anp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays, mutually_broadcastable_shapes
from test_tensor import three_way

from helpers.tensor import Tensor
from helpers.tensor_functions import concatenate, maximum, minimum, stack, where


def _rng(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)


def _autograd_gradient(f, x: np.ndarray) -> np.ndarray:
    return autograd.grad(lambda a: anp.sum(f(a)))(x)


# ---- bug 1: the power rule at 0 and at negative bases -------------------------------------------


@pytest.mark.parametrize("p", [0, 1, 2, 3, 4, -1, -2])
def test_integer_powers_agree_with_autograd_at_zero_and_negative_bases(p):
    x = np.array([-2.0, -0.5, 0.0, 0.5, 2.0]) if p >= 0 else np.array([-2.0, -0.5, 0.5, 3.0])
    t = Tensor(x)
    (t**p).sum().backward()
    np.testing.assert_allclose(t.grad, _autograd_gradient(lambda a: a**p, x), rtol=1e-12)
    assert np.isfinite(t.grad).all()


def test_x_to_the_zero_has_gradient_zero_at_zero():
    """The regression: p·x^(p−1) is 0·inf = nan at x = 0 for p = 0; PyTorch and autograd say 0."""
    t = Tensor([0.0, 3.0])
    (t**0).sum().backward()
    assert t.grad.tolist() == [0.0, 0.0]
    t2 = Tensor([0.0])
    (t2**0.0).sum().backward()
    assert t2.grad.tolist() == [0.0]


def test_fractional_powers_at_zero_and_negative_bases():
    t = Tensor([0.0, 4.0])
    with np.errstate(divide="ignore"):
        (t**0.5).sum().backward()
    assert t.grad.tolist() == [np.inf, 0.25]  # d/dx √x = 1/(2√x): infinite at 0, as autograd
    with pytest.raises(ValueError, match="negative number to a non-integer power"):
        Tensor([-1.0, 4.0]) ** 0.5
    with pytest.raises(ZeroDivisionError, match="divides by zero"):
        Tensor([0.0, 1.0]) ** -1


def test_tensor_exponent_at_a_zero_base_has_gradient_zero():
    """d/dy x^y = x^y·ln x → 0 as x → 0 for y > 0, as HIPS autograd takes it."""
    x, y = Tensor([0.0, 2.0]), Tensor([2.0, 3.0])
    (x**y).sum().backward()
    np.testing.assert_allclose(y.grad, [0.0, 8.0 * np.log(2.0)])
    np.testing.assert_allclose(x.grad, [0.0, 12.0])
    with pytest.raises(ValueError, match="Tensor exponent needs x >= 0"):
        Tensor([-2.0]) ** Tensor([2.0])


def test_number_and_tensor_exponents_three_ways():
    x = _rng(1).uniform(0.5, 2.0, size=(3, 4))
    y = _rng(2).uniform(-1.5, 1.5, size=(4,))
    three_way(lambda a, b: a**b, lambda a, b: a**b, x, y)
    three_way(lambda b: 2.5**b, lambda b: 2.5**b, y)
    three_way(lambda b: np.array([[0.5], [3.0]]) ** b, lambda b: np.array([[0.5], [3.0]]) ** b, y)


# ---- bug 2: the gradient of a float32 tensor is float32 ------------------------------------------


@pytest.mark.parametrize(
    "combine",
    [
        lambda a: a * np.array([1.0, 2.0, 3.0]),
        lambda a: a + Tensor([1.0, 2.0, 3.0]),
        lambda a: (a @ np.ones((3, 2))).sum(axis=0),
        lambda a: a.reshape(3, 1) * np.ones((3, 4)),
        lambda a: a ** Tensor([1.0, 2.0, 3.0]),
        lambda a: maximum(a, np.zeros(3)),
        lambda a: concatenate([a, np.ones(2)]),
    ],
)
def test_float32_tensor_combined_with_float64_values_gets_float32_grad(combine):
    a = Tensor(np.array([0.5, 1.5, 2.5], dtype=np.float32))
    out = combine(a)
    assert out.dtype == np.float64  # NumPy's promotion decides the output...
    out.sum().backward()
    assert a.grad.dtype == np.float32  # ...but a gradient has its tensor's dtype
    assert a.grad.shape == a.shape


# ---- functions of one variable -------------------------------------------------------------------

ELEMENTWISE = {
    "sin": (lambda t: t.sin(), anp.sin, (-3.0, 3.0)),
    "cos": (lambda t: t.cos(), anp.cos, (-3.0, 3.0)),
    "sqrt": (lambda t: t.sqrt(), anp.sqrt, (0.2, 4.0)),
    "abs": (lambda t: t.abs(), anp.abs, (-2.0, 2.0)),
    "abs()": (lambda t: abs(t), anp.abs, (-2.0, 2.0)),
    "log1p": (lambda t: t.log1p(), anp.log1p, (-0.9, 3.0)),
    "expm1": (lambda t: t.expm1(), anp.expm1, (-2.0, 2.0)),
    "clip": (lambda t: t.clip(-0.5, 0.7), lambda a: anp.clip(a, -0.5, 0.7), (-2.0, 2.0)),
    "clip low": (lambda t: t.clip(low=0.1), lambda a: anp.clip(a, 0.1, np.inf), (-2.0, 2.0)),
}


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_elementwise_functions_three_ways(name):
    tensor_fn, autograd_fn, (low, high) = ELEMENTWISE[name]
    x = _rng(4).uniform(low, high, size=(3, 5))
    three_way(tensor_fn, autograd_fn, x)


@settings(max_examples=25, deadline=None)
@given(
    arrays(np.float64, st.integers(1, 6), elements=st.floats(-4, 4)).filter(
        lambda a: (abs(a) > 1e-3).all()
    )
)
def test_elementwise_functions_agree_with_autograd_on_any_values(x):
    for name in ("sin", "cos", "abs", "expm1"):
        tensor_fn, autograd_fn, _ = ELEMENTWISE[name]
        t = Tensor(x)
        tensor_fn(t).sum().backward()
        np.testing.assert_allclose(t.grad, _autograd_gradient(autograd_fn, x), rtol=1e-12)


def test_derivatives_at_the_kinks_are_the_documented_subgradients():
    t = Tensor([0.0, -1.0, 1.0])
    t.abs().sum().backward()
    assert t.grad.tolist() == [0.0, -1.0, 1.0]
    c = Tensor([-1.0, 0.0, 0.5, 1.0, 2.0])
    c.clip(0.0, 1.0).sum().backward()
    assert c.grad.tolist() == [0.0, 0.0, 1.0, 0.0, 0.0]  # flat at the bounds, as relu at 0


# ---- maximum, minimum, where --------------------------------------------------------------------


def test_maximum_and_minimum_with_broadcasting_three_ways():
    x = _rng(5).normal(size=(3, 4))
    y = _rng(6).normal(size=(4,))
    three_way(lambda a, b: maximum(a, b), anp.maximum, x, y)
    three_way(lambda a, b: minimum(a, b), anp.minimum, x, y)
    three_way(lambda a: maximum(a, 0.1), lambda a: anp.maximum(a, 0.1), x)


def test_maximum_sends_the_gradient_to_the_larger_input_and_halves_it_on_a_tie():
    a, b = Tensor([1.0, 5.0, 2.0]), Tensor([3.0, 4.0, 2.0])
    maximum(a, b).sum().backward()
    assert a.grad.tolist() == [0.0, 1.0, 0.5] and b.grad.tolist() == [1.0, 0.0, 0.5]
    expected = autograd.grad(lambda u: anp.sum(anp.maximum(u, b.data)))(a.data)
    np.testing.assert_array_equal(a.grad, expected)


def test_where_sends_the_gradient_to_the_chosen_input():
    x = _rng(7).normal(size=(3, 4))
    y = _rng(8).normal(size=(3, 1))
    condition = x > 0  # (autograd's where does not unbroadcast: b + 0 * a broadcasts b for it)
    three_way(
        lambda a, b: where(condition, a, b), lambda a, b: anp.where(condition, a, b + 0 * a), x, y
    )
    a = Tensor([1.0, -2.0, 3.0])
    where(a > 0, a, 0.0).sum().backward()
    assert a.grad.tolist() == [1.0, 0.0, 1.0]
    with pytest.raises(TypeError, match="boolean condition"):
        where(np.array([1.0, 0.0, 1.0]), a, 0.0)


@settings(max_examples=30, deadline=None)
@given(mutually_broadcastable_shapes(num_shapes=2, max_dims=3, max_side=3), st.integers(0, 99))
def test_binary_ops_unbroadcast_gradients_for_any_shapes(shapes, seed):
    (sa, sb), _ = shapes
    rng = _rng(seed)
    x, y = rng.uniform(0.5, 2.0, size=sa), rng.uniform(-1.0, 1.0, size=sb)
    for tensor_fn, autograd_fn in [
        (maximum, anp.maximum),
        (minimum, anp.minimum),
        (lambda a, b: a**b, lambda a, b: a**b),
        (lambda a, b: where(x > 1.0, a, b), lambda a, b: anp.where(x > 1.0, a + 0 * b, b + 0 * a)),
    ]:
        a, b = Tensor(x), Tensor(y)
        tensor_fn(a, b).sum().backward()
        for i, t in enumerate((a, b)):
            reference = autograd.grad(lambda u, v, f=autograd_fn: anp.sum(f(u, v)), i)(x, y)
            assert t.grad.shape == t.shape
            np.testing.assert_allclose(t.grad, reference, rtol=1e-10, atol=1e-12)


# ---- reductions ----------------------------------------------------------------------------------


@pytest.mark.parametrize("axis", [None, 0, 1, -1])
def test_min_three_ways(axis):
    x = _rng(9).normal(size=(4, 5))
    three_way(lambda t: t.min(axis=axis), lambda a: anp.min(a, axis=axis), x)


def test_min_gives_a_tie_to_the_first_entry():
    t = Tensor([[2.0, 1.0, 1.0]])
    t.min(axis=1).sum().backward()
    assert t.grad.tolist() == [[0.0, 1.0, 0.0]]


@pytest.mark.parametrize(("axis", "ddof"), [(None, 0), (0, 0), (1, 1), ((0, 1), 1), (-1, 0)])
def test_var_and_std_three_ways(axis, ddof):
    x = _rng(10).normal(size=(4, 5))
    three_way(lambda t: t.var(axis, ddof=ddof), lambda a: anp.var(a, axis=axis, ddof=ddof), x)
    three_way(lambda t: t.std(axis, ddof=ddof), lambda a: anp.std(a, axis=axis, ddof=ddof), x)


def test_var_by_hand_and_its_errors():
    t = Tensor([1.0, 3.0])  # mean 2, var 1: d var / dx = 2(x − 2)/2 = [−1, 1]
    v = t.var()
    assert v.item() == 1.0
    v.backward()
    assert t.grad.tolist() == [-1.0, 1.0]
    with pytest.raises(ValueError, match="needs more than 2 entries"):
        t.var(ddof=2)
    with pytest.raises(TypeError, match="ddof"):
        t.var(ddof=0.5)


# ---- shapes: concatenate, stack, flatten, squeeze, expand_dims ---------------------------------


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_concatenate_three_ways(axis):
    x = _rng(11).normal(size=(2, 3))
    y = _rng(12).normal(size=(2, 3))
    three_way(
        lambda a, b: concatenate([a, b, a], axis=axis),
        lambda a, b: anp.concatenate([a, b, a], axis=axis),
        x,
        y,
    )


@pytest.mark.parametrize("axis", [0, 1, 2, -1])
def test_stack_three_ways(axis):
    x = _rng(13).normal(size=(2, 3))
    y = _rng(14).normal(size=(2, 3))
    three_way(
        lambda a, b: stack([a, b], axis=axis), lambda a, b: anp.stack([a, b], axis=axis), x, y
    )


def test_concatenate_and_stack_accept_constants_and_say_what_is_wrong():
    a = Tensor([1.0, 2.0])
    joined = concatenate([a, np.array([5.0])])
    joined.backward(np.array([1.0, 2.0, 3.0]))
    assert a.grad.tolist() == [1.0, 2.0]
    with pytest.raises(ValueError, match=r"differ off that axis"):
        concatenate([Tensor(np.ones((2, 2))), Tensor(np.ones((3, 3)))], axis=0)
    with pytest.raises(ValueError, match="one shape"):
        stack([a, Tensor([1.0])])
    with pytest.raises(TypeError, match="list of tensors"):
        stack(a)
    with pytest.raises(ValueError, match="at least one tensor"):
        concatenate([])


def test_flatten_squeeze_expand_dims_three_ways():
    x = _rng(15).normal(size=(2, 1, 3))
    three_way(lambda t: t.flatten(), anp.ravel, x)
    three_way(lambda t: t.squeeze(), anp.squeeze, x)
    three_way(lambda t: t.squeeze(1), lambda a: anp.squeeze(a, 1), x)
    three_way(lambda t: t.expand_dims(0), lambda a: anp.expand_dims(a, 0), x)
    three_way(lambda t: t.expand_dims(-1), lambda a: anp.expand_dims(a, -1), x)
    with pytest.raises(ValueError, match="no length 1"):
        Tensor(x).squeeze(0)


# ---- comparisons ---------------------------------------------------------------------------------


def test_comparisons_give_plain_boolean_arrays_without_gradient():
    t = Tensor([0.05, 0.5, 2.0])
    for result, expected in [
        (t < 0.1, [True, False, False]),
        (t <= 0.5, [True, True, False]),
        (t > Tensor([0.0, 1.0, 1.0]), [True, False, True]),
        (t >= np.array([0.05, 0.6, 2.0]), [True, False, True]),
        (np.array([0.0, 1.0, 3.0]) < t, [True, False, False]),
    ]:
        assert type(result) is np.ndarray and result.dtype == bool
        assert result.tolist() == expected
    assert (Tensor([0.01, 0.02]) < 0.1).all()
    masked = t * (t > 0.1)  # a boolean array is a mask
    masked.sum().backward()
    assert t.grad.tolist() == [0.0, 1.0, 1.0]


# ---- float32 in, float32 gradients out, for the new operations -----------------------------------


@pytest.mark.parametrize(
    "op",
    [
        lambda t: t.sin(),
        lambda t: t.sqrt(),
        lambda t: t.clip(0.2, 0.8),
        lambda t: t.var(),
        lambda t: t.min(),
        lambda t: stack([t, t]),
        lambda t: 2.0**t,
        lambda t: t.log1p(),
    ],
)
def test_new_operations_keep_float32(op):
    t = Tensor(np.array([0.25, 0.5, 1.0], dtype=np.float32))
    out = op(t)
    assert out.dtype == np.float32
    out.sum().backward()
    assert t.grad.dtype == np.float32
    reference = Tensor(t.data.astype(np.float64))
    op(reference).sum().backward()
    np.testing.assert_allclose(t.grad, reference.grad, rtol=1e-5)


@pytest.mark.parametrize("name", ["tanh", "sigmoid", "relu", "exp", "sqrt"])
def test_functions_with_a_derivative_in_the_output_keep_only_the_output(name):
    """tanh' = 1 − y²: the node keeps y (which the next layer keeps anyway), not also x."""
    x = Tensor(_rng(16).uniform(0.1, 1.0, size=(4, 3)))
    y = getattr(x, name)()
    arrays = [a for a in y._saved if isinstance(a, np.ndarray)]
    assert len(arrays) == 1 and arrays[0] is y.data
