"""Numerical derivatives agree with derivatives written by hand, and the report line reads right."""

from __future__ import annotations

import math

import numpy as np
import pytest

from helpers.gradcheck import (
    GradientReport,
    check_gradients,
    compare_gradients,
    numerical_derivative,
    numerical_gradient,
    rel_error,
)
from helpers.tensor import Tensor


def test_central_difference_matches_hand_derivatives() -> None:
    assert numerical_derivative(math.sin, 0.3) == pytest.approx(math.cos(0.3), abs=1e-9)
    assert numerical_derivative(lambda x: x**3, 2.0) == pytest.approx(12.0, abs=1e-7)


def test_central_difference_error_shrinks_like_h_squared() -> None:
    errors = [abs(numerical_derivative(math.exp, 1.0, h) - math.e) for h in (1e-2, 1e-3)]
    assert 50 < errors[0] / errors[1] < 200  # h 10x smaller: error ~100x smaller


def test_numerical_gradient_of_an_array_function_and_restores_the_array() -> None:
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    before = x.copy()
    grad = numerical_gradient(lambda a: float(np.sum(a**2 * np.array([[1, 2], [3, 4]]))), x)
    assert np.allclose(grad, 2 * before * np.array([[1, 2], [3, 4]]), atol=1e-6)
    assert np.array_equal(x, before)


def test_numerical_gradient_restores_the_array_even_if_f_raises() -> None:
    x = np.array([1.0, 2.0])

    def explode(a: np.ndarray) -> float:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        numerical_gradient(explode, x)
    assert np.array_equal(x, [1.0, 2.0])


def test_bad_inputs_are_explained() -> None:
    with pytest.raises(TypeError, match=r"float NumPy array.*dtype int64"):
        numerical_gradient(np.sum, np.array([1, 2]))
    with pytest.raises(ValueError, match="the step h must be a number > 0 and <= 1"):
        numerical_derivative(math.sin, 0.0, h=0.0)
    with pytest.raises(ValueError, match=r"\(2,\) and \(3,\)"):
        rel_error(np.zeros(2), np.zeros(3))


def test_rel_error_is_relative() -> None:
    assert rel_error(1.0, 1.0) == 0.0
    assert rel_error(1e6, 1e6 + 1) == pytest.approx(1 / (2e6 + 1))
    assert rel_error(np.array([1.0, 3.0]), np.array([1.0, 1.0])) == pytest.approx(0.5)


def test_compare_gradients_report_line() -> None:
    good = compare_gradients("w1", np.array([1.0, 2.0]), np.array([1.0, 2.0 + 3e-11]))
    assert good and not good.exact
    assert str(good) == "w1             | exact: NO  | approx: yes | max abs diff: < 1e-10"
    same = compare_gradients("b", 0.5, 0.5)
    assert same.exact and str(same).endswith("max abs diff: 0")
    bad = compare_gradients("w2", np.array([1.0]), np.array([-1.0]))
    assert not bad and "approx: NO " in str(bad)


def test_compare_gradients_names_a_shape_mismatch() -> None:
    with pytest.raises(ValueError, match=r"'W' has shape \(2, 3\).*\(3, 2\)"):
        compare_gradients("W", np.zeros((2, 3)), np.zeros((3, 2)))


# ---- float32 is refused instead of giving zeros (reliability F10) -------------------------------


def test_numerical_gradient_refuses_float32_instead_of_returning_zeros() -> None:
    x = np.array([100.0, 1.0], dtype=np.float32)
    with pytest.raises(TypeError, match=r"float64.*float32 holds about 7 digits"):
        numerical_gradient(lambda v: float(np.sum(v**2)), x)
    np.testing.assert_allclose(
        numerical_gradient(lambda v: float(np.sum(v**2)), x.astype(np.float64)),
        [200.0, 2.0],
        rtol=1e-6,
    )


@pytest.mark.parametrize("h", [0.0, -1e-6, float("inf"), float("nan"), True, "small"])
def test_the_step_must_be_a_positive_finite_number(h) -> None:
    with pytest.raises((TypeError, ValueError), match="the step h must be"):
        numerical_derivative(math.sin, 0.0, h=h)
    with pytest.raises((TypeError, ValueError), match="the step h must be"):
        numerical_gradient(np.sum, np.ones(2), h=h)


def test_compare_gradients_says_when_a_gradient_is_none() -> None:
    with pytest.raises(TypeError, match="got None for a gradient"):
        compare_gradients("w", None, 1.0)


# ---- check_gradients: the whole-network check, moved here from helpers.tensor --------------------


def test_check_gradients_lives_in_gradcheck_not_in_the_engine() -> None:
    import helpers.tensor

    assert not hasattr(helpers.tensor, "check_gradients")
    assert not hasattr(helpers.tensor, "GradientReport")
    assert "gradcheck" not in helpers.tensor.__dict__


def test_check_gradients_passes_a_correct_network_and_refuses_float32() -> None:
    from helpers import nn
    from helpers.functional import cross_entropy

    X = np.random.default_rng(0).normal(size=(5, 2))
    y = np.array([0, 1, 1, 0, 1])
    model = nn.MLP([2, 3, 2], seed=0)
    report = check_gradients(lambda: cross_entropy(model(X), y), model)
    assert isinstance(report, GradientReport) and report
    W = Tensor(np.ones((2, 2), dtype=np.float32), label="W")
    with pytest.raises(TypeError, match="parameter 'W' has dtype float32"):
        check_gradients(lambda: (W * W).sum(), {"W": W})
    with pytest.raises(TypeError, match="loss_fn must be a function"):
        check_gradients(3.0, model)
    with pytest.raises(ValueError, match="the step h must be"):
        check_gradients(lambda: cross_entropy(model(X), y), model, h=float("inf"))
