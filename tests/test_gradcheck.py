"""Numerical derivatives agree with derivatives written by hand, and the report line reads right."""

from __future__ import annotations

import math

import numpy as np
import pytest

from helpers.gradcheck import (
    compare_gradients,
    numerical_derivative,
    numerical_gradient,
    rel_error,
)


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
    with pytest.raises(ValueError, match="the step h must be a number > 0"):
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
