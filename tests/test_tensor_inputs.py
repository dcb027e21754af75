"""helpers.Tensor's door: the same policy as helpers.Value for nan, inf and bool, domains said in
words, whole-number axes, and NumPy calls that either keep the gradient or say what to use."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.scalar import Value
from helpers.tensor import Tensor

# ---- nan, inf and bool: refused as Value refuses them --------------------------------------------


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf")])
def test_tensor_refuses_what_value_refuses(bad):
    with pytest.raises(ValueError, match="finite number"):
        Value(bad)
    with pytest.raises(ValueError, match=r"Tensor\(data\) needs finite numbers, but got"):
        Tensor(bad)


def test_a_non_finite_entry_is_named():
    with pytest.raises(ValueError, match=r"entry \(1, 0\) is nan"):
        Tensor([[1.0, 2.0], [np.nan, 3.0]])
    with pytest.raises(ValueError, match=r"entry \(2,\) is inf"):
        Tensor(np.array([1.0, 2.0, np.inf], dtype=np.float32))


@pytest.mark.parametrize("bad", [True, [True, False], np.array([1, 0], dtype=bool)])
def test_booleans_are_not_numbers(bad):
    with pytest.raises(TypeError, match="booleans"):
        Tensor(bad)


def test_numbers_too_large_for_a_float_are_said_so():
    with pytest.raises(TypeError, match="too large for a float"):
        Tensor(10**400)
    with pytest.raises(TypeError, match="too large for a float"):
        Tensor([1.0, 2**1100])


def test_constants_in_operations_follow_the_same_policy():
    t = Tensor([1.0, 2.0])
    with pytest.raises(ValueError, match="finite"):
        t + float("nan")
    with pytest.raises(ValueError, match=r"entry \(1,\) is inf"):
        t * np.array([1.0, np.inf])
    with pytest.raises(TypeError, match="bool True"):
        t * True
    with pytest.raises(TypeError, match="real numbers"):
        t + np.array(["a", "b"])
    with pytest.raises(TypeError, match="a str"):
        t + "a"


# ---- domains -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("op", "values", "message"),
    [
        (lambda t: t.log(), [1.0, 0.0], "log: the logarithm is defined only for positive numbers"),
        (lambda t: t.log(), [-2.0], r"holds -2.0"),
        (lambda t: t.sqrt(), [4.0, -1.0], "square root is defined only for x ≥ 0"),
        (lambda t: t.log1p(), [-1.0], r"x > −1"),
    ],
)
def test_functions_outside_their_domain_say_so_as_value_does(op, values, message):
    with pytest.raises(ValueError, match="defined only for positive numbers"):
        Value(0.0).log()
    with pytest.raises(ValueError, match=message):
        op(Tensor(values))


# ---- axes, shapes, gradients given by hand ------------------------------------------------------


@pytest.mark.parametrize("axis", [1.7, 1.0, True, "a", (0, 0.5)])
@pytest.mark.parametrize("method", ["sum", "mean", "max", "min", "var", "squeeze"])
def test_an_axis_must_be_a_whole_number(method, axis):
    """Before, axis=1.7 (or True) silently meant axis 1."""
    t = Tensor(np.ones((2, 3)))
    if method in ("max", "min") and isinstance(axis, tuple):
        with pytest.raises(ValueError, match="takes one axis"):
            getattr(t, method)(axis)
        return
    with pytest.raises(TypeError, match=r"axis=\.\.\.\) must be a whole number"):
        getattr(t, method)(axis)


def test_transpose_reshape_backward_and_grad_check_their_arguments():
    t = Tensor(np.ones((2, 3)))
    with pytest.raises(TypeError, match="a transpose axis must be a whole number, got 'a'"):
        t.transpose("a", 0)
    with pytest.raises(TypeError, match="a reshape length must be a whole number"):
        t.reshape(2.5, 2)
    y = t * 2.0
    with pytest.raises(TypeError, match=r"backward\(grad\) must be an array of numbers"):
        y.backward(grad="abc")
    with pytest.raises(ValueError, match="finite"):
        y.backward(grad=np.full((2, 3), np.nan))
    with pytest.raises(TypeError, match="grad must be an array of numbers"):
        t.grad = "abc"
    with pytest.raises(ValueError, match=r"shape \(2, 3\), got \(3,\)"):
        t.grad = np.ones(3)


# ---- NumPy calls and truth values ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "hint"),
    [
        (lambda t: np.tanh(t), r"use t\.tanh\(\)"),
        (lambda t: np.exp(t), r"use t\.exp\(\)"),
        (lambda t: np.abs(t), r"use abs\(t\)"),
        (lambda t: np.sum(t), r"use t\.sum\(\.\.\.\)"),
        (lambda t: np.mean(t), r"use t\.mean\(\.\.\.\)"),
        (lambda t: np.reshape(t, (3, 1)), r"use t\.reshape\(\.\.\.\)"),
        (lambda t: np.concatenate([t, t]), r"use helpers\.tensor_functions\.concatenate"),
        (lambda t: np.nan_to_num(t), r"np\.nan_to_num\(t\.data\)"),
        (lambda t: np.array(t), r"t\.data"),
        (lambda t: np.asarray(t, dtype=float), r"t\.data"),
        (lambda t: np.mean([Tensor(1.0), Tensor(2.0)]), r"stack"),
        (lambda t: np.float64(1.0) * np.ones(3) + np.tanh(t), r"t\.tanh\(\)"),
    ],
)
def test_numpy_functions_on_a_tensor_say_which_method_to_use(call, hint):
    """Before, np.mean of 0-d Tensors and np.nan_to_num(t) returned plain floats (the gradient
    silently lost) and np.reshape(t) an object array."""
    with pytest.raises(TypeError, match=hint):
        call(Tensor([1.0, 2.0, 3.0]))


def test_numpy_operators_with_an_array_on_the_left_keep_the_gradient():
    t = Tensor([1.0, 2.0])
    a = np.array([3.0, 4.0])
    out = (
        (a + t) * (a - t) / (a * t) + a**t + np.maximum(a, t) + (np.ones((1, 2)) @ t.reshape(2, 1))
    )
    out.sum().backward()
    numeric = []
    for i in range(2):

        def f(v):
            return float(np.sum((a + v) * (a - v) / (a * v) + a**v + np.maximum(a, v) + v.sum()))

        e = np.zeros(2)
        e[i] = 1e-6
        numeric.append((f(t.data + e) - f(t.data - e)) / 2e-6)
    np.testing.assert_allclose(t.grad, numeric, rtol=1e-6)
    with pytest.raises(TypeError):
        a += t  # in place into a plain array would drop the gradient


@pytest.mark.parametrize("value", [0.0, 1.0, [1.0, 2.0]])
def test_a_tensor_has_no_truth_value(value):
    with pytest.raises(TypeError, match=r"use \.item\(\) or \.data"):
        bool(Tensor(value))
    with pytest.raises(TypeError, match=r"use \.item\(\) or \.data"):
        if Tensor(value):
            pass


def test_what_to_write_instead_of_if_tensor_works():
    loss = Tensor(0.05)
    assert loss.item() < 0.1
    assert (loss < 0.1).all()
    assert float(loss) == 0.05
