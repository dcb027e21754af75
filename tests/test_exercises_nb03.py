"""Exercises of notebook 03: the appendix answer passes, typical mistakes get their explanation."""

from __future__ import annotations

import math

import pytest

from helpers.exercises import evaluate
from helpers.exercises.nb03 import (
    STEP_CASES,
    STEP_LEARNING_RATE,
    gradient_order,
    mlp_parameter_count,
    tanh_backward_step,
)

IDS = ["03.1", "03.2", "03.3", "03.4"]


# -- 03.1: ∂L/∂n for o = tanh(n), ∂L/∂o = −1.6, o = 1/√2 ----------------------------------------


def test_03_1_the_reference_is_upstream_times_one_minus_o_squared() -> None:
    # Hand derivation: 1 − tanh²(n) = 1 − 1/2 = 0.5, so ∂L/∂n = −1.6 × 0.5.
    assert tanh_backward_step() == pytest.approx(-0.8, abs=1e-12)
    # and at another point, against the formula
    assert tanh_backward_step(0.3, 2.0) == pytest.approx(2.0 * (1 - math.tanh(0.3) ** 2))


def test_03_1_hand_work_with_rounded_numbers_passes() -> None:
    assert evaluate("03.1", -0.8).ok
    assert evaluate("03.1", -1.6 * (1 - 0.7071**2)).ok


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        (-1.6, "upstream gradient alone"),
        (0.5, "local derivative 1 − o² alone"),
        (-1.6 * 0.7071, "not o itself"),
        (-1.6 * (1 - 0.8814**2), "not 1 − n² with the input n"),
        (-1.6 * (1 - 0.7071), "forgot to square"),
        (0.8, "wrong sign"),
    ],
)
def test_03_1_typical_mistakes_are_explained(answer: float, phrase: str) -> None:
    feedback = evaluate("03.1", answer)
    assert feedback.status == "wrong" and phrase in feedback.message


def test_03_1_a_value_object_is_asked_for_its_number() -> None:
    from helpers import Value

    feedback = evaluate("03.1", Value(-0.8))
    assert feedback.status == "wrong" and ".data" in feedback.message


# -- 03.2: out = w3·tanh(w2·tanh(w1·x)) ---------------------------------------------------------


def test_03_2_the_backward_pass_reaches_the_last_layer_first() -> None:
    assert gradient_order() == ["w3", "w2", "w1"]


def test_03_2_names_are_read_forgivingly() -> None:
    assert evaluate("03.2", [" W3", "w1 "]).ok


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        (("w1", "w3"), "order of the forward pass"),
        (("w2", "w1"), "the first is not w2"),
        (("w3", "w2"), "the last is not w2"),
        (("w3", "w3"), "cannot be the same"),
        (("w3", "x"), "'x' is not a parameter"),
        ("w3", "give two names"),
    ],
)
def test_03_2_typical_mistakes_are_explained(answer, phrase: str) -> None:
    feedback = evaluate("03.2", answer)
    assert feedback.status == "wrong" and phrase in feedback.message


# -- 03.3: a gradient-descent step --------------------------------------------------------------


def descend(parameters, learning_rate):
    for p in parameters:
        p.data -= learning_rate * p.grad


def test_03_3_any_correct_step_passes() -> None:
    def descend_differently(parameters, learning_rate):
        for p in list(parameters):
            p.data = p.data + (-learning_rate) * p.grad

    assert evaluate("03.3", descend).ok
    assert evaluate("03.3", descend_differently).ok


def test_03_3_the_checker_really_applies_the_step() -> None:
    # The cases include a zero gradient and negative data, so "data unchanged" and "data
    # replaced by the step" are told apart from the right update.
    assert any(grad == 0 for _, grad in STEP_CASES)
    assert STEP_LEARNING_RATE not in (0.0, 1.0)


def _uphill(parameters, learning_rate):
    for p in parameters:
        p.data += learning_rate * p.grad


def _no_learning_rate(parameters, learning_rate):
    for p in parameters:
        p.data -= p.grad


def _learning_rate_only(parameters, learning_rate):
    for p in parameters:
        p.data -= learning_rate


def _replaces(parameters, learning_rate):
    for p in parameters:
        p.data = -learning_rate * p.grad


def _touches_grad(parameters, learning_rate):
    for p in parameters:
        p.data -= learning_rate * p.grad
        p.grad = 0.0


def _copies(parameters, learning_rate):
    return [p.data - learning_rate * p.grad for p in parameters]


def _halfway(parameters, learning_rate):
    for p in parameters:
        p.data -= 0.5 * learning_rate * p.grad


@pytest.mark.parametrize(
    ("function", "phrase"),
    [
        (_uphill, "goes uphill"),
        (_no_learning_rate, "forgot to multiply the gradient by the learning rate"),
        (_learning_rate_only, "learning rate alone"),
        (_replaces, "replaced the data"),
        (_copies, "did not change"),
        (_halfway, "gives (0.4, -1.23, 3, -0.075), but it should give (0.3, -1.21, 3, -0.15)"),
    ],
)
def test_03_3_typical_mistakes_are_explained(function, phrase: str) -> None:
    feedback = evaluate("03.3", function)
    assert feedback.status == "wrong" and phrase in feedback.message


def test_03_3_a_value_instead_of_a_function_says_what_to_give() -> None:
    assert "should be your function itself" in evaluate("03.3", 0.1).message


def test_03_3_zeroing_the_gradient_after_the_step_is_accepted() -> None:
    """Standard practice (micrograd, PyTorch's zero_grad); helpers' backward() recomputes."""
    assert evaluate("03.3", _touches_grad).ok


def test_03_3_changing_the_gradient_to_anything_else_is_refused() -> None:
    def doubles_grad(parameters, learning_rate):
        for p in parameters:
            p.data -= learning_rate * p.grad
            p.grad *= 2

    feedback = evaluate("03.3", doubles_grad)
    assert feedback.status == "wrong" and "also set p.grad to [4.0, -0.8" in feedback.message


# -- 03.4: passes for MLP([2, 16, 16, 1]) ------------------------------------------------------


def test_03_4_the_network_has_the_hand_counted_number_of_parameters() -> None:
    assert mlp_parameter_count() == 2 * 16 + 16 + 16 * 16 + 16 + 16 + 1 == 337


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        ((1, 674, 1), "derivative with respect to ONE parameter"),
        ((337, 337, 1), "twice per parameter"),
        ((337, 338, 1), "one-sided"),
        ((337, 674, 337), "all 337 parameters at once"),
        ((337, 674, 2), "counts the forward pass too"),
        ((674, 674, 1), "count for central finite differences"),
    ],
)
def test_03_4_typical_mistakes_are_explained(answer, phrase: str) -> None:
    feedback = evaluate("03.4", answer)
    assert feedback.status == "wrong" and phrase in feedback.message


def test_03_4_every_wrong_count_is_named() -> None:
    feedback = evaluate("03.4", (1, 337, 337))
    for what in ("forward-mode passes", "finite-difference evaluations", "backward passes"):
        assert what in feedback.message


def test_03_4_two_numbers_ask_for_three() -> None:
    assert "give 3 numbers" in evaluate("03.4", (337, 1)).message
